"""`vfcoach session add` encrypts by default; a sealed file given to a command as a bare file
(no recording, so no key) is refused in one line, and nothing is written."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Cli
from vfcoach.storage.database import Database
from vfcoach.video.sealed import forget_key, is_sealed


def test_a_sealed_file_without_its_recording_is_refused_in_one_line(
    cli: Cli, sqlite_url: str, cfr_video: Path, tmp_path: Path
) -> None:
    added = cli("session", "add", cfr_video, "--family", "F-0600", "--db", sqlite_url)
    assert added.code == 0, added.err
    with Database.open(sqlite_url) as db, db.uow() as uow:
        rec = uow.recordings.get(int(added.out))  # type: ignore[arg-type]
        key = uow.media_keys.get(rec.id)
    assert key is not None and is_sealed(rec.media_path)
    forget_key(key.file_id)  # as in a new process that opened no recording
    out = tmp_path / "still.png"
    for argv in (("frame", rec.media_path, "--index", 3, "--out", out), ("probe", rec.media_path)):
        r = cli(*argv)
        assert r.code == 1
        assert "encrypted video from vfcoach's media store" in r.error_line
    assert not out.exists()
    listed = cli("session", "list", "--db", sqlite_url)
    assert "recording 1 (encrypted by vfcoach)" in listed.out and cfr_video.name not in listed.out
