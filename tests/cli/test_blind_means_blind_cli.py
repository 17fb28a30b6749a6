"""Blind means blind (issue 10, item 3), at the console.

Ana coached the recording (her primary pass: a NUR at 10 s and an OVW at 42 s); Ben is
assigned to code it again blind and has coded a NUR at 20 s. Both passes are drafts. Nothing
Ben types may tell him where Ana's OVW is, nothing Ana types where Ben's codes are, and a
database that has blind double coding needs to know who is asking before it shows codes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.actors import who
from tests.cli.conftest import Cli, Result, run_module
from tests.consent_helpers import agree_in
from tests.storage.conftest import annotation, media_facts
from vfcoach.coding.annotation import PassStatus
from vfcoach.coding.ids import AnnotationId, RecordingId, VisitId
from vfcoach.coding.project import CoderRole
from vfcoach.coding.reels import Audience
from vfcoach.coding.scheme_json import builtin_scheme
from vfcoach.services.recordings.open_for_coding import start_coding
from vfcoach.services.reels.moments import NewReelOperation
from vfcoach.services.reliability.plan import AssignOperation
from vfcoach.storage.database import Database

CLOCK = re.compile(r"\d\d:\d\d:\d\d")
LONG = 1500  # frames at 25 fps: a one-minute recording
HELD = "held until the double coding"
REASON = "she asked to see this moment again"
RANGE = ("--from", "40", "--to", "44", "--caption", "You waited.")
INTO_ANA = ("--coder", "Ana", "--replace")


@dataclass(frozen=True)
class World:
    rec: RecordingId
    visit: VisitId
    reel: int
    ana_nur: AnnotationId
    ana_ovw: AnnotationId
    db: tuple[str, str]


def two_coders(db: Database, url: str, ovw_frame: int = 1050, blind: bool = True) -> World:
    """The recording of the module docstring; Ana's OVW at `ovw_frame` (42 s by default)."""
    with db.uow() as uow:
        fam = uow.families.add("F-1")
        agree_in(uow, fam.id)  # supervision, double coding, reels: the family agreed
        scheme = uow.schemes.ensure(builtin_scheme("abc-style"))
        assert scheme.id is not None
        ana = uow.coders.get_or_create("Ana")
        visit = uow.visits.add(fam.id, 1, date=dt.date(2026, 1, 3))
        rec = uow.recordings.add(visit.id, "/v.mp4", media_facts(frames=LONG), scheme_id=scheme.id)
        p = uow.passes.get_or_create(rec.id, ana.id, scheme.id)
        nur, ovw = annotation(p.id, 250), annotation(p.id, ovw_frame, "OVW")
        uow.annotations.add(nur)
        uow.annotations.add(ovw)
        uow.commit()
    if blind:
        AssignOperation(db, rec.id, "Ben", actor=who(db, "Sue")).run()
        ben = start_coding(db, rec.id, who(db, "Ben")).coding_pass
        with db.uow() as uow:
            uow.annotations.add(annotation(ben.id, 500))
            uow.commit()
    reel = NewReelOperation(db, visit.id, "For Mia", Audience.CAREGIVER, who(db, "Ana")).run().reel
    assert reel.id is not None
    return World(rec.id, visit.id, reel.id, nur.id, ovw.id, ("--db", url))


def make_supervisor(db: Database, name: str = "Sue") -> None:
    with db.uow() as uow:
        uow.coders.set_role(uow.coders.get_or_create(name).id, CoderRole.SUPERVISOR)
        uow.commit()


def quiet(r: Result, *words: str) -> None:
    """Nothing printed names these codes, captions or clock times."""
    text = r.out + r.err
    for word in words:
        assert word not in text, text


def code_reading_commands(w: World, tmp_path: Path) -> dict[str, tuple[object, ...]]:
    rec, visit, reel = w.rec, w.visit, w.reel
    return {
        "session list": ("session", "list"),
        "annotations export": ("annotations", "export", rec, "--coder", "Ana", "--format", "csv"),
        "tally": ("tally", rec, "--coder", "Ana", "--format", "json"),
        "irr": ("irr", rec, "--coders", "Ana", "Ben"),
        "drift": ("drift",),
        "reel create": ("reel", "create", visit),
        "reel add (range)": ("reel", "add", reel, *RANGE, "--recording", rec),
        "reel add (event)": ("reel", "add", reel, "--annotation", w.ana_nur),
        "reel list": ("reel", "list", visit),
        "reel show": ("reel", "show", reel),
        "reel export": ("reel", "export", reel, "--out", tmp_path / "r.mp4"),
        "fidelity draw": ("fidelity", "draw", rec, "--coder", "Ana", "--seed", "1"),
        "pass submit": ("pass", "submit", rec, "--coder", "Ana"),
        "annotations import": ("annotations", "import", rec, csv_file(tmp_path), *INTO_ANA),
    }


def csv_file(folder: Path) -> Path:
    path = folder / "codes.csv"
    path.write_text("code,onset\n", encoding="utf-8")
    return path


def test_every_code_reading_command_asks_who_is_asking(
    cli: Cli, sqlite_url: str, sqlite_db: Database, tmp_path: Path
) -> None:
    w = two_coders(sqlite_db, sqlite_url)
    for name, argv in code_reading_commands(w, tmp_path).items():
        r = cli(*argv, *w.db)
        assert r.code in (1, 2) and not r.out, (name, r)
        assert "who is asking" in r.error_line and "--as NAME" in r.error_line, (name, r.err)
    with sqlite_db.uow() as uow:
        (ana,) = [p for p in uow.passes.for_recording(w.rec) if p.purpose.value == "primary"]
        assert ana.status is PassStatus.DRAFT  # nothing was submitted
        assert uow.reels.get(w.reel).clips == ()  # nothing was added
        assert not (tmp_path / "r.mp4").exists()


def test_commands_work_unchanged_without_blind_double_coding(
    cli: Cli, sqlite_url: str, sqlite_db: Database
) -> None:
    w = two_coders(sqlite_db, sqlite_url, blind=False)
    assert cli("session", "list", "--json", *w.db).code == 0
    assert cli("tally", w.rec, "--format", "json", *w.db).code == 0
    r = cli("reel", "add", w.reel, "--annotation", w.ana_nur, *w.db)
    assert r.code == 0 and "added clip 1" in r.out and HELD not in r.out + r.err, r.err
    assert "00:00:10" in cli("reel", "show", w.reel, *w.db).out
    assert "1 clip(s)" in cli("reel", "list", w.visit, *w.db).out


@pytest.mark.parametrize("ovw_frame", [1050])
def test_a_free_range_cannot_probe_for_the_hidden_moment(
    cli: Cli, tmp_path: Path, ovw_frame: int
) -> None:
    """S = 38...47 s in quarter seconds, as Ben, against the same world with Ana's OVW at 5 s:
    every reply (exit status, stdout, stderr) is the same byte for byte."""
    worlds = []
    for n, frame in enumerate((ovw_frame, 125)):
        url = f"sqlite:///{tmp_path / f'world{n}.db'}"
        db = Database.open(url)
        worlds.append((db, two_coders(db, url, frame)))
    starts = [38 + q / 4 for q in range(37)]
    replies: list[list[Result]] = [[], []]
    reels: dict[float, int] = {}
    for s in starts:
        for (db, w), out in zip(worlds, replies, strict=True):
            reel = (
                NewReelOperation(db, w.visit, f"S={s}", Audience.CAREGIVER, who(db, "Ben"))
                .run()
                .reel
            )
            assert reel.id is not None and reels.setdefault(s, reel.id) == reel.id
            out.append(cli("reel", "add", reel.id, "--from", f"{s:.2f}", "--to", f"{s + 0.04:.2f}",
                           "--recording", w.rec, "--caption", "You waited.", "--by", "Ben",
                           *w.db))  # fmt: skip
    for s, hidden_here, hidden_far in zip(starts, *replies, strict=True):
        assert hidden_here == hidden_far, s
        assert hidden_here.code == 0 and HELD in hidden_here.err, (s, hidden_here)
        quiet(hidden_here, "OVW", "Overwhelming")
    # Exporting for a caregiver waits for both passes, whichever world; then the real rule.
    (db_x, x), (db_y, y) = worlds
    probes = [
        cli("reel", "export", reels[42.0], "--out", tmp_path / f"{n}.mp4", "--as", "Ben", *w.db)
        for n, (_db, w) in enumerate(worlds)
    ]
    assert probes[0] == probes[1] and probes[0].code == 1
    assert HELD in probes[0].error_line
    for _db, w in worlds:
        assert cli("pass", "submit", w.rec, "--coder", "Ana", "--by", "Ana", *w.db).code == 0
        assert cli("pass", "submit", w.rec, "--coder", "Ben", "--by", "Ben", *w.db).code == 0
    after = cli("reel", "export", reels[42.0], "--out", tmp_path / "x.mp4", "--as", "Ben", *x.db)
    assert after.code == 1 and "OVW at 00:00:42.000" in after.error_line  # S = 42: refused now
    shown = cli("reel", "show", reels[42.0], "--as", "Ben", *y.db)
    assert shown.code == 0 and HELD not in shown.out, shown.out
    db_x.dispose()
    db_y.dispose()


def test_ben_cannot_add_or_read_anas_moment(cli: Cli, sqlite_url: str, sqlite_db: Database) -> None:
    w = two_coders(sqlite_db, sqlite_url)
    r = cli("reel", "add", w.reel, "--annotation", w.ana_nur, "--by", "Ben", *w.db)
    assert r.code == 1 and not r.out
    quiet(r, "NUR", "proud", "comfort", "00:00:10")
    r = cli("reel", "add", w.reel, "--annotation", w.ana_nur, "--as", "Ben", *w.db)
    assert r.code == 1 and not r.out
    own = cli("reel", "add", w.reel, "--annotation", w.ana_nur, "--as", "Ana", *w.db)
    assert own.code == 0 and HELD in own.err, own.err
    shown = cli("reel", "show", w.reel, "--as", "Ben", *w.db)
    assert shown.code == 0 and HELD in shown.out
    quiet(shown, "upset", "00:00:10", "00:00:09")
    as_json = json.loads(cli("reel", "show", w.reel, "--json", "--as", "Ben", *w.db).out)
    (clip,) = as_json["clips"]
    assert clip["caption"] is None and clip["in"] is None and clip["annotation"] is None
    listed = cli("reel", "list", w.visit, "--as", "Ben", *w.db)
    assert listed.code == 0 and "1 clip(s)" in listed.out
    mine = cli("reel", "show", w.reel, "--as", "Ana", *w.db)
    assert "00:00:10" in mine.out and HELD in mine.out  # her own moment, still held


def test_nobody_overrides_a_moment_they_may_not_see(
    cli: Cli, sqlite_url: str, sqlite_db: Database
) -> None:
    w = two_coders(sqlite_db, sqlite_url)
    make_supervisor(sqlite_db)
    near = ("--recording", w.rec, "--caption", "You waited.", "--by", "Ben")
    assert cli("reel", "add", w.reel, "--from", "41", "--to", "43", *near, *w.db).code == 0
    assert cli("reel", "add", w.reel, "--from", "20", "--to", "22", *near, *w.db).code == 0
    over_hidden = cli("reel", "override", w.reel, 1, "--reason", REASON, "--by", "Ben", *w.db)
    over_clean = cli("reel", "override", w.reel, 2, "--reason", REASON, "--by", "Ben", *w.db)
    assert over_hidden.code == over_clean.code == 1
    assert over_hidden.err.replace("clip 1", "clip N") == over_clean.err.replace("clip 2", "clip N")
    quiet(over_hidden, "OVW", "Overwhelming", "00:00:42")
    with sqlite_db.uow() as uow:
        assert all(c.override is None for c in uow.reels.get(w.reel).clips)


def test_only_the_passs_own_coder_submits_it(
    cli: Cli, sqlite_url: str, sqlite_db: Database, tmp_path: Path
) -> None:
    w = two_coders(sqlite_db, sqlite_url)
    r = cli("pass", "submit", w.rec, "--coder", "Ana", "--by", "Ben", *w.db)
    assert r.code == 1 and "Ana" in r.error_line
    with sqlite_db.uow() as uow:
        statuses = {p.purpose.value: p.status for p in uow.passes.for_recording(w.rec)}
    assert statuses == {"primary": PassStatus.DRAFT, "reliability": PassStatus.DRAFT}
    assert cli("pass", "submit", w.rec, "--coder", "Ben", "--by", "Ben", *w.db).code == 0
    read = cli("annotations", "export", w.rec, "--coder", "Ana", "--format", "csv",
               "--as", "Ben", *w.db)  # fmt: skip
    assert read.code == 1 and "OVW" not in read.out + read.err
    into = cli("annotations", "import", w.rec, csv_file(tmp_path), "--coder", "Ana", "--replace",
               "--as", "Ben", *w.db)  # fmt: skip
    assert into.code == 1 and "stay hidden from Ben" in into.error_line  # no count, no write
    with sqlite_db.uow() as uow:
        assert len(uow.annotations.for_recording(w.rec)) == 3
    make_supervisor(sqlite_db)
    r = cli("pass", "submit", w.rec, "--coder", "Ana", "--by", "Sue", *w.db)
    assert r.code == 0, r.err
    with sqlite_db.uow() as uow:
        (entry,) = [e for e in uow.audit.list() if e.action == "coding.submitted"
                    and e.detail.get("coder") == "Ana"]  # fmt: skip
    assert entry.actor == "Sue" and entry.detail["on_behalf_of"] == "Ana"


def test_session_list_needs_the_asker_and_counts_for_them(
    cli: Cli, sqlite_url: str, sqlite_db: Database
) -> None:
    w = two_coders(sqlite_db, sqlite_url)

    def count(who: str) -> int:
        r = cli("session", "list", "--json", "--as", who, *w.db)
        assert r.code == 0, r.err
        (row,) = json.loads(r.out)
        return int(row["annotation_count"])

    assert (count("Ana"), count("Ben"), count("Cleo")) == (2, 1, 0)


def test_a_real_process_refuses_without_the_asker(sqlite_url: str, sqlite_db: Database) -> None:
    w = two_coders(sqlite_db, sqlite_url)
    p = run_module("reel", "show", w.reel, *w.db)
    assert p.returncode == 1 and not p.stdout
    assert p.stderr.startswith("vfcoach: error: ") and "who is asking" in p.stderr
