"""How much of FFmpeg's own chatter reaches the terminal: none, unless `--verbose`.

A coach starting vfcoach from a terminal (or a CI log) should see vfcoach's own one-line
messages, not FFmpeg's "Packet corrupt" or "Invalid NAL unit size" lines for a file vfcoach
already names as damaged in plain words. With `--verbose` FFmpeg's messages go through
Python's logging to stderr, for whoever is chasing a codec problem.

`av` is imported only when it has to be: a headless command that never touches video (a
tally, a reliability report) does not pay for loading FFmpeg just to silence it. PyAV 14+
starts with FFmpeg logging off, so "quiet" only has to undo a level set earlier.
"""

from __future__ import annotations

import logging
import sys

LOG_FORMAT = "vfcoach: %(levelname)s: %(name)s: %(message)s"


def configure_ffmpeg_log(verbose: bool) -> None:
    """Quiet (the default): FFmpeg says nothing. Verbose: FFmpeg's messages from "info" up,
    and vfcoach's own log from INFO, on stderr."""
    if not verbose:
        if "av" in sys.modules:  # already loaded: make sure nothing set it talking
            import av.logging

            av.logging.set_level(None)
        return
    import av.logging

    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format=LOG_FORMAT, force=True)
    av.logging.set_level(av.logging.INFO)
