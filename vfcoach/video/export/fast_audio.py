"""Fast mode's sound: copy the recording's AAC packets instead of decoding and re-encoding.

An AAC packet holds 1024 samples (21 ms at 48 kHz), so a copied clip's sound starts on the
packet boundary nearest to its first picture's time: at most half a packet (~11 ms) off.
Packets are laid end to end in the reel, and each clip takes as many as end nearest to its
last picture's end, so the error never accumulates across clips. The drift reported is
measured, not assumed: at the clip's end, the source time of the sound playing minus the
source time of the picture on screen, from the packets really copied.

The first packet after a cut decodes against the previous clip's last packet (AAC frames
overlap), so each cut can carry a ~20 ms transition, as with any stream copy.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import av
import av.container
import av.error

from vfcoach.coding.cancel import CancelToken
from vfcoach.video.media_info import MediaInfo
from vfcoach.video.opening import open_container

_SEEK_BACK_S = Fraction(1, 2)


def audio_signature(info: MediaInfo) -> tuple[object, ...] | None:
    """What two recordings' sound must share to be copied into one track; None if silent."""
    with open_container(info.path) as container:
        if not container.streams.audio:
            return None
        stream = container.streams.audio[0]
        cc = stream.codec_context
        return (
            cc.name,
            cc.sample_rate,
            cc.layout.name if cc.layout else None,
            stream.time_base,
            bytes(cc.extradata) if cc.extradata else b"",
        )


def can_copy(signature: tuple[object, ...] | None) -> str | None:
    """Why sound with this signature cannot be copied, or None if it can."""
    if signature is None:
        return "the recording has no sound"
    name, rate, _layout, time_base, _extra = signature
    if name != "aac":
        return f"the sound is {name}, not AAC"
    if not isinstance(rate, int) or time_base != Fraction(1, rate):
        return "the sound's timestamps are not counted in samples"
    return None


def open_template(info: MediaInfo) -> tuple[Any, Any]:
    """(container, audio stream) to shape the reel's sound track on; close the container."""
    container = open_container(info.path)
    return container, container.streams.audio[0]


def copy_clip_sound(
    sink: Any,
    container: av.container.InputContainer,
    video_from_s: Fraction,
    video_to_s: Fraction,
    source_from_s: Fraction,
    token: CancelToken | None,
) -> float:
    """Copy the sound of output span [video_from_s, video_to_s) showing source from `source_from_s`.

    Times are seconds: output times on the reel's clock, `source_from_s` on the recording's
    container clock. Returns the drift at the clip's end in ms (sound minus picture).
    The sound's time base counts samples (`can_copy`), so the loop works in whole samples.
    """
    rate: int = sink.audio_rate
    stream = container.streams.audio[0]
    tb = Fraction(1, rate)
    out_at = sink.samples_written
    offset = round((source_from_s - video_from_s) * rate)  # source sample = output + offset
    want = out_at + offset  # source sample that belongs at the output's sound end
    end = round(video_to_s * rate)
    try:
        container.seek(max(0, want - int(_SEEK_BACK_S * rate)), stream=stream, backward=True)
    except av.error.FFmpegError:
        container.seek(0)
    started = False
    sound_minus_out: int | None = None  # source sample minus output sample, last packet
    for packet in container.demux(stream):
        if token is not None:
            token.check()
        if packet.pts is None or not packet.size or not packet.duration:
            continue
        start, length = int(packet.pts), int(packet.duration)
        if not started:
            if 2 * start + length < 2 * want:
                continue  # the packet boundary nearest to `want` is later
            started = True
        if 2 * (sink.samples_written - end) + length > 0:
            break  # this packet would end nearer the next clip than this one's end
        sound_minus_out = start - sink.samples_written
        sink.add_audio_packet(packet, sink.samples_written, tb)
    if sound_minus_out is None:
        return 0.0
    # at the clip's end both play source = output + their offset; drift is the difference
    return round((sound_minus_out - offset) * 1000 / rate, 2)
