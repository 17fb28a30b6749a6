"""Fast mode: copy compressed video packets instead of re-encoding them.

Copying only works when every clip's packets can share one H.264 stream: same codec, picture
size, rotation, time base and codec set-up (SPS/PPS in the extradata). A clip must start on a
keyframe, so it starts at the keyframe at or before the in-point; the report says how many
frames early. With B-frames, the packets that complete the last frame can include one
reference frame past the out-point, which then shows too; the report names the frames really
used. Sound is copied too when every recording's AAC set-up matches (`fast_audio.py`);
otherwise it is decoded and cut by sample at the copied pictures' times, then re-encoded.

Copied and re-encoded pictures cannot share one H.264 track (the encoder's SPS/PPS differ
from the camera's and an MP4 track carries one set), so anything that needs new pictures
(a title card, slow motion, a freeze-frame, another recording's format) sends the whole
reel to exact mode; `why_not_fast` names each reason.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import av
import av.container
import av.video.stream

from vfcoach.coding.cancel import CancelToken
from vfcoach.video.export.audio import read_sound, silence
from vfcoach.video.export.fast_audio import copy_clip_sound
from vfcoach.video.export.sink import ReelSink
from vfcoach.video.export.spec import ClipReport, ClipSpec
from vfcoach.video.media_info import MediaInfo
from vfcoach.video.opening import open_video

Tick = Callable[[], None]


def signature(info: MediaInfo) -> tuple[object, ...]:
    """What two sources must share for their packets to go into one stream."""
    container, stream = open_video(info.path)
    try:
        cc = stream.codec_context
        extradata = bytes(cc.extradata) if cc.extradata else b""
        return (
            cc.name,
            cc.width,
            cc.height,
            cc.format.name if cc.format else None,
            stream.time_base,
            info.rotation,
            extradata,
        )
    finally:
        container.close()


def _describe(sig: tuple[object, ...]) -> str:
    codec, width, height, pix_fmt, _tb, rotation, _extra = sig
    turned = f", turned {rotation}°" if rotation else ""
    return f"{codec} {width}×{height} {pix_fmt}{turned}"


def why_not_fast(specs: Sequence[ClipSpec], infos: Sequence[MediaInfo]) -> list[str]:
    """Every reason fast mode cannot copy this reel's pictures (empty when it can)."""
    reasons: list[str] = []
    for n, spec in enumerate(specs, 1):
        if spec.stretch != 1.0:
            reasons.append(f"clip {n} is in slow motion")
        if spec.freeze_end_ms > 0:
            reasons.append(f"clip {n} ends on a freeze-frame")
    sigs = {str(i.path): signature(i) for i in {str(i.path): i for i in infos}.values()}
    first = sigs[str(infos[0].path)]
    if first[0] != "h264":
        reasons.append(f"the video of {infos[0].path.name} is {first[0]}, not H.264")
    for n, info in enumerate(infos, 1):
        sig = sigs[str(info.path)]
        if sig == first:
            continue
        if sig[:4] + sig[5:6] != first[:4] + first[5:6]:
            why = f"{_describe(sig)}, not {_describe(first)}"
        elif sig[4] != first[4]:
            why = "another time base"
        else:
            why = "another encoder set-up (SPS/PPS)"
        reasons.append(f"clip {n} ({info.path.name}) has {why} like clip 1")
        break  # one mismatch says it; a reel of many recordings would repeat it
    return reasons


@dataclass
class CopyClock:
    """Where the copied stream has got to, in the (shared) source time base.

    It also keeps each recording open across its clips (opening costs more than seeking),
    until `close`.
    """

    time_base: Fraction
    next_pts: int = 0
    last_dts: int | None = None
    _open: dict[str, tuple[av.container.InputContainer, av.video.stream.VideoStream]] = field(
        default_factory=dict
    )

    def source(
        self, info: MediaInfo
    ) -> tuple[av.container.InputContainer, av.video.stream.VideoStream]:
        key = str(info.path)
        if key not in self._open:
            self._open[key] = open_video(info.path)
        return self._open[key]

    def close(self) -> None:
        for container, _ in self._open.values():
            container.close()
        self._open.clear()


def _frame_ticks(info: MediaInfo, index: int) -> int:
    if index + 1 < info.frame_count:
        return int(info.pts[index + 1] - info.pts[index])
    return max(1, round(Fraction(info.frame_map.last_frame_ms, 1000) / info.time_base))


def _packets(
    container: av.container.InputContainer,
    stream: av.video.stream.VideoStream,
    info: MediaInfo,
    key: int,
    end: int,
    token: CancelToken | None,
) -> list[av.Packet[Any]]:
    """Decode-order packets from the keyframe until every frame key..end is included."""
    needed = {int(p) for p in info.pts[key : end + 1]}
    out: list[av.Packet[Any]] = []
    container.seek(int(info.pts[key]), stream=stream, backward=True)
    started = False
    for packet in container.demux(stream):
        if token is not None:
            token.check()
        if packet.pts is None or packet.is_discard:
            continue
        if not started:
            started = packet.pts == int(info.pts[key])
            if not started:
                continue
        if packet.pts < int(info.pts[key]):
            continue  # open-GOP leading pictures refer to the previous GOP
        out.append(packet)
        needed.discard(int(packet.pts))
        if not needed:
            break
    return out


def written_frames(
    spec: ClipSpec, info: MediaInfo, token: CancelToken | None = None
) -> tuple[int, int]:
    """The first and last source frames fast mode writes for this clip: what a viewer sees.

    The same packets `render_fast` copies (from the keyframe at or before the in-point up to
    the packet that completes the out-point, which with B-frames can be a later reference
    frame), found by demuxing alone, so a caller can judge those frames before any is
    written: a lead-in up to a whole GOP long (10 s on phone video) is not what the coach
    chose, and may show something the chosen range was checked to leave out.
    """
    key = info.keyframe_at_or_before(spec.start_frame)
    container, stream = open_video(info.path)
    try:
        packets = _packets(container, stream, info, key, spec.end_frame, token)
    finally:
        container.close()
    last = info.index_of_pts(max(int(p.pts) for p in packets if p.pts is not None))
    assert last is not None
    return key, max(last, spec.end_frame)


def render_fast(
    sink: ReelSink,
    spec: ClipSpec,
    info: MediaInfo,
    number: int,
    clock: CopyClock,
    tick: Tick,
    token: CancelToken | None,
) -> ClipReport:
    """Append one clip's copied pictures and its sound (copied or re-encoded)."""
    key = info.keyframe_at_or_before(spec.start_frame)
    container, stream = clock.source(info)
    return _copy_clip(sink, spec, info, number, clock, tick, token, key, container, stream)


def _copy_clip(
    sink: ReelSink,
    spec: ClipSpec,
    info: MediaInfo,
    number: int,
    clock: CopyClock,
    tick: Tick,
    token: CancelToken | None,
    key: int,
    container: av.container.InputContainer,
    stream: av.video.stream.VideoStream,
) -> ClipReport:
    packets = _packets(container, stream, info, key, spec.end_frame, token)
    origin = int(info.pts[key])
    shift = clock.next_pts - origin
    dtss = [p.dts for p in packets if p.dts is not None]
    if dtss and clock.last_dts is not None and min(dtss) + shift <= clock.last_dts:
        shift = clock.last_dts + 1 - min(dtss)  # keep decode times rising across the cut
    last = max(int(p.pts) for p in packets if p.pts is not None)
    last_index = info.index_of_pts(last)
    assert last_index is not None
    out_start = origin + shift
    out_end = last + shift + _frame_ticks(info, last_index)
    tb = clock.time_base
    if not sink.copies_sound:  # silence over any gap the dts fix opened
        sink.add_silence(round(out_start * tb * sink.audio_rate) - sink.samples_written)
    for packet in packets:
        dts = None if packet.dts is None else packet.dts + shift
        sink.add_packet(packet, int(packet.pts) + shift, dts, tb)  # type: ignore[arg-type]
        clock.last_dts = dts if dts is not None else clock.last_dts
        tick()
    clock.next_pts = out_end
    if sink.copies_sound:
        drift = copy_clip_sound(
            sink, container, out_start * tb, out_end * tb, Fraction(origin) * info.time_base, token
        )
        audio = "source (copied)"
    else:
        need = round(out_end * tb * sink.audio_rate) - sink.samples_written
        got = read_sound(info, info.frame_map.ms_at(key), need, sink.audio_rate, token)
        sink.add_sound(got if got is not None else silence(need))
        drift = round(sink.sound_ms - float(out_end * tb * 1000), 2)
        audio = "source" if got is not None else "silence (no sound in source)"
    return ClipReport(
        index=number,
        source=spec.path,
        first_frame=key,
        last_frame=last_index,
        out_start_ms=float(out_start * tb * 1000),
        out_end_ms=float(out_end * tb * 1000),
        drift_ms=drift,
        mode="fast",
        audio=audio,
        caption=spec.caption,
    )
