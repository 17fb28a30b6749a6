"""The console tells a coder nothing of the other coder's blind pass: `reel add`, `reel export`
and `session list` read as `--by`/`--as` (issue 6 §1), and need one (issue 10, item 3).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.actors import who
from tests.cli.conftest import Cli
from tests.services.test_double_coding import coded
from tests.storage.conftest import annotation
from vfcoach.coding.annotation import PassPurpose
from vfcoach.coding.ids import AnnotationId, RecordingId
from vfcoach.coding.reels import Audience
from vfcoach.coding.reels.safety import HELD
from vfcoach.services.recordings.open_for_coding import start_coding
from vfcoach.services.reels.moments import NewReelOperation
from vfcoach.services.reliability.plan import AssignOperation
from vfcoach.storage.database import Database

CLOCK = re.compile(r"\d\d:\d\d:\d\d")


def blind_reel(db: Database) -> tuple[RecordingId, int, AnnotationId]:
    """Ana's coded recording, Ben assigned blind with an OVW at 6 s, and Ana's empty reel."""
    (rec,) = coded(db, "Ana", 1, "F-1")
    AssignOperation(db, rec, "Ben", actor=who(db, "Sue")).run()
    ovw = annotation(start_coding(db, rec, who(db, "Ben")).coding_pass.id, 150, "OVW")
    with db.uow() as uow:
        uow.annotations.add(ovw)
        uow.commit()
        visit_id = uow.recordings.get(rec).visit_id
    reel = NewReelOperation(db, visit_id, "For Mia", Audience.CAREGIVER, who(db, "Ana")).run().reel
    assert reel.id is not None
    return rec, reel.id, ovw.id


def test_reel_add_near_a_hidden_ovw_is_held_without_naming_it(
    cli: Cli, sqlite_url: str, sqlite_db: Database
) -> None:
    rec, reel, ovw = blind_reel(sqlite_db)
    db = ("--db", sqlite_url)
    near = ("reel", "add", reel, "--from", "5.6", "--to", "6.4", "--recording", rec,
            "--caption", "You waited.")  # fmt: skip
    anonymous = cli(*near, *db)
    assert anonymous.code == 1 and "--as NAME" in anonymous.error_line
    own = cli(*near, "--by", "Ben", *db)
    assert own.code == 1 and "OVW at 00:00:06.000" in own.err  # Ben's own code
    chosen = cli("reel", "add", reel, "--annotation", ovw, "--by", "Ana", *db)
    assert chosen.code == 1 and chosen.err.startswith(f"refused: event {ovw}: ")
    assert "OVW" not in chosen.err and not CLOCK.search(chosen.err)
    held = cli(*near, "--by", "Ana", *db)
    assert held.code == 0 and HELD in held.err, held.err
    assert "OVW" not in held.out + held.err
    assert (
        len(json.loads(cli("reel", "show", reel, "--json", "--as", "Ana", *db).out)["clips"]) == 1
    )
    assert cli("pass", "submit", rec, "--coder", "Ana", "--by", "Ana", *db).code == 0
    assert cli("pass", "submit", rec, "--coder", "Ben", "--by", "Ben", *db).code == 0
    after = cli(*near, "--by", "Ana", *db)
    assert after.code == 1 and "OVW at 00:00:06.000" in after.err  # both submitted: named


def test_reel_export_as_the_coach_does_not_name_the_hidden_moment(
    cli: Cli, sqlite_url: str, sqlite_db: Database, tmp_path: Path
) -> None:
    rec, reel, _ovw = blind_reel(sqlite_db)
    db = ("--db", sqlite_url)
    early = cli("reel", "add", reel, "--from", "8", "--to", "9", "--recording", rec,
                "--caption", "You waited.", "--by", "Ana", *db)  # fmt: skip
    assert early.code == 0, early.err
    with sqlite_db.uow() as uow:
        (ben_pass,) = [
            p for p in uow.passes.for_recording(rec) if p.purpose is not PassPurpose.PRIMARY
        ]
        uow.annotations.add(annotation(ben_pass.id, 210, "INT"))  # under the clip, coded later
        uow.commit()
    out = tmp_path / "reel.mp4"
    r = cli("reel", "export", reel, "--out", out, "--as", "Ana", *db)
    assert r.code == 1 and HELD in r.error_line and "INT" not in r.error_line
    assert not CLOCK.search(r.error_line) and not out.exists()


def test_session_list_counts_only_what_the_asker_may_read(
    cli: Cli, sqlite_url: str, sqlite_db: Database
) -> None:
    blind_reel(sqlite_db)
    db = ("--db", sqlite_url)

    def count(*who: str) -> int:
        r = cli("session", "list", "--json", *who, *db)
        assert r.code == 0, r.err
        (row,) = json.loads(r.out)
        return int(row["annotation_count"])

    assert (count("--as", "Ana"), count("--as", "Ben")) == (3, 1)
    anonymous = cli("session", "list", *db)
    assert anonymous.code == 1 and "--as NAME" in anonymous.error_line
    table = cli("session", "list", "--as", "Ben", *db)
    assert table.code == 0 and re.search(r"00:00:10\.000\s+1\s", table.out), table.out
