"""Sealing a video into the media store: streaming, all or nothing.

The copy goes to a hidden part name inside the media folder (never a temporary folder
elsewhere, so a half-written file stays where vfcoach clears it), each 64 KiB chunk is
encrypted as it is read, the header's length is written last, the file is fsynced and then
renamed onto its final `<file id>.vfm` name, and the folder is fsynced. A cancel or an error
deletes the part file, so the media folder holds whole sealed files or nothing.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from vfcoach.coding.cancel import CancelToken, Progress, no_progress
from vfcoach.video.sealed.format import (
    CHUNK_SIZE,
    FILE_ID_SIZE,
    HEADER_SIZE,
    KEY_SIZE,
    SUFFIX,
    Header,
    associated_data,
    nonce,
)

PART_SUFFIX = ".vfm-part"
_FILE_MODE = 0o600


@dataclass(frozen=True, slots=True)
class SealedFile:
    """A sealed file just written: where, its id and key (for the database), its length."""

    path: Path
    file_id: bytes
    key: bytes
    length: int


def new_key() -> bytes:
    return secrets.token_bytes(KEY_SIZE)


def new_file_id() -> bytes:
    return secrets.token_bytes(FILE_ID_SIZE)


class _ChunkSealer:
    """Encrypts whole chunks as plaintext arrives; the last one is sealed as final."""

    def __init__(self, out: BinaryIO, key: bytes, file_id: bytes, chunk_size: int) -> None:
        self._out = out
        self._aead = AESGCM(key)
        self._file_id = file_id
        self._cs = chunk_size
        self._pending = bytearray()
        self._index = 0
        self.length = 0
        out.write(b"\0" * HEADER_SIZE)

    def _header(self, length: int) -> Header:
        return Header(chunk_size=self._cs, file_id=self._file_id, length=length)

    def write(self, data: bytes) -> None:
        self.length += len(data)
        buf = bytes(self._pending) + data if self._pending else data
        view, pos, cs = memoryview(buf), 0, self._cs
        # keep at least one byte back: the final chunk is only known at the end
        while len(buf) - pos > cs:
            self._seal(view[pos : pos + cs], final=False)
            pos += cs
        self._pending = bytearray(view[pos:])

    def _seal(self, plain: bytes | memoryview, *, final: bool) -> None:
        ad = associated_data(self._cs, self._file_id, self._index, final=final)
        self._out.write(self._aead.encrypt(nonce(self._index), plain, ad))
        self._index += 1

    def finish(self) -> None:
        self._seal(bytes(self._pending), final=True)
        self._pending.clear()
        self._out.flush()
        self._out.seek(0)
        self._out.write(self._header(self.length).pack())
        self._out.flush()


def seal_stream(
    src: BinaryIO,
    folder: Path,
    *,
    total: int | None = None,
    progress: Progress = no_progress,
    token: CancelToken | None = None,
    chunk_size: int = CHUNK_SIZE,
    message: str = "Encrypting the video into vfcoach's media store",
) -> SealedFile:
    """Seal everything `src` yields into a new file in `folder`; all or nothing."""
    folder.mkdir(parents=True, exist_ok=True)
    key, file_id = new_key(), new_file_id()
    final = folder / f"{file_id.hex()}{SUFFIX}"
    part = folder / f".{file_id.hex()}.{os.getpid()}{PART_SUFFIX}"
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as out:
            sealer = _ChunkSealer(out, key, file_id, chunk_size)
            step = chunk_size * 16  # 1 MiB reads
            while True:
                if token is not None:
                    token.check()
                data = src.read(step)
                if not data:
                    break
                sealer.write(data)
                if total:
                    progress(min(1.0, sealer.length / total), message)
            sealer.finish()
            os.fsync(out.fileno())
        part.replace(final)
        _fsync_dir(folder)
    except BaseException:
        with contextlib.suppress(OSError):
            part.unlink()
        raise
    return SealedFile(path=final, file_id=file_id, key=key, length=sealer.length)


def seal_file(
    source: Path,
    folder: Path,
    progress: Progress = no_progress,
    token: CancelToken | None = None,
) -> SealedFile:
    """Seal a copy of the file `source` into `folder` (the source is left as it was)."""
    with source.open("rb") as src:
        total = os.fstat(src.fileno()).st_size
        return seal_stream(src, folder, total=total, progress=progress, token=token)


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
