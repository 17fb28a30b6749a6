"""Exact frames: every grab reads back the frame asked for, in any order."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from tests.fixtures_media import CFR_FRAMES, GOP, VFR_FRAMES
from vfcoach.coding.errors import InvalidTime
from vfcoach.video.grabber import FrameGrabber
from vfcoach.video.synth import counter_times_ms, read_frame_index


def test_every_frame_exact_in_random_and_reverse_order(cfr_video: Path) -> None:
    order = list(range(CFR_FRAMES))
    random.Random(4).shuffle(order)
    with FrameGrabber(cfr_video, cache_frames=4) as grabber:  # small cache: really decode
        for i in order + order[::-1] + list(range(CFR_FRAMES - 1, -1, -1)):
            rgb = grabber.grab(i)
            assert read_frame_index(rgb) == i
        assert grabber.seek_count > CFR_FRAMES // 2


def test_frame_is_upright_rgb_contiguous_and_private(cfr_video: Path) -> None:
    with FrameGrabber(cfr_video) as grabber:
        rgb = grabber.grab(7)
        assert rgb.shape == (120, 160, 3) and rgb.dtype == np.uint8
        assert rgb.flags.c_contiguous
        # background is drawn as RGB (36, 40, 52): blue highest, so channels are not swapped
        r, g, b = (int(v) for v in rgb[-20, 5])
        assert b > g > r
        rgb[:] = 0  # the caller owns its copy: the cached frame must not change
        assert read_frame_index(grabber.grab(7)) == 7


def test_vfr_frames_exact_and_at_ms(vfr_video: Path) -> None:
    times = counter_times_ms(VFR_FRAMES, vfr=True)
    with FrameGrabber(vfr_video) as grabber:
        for i in random.Random(2).sample(range(VFR_FRAMES), VFR_FRAMES):
            assert read_frame_index(grabber.grab(i)) == i
        for i in (0, 1, 2, 17, VFR_FRAMES - 1):
            # the moment a frame starts, and the last ms before the next one, show that frame
            for ms in (times[i], (times[i + 1] - 1) if i + 1 < VFR_FRAMES else times[i]):
                frame, rgb = grabber.grab_at_ms(ms)
                assert frame == i and read_frame_index(rgb) == i


def test_rotated_video_comes_out_upright(rotated_video: Path) -> None:
    with FrameGrabber(rotated_video) as grabber:
        assert grabber.info.rotation == 90
        for i in (0, 13, 39, 5):
            rgb = grabber.grab(i)
            assert rgb.shape == (160, 120, 3) and rgb.flags.c_contiguous
            assert read_frame_index(rgb) == i  # strip at the top only if truly upright
        small = grabber.preview(13, max_size=80)
        assert small.shape == (80, 60, 3) and read_frame_index(small) == 10


def test_out_of_range_frames_and_times(cfr_video: Path) -> None:
    with FrameGrabber(cfr_video) as grabber:
        for bad in (-1, CFR_FRAMES, 10**6):
            with pytest.raises(InvalidTime, match=cfr_video.name):
                grabber.grab(bad)
        with pytest.raises(InvalidTime):
            grabber.grab_at_ms(-5)
        with pytest.raises(InvalidTime):
            grabber.grab_at_ms(CFR_FRAMES * 40 + 1)
        frame, _ = grabber.grab_at_ms(CFR_FRAMES * 40 - 1)
        assert frame == CFR_FRAMES - 1


def test_step_back_is_served_from_the_cache(cfr_video: Path) -> None:
    with FrameGrabber(cfr_video) as grabber:
        assert read_frame_index(grabber.grab(27)) == 27
        seeks, decoded = grabber.seek_count, grabber.decoded_count
        for i in range(26, 19, -1):  # back to the keyframe at 20
            assert read_frame_index(grabber.grab(i)) == i
        assert (grabber.seek_count, grabber.decoded_count) == (seeks, decoded)
        assert read_frame_index(grabber.grab(19)) == 19  # previous GOP: one seek
        assert grabber.seek_count == seeks + 1


def test_step_forward_decodes_on_without_seeking(cfr_video: Path) -> None:
    with FrameGrabber(cfr_video, cache_frames=2) as grabber:
        grabber.grab(3)
        seeks = grabber.seek_count
        for i in range(4, 45):  # crosses keyframes 10, 20, 30, 40
            assert read_frame_index(grabber.grab(i)) == i
        assert grabber.seek_count == seeks
        grabber.grab(70)  # a long jump seeks
        assert grabber.seek_count == seeks + 1


def test_preview_is_the_keyframe_at_or_before(cfr_video: Path) -> None:
    with FrameGrabber(cfr_video) as grabber:
        for frame in (0, 9, 10, 11, 38, CFR_FRAMES - 1):
            key = frame // GOP * GOP
            assert read_frame_index(grabber.preview(frame)) == key
        decoded = grabber.decoded_count
        grabber.preview(55)
        assert grabber.decoded_count == decoded + 1  # only the keyframe was decoded
        small = grabber.preview(55, max_size=80)
        assert small.shape == (60, 80, 3) and read_frame_index(small) == 50
        assert read_frame_index(grabber.grab(57)) == 57  # exact grabs still work after


def test_given_info_is_used_and_closed_grabber_refuses(cfr_video: Path) -> None:
    from vfcoach.video.probe import probe

    info = probe(cfr_video)
    grabber = FrameGrabber(cfr_video, info)
    assert grabber.info is info
    grabber.close()
    grabber.close()  # closing twice is harmless
    with pytest.raises(ValueError, match="closed"):
        grabber.grab(3)


class _SeekRefused:
    """Stands in for a container whose index is unusable: every seek fails as FFmpeg would."""

    def __init__(self, real: object) -> None:
        self._real = real

    def seek(self, *args: object, **kwargs: object) -> None:
        import av.error

        raise av.error.InvalidDataError(1094995529, "Invalid data found when processing input")

    def __getattr__(self, name: str) -> object:
        return getattr(self._real, name)


def test_a_file_that_cannot_seek_is_decoded_from_the_start(cfr_video: Path) -> None:
    with FrameGrabber(cfr_video, cache_frames=2) as grabber:
        grabber._container = _SeekRefused(grabber._container)  # type: ignore[assignment]
        assert read_frame_index(grabber.grab(33)) == 33
        assert read_frame_index(grabber.grab(12)) == 12  # backwards: starts over again
        assert read_frame_index(grabber.preview(25)) == 20


def test_a_demux_error_while_decoding_on_is_recovered_by_seeking(cfr_video: Path) -> None:
    import av.error

    def broken_after(packets, count: int):  # type: ignore[no-untyped-def]
        for i, packet in enumerate(packets):
            if i == count:
                raise av.error.InvalidDataError(1094995529, "Invalid data")
            yield packet

    with FrameGrabber(cfr_video, cache_frames=2) as grabber:
        grabber.grab(0)
        seeks = grabber.seek_count
        grabber._packets = broken_after(grabber._packets, 2)
        assert read_frame_index(grabber.grab(9)) == 9  # decoding on fails, a fresh seek works
        assert grabber.seek_count == seeks + 1


def test_a_one_frame_cache_still_returns_frames_that_arrive_in_a_batch(cfr_video: Path) -> None:
    """At the end of the file the decoder hands back several frames in one call."""
    with FrameGrabber(cfr_video, cache_frames=1) as grabber:
        for i in range(CFR_FRAMES - 1, CFR_FRAMES - 12, -1):
            assert read_frame_index(grabber.grab(i)) == i


def test_matroska_is_exact_too(vfr_video: Path, tmp_path: Path) -> None:
    import av

    mkv = tmp_path / "visit.mkv"
    with av.open(str(vfr_video)) as src, av.open(str(mkv), "w") as out:
        stream = out.add_stream_from_template(src.streams.video[0])
        for packet in src.demux(src.streams.video[0]):
            if packet.dts is not None:
                packet.stream = stream
                out.mux(packet)
    with FrameGrabber(mkv) as grabber:
        assert grabber.info.frame_map.pts_ms.tolist() == counter_times_ms(VFR_FRAMES, vfr=True)
        for i in random.Random(5).sample(range(VFR_FRAMES), VFR_FRAMES):
            assert read_frame_index(grabber.grab(i)) == i
