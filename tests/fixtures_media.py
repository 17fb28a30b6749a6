"""Media fixtures: small generated recordings, good and broken, made once per test session.

Every file carries its frame index (digits and a bit strip, see `vfcoach.video.synth`), so
tests check exactness by reading pictures back rather than trusting timestamps. Tests must
not modify these files: copy one first (they are shared by the whole session).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vfcoach.video.synth import (
    make_counter_video,
    make_garbage_in_middle_copy,
    make_truncated_copy,
)

CFR_FRAMES = 75
CFR_FPS = 25
VFR_FRAMES = 61  # ends on a 33 ms frame after a 40 ms one: the last length is not a guess
SIZE = (160, 120)
GOP = 10
LONG_GOP_FPS = 25
LONG_GOP = 10 * LONG_GOP_FPS  # a keyframe every 10 s, as phones record
LONG_GOP_FRAMES = 20 * LONG_GOP_FPS  # 20 s: keyframes at frames 0 and 250 only


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def cfr_video(media_dir: Path) -> Path:
    """160×120, 25 fps, 75 frames (3 s), keyframe every 10, B-frames, beeping audio."""
    return make_counter_video(
        media_dir / "visit1-cfr.mp4", frames=CFR_FRAMES, fps=CFR_FPS, size=SIZE, gop=GOP
    )


@pytest.fixture(scope="session")
def long_gop_video(media_dir: Path) -> Path:
    """160×120, 25 fps, 500 frames (20 s), keyframes 10 s apart (frames 0 and 250), B-frames.

    A clip late in the second GOP starts, in fast mode, up to 10 s before its in-point: the
    file for proving that lead-in never shows a moment of concern (issue 10).
    """
    return make_counter_video(
        media_dir / "visit1-long-gop.mp4",
        frames=LONG_GOP_FRAMES,
        fps=LONG_GOP_FPS,
        size=SIZE,
        gop=LONG_GOP,
    )


@pytest.fixture(scope="session")
def vfr_video(media_dir: Path) -> Path:
    """Frames spaced 33/50/40 ms in turn (`synth.VFR_PATTERN_MS`), with B-frames and audio."""
    return make_counter_video(
        media_dir / "visit1-vfr.mp4", frames=VFR_FRAMES, size=SIZE, gop=GOP, vfr=True
    )


@pytest.fixture(scope="session")
def rotated_video(media_dir: Path) -> Path:
    """Stored 160×120 with a 90° display rotation: upright it is 120×160, like a phone."""
    return make_counter_video(
        media_dir / "visit1-portrait.mp4", frames=40, size=SIZE, gop=GOP, rotation=90
    )


@pytest.fixture(scope="session")
def truncated_video(media_dir: Path, cfr_video: Path) -> Path:
    """Cut off halfway through the media data, so the index (moov) is missing."""
    return make_truncated_copy(cfr_video, media_dir / "visit2-cut.mp4")


@pytest.fixture(scope="session")
def garbage_video(media_dir: Path, cfr_video: Path) -> Path:
    """Random bytes inside a keyframe and two later frames; the container is intact."""
    return make_garbage_in_middle_copy(cfr_video, media_dir / "visit3-damaged.mp4")


@pytest.fixture(scope="session")
def empty_video(media_dir: Path) -> Path:
    path = media_dir / "visit4-empty.mp4"
    path.write_bytes(b"")
    return path


@pytest.fixture(scope="session")
def text_as_video(media_dir: Path) -> Path:
    """A text file named like a video, as when notes are saved with the wrong extension."""
    folder = media_dir / "text"
    folder.mkdir()
    path = folder / "clip.mp4"
    path.write_text("Notes from the home visit, not a video.\n" * 20, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def missing_video(media_dir: Path) -> Path:
    return media_dir / "visit9-gone.mp4"


#: Reliability worlds (tests/services/reliability_world.py): counters of a visit's length.
RELIABILITY_FPS = 10  # as tests/services/reliability_world.FPS


@pytest.fixture(scope="session")
def video_120s(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two minutes, made once per session: a plugin fixture, so importing modules share it."""
    folder = tmp_path_factory.mktemp("irr-media")
    return make_counter_video(
        folder / "visit-120s.mp4", frames=120 * RELIABILITY_FPS, fps=RELIABILITY_FPS, gop=50
    )


@pytest.fixture(scope="session")
def video_20s(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("irr-media-20")
    return make_counter_video(
        folder / "visit-20s.mp4", frames=20 * RELIABILITY_FPS, fps=RELIABILITY_FPS, gop=50
    )
