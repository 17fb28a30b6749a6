"""Named media failures, each with one line a coach can act on.

A coach sees these messages when a recording will not open, so each one names the file and
says what is wrong in plain words (not an FFmpeg error code). The class tells the UI which
advice to offer: find the file again, copy it again from the camera, or convert it.
"""

from __future__ import annotations

from pathlib import Path

from vfcoach.coding.errors import VfcoachError


class MediaError(VfcoachError):
    """A recording that cannot be used (or not entirely); `path` is the file concerned."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path.name}: {problem}")


class MediaMissing(MediaError):
    """The file is not where it was; the fingerprint may find it elsewhere."""

    def __init__(self, path: str | Path) -> None:
        super().__init__(
            path, "the file was not found (it may have been moved, renamed or deleted)"
        )


class MediaEmpty(MediaError):
    """A 0-byte file, typically a copy that failed before any data arrived."""

    def __init__(self, path: str | Path) -> None:
        super().__init__(path, "the file is empty (0 bytes); copy it again from the camera")


class MediaNotVideo(MediaError):
    """Not a media file at all, or one without pictures (e.g. an audio-only file)."""


class MediaTruncated(MediaError):
    """The recording stops early, typically because the camera or the copy was interrupted."""


class MediaUnreadable(MediaError):
    """Anything else: unsupported codec, no permission, or a frame too damaged to decode."""


class FrameDamaged(MediaUnreadable):
    """One frame cannot be decoded while the rest of the recording can; `frame` says which."""

    def __init__(self, path: str | Path, frame: int) -> None:
        self.frame = frame
        super().__init__(path, f"frame {frame} is damaged and cannot be shown")


def truncated(path: str | Path) -> MediaTruncated:
    """The standard message for an MP4/MOV whose index (moov atom) never got written."""
    return MediaTruncated(
        path,
        "the file is incomplete (the recording was cut off before it was finished; "
        "the index at the end of the file is missing)",
    )


def not_video(path: str | Path, why: str = "it is not a video file") -> MediaNotVideo:
    return MediaNotVideo(path, f"cannot be opened as a video ({why})")
