"""The reliability report as a PDF, laid out by Qt (QTextDocument printed on a QPdfWriter).

Qt is already vfcoach's toolkit, so the PDF needs no extra library; the price is Qt's small
HTML subset, which the report's plain tables keep to. QTextDocument cannot draw SVG, so each
`plot:NAME` image is rendered from the report's SVG text with QtSvg at twice its size (sharp
in print) and handed to the document as an image resource. Called from the command line,
this needs a QGuiApplication; without a display it runs Qt offscreen.
"""

from __future__ import annotations

import os
from pathlib import Path

from vfcoach.reports.reliability_report import Report

SCALE = 2  # pixels per SVG unit in the rendered plots
RESOLUTION = 300  # dots per inch of the PDF's layout


def _app() -> object:
    """The running Qt application, or a headless one for the command line."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication(["vfcoach"])
    return app


def svg_image(svg: str) -> object:
    """The SVG drawn on a white QImage at SCALE× its own size."""
    from PySide6.QtCore import QByteArray
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    if not renderer.isValid():
        raise ValueError("the report's plot is not valid SVG")
    size = renderer.defaultSize() * SCALE
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        renderer.render(painter)
    finally:
        painter.end()
    return image


def report_document(report: Report) -> object:
    """A QTextDocument of the report with its plots as image resources."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    _app()
    doc = QTextDocument()
    for name, svg in report.plots.items():
        doc.addResource(
            QTextDocument.ResourceType.ImageResource, QUrl(f"plot:{name}"), svg_image(svg)
        )
    doc.setHtml(report.html)
    return doc


def write_pdf(report: Report, path: Path) -> int:
    """Write the report as an A4 PDF; returns the number of pages."""
    from PySide6.QtCore import QMarginsF, QSizeF
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

    doc = report_document(report)
    assert isinstance(doc, QTextDocument)
    writer = QPdfWriter(str(path))
    writer.setTitle("Coder reliability report")
    writer.setCreator("vfcoach")
    writer.setResolution(RESOLUTION)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(14, 14, 14, 14), QPageLayout.Unit.Millimeter)
    # Lay the document out on the writer's own page, so pageCount() is the PDF's page count
    # and points are points (print_ would otherwise paginate a scaled copy of its own).
    doc.documentLayout().setPaintDevice(writer)
    doc.setPageSize(QSizeF(writer.pageLayout().paintRectPixels(RESOLUTION).size()))
    doc.print_(writer)
    if not path.exists() or path.stat().st_size == 0:
        raise OSError(f"{path}: the PDF could not be written")
    return doc.pageCount()
