"""Highlight-reel export: clips of family recordings into one MP4 (H.264 + AAC) with sound.

Two modes. **exact** decodes each clip and re-encodes it, so it starts and ends on the
chosen frames, upright, letterboxed to one size and frame rate, with captions burned in or
as a subtitle track, a title card, slow motion and freeze-frames. **fast** copies the
compressed video when every source shares one format (clips then start at the keyframe at
or before the in-point) and falls back to exact, saying why, when they do not. Only PyAV,
OpenCV and NumPy are used here: no Qt and no database, so the CLI and the GUI run the same
code on a worker thread.
"""

from vfcoach.video.export.render import render_reel
from vfcoach.video.export.spec import (
    ClipReport,
    ClipSpec,
    ExportError,
    ExportOptions,
    ExportReport,
)

__all__ = [
    "ClipReport",
    "ClipSpec",
    "ExportError",
    "ExportOptions",
    "ExportReport",
    "render_reel",
]
