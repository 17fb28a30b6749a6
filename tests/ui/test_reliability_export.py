"""Export report… writes E1's report of the result the view shows (HTML and PDF)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.services.reliability_world import (
    EXAMPLE3_A,
    EXAMPLE3_B,
    code,
    import_video,
)
from tests.ui.reliability_view_world import compute, open_view
from vfcoach.storage.database import Database


@pytest.mark.parametrize("suffix", [".html", ".pdf"])
def test_export_report_writes_the_figures_on_screen(
    qtbot, sqlite_db: Database, video_120s: Path, tmp_path: Path, suffix: str
):
    rec = import_video(sqlite_db, video_120s, "F-1", 1)
    code(sqlite_db, rec, "Ana", list(EXAMPLE3_A))
    code(sqlite_db, rec, "Ben", list(EXAMPLE3_B))
    v = open_view(qtbot, sqlite_db, rec)
    exporter = v.dialog.report
    assert not exporter.button.isEnabled()  # nothing computed, nothing to export
    compute(qtbot, v)
    assert exporter.button.isEnabled()
    target = tmp_path / f"irr{suffix}"
    exporter.ask_path = lambda: target
    qtbot.mouseClick(exporter.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: exporter.written == target, timeout=30_000)
    assert "Report written to" in v.dialog.message.text()
    if suffix == ".html":
        text = target.read_text(encoding="utf-8")
        kappa = next(ln.value for ln in v.dialog.figures.lines if ln.label == "Cohen's κ")
        assert kappa.startswith("0.18")
        assert "0.18" in text and "Ana" in text and "Ben" in text and "F-1 visit 1" in text
    else:
        assert target.read_bytes().startswith(b"%PDF")
    v.window.player.unload()
