"""Exact mode: every clip starts and ends on the chosen frame, upright, in sync, any source."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.video.export.reading import Reel, beep_onsets_ms, index_of, read_reel
from vfcoach.video.export import ClipSpec, ExportOptions, ExportReport, render_reel
from vfcoach.video.synth import counter_times_ms

OPTS = ExportOptions(width=320, height=240, fps=25, captions="none")


def _boundaries(reel: Reel, report: ExportReport) -> list[tuple[int, int]]:
    """Output frame numbers of each clip's first and last picture (without its freeze)."""
    out = []
    for clip in report.clips:
        first = next(i for i, t in enumerate(reel.times_ms) if t >= clip.out_start_ms - 1)
        last = max(i for i, t in enumerate(reel.times_ms) if t < clip.out_end_ms - 1)
        out.append((first, last))
    return out


def test_exact_clips_boundaries_duration_and_sync(export_src: Path, tmp_path: Path) -> None:
    specs = [ClipSpec(export_src, 13, 37), ClipSpec(export_src, 60, 84), ClipSpec(export_src, 3, 3)]
    target = tmp_path / "reel.mp4"
    report = render_reel(specs, target, OPTS)
    assert target.exists() and not list(tmp_path.glob("*.part"))
    reel = read_reel(target)
    assert reel.stream_kinds == ["video/h264", "audio/aac"]
    assert (reel.width, reel.height) == (320, 240)
    for spec, clip, (first, last) in zip(
        specs, report.clips, _boundaries(reel, report), strict=True
    ):
        assert (clip.first_frame, clip.last_frame) == (spec.start_frame, spec.end_frame)
        assert index_of(reel.frames[first]) == spec.start_frame
        assert index_of(reel.frames[last]) == spec.end_frame
        assert abs(clip.drift_ms) < 40
    expected_ms = (25 + 25 + 1) * 40
    assert abs(report.duration_ms - expected_ms) < 1
    assert abs(len(reel.frames) * 40 - expected_ms) < 1
    assert abs(reel.sound.size * 1000 / reel.sound_rate - expected_ms) < 45  # + AAC padding
    # every beep is heard while the frame of its second is on screen (source: beep at k*1000 ms)
    onsets = beep_onsets_ms(reel)
    assert len(onsets) == 2
    times = counter_times_ms(100)
    for onset in onsets:
        k = max(i for i, t in enumerate(reel.times_ms) if t <= onset)
        shown = index_of(reel.frames[k])
        assert shown is not None
        source_ms = times[shown] + (onset - reel.times_ms[k])
        assert abs(source_ms - round(source_ms / 1000) * 1000) < 40


def test_rotated_and_vfr_sources_upright_and_exact(
    rotated_video: Path, vfr_video: Path, tmp_path: Path
) -> None:
    specs = [ClipSpec(rotated_video, 5, 20), ClipSpec(vfr_video, 3, 30)]
    report = render_reel(specs, tmp_path / "mixed.mp4", OPTS)
    reel = read_reel(tmp_path / "mixed.mp4")
    (r0, r1), (v0, v1) = _boundaries(reel, report)
    # upright 120×160 inside 320×240: bars at the sides, strip readable only if upright
    assert index_of(reel.frames[r0], (120, 160)) == 5
    assert index_of(reel.frames[r1], (120, 160)) == 20
    assert reel.frames[r0][:, :40].max() < 30  # letterbox bar
    assert index_of(reel.frames[v0], (160, 120)) == 3
    assert index_of(reel.frames[v1], (160, 120)) == 30
    # VFR: each output frame shows the source frame on screen at its time
    times = counter_times_ms(61, vfr=True)
    for k in range(v0, v1):
        src_ms = times[3] + reel.times_ms[k] - reel.times_ms[v0]
        want = max(i for i, t in enumerate(times) if t <= src_ms)
        assert index_of(reel.frames[k], (160, 120)) == min(want, 30)
    vfr_span = times[31] - times[3]
    clip = report.clips[1]
    assert abs((clip.out_end_ms - clip.out_start_ms) - vfr_span) <= 20
    assert abs(clip.drift_ms) < 40


def test_source_without_sound_gets_silence(silent_src: Path, tmp_path: Path) -> None:
    report = render_reel([ClipSpec(silent_src, 0, 24)], tmp_path / "quiet.mp4", OPTS)
    reel = read_reel(tmp_path / "quiet.mp4")
    assert "audio/aac" in reel.stream_kinds
    assert reel.sound.size >= reel.sound_rate * 0.99 and abs(reel.sound).max() < 1e-3
    assert report.clips[0].audio.startswith("silence")


@pytest.mark.parametrize("size", [(320, 240), (240, 320)])
def test_output_size_is_honoured(export_src: Path, tmp_path: Path, size: tuple[int, int]) -> None:
    opts = ExportOptions(width=size[0], height=size[1], fps=25, captions="none")
    render_reel([ClipSpec(export_src, 0, 4)], tmp_path / "s.mp4", opts)
    reel = read_reel(tmp_path / "s.mp4")
    assert (reel.width, reel.height) == size
    assert index_of(reel.frames[0], (160, 120)) == 0


def test_other_audio_rate_keeps_length(export_src: Path, tmp_path: Path) -> None:
    opts = ExportOptions(width=320, height=240, fps=30, captions="none", audio_rate=44100)
    report = render_reel([ClipSpec(export_src, 13, 37)], tmp_path / "r.mp4", opts)
    reel = read_reel(tmp_path / "r.mp4")
    assert reel.sound_rate == 44100 and len(reel.frames) == 30
    assert abs(reel.sound.size / 44100 - 1.0) < 0.05
    assert len(beep_onsets_ms(reel)) == 1 and abs(report.clips[0].drift_ms) < 40


@pytest.mark.parametrize("mode", ["exact", "fast"])
def test_clip_to_the_last_frame(export_src: Path, tmp_path: Path, mode: str) -> None:
    opts = ExportOptions(mode=mode, width=320, height=240, captions="none")  # type: ignore[arg-type]
    report = render_reel([ClipSpec(export_src, 92, 99)], tmp_path / "end.mp4", opts)
    reel = read_reel(tmp_path / "end.mp4")
    assert report.clips[0].last_frame == 99
    assert index_of(reel.frames[-1]) == 99
    assert index_of(reel.frames[0]) == (92 if mode == "exact" else 90)
