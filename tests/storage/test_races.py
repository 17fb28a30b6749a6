"""Real `vfcoach` processes racing on one pass: "replace" and "submitted is final" must hold.

Two promises a coach relies on, tried the way they break: by commands run at the same time
(two terminals, a script and the window). Each round forks real commands from
`race_worker`, releases them together, then checks the pass:

- two `annotations import --replace` of different files: the pass ends holding exactly one
  file's codes, never both, and each command either reported its import or printed one clean
  error line;
- an import against `pass submit`: either the import landed entirely before the submission
  (the submitted pass holds its rows and the count the submission recorded) or it was
  refused, and the submitted pass holds exactly what it held when it was submitted.

Rounds are seeded, start-offsets jittered so either command may win; every round is checked
and all failures are reported together, so a regression says how often it lost.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.storage.conftest import annotation, media_facts
from vfcoach.coding.annotation import CodingPass, PassPurpose, PassStatus
from vfcoach.coding.changes import AnnotationChange
from vfcoach.coding.ids import PassId, RecordingId
from vfcoach.coding.scheme_json import builtin_scheme
from vfcoach.storage.database import Database
from vfcoach.storage.rows import AnnotationRow

REPO_ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 10
# The issue saw 3000-row files fail; half that fails the same way (both commands read the
# pass before either commits) in half the time. An import of thousands of rows keeps its
# transaction open long enough that a submission often lands in the middle of it.
REPLACE_ROWS = 1500
IMPORT_ROWS = 3000
SEED_ROWS = 7
CODER = "Ana"
SEED = 20261206


@dataclass(frozen=True)
class Stage:
    recording: RecordingId
    folder: Path


def make_stage(db: Database, folder: Path, frames: int) -> Stage:
    with db.uow() as uow:
        family = uow.families.add("F-RACE")
        visit = uow.visits.add(family.id, 1)
        scheme = uow.schemes.ensure(builtin_scheme("abc-style"))
        assert scheme.id is not None
        recording = uow.recordings.add(
            visit.id, "/media/race.mp4", media_facts(frames=frames), scheme_id=scheme.id
        )
        coder = uow.coders.get_or_create(CODER)
        uow.passes.get_or_create(recording.id, coder.id, scheme.id)
        uow.commit()
    return Stage(recording.id, folder)


def write_csv(path: Path, rows: int, note: str, first_frame: int = 1) -> Path:
    """`rows` point codes one frame apart (25 fps), each carrying `note` to tell files apart."""
    lines = [f"NUR,{(first_frame + i) * 0.04:.2f},,,{note}\n" for i in range(rows)]
    path.write_text("code,start,end,modifiers,note\n" + "".join(lines), encoding="utf-8")
    return path


class RaceServer:
    """The forking server of `race_worker`, one per test; rounds go in, exit codes come out."""

    def __init__(self, url: str, folder: Path) -> None:
        self.folder = folder
        self._stderr = (folder / "server.err").open("w")
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "tests.storage.race_worker", url],
            cwd=REPO_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
        )
        assert self._line(60) == "ready"

    def _line(self, timeout_s: float) -> str:
        assert self._proc.stdout is not None
        ready, _, _ = select.select([self._proc.stdout], [], [], timeout_s)
        if not ready:
            raise AssertionError(f"race worker said nothing for {timeout_s} s")
        line = self._proc.stdout.readline()
        if not line:
            raise AssertionError(f"race worker died: {(self.folder / 'server.err').read_text()}")
        return line.strip()

    def run(self, n: int, jobs: list[dict[str, object]]) -> list[Outcome]:
        """Run one round of jobs (`command(...)`, `coder(...)`) released together."""
        specs = [
            {
                **job,
                "out": str(self.folder / f"r{n}-{i}.out"),
                "err": str(self.folder / f"r{n}-{i}.err"),
            }
            for i, job in enumerate(jobs)
        ]
        assert self._proc.stdin is not None
        self._proc.stdin.write(json.dumps({"round": n, "jobs": specs}) + "\n")
        self._proc.stdin.flush()
        word, got, *codes = self._line(120).split()
        assert (word, int(got)) == ("done", n)
        return [
            Outcome(int(code), Path(str(s["out"])).read_text(), Path(str(s["err"])).read_text())
            for code, s in zip(codes, specs, strict=True)
        ]

    def close(self) -> None:
        assert self._proc.stdin is not None
        self._proc.stdin.close()
        try:
            self._proc.wait(timeout=30)
        finally:
            if self._proc.poll() is None:
                self._proc.kill()
                self._proc.wait()
            self._stderr.close()


def command(argv: list[str], delay: float = 0.0) -> dict[str, object]:
    """A `vfcoach` command line, started `delay` seconds after the round's release."""
    return {"argv": argv, "delay": delay}


def coder(url: str, pass_id: int, delay: float = 0.0) -> dict[str, object]:
    """A coder at the window, one keypress per transaction until the pass refuses them."""
    return {"code": pass_id, "url": url, "delay": delay}


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str

    def clean_refusal(self) -> str | None:
        """The one error line of a failed command, or None if it failed any other way."""
        lines = self.err.splitlines()
        if self.code == 1 and len(lines) == 1 and lines[0].startswith("vfcoach: error: "):
            return lines[0]
        return None

    def describe(self) -> str:
        return f"exit {self.code}, stdout {self.out.strip()!r}, stderr {self.err.strip()[-600:]!r}"


@pytest.fixture
def checker(db_url: str) -> Iterator[Database]:
    """The test's own connection, for reading what the racing commands left behind."""
    with Database.open(db_url) as db:
        yield db


@pytest.fixture
def race_server(db_url: str, tmp_path: Path) -> Iterator[RaceServer]:
    server = RaceServer(db_url, tmp_path)
    try:
        yield server
    finally:
        server.close()


def latest_pass(db: Database, recording: RecordingId) -> CodingPass:
    with db.uow() as uow:
        return max(uow.passes.for_recording(recording), key=lambda p: p.revision)


def notes_and_count(db: Database, pass_id: int) -> tuple[set[str], int]:
    with db.uow() as uow:
        found = uow.annotations.for_pass(PassId(pass_id))
    return {a.note for a in found}, len(found)


def latest_created_at(db: Database, pass_id: int) -> dt.datetime | None:
    with db.engine.connect() as conn:
        return conn.scalar(
            sa.select(sa.func.max(AnnotationRow.created_at)).where(AnnotationRow.pass_id == pass_id)
        )


def utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def written_after_submit(db: Database, pass_id: int, stored: CodingPass) -> list[str]:
    """The promise itself: no code of a submitted pass was created after its submission."""
    newest = latest_created_at(db, pass_id)
    if stored.submitted_at is None or newest is None:
        return ["submitted_at or the codes' created_at missing"]
    if utc(newest) > utc(stored.submitted_at):
        return [f"a code was created at {newest}, after submission {stored.submitted_at}"]
    return []


@pytest.mark.slow
def test_two_replacing_imports_leave_exactly_one_file(
    db_url: str, tmp_path: Path, race_server: RaceServer, checker: Database
) -> None:
    stage = make_stage(checker, tmp_path, frames=REPLACE_ROWS + 50)
    files = {
        note: write_csv(tmp_path / f"{note}.csv", REPLACE_ROWS, note) for note in ("A", "B", "S")
    }
    base = ["--db", db_url, "annotations", "import", str(stage.recording)]
    seeded = race_server.run(0, [command([*base, str(files["S"]), "--coder", CODER])])
    assert seeded[0].code == 0, seeded[0].describe()
    pass_id = latest_pass(checker, stage.recording).id
    rng = random.Random(SEED)
    failures: list[str] = []
    for n in range(1, ROUNDS + 1):
        jobs = [
            command([*base, str(files[note]), "--coder", CODER, "--replace"], rng.uniform(0, 0.05))
            for note in ("A", "B")
        ]
        outcomes = race_server.run(n, jobs)
        problems = []
        for note, outcome in zip(("A", "B"), outcomes, strict=True):
            ok = outcome.code == 0 and outcome.err == ""
            ok = ok and outcome.out.startswith(f"imported {REPLACE_ROWS} annotation(s)")
            if not ok and outcome.clean_refusal() is None:
                problems.append(f"import {note}: {outcome.describe()}")
        notes, count = notes_and_count(checker, pass_id)
        if len(notes) != 1 or count != REPLACE_ROWS or not notes <= {"A", "B"}:
            problems.append(f"the pass holds {count} codes from files {sorted(notes)}")
        if problems:
            failures.append(f"round {n}: " + "; ".join(problems))
    assert not failures, f"{len(failures)} of {ROUNDS} rounds failed:\n" + "\n".join(failures)


def fresh_draft(db: Database, recording: RecordingId) -> int:
    """The coder's next revision, a draft already holding SEED_ROWS codes."""
    with db.uow() as uow:
        old = uow.passes.for_recording(recording)[-1]
        draft = uow.passes.add_revision(recording, old.coder_id, old.scheme_id, PassPurpose.PRIMARY)
        seeds = [annotation(draft.id, 1 + i, note="seed") for i in range(SEED_ROWS)]
        uow.annotations.apply(AnnotationChange(added=tuple(seeds)))
        uow.commit()
    return int(draft.id)


@pytest.mark.slow
def test_an_import_never_lands_in_a_pass_submitted_meanwhile(
    db_url: str, tmp_path: Path, race_server: RaceServer, checker: Database
) -> None:
    stage = make_stage(checker, tmp_path, frames=IMPORT_ROWS + 100)
    big = write_csv(tmp_path / "big.csv", IMPORT_ROWS, "late", first_frame=SEED_ROWS + 10)
    importing = ["--db", db_url, "annotations", "import", str(stage.recording), str(big)]
    importing += ["--coder", CODER]
    submitting = ["--db", db_url, "pass", "submit", str(stage.recording), "--coder", CODER]
    # How long an import takes here and now (the machine may be busy): the submissions are
    # then spread over that span, so they land before, inside and after the import's write.
    started = time.perf_counter()
    (alone,) = race_server.run(0, [command(importing)])
    span_s = time.perf_counter() - started
    assert alone.code == 0, alone.describe()
    with checker.uow() as uow:  # the first pass: submit it, start over
        first = uow.passes.for_recording(stage.recording)[0]
        uow.passes.set_status(first.id, PassStatus.SUBMITTED)
        uow.commit()
    rng = random.Random(SEED)
    failures: list[str] = []
    landed = refused = 0
    for n in range(1, ROUNDS + 1):
        pass_id = fresh_draft(checker, stage.recording)
        outcomes = race_server.run(
            n, [command(importing), command(submitting, rng.uniform(0, span_s))]
        )
        imported, submitted = outcomes
        problems = []
        stored = latest_pass(checker, stage.recording)
        notes, count = notes_and_count(checker, pass_id)
        if stored.id != pass_id or stored.status is not PassStatus.SUBMITTED:
            problems.append(
                f"pass {stored.id} is {stored.status.value}, not the submitted {pass_id}"
            )
        if submitted.code != 0 or submitted.err != "":
            problems.append(f"submit: {submitted.describe()}")
        said = f"submitted with {count} annotation(s)"
        if submitted.code == 0 and said not in submitted.out:
            problems.append(f"submit said {submitted.out.strip()!r} but the pass holds {count}")
        if imported.code == 0 and imported.err == "":
            landed += 1
            if count != SEED_ROWS + IMPORT_ROWS:
                problems.append(f"import reported done but the pass holds {count}")
        elif (line := imported.clean_refusal()) is not None:
            refused += 1
            if "submitted" not in line:
                problems.append(f"import refused for another reason: {line}")
            if count != SEED_ROWS or notes != {"seed"}:
                problems.append(f"import refused but the pass holds {count}")
        else:
            problems.append(f"import: {imported.describe()}")
        problems.extend(written_after_submit(checker, pass_id, stored))
        if problems:
            failures.append(f"round {n}: " + "; ".join(problems))
    summary = f"{landed} imports landed before submit, {refused} refused"
    print(f"import against submit: {summary}")
    assert not failures, f"{len(failures)} of {ROUNDS} rounds failed ({summary}):\n" + "\n".join(
        failures
    )


@pytest.mark.slow
def test_keypresses_stop_at_the_moment_of_submission(
    db_url: str, tmp_path: Path, race_server: RaceServer, checker: Database
) -> None:
    """The window's per-keypress writes against `pass submit`: every edit reported saved is
    in the pass, nothing lands after the submission, and the count it recorded is the truth."""
    stage = make_stage(checker, tmp_path, frames=5000)
    with checker.uow() as uow:
        first = uow.passes.for_recording(stage.recording)[0]
        uow.passes.set_status(first.id, PassStatus.SUBMITTED)
        uow.commit()
    rng = random.Random(SEED + 1)
    failures: list[str] = []
    for n in range(1, ROUNDS + 1):
        pass_id = fresh_draft(checker, stage.recording)
        submitting = ["--db", db_url, "pass", "submit", str(stage.recording), "--coder", CODER]
        outcomes = race_server.run(
            n, [coder(db_url, pass_id), command(submitting, rng.uniform(0.2, 0.5))]
        )
        coding, submitted = outcomes
        problems = []
        lines = coding.out.splitlines()
        saved = {line.split()[1] for line in lines if line.startswith("saved ")}
        if coding.code != 0 or coding.err or not lines or not lines[-1].startswith("refused "):
            problems.append(f"coder: {coding.describe()}")
        elif "submitted" not in lines[-1]:
            problems.append(f"coder refused for another reason: {lines[-1]}")
        with checker.uow() as uow:
            kept = uow.annotations.for_pass(PassId(pass_id))
        pressed = {a.id.hex for a in kept if a.note == "keypress"}
        if pressed != saved:
            problems.append(
                f"{len(saved - pressed)} saved keypresses missing, "
                f"{len(pressed - saved)} stored that were never reported saved"
            )
        said = f"submitted with {len(kept)} annotation(s)"
        if submitted.code != 0 or said not in submitted.out:
            problems.append(f"the pass holds {len(kept)}; submit: {submitted.describe()}")
        stored = latest_pass(checker, stage.recording)
        problems.extend(written_after_submit(checker, pass_id, stored))
        if problems:
            failures.append(f"round {n}: " + "; ".join(problems))
    assert not failures, f"{len(failures)} of {ROUNDS} rounds failed:\n" + "\n".join(failures)
