"""A short demo video made once per session; the demo operation reuses it when it fits."""

from __future__ import annotations

from pathlib import Path

import pytest

from vfcoach.services.demo.project import DEMO_FPS, DEMO_SIZE, demo_video_name
from vfcoach.video.synth import make_demo_video

DEMO_SECONDS = 10  # the real demo is 150 s; the plan scales, so 10 s keeps the suite fast


@pytest.fixture(scope="session")
def demo_media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the short demo video, as a previous run would have left it."""
    folder = tmp_path_factory.mktemp("demo-media")
    make_demo_video(
        folder / demo_video_name(DEMO_SECONDS), seconds=DEMO_SECONDS, fps=DEMO_FPS, size=DEMO_SIZE
    )
    return folder
