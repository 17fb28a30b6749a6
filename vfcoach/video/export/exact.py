"""Exact mode: decode a clip and re-encode it so it starts and ends on the chosen frames.

Output frame *j* of a clip shows the source frame on screen at `start_ms + j / fps * slow_motion`
(by the frame map, never by multiplying a frame rate), so variable-frame-rate sources are
resampled by presentation time: frames are duplicated or dropped and the timing holds. The
first and last output frames are pinned to the chosen first and last source frames. Sound
is cut by sample from the same `pts_ms` for exactly as long as the clip's pictures last;
in slow motion it is stretched to the same length with its pitch kept. Frames go from the
decoder to the encoder without an RGB round trip (see `picture.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator

import av
import av.error

from vfcoach.coding.cancel import CancelToken
from vfcoach.video.errors import MediaUnreadable
from vfcoach.video.export.ahead import Ahead
from vfcoach.video.export.audio import read_sound, slowed_sound
from vfcoach.video.export.picture import Overlay, Picturer, PlaneFilter
from vfcoach.video.export.sink import ReelSink
from vfcoach.video.export.spec import ClipReport, ClipSpec
from vfcoach.video.media_info import MediaInfo
from vfcoach.video.opening import open_video

Tick = Callable[[], None]


def frame_end_ms(info: MediaInfo, frame: int) -> int:
    """When `frame` stops showing: the next frame's time, or the end of the recording."""
    fm = info.frame_map
    return fm.ms_at(frame + 1) if frame + 1 < fm.frame_count else fm.duration_ms


def _decoded_run(info: MediaInfo, start: int, end: int) -> Iterator[tuple[int, av.VideoFrame]]:
    """(index, frame) for the decodable frames start..end, in presentation order."""
    container, stream = open_video(info.path)
    stream.thread_type = "AUTO"
    try:
        key: int | None = info.keyframe_at_or_before(start)
        while key is not None:
            container.seek(int(info.pts[key]), stream=stream, backward=True)
            first: int | None = None
            for packet in container.demux(stream):
                try:
                    frames = stream.codec_context.decode(packet)
                except av.error.FFmpegError:
                    continue  # a damaged packet costs its own frames only
                for frame in frames:
                    index = info.index_of_pts(frame.pts)
                    if index is None:
                        continue
                    if first is None:
                        first = index
                        if first > start:
                            break  # the seek landed late: retry from an earlier keyframe
                    if index > end:
                        return
                    if index >= start:
                        yield index, frame
                if first is not None and first > start:
                    break
            if first is None or first <= start:
                return
            key = info.keyframe_before(key)
    finally:
        container.close()


def _pictured_run(
    info: MediaInfo, start: int, end: int, wanted: set[int], picturer: Picturer
) -> Generator[tuple[int, av.VideoFrame | None, av.VideoFrame | None], None, None]:
    """(index, decoded frame, output picture if the clip uses this frame), for `Ahead`."""
    for index, frame in _decoded_run(info, start, end):
        if index in wanted:  # the decoded frame is dropped at once: only its picture travels
            yield index, None, picturer(frame)
        else:
            yield index, frame, None


Feed = Ahead[tuple[int, av.VideoFrame | None, av.VideoFrame | None]]


def planned_frames(spec: ClipSpec, info: MediaInfo, fps: int) -> list[int]:
    """The source frame shown by each output frame of the clip (slow motion repeats them)."""
    start, end = spec.start_frame, spec.end_frame
    start_ms = info.frame_map.ms_at(start)
    end_ms = frame_end_ms(info, end)
    stretch = spec.stretch
    count = max(1, round((end_ms - start_ms) * stretch * fps / 1000))
    wanted = [
        min(max(info.frame_map.at_ms(round(start_ms + j * 1000 / (fps * stretch))), start), end)
        for j in range(count)
    ]
    wanted[-1] = end
    return wanted


def start_pictures(
    spec: ClipSpec,
    info: MediaInfo,
    fps: int,
    size: tuple[int, int],
    overlay: Overlay | None,
    faces: PlaneFilter | None = None,
) -> Feed:
    """Start decoding and picturing a clip on a worker thread (see `ahead.py`).

    `faces` sees the clip's pictures in playing order (face blur tracks faces across them).
    """
    coded = (info.coded_width, info.coded_height)
    picturer = Picturer(coded, info.rotation, size, overlay, faces)
    wanted = set(planned_frames(spec, info, fps))
    return Ahead(_pictured_run(info, spec.start_frame, spec.end_frame, wanted, picturer))


def _given(frame: av.VideoFrame | None) -> av.VideoFrame:
    """A fed frame comes either decoded or pictured, never neither."""
    assert frame is not None
    return frame


def render_exact(
    sink: ReelSink,
    spec: ClipSpec,
    info: MediaInfo,
    number: int,
    feed: Feed,
    picturer: Picturer,
    after_pictures: Callable[[], None],
    tick: Tick,
    token: CancelToken | None,
) -> ClipReport:
    """Append one clip (pictures, then its sound, then any freeze) and report what it used.

    `feed` is the clip's decoding, started by `start_pictures` (the caller starts the next
    clip's in `after_pictures`, so it overlaps this clip's sound); `picturer` makes the rare
    stand-in pictures on this thread.
    """
    fps = sink_fps(sink)
    start, end = spec.start_frame, spec.end_frame
    start_ms = info.frame_map.ms_at(start)
    end_ms = frame_end_ms(info, end)
    stretch = spec.stretch
    wanted = planned_frames(spec, info, fps)
    count = len(wanted)
    out_start_ms = sink.frames_written * 1000 / fps
    j, used_first, used_last = 0, None, None
    last_picture: av.VideoFrame | None = None
    previous: av.VideoFrame | None = None  # newest decoded frame, converted only if needed
    with feed:  # stops the worker at the clip's end, or on cancel
        for index, frame, ready in feed:
            current: av.VideoFrame | None = None
            while j < count and wanted[j] <= index:
                if wanted[j] < index and previous is not None:  # wanted frame would not decode
                    last_picture = picturer(previous)
                    previous = None
                elif wanted[j] == index or last_picture is None:
                    if current is None:
                        current = ready if ready is not None else picturer(_given(frame))
                    last_picture = current
                assert last_picture is not None
                sink.add_frame(last_picture)
                used_first = index if used_first is None else used_first
                used_last = index
                j += 1
                tick()
            previous = None if current is not None else frame
            if j >= count:
                break
    after_pictures()
    if previous is not None:
        last_picture = picturer(previous)
    if last_picture is None or used_first is None or used_last is None:
        raise MediaUnreadable(info.path, f"frames {start}..{end} cannot be decoded")
    while j < count:  # frames at the end that would not decode: hold the last good one
        sink.add_frame(last_picture)
        j += 1
        tick()
    need = round(sink.frames_written * sink.audio_rate / fps) - sink.samples_written
    rate = sink.audio_rate
    if stretch != 1.0:
        speed = 1 / stretch
        sink.add_sound_later(lambda: slowed_sound(info, start_ms, need, rate, speed, token), need)
        audio = f"source (slowed to {speed:g}×, pitch kept)"
    else:
        sink.add_sound_later(lambda: read_sound(info, start_ms, need, rate, token), need)
        audio = "source"
    audio = audio if info.has_audio else "silence (no sound in source)"
    # drift: at the clip's end, source time of the sound playing minus that of the picture
    drift = start_ms + need * 1000 / rate / stretch - end_ms
    hold_freeze(sink, last_picture, spec.freeze_end_ms, tick)
    return ClipReport(
        index=number,
        source=spec.path,
        first_frame=used_first,
        last_frame=used_last,
        out_start_ms=out_start_ms,
        out_end_ms=sink.frames_written * 1000 / fps,
        drift_ms=round(drift, 2),
        mode="exact",
        audio=audio,
        caption=spec.caption,
    )


def hold_freeze(sink: ReelSink, picture: av.VideoFrame, freeze_ms: int, tick: Tick) -> None:
    """Hold `picture` for `freeze_ms` (rounded to whole frames) in silence."""
    fps = sink_fps(sink)
    for _ in range(round(max(freeze_ms, 0) * fps / 1000)):
        sink.add_frame(picture)
        tick()
    sink.add_silence(round(sink.frames_written * sink.audio_rate / fps) - sink.samples_written)


def hold_card(sink: ReelSink, picture: av.VideoFrame, seconds: float, tick: Tick) -> None:
    """The title card: `seconds` of one still picture, in silence."""
    hold_freeze(sink, picture, round(seconds * 1000), tick)


def sink_fps(sink: ReelSink) -> int:
    if sink.fps is None:
        raise ValueError("this reel copies its video; it has no encoding frame rate")
    return sink.fps
