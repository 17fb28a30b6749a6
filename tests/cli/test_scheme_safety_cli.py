"""A hostile scheme file never makes a frightening moment caregiver material (issue 10, item 2).

Real CLI runs on a real database and a real recording whose keyframes are 10 s apart: the
file tries to take a built-in's name, or to make a concern code a caregiver-visible strength
in a new version; the reel built afterwards is exported in fast mode and every frame of the
file is read back, so the frightening moment is proven absent from what a caregiver sees.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from pathlib import Path

import pytest

from tests.cli.conftest import Cli
from tests.services.test_reel_written_frames import FR_FRAME, NUR_FRAME, shown_frames
from vfcoach.coding.annotation import Annotation
from vfcoach.coding.audit import SCHEME_KIND_CHANGED
from vfcoach.coding.ids import RecordingId, SchemeId, new_annotation_id
from vfcoach.coding.scheme import Code, CodeKind, Polarity, Scheme
from vfcoach.coding.scheme_json import builtin_scheme, scheme_to_dict, scheme_to_json
from vfcoach.storage.database import Database

HOSTILE_NAMES = [
    "abc-style",
    "ABC-Style",
    "  abc style ",
    "abc_style",
    "Abc – Style",  # en dash
    "ａｂｃ-ｓｔｙｌｅ",  # fullwidth
    "аbc-style",  # Cyrillic а
    "abc\u200b-style",  # zero-width space
    "ABC--TODDLER__style",
    "VIPP SD STYLE",
]


def hostile_abc(name: str = "abc-style", version: int | None = None) -> dict[str, object]:
    """The built-in abc-style, but FR caregiver-visible with strength polarity."""
    scheme = builtin_scheme("abc-style")
    codes = tuple(
        replace(c, caregiver_visible=True, polarity=Polarity.STRENGTH) if c.key == "FR" else c
        for c in scheme.codes
    )
    doc = scheme_to_dict(replace(scheme, codes=codes))
    doc["name"] = name
    if version is not None:
        doc["version"] = version
    return doc


def write_json(path: Path, doc: dict[str, object]) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_no_file_is_imported_under_a_builtin_name(cli: Cli, sqlite_url: str, tmp_path, name):
    path = write_json(tmp_path / "hostile.json", hostile_abc(name, version=7))
    r = cli("scheme", "import", path, "--db", sqlite_url)
    assert r.code == 1 and "is reserved for the built-in" in r.error_line
    names = [
        row["name"] for row in json.loads(cli("scheme", "list", "--json", "--db", sqlite_url).out)
    ]
    assert names == ["abc-style", "abc-toddler-style", "vipp-sd-style"]


def test_names_of_their_own_still_import(cli: Cli, sqlite_url: str, tmp_path):
    for name in ("abc-style-local", "our abc", "vipp"):
        path = write_json(tmp_path / "own.json", {**hostile_abc(name), "version": 1})
        r = cli("scheme", "import", path, "--db", sqlite_url)
        assert r.code == 0, r.err


def session(cli: Cli, sqlite_url: str, video: Path, tmp_path: Path) -> RecordingId:
    copy = tmp_path / "visit.mp4"
    copy.write_bytes(video.read_bytes())
    r = cli("session", "add", copy, "--family", "F-0100", "--db", sqlite_url)
    assert r.code == 0, r.err
    agreed = cli("consent", "set", "F-0100", "caregiver_viewing", "--db", sqlite_url)
    assert agreed.code == 0, agreed.err  # caregiver reels: the family agreed
    return RecordingId(int(r.out.strip()))


def code_moments(
    url: str, recording: RecordingId, scheme_id: SchemeId | None = None, **frames: int
) -> dict[str, Annotation]:
    """Ana codes `KEY=frame` moments; with `scheme_id` the recording is coded with that one."""
    with Database.open(url) as db, db.uow() as uow:
        rec = uow.recordings.get(recording)
        if scheme_id is not None:
            uow.recordings.set_scheme(rec.id, scheme_id)
        coder = uow.coders.get_or_create("Ana")
        cpass = uow.passes.get_or_create(rec.id, coder.id, scheme_id or rec.scheme_id)  # type: ignore[arg-type]
        fmap = uow.recordings.frame_map(rec.id)
        made = {}
        for key, frame in frames.items():
            made[key] = Annotation(new_annotation_id(), cpass.id, key, fmap.moment(frame))
            uow.annotations.add(made[key])
        uow.commit()
    return made


def reel_from(cli: Cli, url: str, visit: int, codes: str) -> int:
    r = cli("reel", "create", visit, "--from-codes", codes, "--coder", "Ana", "--db", url)
    assert r.code == 0, r.err
    return int(r.out.strip())


def visit_of(url: str, recording: RecordingId) -> int:
    with Database.open(url) as db, db.uow() as uow:
        return int(uow.recordings.get(recording).visit_id)


def export_fast(cli: Cli, url: str, reel: int, out: Path) -> list[int]:
    r = cli("reel", "export", reel, "--out", out, "--mode", "fast", "--db", url)
    assert r.code == 0, r.err
    return shown_frames(out)


def test_a_hostile_abc_style_import_never_puts_fr_in_a_caregiver_reel(
    cli: Cli, sqlite_url: str, long_gop_video: Path, tmp_path: Path
):
    db = ("--db", sqlite_url)
    # first thing on a new database, before the built-in is stored: the old way in
    hostile = write_json(tmp_path / "abc-style.json", hostile_abc())
    r = cli("scheme", "import", hostile, *db)
    assert r.code == 1 and "reserved" in r.error_line
    recording = session(cli, sqlite_url, long_gop_video, tmp_path)
    moments = code_moments(sqlite_url, recording, FR=FR_FRAME, NUR=NUR_FRAME)
    visit = visit_of(sqlite_url, recording)
    empty = reel_from(cli, sqlite_url, visit, "FR")  # FR is never suggested
    assert json.loads(cli("reel", "show", empty, "--json", *db).out)["clips"] == []
    r = cli("reel", "add", empty, "--annotation", moments["FR"].id, "--caption", "Proud", *db)
    assert r.code == 1 and "refused" in r.err and "FR at" in r.err
    reel = reel_from(cli, sqlite_url, visit, "NUR")
    frames = export_fast(cli, sqlite_url, reel, tmp_path / "reel.mp4")
    assert FR_FRAME not in frames and NUR_FRAME in frames
    r = cli(
        "reel", "add", empty, "--annotation", moments["NUR"].id, "--caption", "You held her.", *db
    )
    assert r.code == 0, r.err  # the add-event path, exported too
    r = cli("reel", "export", empty, "--out", tmp_path / "added.mp4", "--mode", "fast", *db)
    assert r.code == 0 and "re-encoded exactly" in r.err and "FR at 00:00:10.400" in r.err
    frames = shown_frames(tmp_path / "added.mp4")
    assert FR_FRAME not in frames and NUR_FRAME in frames


def test_fr_is_frightening_in_a_scheme_of_its_own_name_too(
    cli: Cli, sqlite_url: str, long_gop_video: Path, tmp_path: Path
):
    """An organisation's copy that calls FR a caregiver-visible strength changes nothing."""
    db = ("--db", sqlite_url)
    own = write_json(tmp_path / "ours.json", {**hostile_abc("our-abc"), "version": 1})
    assert cli("scheme", "import", own, *db).code == 0
    recording = session(cli, sqlite_url, long_gop_video, tmp_path)
    with Database.open(sqlite_url) as database, database.uow() as uow:
        ours = uow.schemes.find("our-abc", 1)
        assert ours is not None and ours.code("FR").caregiver_visible
    moments = code_moments(sqlite_url, recording, ours.id, FR=FR_FRAME, NUR=NUR_FRAME)
    visit = visit_of(sqlite_url, recording)
    reel = reel_from(cli, sqlite_url, visit, "FR,NUR")  # FR is not suggested even so
    clips = json.loads(cli("reel", "show", reel, "--json", *db).out)["clips"]
    assert all(c["annotation"] != str(moments["FR"].id) for c in clips)
    r = cli("reel", "add", reel, "--annotation", moments["FR"].id, *db)
    assert r.code == 1 and "FR at" in r.err
    frames = export_fast(cli, sqlite_url, reel, tmp_path / "reel.mp4")
    assert FR_FRAME not in frames and NUR_FRAME in frames


ORG_V1 = Scheme(
    "org-list",
    1,
    (
        Code("HUG", "Comforting hug", CodeKind.POINT, "h", caregiver_visible=True,
             polarity=Polarity.STRENGTH),
        Code("HARSH", "Harsh handling", CodeKind.POINT, "x", polarity=Polarity.CONCERN),
    ),
)  # fmt: skip


def test_a_concern_code_turned_visible_needs_a_supervisor_and_old_moments_stay_concerns(
    cli: Cli, sqlite_url: str, long_gop_video: Path, tmp_path: Path
):
    db = ("--db", sqlite_url)
    v1 = tmp_path / "org-v1.json"
    v1.write_text(scheme_to_json(ORG_V1), encoding="utf-8")
    assert cli("scheme", "import", v1, *db).code == 0
    recording = session(cli, sqlite_url, long_gop_video, tmp_path)
    with Database.open(sqlite_url) as database, database.uow() as uow:
        first = uow.schemes.find("org-list", 1)
        assert first is not None and first.id is not None
    moments = code_moments(sqlite_url, recording, first.id, HARSH=FR_FRAME, HUG=NUR_FRAME)

    turned = replace(ORG_V1, version=2, codes=tuple(
        replace(c, caregiver_visible=True, polarity=Polarity.STRENGTH) for c in ORG_V1.codes
    ))  # fmt: skip
    v2 = tmp_path / "org-v2.json"
    v2.write_text(scheme_to_json(turned), encoding="utf-8")
    r = cli("scheme", "import", v2, *db)
    assert r.code == 1 and "HARSH: polarity concern -> strength, made caregiver-visible" in r.err
    assert "--confirm-kind-change" in r.error_line
    reason = ("--confirm-kind-change", "the licence holder renamed this code for training")
    r = cli("scheme", "import", v2, *reason, *db)
    assert r.code == 1 and "supervisor" in r.error_line  # nobody named
    r = cli("scheme", "import", v2, *reason, "--by", "Bob", *db)
    assert r.code == 1 and "'Bob' is not a supervisor" in r.error_line
    r = cli("scheme", "import", v2, "--confirm-kind-change", "ok", "--by", "Bob", *db)
    assert r.code == 1
    assert cli("double", "role", "Sue", "--supervisor", *db).code == 0
    r = cli("scheme", "import", v2, "--confirm-kind-change", "ok", "--by", "Sue", *db)
    assert r.code == 1 and "at least 3 words" in r.error_line
    r = cli("scheme", "import", v2, *reason, "--by", "Sue", *db)
    assert r.code == 0, r.err
    with Database.open(sqlite_url) as database, database.uow() as uow:
        (event,) = uow.audit.list(action=SCHEME_KIND_CHANGED)
    assert (event.actor, event.subject) == ("Sue", "scheme:org-list v2")
    assert event.detail["reason"] == reason[1]

    # The HARSH moment was coded with v1, where it is a concern: it stays one.
    visit = visit_of(sqlite_url, recording)
    reel = reel_from(cli, sqlite_url, visit, "HARSH,HUG")
    clips = json.loads(cli("reel", "show", reel, "--json", *db).out)["clips"]
    assert [c["annotation"] for c in clips] == [str(moments["HUG"].id)]
    r = cli("reel", "add", reel, "--annotation", moments["HARSH"].id, *db)
    assert r.code == 1 and "HARSH at" in r.err
    frames = export_fast(cli, sqlite_url, reel, tmp_path / "reel.mp4")
    assert FR_FRAME not in frames and NUR_FRAME in frames
    assert uuid.UUID(clips[0]["annotation"]) == moments["HUG"].id
