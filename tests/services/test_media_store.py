"""The encrypted media store: adding a video seals it, its key is in the database (both
backends), it opens and shows exact frames through that key, its bytes hold no plaintext,
and a cancelled or failed add leaves no file behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.actors import who
from vfcoach.coding.cancel import Cancelled, CancelToken
from vfcoach.services.recordings.add import AddRecordingsOperation, Placement, check_file
from vfcoach.services.recordings.import_recording import ImportRecordingOperation
from vfcoach.services.recordings.media_source import load_media_source
from vfcoach.services.recordings.relink import RelinkOperation
from vfcoach.services.recordings.store import encrypted_ids, media_store_folder, seal_into_store
from vfcoach.storage.database import Database
from vfcoach.video.fingerprint import fingerprint
from vfcoach.video.grabber import FrameGrabber
from vfcoach.video.sealed import SealedKeyUnknown, forget_key, is_sealed
from vfcoach.video.sealed.reader import SealedReader
from vfcoach.video.synth import read_frame_index


def plaintext_windows(source: bytes, size: int = 64, stride: int = 16) -> set[bytes]:
    return {source[i : i + size] for i in range(0, len(source) - size, stride)}


def holds_plaintext(data: bytes, windows: set[bytes], size: int = 64) -> bool:
    """Whether any `size`-byte window of the source appears in `data` (checked by hashing
    every window of `data` against the set: one pass, no quadratic search)."""
    return any(data[i : i + size] in windows for i in range(0, max(0, len(data) - size + 1)))


def _store_files() -> set[str]:
    return {p.name for p in media_store_folder().iterdir()}


def test_added_video_is_sealed_keyed_in_the_database_and_opens(
    db: Database, cfr_video: Path
) -> None:
    rec = ImportRecordingOperation(db, cfr_video, "F-0300").run()
    stored = Path(rec.media_path)
    assert stored.parent == media_store_folder() and is_sealed(stored)
    assert stored.stat().st_mode & 0o777 == 0o600
    with db.uow() as uow:
        key = uow.media_keys.get(rec.id)
        assert key is not None and len(key.key) == 32 and key.key.hex() not in repr(key)
        assert rec.id in uow.media_keys.sealed()
    assert SealedReader(stored).header.file_id == key.file_id
    forget_key(key.file_id)  # a fresh process: only the database can give the key back
    with pytest.raises(SealedKeyUnknown):
        SealedReader(stored)
    media = load_media_source(db, rec.id)
    media.verify()  # the fingerprint is the plaintext's, the same as the original file
    with FrameGrabber(media) as grabber:
        for i in (33, 2, 74, 0, 51):
            assert read_frame_index(grabber.grab(i)) == i


def test_the_stored_file_holds_no_plaintext_of_the_video(
    sqlite_db: Database, cfr_video: Path
) -> None:
    rec = ImportRecordingOperation(sqlite_db, cfr_video, "F-0301").run()
    source = cfr_video.read_bytes()
    assert not holds_plaintext(Path(rec.media_path).read_bytes(), plaintext_windows(source))


def test_kept_in_place_is_not_copied(sqlite_db: Database, cfr_video: Path) -> None:
    before = _store_files()
    rec = ImportRecordingOperation(sqlite_db, cfr_video, "F-0302", keep_in_place=True).run()
    assert rec.media_path == str(cfr_video.absolute()) and _store_files() == before
    with sqlite_db.uow() as uow:
        assert uow.media_keys.get(rec.id) is None


def test_cancel_mid_copy_leaves_nothing(tmp_path: Path) -> None:
    big = tmp_path / "big.mp4"
    big.write_bytes(os.urandom(5 * 1024 * 1024))  # five 1 MiB reads
    folder = tmp_path / "media"
    token = CancelToken()
    seen: list[float] = []

    def progress(done: float, _msg: str) -> None:
        seen.append(done)
        if done > 0.3:
            token.cancel()

    with pytest.raises(Cancelled):
        seal_into_store(big, "v1:0:unused", progress, token, folder=folder)
    assert 0.3 < max(seen) < 1.0  # it really stopped in the middle
    assert list(folder.iterdir()) == []


def test_a_copy_that_does_not_match_is_not_kept(tmp_path: Path, cfr_video: Path) -> None:
    folder = tmp_path / "media"
    with pytest.raises(Exception, match="changed while it was being copied"):
        seal_into_store(cfr_video, "v1:1:not-this-one", folder=folder)
    assert list(folder.iterdir()) == []


def test_a_cancelled_add_of_several_videos_keeps_no_copy(
    sqlite_db: Database, cfr_video: Path, vfr_video: Path
) -> None:
    before = _store_files()
    checks = [check_file(sqlite_db, p, look_for_damage=False) for p in (cfr_video, vfr_video)]
    placements = [Placement(c, "F-0303", 1, None) for c in checks]
    token = CancelToken()

    def progress(_done: float, msg: str) -> None:
        if msg.startswith("Saving"):  # both copies made, the database write under way
            token.cancel()

    op = AddRecordingsOperation(sqlite_db, placements, who(sqlite_db, "Tester"))
    with pytest.raises(Cancelled):
        op.run(progress, token)
    assert _store_files() == before
    with sqlite_db.uow() as uow:
        assert uow.recordings.list() == []
    added = AddRecordingsOperation(sqlite_db, placements, who(sqlite_db, "Tester")).run()
    assert all(is_sealed(r.media_path) for r in added) and len(_store_files() - before) == 2


def test_a_sealed_recording_relinked_to_a_plain_copy_is_said_to_be_unencrypted(
    sqlite_db: Database, cfr_video: Path, tmp_path: Path
) -> None:
    rec = ImportRecordingOperation(sqlite_db, cfr_video, "F-0304").run()
    with sqlite_db.uow() as uow:
        assert rec.id in encrypted_ids(uow)
    Path(rec.media_path).unlink()  # the store's copy is lost; the coach still has the original
    folder = tmp_path / "found"
    folder.mkdir()
    (folder / "visit.mp4").write_bytes(cfr_video.read_bytes())
    RelinkOperation(sqlite_db, rec.id, folder).run()
    with sqlite_db.uow() as uow:
        assert rec.id not in encrypted_ids(uow)
        assert uow.media_keys.get(rec.id) is not None  # kept: never lose what reads a video
    with FrameGrabber(load_media_source(sqlite_db, rec.id)) as grabber:
        assert read_frame_index(grabber.grab(9)) == 9


def test_a_part_file_left_by_a_killed_add_is_cleared_by_the_next_add(
    tmp_path: Path, cfr_video: Path
) -> None:
    folder = tmp_path / "media"
    folder.mkdir()
    dead = folder / f".{'ab' * 16}.{2**22 + 4321}.vfm-part"  # a pid no process has
    dead.write_bytes(b"half a video")
    mine = folder / f".{'cd' * 16}.{os.getpid()}.vfm-part"  # this process's: maybe in use
    mine.write_bytes(b"being written")
    sealed = seal_into_store(cfr_video, fingerprint(cfr_video), folder=folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted([sealed.path.name, mine.name])
