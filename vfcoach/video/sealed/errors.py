"""Named failures of sealed (encrypted) media files, each with one line a coach can act on."""

from __future__ import annotations

from pathlib import Path

from vfcoach.video.errors import MediaUnreadable


class SealedDamaged(MediaUnreadable):
    """A chunk failed its authentication check: the file was altered, cut or damaged.

    Never shown as garbage frames: the read stops with this message instead.
    """

    def __init__(self, path: str | Path, where: str) -> None:
        super().__init__(
            path,
            f"the encrypted video is damaged ({where}); restore it from a backup "
            "or add the original video again",
        )


class SealedKeyUnknown(MediaUnreadable):
    """A sealed file opened without its recording's key (it lives in the database)."""

    def __init__(self, path: str | Path) -> None:
        super().__init__(
            path,
            "this is an encrypted video from vfcoach's media store; open it as a recording "
            "of the database it was added to",
        )
