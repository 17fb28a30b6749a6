"""The sealed file format: a round trip at every chunk boundary, any position readable, and
every kind of tampering (a changed byte, swapped chunks, a cut file, a foreign chunk)
refused with a clear error instead of wrong bytes."""

from __future__ import annotations

import io
import os
import random
from pathlib import Path

import pytest

from vfcoach.video.sealed import SealedDamaged, SealedKeyUnknown, SealedReader, seal_stream
from vfcoach.video.sealed.format import HEADER_SIZE, TAG_SIZE, parse_header

CS = 1024  # small chunks so boundaries are cheap to reach


def _seal(tmp_path: Path, data: bytes, cs: int = CS):  # type: ignore[no-untyped-def]
    return seal_stream(io.BytesIO(data), tmp_path / "store", chunk_size=cs)


def _read_all(path: Path, key: bytes) -> bytes:
    with SealedReader(path, key) as r:
        return r.read()


@pytest.mark.parametrize(
    "n", [0, 1, CS - 1, CS, CS + 1, 2 * CS - 1, 2 * CS, 2 * CS + 1, 5 * CS, 5 * CS + 7]
)
def test_round_trip_at_every_chunk_boundary(tmp_path: Path, n: int) -> None:
    data = os.urandom(n)
    sealed = _seal(tmp_path, data)
    assert sealed.length == n
    assert _read_all(sealed.path, sealed.key) == data
    assert sealed.path.stat().st_size == parse_header(sealed.path.read_bytes()).sealed_size
    assert sealed.path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in sealed.path.parent.iterdir()] == [sealed.path.name]


def test_any_position_reads_the_right_bytes(tmp_path: Path) -> None:
    data = os.urandom(7 * CS + 123)
    sealed = _seal(tmp_path, data)
    rnd = random.Random(14)
    with SealedReader(sealed.path, sealed.key) as r:
        assert r.seek(0, io.SEEK_END) == len(data)
        for _ in range(300):
            pos = rnd.randrange(0, len(data) + 10)
            size = rnd.choice([1, 5, CS - 1, CS, CS + 1, 3 * CS])
            r.seek(pos)
            assert r.read(size) == data[pos : pos + size]
            assert r.tell() == min(pos + size, len(data)) if pos < len(data) else pos
            assert r.read_at(pos, size) == data[pos : pos + size]
        buf = bytearray(100)
        r.seek(CS - 50)
        assert r.readinto(buf) == 100 and bytes(buf) == data[CS - 50 : CS + 50]


def test_the_store_holds_no_plaintext_window(tmp_path: Path) -> None:
    data = bytes(range(256)) * 64 + os.urandom(3000)  # repetitive plaintext too
    stored = _seal(tmp_path, data).path.read_bytes()
    windows = {data[i : i + 64] for i in range(0, len(data) - 64, 7)}
    assert not any(w in stored for w in windows)


def _chunk_span(index: int, cs: int = CS) -> tuple[int, int]:
    start = HEADER_SIZE + index * (cs + TAG_SIZE)
    return start, start + cs + TAG_SIZE


def _expect_damage(path: Path, key: bytes) -> str:
    with pytest.raises(SealedDamaged) as caught:
        _read_all(path, key)
    return str(caught.value)


def test_a_changed_byte_anywhere_is_detected(tmp_path: Path) -> None:
    data = os.urandom(4 * CS + 10)
    sealed = _seal(tmp_path, data)
    raw = sealed.path.read_bytes()
    for where in [0, 9, 12, 20, HEADER_SIZE + 3, HEADER_SIZE + CS + 5, len(raw) - 1]:
        bad = bytearray(raw)
        bad[where] ^= 0x40
        sealed.path.write_bytes(bytes(bad))
        message = _expect_damage(sealed.path, sealed.key)
        assert "damaged" in message


def test_a_damaged_chunk_fails_only_where_it_is_read(tmp_path: Path) -> None:
    data = os.urandom(4 * CS)
    sealed = _seal(tmp_path, data)
    bad = bytearray(sealed.path.read_bytes())
    bad[_chunk_span(2)[0] + 10] ^= 1
    sealed.path.write_bytes(bytes(bad))
    with SealedReader(sealed.path, sealed.key) as r:
        assert r.read(2 * CS) == data[: 2 * CS]  # the chunks before it are fine
        with pytest.raises(SealedDamaged, match="part 3 of 4"):
            r.read(10)


def test_swapped_chunks_are_detected(tmp_path: Path) -> None:
    sealed = _seal(tmp_path, os.urandom(4 * CS))
    raw = sealed.path.read_bytes()
    (a0, a1), (b0, b1) = _chunk_span(0), _chunk_span(1)
    swapped = raw[:a0] + raw[b0:b1] + raw[a0:a1] + raw[b1:]
    sealed.path.write_bytes(swapped)
    _expect_damage(sealed.path, sealed.key)


@pytest.mark.parametrize("cut", ["boundary", "mid", "header"])
def test_a_cut_file_is_detected(tmp_path: Path, cut: str) -> None:
    sealed = _seal(tmp_path, os.urandom(4 * CS))
    raw = sealed.path.read_bytes()
    end = {"boundary": _chunk_span(3)[0], "mid": len(raw) - 5, "header": 20}[cut]
    sealed.path.write_bytes(raw[:end])
    _expect_damage(sealed.path, sealed.key)


def test_a_cut_file_with_its_header_rewritten_is_detected(tmp_path: Path) -> None:
    """Dropping the last chunk AND fixing the length in the header still fails: the chunk
    that becomes last was not sealed as final."""
    data = os.urandom(4 * CS)
    sealed = _seal(tmp_path, data)
    raw = bytearray(sealed.path.read_bytes()[: _chunk_span(3)[0]])
    raw[HEADER_SIZE - 8 : HEADER_SIZE] = (3 * CS).to_bytes(8, "big")
    sealed.path.write_bytes(bytes(raw))
    _expect_damage(sealed.path, sealed.key)


def test_a_chunk_from_another_file_is_detected(tmp_path: Path) -> None:
    one = _seal(tmp_path, os.urandom(3 * CS))
    other = _seal(tmp_path, os.urandom(3 * CS))
    raw, foreign = one.path.read_bytes(), other.path.read_bytes()
    s, e = _chunk_span(1)
    one.path.write_bytes(raw[:s] + foreign[s:e] + raw[e:])
    _expect_damage(one.path, one.key)


def test_a_wrong_or_missing_key_is_refused(tmp_path: Path) -> None:
    sealed = _seal(tmp_path, os.urandom(100))
    _expect_damage(sealed.path, bytes(32))
    with pytest.raises(SealedKeyUnknown, match="encrypted video from vfcoach"):
        SealedReader(sealed.path)
