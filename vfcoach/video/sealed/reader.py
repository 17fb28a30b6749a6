"""Random-access reading of a sealed file: each read decrypts only the chunks it touches.

`SealedReader` is a seekable binary file object (read, readinto, seek, tell), which is what
PyAV needs for `av.open(fileobj)` and what the player's `QIODevice` wraps. The two chunks
read last are kept decrypted, because a demuxer reads a chunk in several small pieces and
steps back a little now and then. A chunk that fails its check raises `SealedDamaged`:
never a byte of an unauthenticated chunk is handed out.
"""

from __future__ import annotations

import io
import os
import threading
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from vfcoach.video.sealed.errors import SealedDamaged, SealedKeyUnknown
from vfcoach.video.sealed.format import (
    HEADER_SIZE,
    TAG_SIZE,
    BadHeader,
    Header,
    is_sealed_head,
    nonce,
    parse_header,
)
from vfcoach.video.sealed.keys import key_for

_KEEP = 2  # decrypted chunks kept


class SealedReader(io.RawIOBase):
    """The plaintext of a sealed file, read through its key."""

    def __init__(self, path: str | Path, key: bytes | None = None) -> None:
        super().__init__()
        self.path = Path(path)
        self._fh: BinaryIO = self.path.open("rb")
        try:
            raw = self._fh.read(HEADER_SIZE)
            try:
                self.header = parse_header(raw)
            except BadHeader as exc:
                raise SealedDamaged(self.path, str(exc)) from exc
            if key is None:
                key = key_for(self.header.file_id)
            if key is None:
                raise SealedKeyUnknown(self.path)
            actual = os.fstat(self._fh.fileno()).st_size
            if actual != self.header.sealed_size:
                why = (
                    "it is shorter than written"
                    if actual < self.header.sealed_size
                    else ("it has bytes added at the end")
                )
                raise SealedDamaged(self.path, why)
        except BaseException:
            self._fh.close()
            raise
        self._aead = AESGCM(key)
        self._pos = 0
        self._cache: dict[int, bytes] = {}
        self._lock = threading.Lock()  # Qt may read on its own thread

    @property
    def size(self) -> int:
        return self.header.length

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_SET:
            pos = offset
        elif whence == io.SEEK_CUR:
            pos = self._pos + offset
        elif whence == io.SEEK_END:
            pos = self.header.length + offset
        else:
            raise ValueError(f"invalid whence {whence}")
        if pos < 0:
            raise OSError(22, "negative seek position")
        self._pos = pos
        return pos

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        n = len(data)
        memoryview(buffer)[:n] = data
        return n

    def read(self, size: int | None = -1) -> bytes:
        with self._lock:
            end = self.header.length if size is None or size < 0 else self._pos + size
            return self._read_locked(min(end, self.header.length))

    def read_at(self, pos: int, size: int) -> bytes:
        """`size` bytes from `pos` without moving this reader's position (Qt's device)."""
        with self._lock:
            saved = self._pos
            self._pos = pos
            try:
                return self._read_locked(min(pos + size, self.header.length))
            finally:
                self._pos = saved

    def _read_locked(self, end: int) -> bytes:
        if self._pos >= end:
            return b""
        cs = self.header.chunk_size
        parts: list[bytes] = []
        pos = self._pos
        while pos < end:
            index, within = divmod(pos, cs)
            plain = self._chunk(index)
            take = plain[within : within + (end - pos)]
            parts.append(take)
            pos += len(take)
        self._pos = pos
        return parts[0] if len(parts) == 1 else b"".join(parts)

    def _chunk(self, index: int) -> bytes:
        hit = self._cache.get(index)
        if hit is not None:
            return hit
        h: Header = self.header
        want = h.chunk_plain_size(index) + TAG_SIZE
        self._fh.seek(h.chunk_offset(index))
        sealed = self._fh.read(want)
        if len(sealed) != want:
            raise SealedDamaged(self.path, f"part {index + 1} is cut short")
        try:
            plain = self._aead.decrypt(nonce(index), sealed, h.associated_data(index))
        except InvalidTag:
            raise SealedDamaged(
                self.path, f"part {index + 1} of {h.chunk_count} failed its check"
            ) from None
        if len(self._cache) >= _KEEP:
            self._cache.pop(next(iter(self._cache)))
        self._cache[index] = plain
        return plain

    def close(self) -> None:
        if not self.closed:
            self._fh.close()
            self._cache.clear()
        super().close()


def is_sealed(path: str | Path) -> bool:
    """Whether the file at `path` is a sealed file (False for anything unreadable)."""
    try:
        with Path(path).open("rb") as fh:
            return is_sealed_head(fh.read(HEADER_SIZE))
    except OSError:
        return False


def open_media(path: str | Path) -> BinaryIO:
    """The plaintext bytes of a recording's file, sealed or not, as a seekable file object."""
    if is_sealed(path):
        return SealedReader(path)  # type: ignore[return-value]
    return Path(path).open("rb")
