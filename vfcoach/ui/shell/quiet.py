"""Qt's own messages stay out of the terminal unless `--verbose` is given.

Qt Multimedia announces its FFmpeg version, the audio and hardware-decoding libraries it
could not load, and PulseAudio's absence on every start; the offscreen and X11 platforms add
their own notes. None of it is something a coach can act on, and a terminal full of it hides
vfcoach's own one-line messages. Quiet (the default) turns the multimedia categories off and
sends every other Qt message below "critical" to Python's debug log; a critical one still
reaches stderr. `QT_LOGGING_RULES` in the environment still wins over the rules set here,
as Qt documents, for a developer who wants one category back. Messages sent while Qt
Multimedia's library loads come before any of this runs: `vfcoach.cli._terminal` puts the
same rules in the environment before the window's modules are imported.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QLoggingCategory, QMessageLogContext, QtMsgType, qInstallMessageHandler

log = logging.getLogger("vfcoach.qt")

QUIET_RULES = "\n".join(("qt.multimedia*=false", "qt.multimedia.*=false", "*.debug=false"))


def _quiet_handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
        print(f"vfcoach: Qt: {message}", file=sys.stderr, flush=True)
    else:
        log.debug("%s: %s", context.category or "qt", message)


def quiet_qt(verbose: bool) -> None:
    """Call before the QApplication is made, so its first messages are quiet too."""
    if verbose:
        return
    QLoggingCategory.setFilterRules(QUIET_RULES)
    qInstallMessageHandler(_quiet_handler)
