"""A planted real name never leaves the coach's own file (domain.md §7.1, issue 14 §6).

A coach adds a video whose file name is a family's surname, "Smithson-Ayodele home visit.mp4",
then does what a week of work does: codes it (two coders), lists sessions, builds and exports
a reel, writes a tally, a reliability report and an annotation export, flags a bystander, and
opens the window (browser and title). Then every file written under the data, config and cache
folders, the export folder and temp is read, every CLI output, the log records and the window
title and tree: the name appears nowhere. The database may keep the file's path (that is how
vfcoach finds the file again), so it is read through SQL and only `recording.media_path` may
hold it; every other cell of every table is searched.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from pathlib import Path

import platformdirs
import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot
from sqlalchemy import inspect, text

from tests.cli.conftest import Cli, cli  # noqa: F401  (fixture)
from tests.storage.conftest import annotation
from vfcoach.storage.database import Database
from vfcoach.ui.browser.browser_model import RecordingRole
from vfcoach.ui.main_window import MainWindow

PLANTED = ("smithson", "ayodele")
FILE_NAME = "Smithson-Ayodele home visit.mp4"


def leaks(data: bytes | str) -> bool:
    if isinstance(data, bytes):
        texts = [data.decode("utf-8", "ignore"), data.decode("utf-16-le", "ignore")]
    else:
        texts = [data]
    return any(name in t.casefold() for t in texts for name in PLANTED)


@pytest.fixture
def places(
    tmp_path: Path, platformdirs_isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[dict[str, Path]]:
    """Data, config and cache folders, temp, Qt's settings and an export folder, all fresh."""
    tmp = tmp_path / "temp"
    tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    qt = tmp_path / "qsettings"
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(qt))
    config = Path(platformdirs.user_config_dir("vfcoach"))
    monkeypatch.setenv("VFCOACH_CONFIG", str(config / "location.json"))
    data = Path(platformdirs.user_data_dir("vfcoach"))
    data.mkdir(parents=True, exist_ok=True)
    exports = tmp_path / "exports"
    exports.mkdir()
    yield {
        "data": data,
        "config": config,
        "cache": Path(platformdirs.user_cache_dir("vfcoach")),
        "temp": tmp,
        "qt": qt,
        "exports": exports,
    }


def database_cells(url: str) -> Iterator[tuple[str, str, str]]:
    """(table, column, value) of every text-like cell but the file paths vfcoach needs."""
    with Database.open(url) as db, db.engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')).mappings():
                for column, value in row.items():
                    if (table, column) == ("recording", "media_path"):
                        continue
                    if isinstance(value, str | bytes) or value is not None:
                        yield table, column, str(value)


def test_a_real_name_in_a_file_name_goes_nowhere(
    cli: Cli,  # noqa: F811
    qtbot: QtBot,
    places: dict[str, Path],
    cfr_video: Path,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
):
    caplog.set_level(logging.DEBUG)
    own = tmp_path / "coach's own videos"
    own.mkdir()
    video = own / FILE_NAME
    video.write_bytes(cfr_video.read_bytes())
    url = f"sqlite:///{places['data'] / 'vfcoach.db'}"
    db = ("--db", url)
    outputs: list[str] = []

    def run(*argv: object) -> str:
        result = cli(*argv)
        outputs.extend([result.out, result.err])
        assert result.code == 0, result.err
        return result.out

    rec = int(run("session", "add", video, "--family", "F-0417", "--date", "2026-11-30", *db))
    with Database.open(url) as database, database.uow() as uow:
        recording = uow.recordings.get(rec)  # type: ignore[arg-type]
        assert recording.label == "recording 1"
        # kept encrypted in the media store under a random name: not even its path names it
        assert FILE_NAME not in recording.media_path and recording.media_path.endswith(".vfm")
        assert recording.scheme_id is not None
        for name in ("Ana", "Ben"):
            coder = uow.coders.get_or_create(name)
            cpass = uow.passes.get_or_create(recording.id, coder.id, recording.scheme_id)
            uow.annotations.add(annotation(cpass.id, 10, "NUR"))
            uow.annotations.add(annotation(cpass.id, 50, "DEL"))
        uow.commit()
    run("session", "list", *db)
    run("session", "list", "--json", *db)
    reel = run("reel", "create", 1, "--from-codes", "NUR,DEL", "--coder", "Ana", "--pre", "0.2",
               "--post", "0.2", *db).strip()  # fmt: skip
    run("reel", "show", reel, *db)
    run("reel", "show", reel, "--json", *db)
    run("consent", "set", "F-0417", "caregiver_viewing", "--consented-by", "caregiver",
        "--document", "form 7", *db)  # fmt: skip
    run("consent", "show", "F-0417", *db)
    run("reel", "export", reel, "--out", places["exports"] / "reel.mp4", *db)
    run("bystander", "flag", rec, "--from", "2.6", "--to", "2.9", "--note", "visitor", *db)
    run("bystander", "list", rec, *db)
    run("tally", rec, "--coder", "Ana", "--format", "json", *db)
    run("tally", rec, "--coder", "Ana", "--format", "csv", *db)
    out = places["exports"] / "codes.csv"
    run("annotations", "export", rec, "--coder", "Ana", "--format", "csv", "--out", out, *db)
    report = places["exports"] / "reliability.html"
    run("irr", rec, "--coders", "Ana", "Ben", "--report", report, *db)
    assert report.is_file() and (places["exports"] / "reel.mp4").is_file()

    # a failure nobody planned for, carrying the file's path: its log holds no message
    def broken(*_args: object, **_kw: object) -> None:
        raise RuntimeError(f"could not read {video}")

    monkeypatch.setattr("vfcoach.services.recordings.browse.list_sessions", broken)
    crashed = cli("session", "list", *db)
    outputs.extend([crashed.out, crashed.err])
    assert crashed.code == 1 and "unexpected failure" in crashed.err
    logs = list((places["data"] / "logs").glob("*"))
    assert logs and "RuntimeError" in logs[0].read_text("utf-8")  # the log was written
    with Database.open(url) as database, database.uow() as uow:
        (exported,) = uow.audit.list(action="reel.exported")
    assert str(exported.detail["watermark"]).startswith("F-0417 · ")  # the copy is marked

    with Database.open(url) as database:
        window = MainWindow(database, "Ana")
        qtbot.addWidget(window)
        window.show()
        assert window.open_recording(rec)  # type: ignore[arg-type]
        title = window.windowTitle()
        assert title == "vfcoach — F-0417 · Visit 1 · recording 1"
        tree = [
            str(item.text()) + str(item.toolTip())
            for item in window.browser_model.recording_items()
        ]
        assert tree and all(
            item.data(RecordingRole) for item in window.browser_model.recording_items()
        )
        window.close()
        window.player.unload()

    for where in (title, *tree, *outputs, caplog.text):
        assert not leaks(where), where
    scanned = 0
    for place in places.values():
        for path in (p for p in place.rglob("*") if p.is_file()):
            if path.suffix in (".db", ".db-wal", ".db-shm", ".db-journal"):
                continue  # read through SQL below
            scanned += 1
            assert not leaks(path.name) and not leaks(path.read_bytes()), path
    assert scanned >= 3  # the reel, the CSV and the report at least
    bad = [(t, c) for t, c, v in database_cells(url) if leaks(v)]
    assert bad == []


def test_a_label_stored_before_the_rule_is_never_shown():
    """Rows added before issue 14 carry the file's name as their label."""
    from vfcoach.coding.ids import RecordingId, VisitId
    from vfcoach.coding.project import MediaFacts, Recording
    from vfcoach.coding.pseudonym import export_file_name, recording_title, shown_label

    facts = MediaFacts("sha256:x", 1000, 25.0, 25, 160, 120, 0, False, b"")
    old = Recording(RecordingId(7), VisitId(1), f"/home/coach/{FILE_NAME}", facts, label=FILE_NAME)
    stem = Recording(RecordingId(7), VisitId(1), f"/v/{FILE_NAME}", facts, label=FILE_NAME[:-4])
    renamed = Recording(RecordingId(7), VisitId(1), f"/v/{FILE_NAME}", facts, label="garden")
    assert shown_label(old) == shown_label(stem) == "recording 7"
    assert recording_title("F-1", 2, renamed) == "F-1 · Visit 2 · garden"  # the coach's own word
    import datetime as dt

    name = export_file_name("F-0417", 3, "reel", dt.date(2026, 12, 6), ".mp4")
    assert name == "F-0417-visit3-reel-2026-12-06.mp4"
