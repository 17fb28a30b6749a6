"""Highlight-reel export: clips of family recordings into one MP4 (H.264 + AAC) with sound.

Two modes. **exact** decodes each clip and re-encodes it, so it starts and ends on the
chosen frames, upright, letterboxed to one size and frame rate, with captions burned in (a
TrueType font, accents and all) or as a subtitle track, a title card, slow motion with its
sound stretched (pitch kept) and freeze-frames. Decoding and scaling run on a worker thread
ahead of the encoder, the next clip starts decoding while this one's sound is made, and
frames stay in YUV from decoder to encoder (`picture.py`, `ahead.py`).

**fast** copies the compressed pictures and the AAC sound when every recording shares one
format: clips start at the keyframe at or before the in-point and the sound on the nearest
AAC packet boundary (drift measured per clip). Anything that needs new pictures (title card,
slow motion, freeze-frame, mixed formats) makes the whole reel exact, and the report names
each reason (`plan.py`); burned captions become a subtitle track instead. Only PyAV, OpenCV,
NumPy and Pillow are used here: no Qt and no database, so the CLI and the GUI run the same
code on a worker thread.
"""

from vfcoach.video.export.plan import WrittenCheck
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
    "WrittenCheck",
    "render_reel",
]
