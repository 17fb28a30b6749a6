"""Open a recording for demuxing, turning every way it can fail into a named `MediaError`.

FFmpeg reports a 0-byte file, a text file and an MP4 whose recording was cut off all as the
same "Invalid data found when processing input". A coach needs different advice for each,
so when FFmpeg refuses a file we look at its first bytes ourselves to tell them apart.
"""

from __future__ import annotations

import errno
import stat
import struct
from pathlib import Path

import av
import av.container
import av.error
from av.video.stream import VideoStream

from vfcoach.video.errors import (
    MediaEmpty,
    MediaError,
    MediaMissing,
    MediaUnreadable,
    not_video,
    truncated,
)
from vfcoach.video.sealed import SealedReader, is_sealed

# Top-level box types that can start an ISO base media file (MP4, MOV, M4V, 3GP).
_BMFF_FIRST_BOXES = {b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot", b"uuid"}
_EBML_MAGIC = b"\x1a\x45\xdf\xa3"  # Matroska / WebM


def open_video(
    path: str | Path,
) -> tuple[av.container.InputContainer, VideoStream]:
    """The input container and its first video stream; the caller closes the container."""
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise MediaMissing(p) from None
    except OSError as exc:  # a symbolic link loop, a denied folder: say which
        raise MediaUnreadable(p, _stat_problem(exc)) from exc
    if stat.S_ISDIR(st.st_mode):
        raise not_video(p, "it is a folder")
    if not stat.S_ISREG(st.st_mode):  # a FIFO would block the decoder; it is not "empty"
        raise MediaUnreadable(p, "not a regular file (a pipe, socket or device)")
    if st.st_size == 0:
        raise MediaEmpty(p)
    try:
        container = open_container(p)
    except MediaError:
        raise
    except PermissionError as exc:
        raise MediaUnreadable(p, "permission to read the file was denied") from exc
    except FileNotFoundError as exc:  # vanished between the check and the open
        raise MediaMissing(p) from exc
    except (av.error.FFmpegError, OSError, ValueError) as exc:
        raise _explain_refusal(p) from exc
    try:
        stream = _first_video_stream(p, container)
    except BaseException:
        container.close()
        raise
    return container, stream


def open_container(path: Path) -> av.container.InputContainer:
    """PyAV's input container for a recording's file: a plain file by its path, a sealed
    file (vfcoach's encrypted media store) through a `SealedReader`, so its plaintext is
    only ever in memory. A damaged chunk raises `SealedDamaged` from the read, never
    garbage frames; a sealed file whose key this process was not given, `SealedKeyUnknown`.
    """
    if is_sealed(path):
        reader = SealedReader(path)
        try:
            # the container keeps `reader` alive and drops it when it is closed or freed
            return av.open(reader, mode="r", metadata_errors="ignore")
        except BaseException:
            reader.close()
            raise
    return av.open(str(path), mode="r", metadata_errors="ignore")


def _stat_problem(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop (the link points back to itself)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission to read the file was denied"
    return exc.strerror or type(exc).__name__


def _first_video_stream(path: Path, container: av.container.InputContainer) -> VideoStream:
    videos = [s for s in container.streams.video if not _is_cover_art(s)]
    if not videos:
        why = "it only has sound" if container.streams.audio else "it has no pictures"
        raise not_video(path, why)
    stream = videos[0]
    if stream.codec_context is None:
        raise MediaUnreadable(
            path, "its video format is not supported; convert it to MP4 (H.264) first"
        )
    return stream


def _is_cover_art(stream: VideoStream) -> bool:
    """An embedded still (album cover in an M4A) is a 'video stream' of one picture."""
    return bool(stream.disposition & av.stream.Disposition.attached_pic)


def _explain_refusal(path: Path) -> Exception:
    """Why FFmpeg refused the file, judged from its first bytes and its MP4 box layout."""
    if is_sealed(path):
        return MediaUnreadable(path, "the encrypted video cannot be read as a video")
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        return MediaUnreadable(path, f"the file cannot be read ({exc.strerror or exc})")
    if len(head) >= 8 and head[4:8] in _BMFF_FIRST_BOXES:
        if not _bmff_is_complete(path):
            return truncated(path)
        return MediaUnreadable(path, "the file is damaged and cannot be read")
    if head.startswith(_EBML_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"AVI "):
        return MediaUnreadable(path, "the file is damaged and cannot be read")
    return not_video(path)


def _bmff_is_complete(path: Path) -> bool:
    """True when the top-level boxes fit in the file and include the index ('moov').

    Cameras write 'moov' last, so an interrupted recording or copy leaves a file that
    starts like an MP4 but lacks it, or has its last box running past the end.
    """
    size = path.stat().st_size
    boxes = top_level_boxes(path)
    fits = all(length >= 8 and offset + length <= size for _, offset, length in boxes)
    return fits and any(kind == b"moov" for kind, _, _ in boxes)


def top_level_boxes(path: str | Path) -> list[tuple[bytes, int, int]]:
    """(type, offset, declared size) of each top-level MP4 box, in file order.

    The walk stops after a box whose declared size is impossible or runs past the end.
    """
    p = Path(path)
    size = p.stat().st_size
    boxes: list[tuple[bytes, int, int]] = []
    pos = 0
    with p.open("rb") as fh:
        while pos + 8 <= size:
            fh.seek(pos)
            header = fh.read(16)
            box_size, box_type = struct.unpack(">I4s", header[:8])
            if box_size == 1 and len(header) == 16:
                box_size = struct.unpack(">Q", header[8:16])[0]
            elif box_size == 0:  # "runs to the end of the file"
                box_size = size - pos
            boxes.append((box_type, pos, box_size))
            if box_size < 8 or pos + box_size > size:
                break
            pos += box_size
    return boxes
