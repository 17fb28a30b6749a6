"""Captions (burned and as subtitles), the title card, freeze-frames and slow motion."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from tests.video.export.reading import beep_onsets_ms, index_of, read_reel
from vfcoach.video.export import ClipSpec, ExportError, ExportOptions, render_reel

CAPTION = "You picked her up as soon as she cried, and she settled on your shoulder."


def _opts(**kw: object) -> ExportOptions:
    base: dict[str, object] = {"width": 320, "height": 240, "fps": 25, "captions": "none"}
    base.update(kw)
    return ExportOptions(**base)  # type: ignore[arg-type]


def test_burned_caption_in_lower_third_and_subtitle_track(export_src: Path, tmp_path: Path) -> None:
    spec = ClipSpec(export_src, 20, 29, caption=CAPTION)
    render_reel([spec], tmp_path / "plain.mp4", _opts())
    render_reel([spec], tmp_path / "burn.mp4", _opts(captions="burn"))
    render_reel([spec], tmp_path / "subs.mp4", _opts(captions="subtitles"))
    plain, burn, subs = (read_reel(tmp_path / n) for n in ("plain.mp4", "burn.mp4", "subs.mp4"))
    a = plain.frames[5].astype(int)
    b = burn.frames[5].astype(int)
    lower = np.abs(a[160:] - b[160:]).mean(axis=2)
    assert (lower > 60).mean() > 0.03  # white letters on a darkened band
    assert np.abs(a[:80] - b[:80]).mean() < 2  # the top two thirds are untouched
    assert index_of(burn.frames[0]) == 20
    assert "subtitle/mov_text" in subs.stream_kinds
    assert np.abs(subs.frames[5].astype(int) - a).mean() < 2  # subtitles: nothing burned
    with av.open(str(tmp_path / "subs.mp4")) as c:
        cues = [bytes(p)[2:].decode() for p in c.demux(c.streams.subtitles[0]) if p.size]
    assert cues == [CAPTION]


def test_title_card_and_freeze_frame(export_src: Path, tmp_path: Path) -> None:
    spec = ClipSpec(export_src, 40, 49, freeze_end_ms=400)
    report = render_reel(
        [spec], tmp_path / "t.mp4", _opts(title="Our good moments", title_seconds=1.0)
    )
    reel = read_reel(tmp_path / "t.mp4")
    assert len(reel.frames) == 25 + 10 + 10  # title 1 s, clip 10 frames, freeze 400 ms
    card = reel.frames[10].astype(int)
    corner = card[:20, :20].reshape(-1, 3).mean(axis=0)
    assert corner.min() > 180  # a soft light background
    assert card[100:140, 60:260].min() < 120  # dark title text in the middle
    assert [index_of(f) for f in reel.frames[25:35]] == list(range(40, 50))
    assert [index_of(f) for f in reel.frames[35:]] == [49] * 10
    clip = report.clips[0]
    assert (clip.out_start_ms, clip.out_end_ms) == (1000.0, 1800.0)
    sound = reel.sound
    rate = reel.sound_rate
    assert np.abs(sound[: int(0.9 * rate)]).max() < 1e-3  # the title is silent
    assert np.abs(sound[int(1.45 * rate) : int(1.78 * rate)]).max() < 1e-3  # so is the freeze


@pytest.mark.parametrize("speed", [0.5, 0.25])
def test_slow_motion_keeps_its_sound_in_sync(
    export_src: Path, tmp_path: Path, speed: float
) -> None:
    spec = ClipSpec(export_src, 20, 54, slow_motion=speed)  # 0.8..2.2 s: beeps at 1 s and 2 s
    report = render_reel([spec], tmp_path / "slow.mp4", _opts())
    reel = read_reel(tmp_path / "slow.mp4")
    stretch = round(1 / speed)
    assert len(reel.frames) == 35 * stretch
    assert [index_of(f) for f in reel.frames] == [i for i in range(20, 55) for _ in range(stretch)]
    assert report.clips[0].audio.startswith("source (slowed")
    assert not any("without sound" in w for w in report.warnings)
    video_ms = len(reel.frames) * 40
    assert abs(reel.sound.size * 1000 / reel.sound_rate - video_ms) < 40 + 25  # + AAC padding
    # each beep (source: k*1000 ms, clip from 800 ms) is heard within one output frame of
    # where the slowed pictures reach that second, while that second's frame is on screen
    onsets = beep_onsets_ms(reel)
    assert len(onsets) == 2
    for onset, second in zip(onsets, (1000, 2000), strict=True):
        assert abs(onset - (second - 800) / speed) < 40, (onset, second)
        k = max(i for i, t in enumerate(reel.times_ms) if t <= onset)
        assert index_of(reel.frames[k]) in (second // 40 - 1, second // 40)
    assert abs(report.clips[0].drift_ms) < 40


ACCENTED = "Très bien, Zoë — you waited for her"


def test_burned_caption_keeps_its_accents(export_src: Path, tmp_path: Path) -> None:
    plain = ClipSpec(export_src, 20, 24, caption="Tres bien, Zoe - you waited for her")
    accented = ClipSpec(export_src, 20, 24, caption=ACCENTED)
    render_reel([plain], tmp_path / "plain.mp4", _opts(captions="burn", width=640, height=480))
    report = render_reel(
        [accented], tmp_path / "acc.mp4", _opts(captions="burn", width=640, height=480)
    )
    assert not any("font" in w for w in report.warnings)
    a = read_reel(tmp_path / "plain.mp4").frames[2].astype(int)
    b = read_reel(tmp_path / "acc.mp4").frames[2].astype(int)
    diff = np.abs(a - b).max(axis=2) > 80
    assert diff[:320].sum() == 0  # the picture above the band is the same
    rows, cols = np.nonzero(diff)
    assert rows.size > 30  # accents, and the dash, really drawn: not dropped, not boxes
    # the marks sit in the caption text, in the lower third, left of centre ("Très ... Zoë")
    assert rows.min() > 320 and cols.min() > 40


def test_letters_the_font_cannot_draw_are_reported(export_src: Path, tmp_path: Path) -> None:
    spec = ClipSpec(export_src, 0, 4, caption="Zij keek naar jou en lachte \U0001f642")
    report = render_reel([spec], tmp_path / "c.mp4", _opts(captions="burn"))
    assert any("use subtitles" in w for w in report.warnings)
    ok = ClipSpec(export_src, 0, 4, caption="Ça, c’est très bien — Zoë, Łukasz, Ångström")
    report = render_reel([ok], tmp_path / "d.mp4", _opts(captions="burn"))
    assert not any("use subtitles" in w for w in report.warnings)


def test_face_blur_settings_are_checked_before_any_file(export_src: Path, tmp_path: Path) -> None:
    from vfcoach.video.faces import FaceBlurOptions

    with pytest.raises(ExportError, match="face search interval"):
        ExportOptions(face_blur=FaceBlurOptions(every=0)).check()
    with pytest.raises(ExportError, match="padding"):
        render_reel(
            [ClipSpec(export_src, 0, 4)],
            tmp_path / "x.mp4",
            _opts(face_blur=FaceBlurOptions(pad=2.0)),
        )
    assert not (tmp_path / "x.mp4").exists()
