"""Fast mode: copied packets start at the keyframe at or before the in-point, and say so."""

from __future__ import annotations

from pathlib import Path

import av

from tests.video.export.conftest import SRC_GOP
from tests.video.export.reading import beep_onsets_ms, index_of, read_reel
from vfcoach.video.export import ClipSpec, ExportOptions, render_reel
from vfcoach.video.grabber import FrameGrabber
from vfcoach.video.probe import probe
from vfcoach.video.synth import counter_times_ms, read_frame_index

FAST = ExportOptions(mode="fast", width=320, height=240, captions="subtitles")
AAC_PACKET_MS = 1024 * 1000 / 48000


def test_fast_copies_from_keyframe_and_keeps_sync(export_src: Path, tmp_path: Path) -> None:
    specs = [
        ClipSpec(export_src, 13, 37, caption="You held her close."),
        ClipSpec(export_src, 52, 75),
    ]
    report = render_reel(specs, tmp_path / "fast.mp4", FAST)
    assert report.mode == "fast"
    reel = read_reel(tmp_path / "fast.mp4")
    assert (reel.width, reel.height) == (160, 120)  # copied: the source's own size
    assert reel.stream_kinds == ["video/h264", "subtitle/mov_text", "audio/aac"]
    seen = [index_of(f) for f in reel.frames]
    assert None not in seen
    for spec, clip in zip(specs, report.clips, strict=True):
        mine = [
            seen[i]
            for i, t in enumerate(reel.times_ms)
            if clip.out_start_ms - 1 <= t < clip.out_end_ms - 1
        ]
        first, last = mine[0], mine[-1]
        assert first is not None and spec.start_frame - SRC_GOP < first <= spec.start_frame
        assert last is not None and spec.end_frame <= last <= spec.end_frame + 3
        assert (first, last) == (clip.first_frame, clip.last_frame)
        assert clip.audio == "source (copied)"
        assert abs(clip.drift_ms) <= AAC_PACKET_MS / 2 + 0.5  # nearest AAC packet boundary
    assert any("clip 1 starts 3 frames early" in w for w in report.warnings)
    total = sum(c.out_end_ms - c.out_start_ms for c in report.clips)
    assert abs(len(reel.frames) * 40 - total) < 1
    assert abs(reel.sound.size * 1000 / reel.sound_rate - total) <= AAC_PACKET_MS
    times = counter_times_ms(100)
    onsets = beep_onsets_ms(reel)
    assert len(onsets) >= 1
    for onset in onsets:
        k = max(i for i, t in enumerate(reel.times_ms) if t <= onset)
        source_ms = times[seen[k]] + (onset - reel.times_ms[k])  # type: ignore[index]
        assert abs(source_ms - round(source_ms / 1000) * 1000) < 40
    with av.open(str(tmp_path / "fast.mp4")) as c:
        cues = [bytes(p)[2:].decode() for p in c.demux(c.streams.subtitles[0]) if p.size]
    assert cues == ["You held her close."]


def test_fast_falls_back_to_exact_for_mixed_sources(
    export_src: Path, rotated_video: Path, tmp_path: Path
) -> None:
    specs = [ClipSpec(export_src, 13, 20), ClipSpec(rotated_video, 5, 9)]
    report = render_reel(specs, tmp_path / "mixed.mp4", FAST)
    assert report.mode == "exact"
    assert any("fast mode not possible" in w for w in report.warnings)
    assert [(c.first_frame, c.last_frame) for c in report.clips] == [(13, 20), (5, 9)]
    reel = read_reel(tmp_path / "mixed.mp4")
    assert (reel.width, reel.height) == (320, 240)
    assert index_of(reel.frames[0], (160, 120)) == 13


def test_fast_copy_of_phone_video_keeps_it_upright(rotated_video: Path, tmp_path: Path) -> None:
    report = render_reel([ClipSpec(rotated_video, 12, 25)], tmp_path / "phone.mp4", FAST)
    assert report.mode == "fast" and report.clips[0].first_frame == 10
    out = probe(tmp_path / "phone.mp4")
    assert out.rotation == 90 and (out.width, out.height) == (120, 160)
    with FrameGrabber(tmp_path / "phone.mp4") as grabber:
        assert read_frame_index(grabber.grab(0)) == 10  # upright, strip on top


def test_fast_says_every_reason_it_cannot_copy(export_src: Path, tmp_path: Path) -> None:
    specs = [
        ClipSpec(export_src, 13, 20, slow_motion=0.5),
        ClipSpec(export_src, 30, 40, freeze_end_ms=200),
    ]
    opts = ExportOptions(mode="fast", width=320, height=240, captions="none", title="Hello")
    report = render_reel(specs, tmp_path / "r.mp4", opts)
    assert report.mode == "exact"
    (warning,) = [w for w in report.warnings if "fast mode not possible" in w]
    for reason in ("title card", "clip 1 is in slow motion", "clip 2 ends on a freeze-frame"):
        assert reason in warning


def test_fast_burn_becomes_subtitles(export_src: Path, tmp_path: Path) -> None:
    opts = ExportOptions(mode="fast", captions="burn")
    spec = ClipSpec(export_src, 20, 40, caption="Très bien, Zoë")
    report = render_reel([spec], tmp_path / "r.mp4", opts)
    assert report.mode == "fast" and report.captions == "subtitles"
    assert any("subtitle track instead" in w for w in report.warnings)
    with av.open(str(tmp_path / "r.mp4")) as c:
        cues = [bytes(p)[2:].decode() for p in c.demux(c.streams.subtitles[0]) if p.size]
    assert cues == ["Très bien, Zoë"]


def test_fast_with_a_silent_recording_copies_pictures_and_encodes_sound(
    export_src: Path, silent_src: Path, tmp_path: Path
) -> None:
    specs = [ClipSpec(export_src, 13, 37), ClipSpec(silent_src, 10, 25)]
    report = render_reel(specs, tmp_path / "r.mp4", FAST)
    assert report.mode == "fast"
    assert any("sound was re-encoded" in w for w in report.warnings)
    assert [c.audio for c in report.clips] == ["source", "silence (no sound in source)"]
    reel = read_reel(tmp_path / "r.mp4")
    assert [index_of(reel.frames[0]), index_of(reel.frames[-1])] == [10, 25]
    assert abs(reel.sound.size * 1000 / reel.sound_rate - report.duration_ms) <= AAC_PACKET_MS


def test_fast_copy_of_vfr_video_keeps_sound_in_sync(vfr_video: Path, tmp_path: Path) -> None:
    report = render_reel([ClipSpec(vfr_video, 14, 55)], tmp_path / "vfr.mp4", FAST)
    assert report.mode == "fast"
    clip = report.clips[0]
    assert clip.audio == "source (copied)" and abs(clip.drift_ms) <= AAC_PACKET_MS / 2 + 0.5
    reel = read_reel(tmp_path / "vfr.mp4")
    seen = [index_of(f) for f in reel.frames]
    assert seen[0] == clip.first_frame == 10 and seen[-1] == clip.last_frame
    times = counter_times_ms(61, vfr=True)
    onsets = beep_onsets_ms(reel)
    assert len(onsets) == 2  # the beeps at 1 s and 2 s of the recording
    for onset in onsets:
        k = max(i for i, t in enumerate(reel.times_ms) if t <= onset)
        source_ms = times[seen[k]] + (onset - reel.times_ms[k])  # type: ignore[index]
        assert abs(source_ms - round(source_ms / 1000) * 1000) < 25
