"""What the terminal shows besides vfcoach's own lines: nothing, unless `--verbose`.

Qt Multimedia logs which audio and decoding libraries it could not find the moment its
library is loaded, before any Qt code of ours runs, so the rule that silences it has to be
in the environment (`QT_LOGGING_RULES`) before the window's modules are imported. This is
plain `os.environ` work, so it lives here and the CLI still never loads Qt for a headless
command. A person's own `QT_LOGGING_RULES` is left as it is.
"""

from __future__ import annotations

import os

from vfcoach.video.ffmpeg_log import configure_ffmpeg_log

QT_QUIET_RULES = "qt.multimedia*=false;qt.multimedia.*=false;*.debug=false"


def configure_terminal(verbose: bool, gui: bool) -> None:
    """FFmpeg's logging for every command; Qt's rules only for the window."""
    configure_ffmpeg_log(verbose)
    if gui and not verbose and not os.environ.get("QT_LOGGING_RULES", "").strip():
        os.environ["QT_LOGGING_RULES"] = QT_QUIET_RULES
