"""PySide6 6.12.0 on CPython 3.11 corrupts the refcount of None and kills the process with
`Fatal Python error: none_dealloc` after a few thousand Qt calls. This runs tens of thousands
of Qt calls that return None in a fresh process and checks it survives (pinned 6.11.x)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import PySide6

SCRIPT = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QModelIndex, QObject, QPoint, QRect, Qt
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication([])
    model = QStandardItemModel()
    label = QLabel()
    obj = QObject()
    before = sys.getrefcount(None)
    for i in range(40_000):
        item = QStandardItem(str(i))
        item.setData(None, Qt.ItemDataRole.UserRole)     # passes None into Qt
        item.data(Qt.ItemDataRole.UserRole)             # gets None back
        model.appendRow(item) if i % 100 == 0 else None
        label.setText(str(i))
        obj.setObjectName(str(i))
        QRect(0, 0, i, i).contains(QPoint(1, 1))
        model.index(0, 0, QModelIndex()).data(Qt.ItemDataRole.UserRole)
    print("survived", model.rowCount(), sys.getrefcount(None) >= before - 1000)
    """
)


def test_tens_of_thousands_of_qt_calls_do_not_kill_the_process():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=240
    )
    assert "none_dealloc" not in done.stderr
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["survived", "400", "True"]


def test_pyside6_is_pinned_below_6_12_on_python_3_11():
    if sys.version_info < (3, 12):
        major, minor = (int(x) for x in PySide6.__version__.split(".")[:2])
        assert (major, minor) < (6, 12), PySide6.__version__
