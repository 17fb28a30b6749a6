"""Export fixtures: small generated sources made once per session, beyond the suite's own.

`export_src` is longer than the shared `cfr_video` so two clips plus pre-roll fit and each
clip holds a one-second beep for the sync checks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vfcoach.video.synth import make_counter_video

SRC_FRAMES = 100
SRC_GOP = 10


@pytest.fixture(scope="session")
def export_src(media_dir: Path) -> Path:
    """160×120, 25 fps, 100 frames (4 s), keyframe every 10, B-frames, a beep each second."""
    return make_counter_video(
        media_dir / "export-src.mp4", frames=SRC_FRAMES, fps=25, size=(160, 120), gop=SRC_GOP
    )


@pytest.fixture(scope="session")
def silent_src(media_dir: Path) -> Path:
    """Like `export_src` but shorter and without a sound track."""
    return make_counter_video(
        media_dir / "export-silent.mp4", frames=30, fps=25, size=(160, 120), gop=10, audio=False
    )
