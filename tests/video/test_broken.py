"""Broken files: each raises its named error, and damage inside a file stays local."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures_media import CFR_FRAMES
from vfcoach.coding.errors import VfcoachError
from vfcoach.video.errors import (
    FrameDamaged,
    MediaEmpty,
    MediaError,
    MediaMissing,
    MediaNotVideo,
    MediaTruncated,
    MediaUnreadable,
)
from vfcoach.video.fingerprint import fingerprint
from vfcoach.video.grabber import FrameGrabber
from vfcoach.video.probe import probe
from vfcoach.video.synth import StripUnreadable, make_counter_video, read_frame_index

BROKEN = [
    ("missing_video", MediaMissing, "not found"),
    ("empty_video", MediaEmpty, "empty"),
    ("text_as_video", MediaNotVideo, "not a video"),
    ("truncated_video", MediaTruncated, "incomplete"),
]


@pytest.mark.parametrize(("fixture", "error", "words"), BROKEN)
def test_probe_and_grabber_name_the_problem_and_the_file(
    request: pytest.FixtureRequest, fixture: str, error: type[MediaError], words: str
) -> None:
    path: Path = request.getfixturevalue(fixture)
    for attempt in (lambda: probe(path), lambda: FrameGrabber(path)):
        with pytest.raises(error) as caught:
            attempt()
        message = str(caught.value)
        assert message.startswith(f"{path.name}: ") and words in message
        assert "\n" not in message
        assert isinstance(caught.value, VfcoachError) and caught.value.path == path


def test_the_errors_are_distinct_classes() -> None:
    kinds = {MediaMissing, MediaEmpty, MediaNotVideo, MediaTruncated, MediaUnreadable}
    assert all(issubclass(k, MediaError) for k in kinds)
    assert not any(issubclass(a, b) for a in kinds for b in kinds if a is not b)


def test_fingerprint_of_missing_and_empty(missing_video: Path, empty_video: Path) -> None:
    with pytest.raises(MediaMissing, match=missing_video.name):
        fingerprint(missing_video)
    with pytest.raises(MediaEmpty, match=empty_video.name):
        fingerprint(empty_video)


def test_a_folder_and_a_sound_only_file_are_not_video(tmp_path: Path) -> None:
    folder = tmp_path / "folder.mp4"
    folder.mkdir()
    with pytest.raises(MediaNotVideo, match="folder"):
        probe(folder)
    import av
    import numpy as np

    sound = tmp_path / "voice.m4a"
    with av.open(str(sound), "w") as out:
        stream = out.add_stream("aac", rate=48_000)
        frame = av.AudioFrame.from_ndarray(
            np.zeros((1, 48_000), np.float32), format="fltp", layout="mono"
        )
        frame.sample_rate, frame.pts = 48_000, 0
        out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    with pytest.raises(MediaNotVideo, match="only has sound"):
        probe(sound)


def test_index_present_but_data_cut_off(tmp_path: Path) -> None:
    """A 'fast start' MP4 (index first) cut short: readable part stays usable, with a warning."""
    import av

    src = make_counter_video(tmp_path / "src.mp4", frames=75, audio=False)
    fast = tmp_path / "fast.mp4"
    with (
        av.open(str(src)) as inp,
        av.open(str(fast), "w", options={"movflags": "faststart"}) as out,
    ):
        stream = out.add_stream_from_template(inp.streams.video[0])
        for packet in inp.demux(inp.streams.video[0]):
            if packet.dts is not None:
                packet.stream = stream
                out.mux(packet)
    data = fast.read_bytes()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(data[: len(data) * 6 // 10])
    info = probe(cut)
    assert any("incomplete" in w for w in info.warnings)
    assert 10 < info.frame_count < 75
    with FrameGrabber(cut) as grabber:
        assert read_frame_index(grabber.grab(5)) == 5


@pytest.mark.timeout(20)
def test_garbage_inside_is_skipped_and_the_rest_stays_usable(garbage_video: Path) -> None:
    info = probe(garbage_video)
    assert info.frame_count == CFR_FRAMES  # the container is intact, so is the map
    exact, damaged, wrong = 0, [], []
    with FrameGrabber(garbage_video, info, cache_frames=4) as grabber:
        for i in list(range(CFR_FRAMES)) + list(range(CFR_FRAMES - 1, -1, -1)):
            try:
                rgb = grabber.grab(i)
            except FrameDamaged as exc:
                assert garbage_video.name in str(exc) and f"frame {i}" in str(exc)
                damaged.append(i)
                continue
            try:
                read = read_frame_index(rgb)
            except StripUnreadable:
                read = None
            if read == i:
                exact += 1
            else:
                wrong.append(i)
        assert grabber.damaged_packets > 0  # the damage was really hit, and skipped
    assert exact >= 0.8 * 2 * CFR_FRAMES
    # whatever went wrong is in the damaged stretch after the middle keyframe
    assert all(30 <= i < 60 for i in damaged + wrong)
    assert damaged + wrong


def test_unsupported_codec_is_unreadable(tmp_path: Path) -> None:
    src = make_counter_video(tmp_path / "ok.mp4", frames=5, audio=False)
    odd = tmp_path / "odd-codec.mp4"
    odd.write_bytes(src.read_bytes().replace(b"avc1", b"zzzz"))  # a codec FFmpeg lacks
    with pytest.raises(MediaUnreadable, match=f"{odd.name}: .*not supported"):
        probe(odd)


def test_wrecked_index_is_unreadable_not_a_crash(tmp_path: Path) -> None:
    src = make_counter_video(tmp_path / "ok.mp4", frames=5, audio=False)
    data = bytearray(src.read_bytes())
    moov = data.find(b"moov")
    data[moov + 8 : moov + 40] = b"\xff" * 32  # wreck the index header, keep the box layout
    broken = tmp_path / "wrecked.mp4"
    broken.write_bytes(bytes(data))
    with pytest.raises(MediaUnreadable, match=broken.name):
        probe(broken)
