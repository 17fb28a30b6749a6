"""The per-viewer watermark (domain.md §7 rule 8): in every frame of an export, or in none.

Two renders of the same reel, one with the watermark: every frame of the marked one differs
from its twin in the mark's corner (title card, clips, burned captions and the freeze at the
end included), and nowhere else. Without the watermark the two would be equal, so the test
fails if any frame is left unmarked.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from tests.video.export.reading import index_of, read_reel
from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.reels import Audience
from vfcoach.coding.reels.watermark import ViewerNameNeeded, Watermark, watermark_for
from vfcoach.video.export import ClipSpec, ExportOptions, render_reel
from vfcoach.video.export.watermark import make_watermark
from vfcoach.video.synth import make_counter_video

DAY = dt.date(2026, 12, 6)
MARK = Watermark("F-0417 · 2026-12-06")


@pytest.fixture(scope="session")
def export_src(media_dir: Path) -> Path:
    """160×120, 25 fps, 80 frames, a keyframe every 10 (as tests/video/export's source)."""
    return make_counter_video(
        media_dir / "watermark-src.mp4", frames=80, fps=25, size=(160, 120), gop=10
    )


def _opts(**kw: object) -> ExportOptions:
    base: dict[str, object] = {"width": 320, "height": 240, "fps": 25, "captions": "burn"}
    base.update(kw)
    return ExportOptions(**base)  # type: ignore[arg-type]


def test_the_watermark_says_whose_copy_it_is():
    family = watermark_for(Audience.CAREGIVER, "F-0417", DAY, "Ana", False)
    assert family == MARK  # a caregiver copy: family code and date, never a name
    assert watermark_for(Audience.CAREGIVER, "F-0417", DAY, None, True) is None  # agreed clean
    staff = watermark_for(Audience.COACH, "F-0417", DAY, " Jo  Bloggs ", True)
    assert staff == Watermark("Jo Bloggs · 2026-12-06")  # training: always, with the name
    with pytest.raises(ViewerNameNeeded, match="name of who will watch"):
        watermark_for(Audience.COACH, "F-0417", DAY, "  ", False)
    with pytest.raises(VfcoachError, match="at most 60"):
        Watermark("x" * 61)


def test_every_frame_carries_the_mark_in_its_corner(export_src: Path, tmp_path: Path):
    specs = [
        ClipSpec(export_src, 10, 24, caption="You waited for her to look up."),
        ClipSpec(export_src, 60, 70, freeze_end_ms=400),
    ]
    plain_opts = _opts(title="Visit 3")
    render_reel(specs, tmp_path / "plain.mp4", plain_opts)
    report = render_reel(specs, tmp_path / "marked.mp4", _opts(title="Visit 3", watermark=MARK))
    plain, marked = read_reel(tmp_path / "plain.mp4"), read_reel(tmp_path / "marked.mp4")
    assert len(marked.frames) == len(plain.frames) > 3 * 25  # title card + two clips + freeze
    corner = make_watermark(MARK, 320, 240)
    (w, h), x, y = corner.size, corner.x, corner.y
    assert x + w <= 320 and y + h <= 240 and w < 320 // 2  # a small corner mark
    for n, (a, b) in enumerate(zip(plain.frames, marked.frames, strict=True)):
        diff = np.abs(a.astype(int) - b.astype(int)).max(axis=2)
        inside = diff[y : y + h, x : x + w]
        assert (inside > 40).mean() > 0.05, f"frame {n} has no watermark"
        outside = diff.copy()
        outside[max(0, y - 4) : y + h + 4, max(0, x - 4) : x + w + 4] = 0
        assert outside.mean() < 2, f"frame {n} changed outside the mark"
    assert index_of(marked.frames[25 * 3]) == 10  # the strip at the top is untouched
    assert report.mode == "exact"


def test_a_fast_export_with_a_watermark_is_made_exactly_and_says_why(export_src, tmp_path):
    spec = ClipSpec(export_src, 20, 39)
    report = render_reel([spec], tmp_path / "r.mp4", _opts(mode="fast", watermark=MARK))
    assert report.mode == "exact"
    assert any("watermark" in w for w in report.warnings), report.warnings
