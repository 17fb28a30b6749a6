"""The sealed media file: a video encrypted in fixed-size chunks that can be read anywhere.

A coach's recordings are home video of infants. vfcoach copies them into its media store
encrypted, yet the player and the exact-frame grabber seek all over a file, so the file is cut
into chunks of 64 KiB of plaintext, each sealed on its own with AES-256-GCM: reading a
position decrypts only the chunks it touches.

Layout (all integers big-endian)::

    header  (40 bytes)  magic "VFCSEAL1" | version u16 | flags u16 | chunk size u32
                        | file id (16 random bytes) | plaintext length u64
    chunk 0 ... chunk n-1   ciphertext of up to `chunk size` bytes + 16-byte tag

Why each chunk cannot be moved, swapped or dropped unnoticed: its nonce is its index, and
its associated data is the header's fixed part (magic, version, chunk size, file id) plus
the index plus a final-chunk flag. A chunk from another file fails (other file id, and
another key), two swapped chunks fail (their index is in the nonce), and a file cut at a
chunk boundary fails because the chunk the header's length calls last was not sealed as
final. A file always has at least one chunk (an empty final one for no plaintext), so the
header is authenticated too. The key is random per file, so a nonce never repeats under it.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

MAGIC = b"VFCSEAL1"
VERSION = 1
CHUNK_SIZE = 64 * 1024
TAG_SIZE = 16
KEY_SIZE = 32
FILE_ID_SIZE = 16
_HEADER = struct.Struct(">8sHHI16sQ")
HEADER_SIZE = _HEADER.size  # 40
SUFFIX = ".vfm"


@dataclass(frozen=True, slots=True)
class Header:
    """What the first bytes of a sealed file say about it."""

    chunk_size: int
    file_id: bytes
    length: int  # plaintext bytes

    def pack(self) -> bytes:
        return _HEADER.pack(MAGIC, VERSION, 0, self.chunk_size, self.file_id, self.length)

    @property
    def chunk_count(self) -> int:
        return max(1, -(-self.length // self.chunk_size))

    @property
    def sealed_size(self) -> int:
        """The exact size of the whole file this header describes."""
        return HEADER_SIZE + self.chunk_count * TAG_SIZE + self.length

    def chunk_offset(self, index: int) -> int:
        return HEADER_SIZE + index * (self.chunk_size + TAG_SIZE)

    def chunk_plain_size(self, index: int) -> int:
        if index < self.chunk_count - 1:
            return self.chunk_size
        return self.length - index * self.chunk_size

    def associated_data(self, index: int) -> bytes:
        return associated_data(
            self.chunk_size, self.file_id, index, final=index == self.chunk_count - 1
        )


def associated_data(chunk_size: int, file_id: bytes, index: int, *, final: bool) -> bytes:
    """Header's fixed part + chunk index + final flag: binds a chunk to its place."""
    fixed = _HEADER.pack(MAGIC, VERSION, 0, chunk_size, file_id, 0)[:-8]
    return fixed + struct.pack(">QB", index, 1 if final else 0)


def nonce(index: int) -> bytes:
    """The 96-bit GCM nonce of chunk `index` (unique per key: one key per file)."""
    return struct.pack(">IQ", 0, index)


def is_sealed_head(head: bytes) -> bool:
    """Whether the first bytes of a file are a sealed media file's."""
    return head[: len(MAGIC)] == MAGIC


class BadHeader(ValueError):
    """The header is not a sealed file's this version can read."""


def parse_header(raw: bytes) -> Header:
    if len(raw) < HEADER_SIZE or not is_sealed_head(raw):
        raise BadHeader("the file does not start like an encrypted vfcoach video")
    _, version, _flags, chunk_size, file_id, length = _HEADER.unpack(raw[:HEADER_SIZE])
    if version != VERSION:
        raise BadHeader(f"it was written by a newer vfcoach (format {version})")
    if not 1024 <= chunk_size <= 1 << 24:
        raise BadHeader("its header is damaged")
    return Header(chunk_size=chunk_size, file_id=file_id, length=length)
