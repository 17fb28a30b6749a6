"""Repositories for coders and coding passes (one coder's coding of one recording).

Opening a pass locks the scheme version it uses: from the first annotation on, that
version's definitions are what the codes mean, so the scheme may no longer change in place.
A pass is unique per (recording, coder, scheme, revision). `get_or_create` returns the
coder's latest revision, so it stays safe to call whenever a coder opens a recording.

A submitted pass is never edited again (domain.md §2): status only moves forward
(draft -> submitted -> locked), and a correction or a consensus is a new pass with the next
revision, leaving the submitted one exactly as reliability read it.
"""

from __future__ import annotations

import builtins
import datetime as dt

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from vfcoach.coding.annotation import CodingPass, PassPurpose, PassStatus
from vfcoach.coding.ids import CoderId, PassId, RecordingId, SchemeId
from vfcoach.coding.project import Coder, CoderRole
from vfcoach.coding.text_rules import check_name
from vfcoach.storage.errors import NotFound, PassLocked, StorageError, flush_or_conflict
from vfcoach.storage.pass_lock import lock_pass
from vfcoach.storage.rows import (
    CoderRow,
    CodingPassRow,
    RecordingRow,
    ReliabilityAssignmentRow,
    SchemeRow,
)

#: The only moves a pass's status may make; staying put is always allowed.
_FORWARD = {
    PassStatus.DRAFT: {PassStatus.SUBMITTED, PassStatus.LOCKED},
    PassStatus.SUBMITTED: {PassStatus.LOCKED},
    PassStatus.LOCKED: set(),
}


class PassStatusRefused(PassLocked):
    """A status change backwards: a submitted pass never becomes a draft again."""


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _coder(row: CoderRow) -> Coder:
    return Coder(
        id=CoderId(row.id), name=row.name, is_master=row.is_master, role=CoderRole(row.role)
    )


def _pass(row: CodingPassRow) -> CodingPass:
    return CodingPass(
        id=PassId(row.id),
        recording_id=RecordingId(row.recording_id),
        coder_id=CoderId(row.coder_id),
        scheme_id=SchemeId(row.scheme_id),
        status=PassStatus(row.status),
        purpose=PassPurpose(row.purpose),
        revision=row.revision,
        submitted_at=_utc(row.submitted_at),
    )


class CoderRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get_or_create(self, name: str, is_master: bool = False) -> Coder:
        """The coder of that name; `is_master` only applies when the coder is new."""
        name = name.strip()
        if not name:
            raise StorageError("a coder needs a name")
        existing = self.by_name(name)
        if existing is not None:
            return existing
        check_name(name, "a coder's name")  # only new names: old ones stay readable
        row = CoderRow(name=name, is_master=is_master, role=CoderRole.CODER.value)
        self._session.add(row)
        flush_or_conflict(self._session, f"coder '{name}' was just created elsewhere; retry")
        return _coder(row)

    def get(self, coder_id: CoderId) -> Coder:
        return _coder(self._row(coder_id))

    def by_name(self, name: str) -> Coder | None:
        row = self._session.scalars(select(CoderRow).where(CoderRow.name == name)).first()
        return None if row is None else _coder(row)

    def by_login(self, login: str) -> Coder | None:
        """The person whose team-database sign-in this is (None: not a person here)."""
        row = self._session.scalars(select(CoderRow).where(CoderRow.login == login)).first()
        return None if row is None else _coder(row)

    def team_login(self) -> str | None:
        """On a team database (row-level security forced by `team init`), the login the
        server authenticated (`current_user`), who every operation acts for; None elsewhere."""
        bind = self._session.get_bind()
        if bind.dialect.name != "postgresql":
            return None
        found = self._session.execute(
            text(
                "SELECT current_user, c.relforcerowsecurity FROM pg_class c "
                "WHERE c.oid = to_regclass('coder')"
            )
        ).first()
        return str(found[0]) if found is not None and found[1] else None

    def list(self) -> builtins.list[Coder]:
        rows = self._session.scalars(select(CoderRow).order_by(CoderRow.name))
        return [_coder(r) for r in rows]

    def set_role(self, coder_id: CoderId, role: CoderRole) -> Coder:
        """Make a coder a supervisor or an ordinary coder again (the caller audits it)."""
        row = self._row(coder_id)
        row.role = CoderRole(role).value
        self._session.flush()
        return _coder(row)

    def set_master(self, coder_id: CoderId, is_master: bool) -> Coder:
        row = self._row(coder_id)
        row.is_master = is_master
        self._session.flush()
        return _coder(row)

    def _row(self, coder_id: CoderId) -> CoderRow:
        row = self._session.get(CoderRow, coder_id)
        if row is None:
            raise NotFound(f"coder {coder_id} does not exist")
        return row


class PassRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get_or_create(
        self,
        recording_id: RecordingId,
        coder_id: CoderId,
        scheme_id: SchemeId,
        purpose: PassPurpose | None = None,
    ) -> CodingPass:
        """The coder's latest pass on this recording and scheme, created if there is none.

        A new pass's purpose, unless given: the coder's assignment on the recording if any
        (reliability or master); else primary for the recording's first coder and
        reliability (master for the master coder) for anyone coding it after them.
        """
        self._require_parts(recording_id, coder_id, scheme_id)
        row = self._latest(recording_id, coder_id, scheme_id)
        if row is None:
            chosen = purpose or self._purpose_for(recording_id, coder_id)
            row = self._new(recording_id, coder_id, scheme_id, chosen, 1)
        self._lock_scheme(scheme_id)
        flush_or_conflict(self._session, "this coding pass was just opened elsewhere; retry")
        return _pass(row)

    def add_revision(
        self,
        recording_id: RecordingId,
        coder_id: CoderId,
        scheme_id: SchemeId,
        purpose: PassPurpose,
    ) -> CodingPass:
        """A new draft pass with the coder's next revision: a correction or a consensus."""
        self._require_parts(recording_id, coder_id, scheme_id)
        latest = self._latest(recording_id, coder_id, scheme_id)
        if latest is not None and latest.status == PassStatus.DRAFT.value:
            raise StorageError(
                f"coding pass {latest.id} is still a draft; edit it instead of starting another"
            )
        row = self._new(
            recording_id, coder_id, scheme_id, purpose, 1 if latest is None else latest.revision + 1
        )
        self._lock_scheme(scheme_id)
        flush_or_conflict(self._session, "this coding pass was just opened elsewhere; retry")
        return _pass(row)

    def get(self, pass_id: PassId) -> CodingPass:
        return _pass(self._row(pass_id))

    def lock(self, pass_id: PassId) -> CodingPass:
        """The pass as it is now, locked against other writers until the transaction ends.

        Call it before reading what a write into the pass depends on (the rows a "replace"
        removes, the status a submission checks): reads taken before it may be stale.
        """
        return _pass(lock_pass(self._session, pass_id))

    def for_recording(self, recording_id: RecordingId) -> list[CodingPass]:
        rows = self._session.scalars(
            select(CodingPassRow)
            .where(CodingPassRow.recording_id == recording_id)
            .order_by(CodingPassRow.id)
        )
        return [_pass(r) for r in rows]

    def list_all(self) -> list[CodingPass]:
        """Every pass, in one query: the browser judges hundreds of recordings per keystroke."""
        rows = self._session.scalars(select(CodingPassRow).order_by(CodingPassRow.id))
        return [_pass(r) for r in rows]

    def for_coder(self, coder_id: CoderId) -> list[CodingPass]:
        rows = self._session.scalars(
            select(CodingPassRow)
            .where(CodingPassRow.coder_id == coder_id)
            .order_by(CodingPassRow.id)
        )
        return [_pass(r) for r in rows]

    def set_status(self, pass_id: PassId, status: PassStatus) -> None:
        """Move a pass forward, draft -> submitted -> locked; never back (the UI decides who).

        Raises `PassStatusRefused` for a move backwards: a submitted pass is final, and a
        correction is a new pass (`add_revision`). The pass's write lock is taken first
        (`pass_lock`), so a submission waits for an import already writing into the pass and
        an import that comes later sees the new status.
        """
        row = lock_pass(self._session, pass_id)
        now, wanted = PassStatus(row.status), PassStatus(status)
        if wanted is now:
            return
        if wanted not in _FORWARD[now]:
            raise PassStatusRefused(
                f"coding pass {pass_id} is {now.value} and cannot become {wanted.value} again; "
                "a submitted pass is never edited: start a correction (a new pass) instead"
            )
        row.status = wanted.value
        if row.submitted_at is None:
            row.submitted_at = dt.datetime.now(dt.UTC)
        self._session.flush()

    def _latest(
        self, recording_id: RecordingId, coder_id: CoderId, scheme_id: SchemeId
    ) -> CodingPassRow | None:
        return self._session.scalars(
            select(CodingPassRow)
            .where(
                CodingPassRow.recording_id == recording_id,
                CodingPassRow.coder_id == coder_id,
                CodingPassRow.scheme_id == scheme_id,
            )
            .order_by(CodingPassRow.revision.desc())
        ).first()

    def _purpose_for(self, recording_id: RecordingId, coder_id: CoderId) -> PassPurpose:
        assigned = self._session.scalar(
            select(ReliabilityAssignmentRow.purpose).where(
                ReliabilityAssignmentRow.recording_id == recording_id,
                ReliabilityAssignmentRow.coder_id == coder_id,
            )
        )
        if assigned is not None:
            return PassPurpose(assigned)
        first_coder = self._session.scalar(
            select(CodingPassRow.coder_id)
            .where(CodingPassRow.recording_id == recording_id)
            .order_by(CodingPassRow.id)
            .limit(1)
        )
        if first_coder is None or first_coder == coder_id:
            return PassPurpose.PRIMARY
        coder = self._session.get(CoderRow, coder_id)
        return (
            PassPurpose.MASTER if coder is not None and coder.is_master else PassPurpose.RELIABILITY
        )

    def _new(
        self,
        recording_id: RecordingId,
        coder_id: CoderId,
        scheme_id: SchemeId,
        purpose: PassPurpose,
        revision: int,
    ) -> CodingPassRow:
        row = CodingPassRow(
            recording_id=recording_id,
            coder_id=coder_id,
            scheme_id=scheme_id,
            status=PassStatus.DRAFT.value,
            purpose=PassPurpose(purpose).value,
            revision=revision,
        )
        self._session.add(row)
        return row

    def _require_parts(
        self, recording_id: RecordingId, coder_id: CoderId, scheme_id: SchemeId
    ) -> None:
        if self._session.get(SchemeRow, scheme_id) is None:
            raise NotFound(f"scheme {scheme_id} does not exist")
        if self._session.get(RecordingRow, recording_id) is None:
            raise NotFound(f"recording {recording_id} does not exist")
        if self._session.get(CoderRow, coder_id) is None:
            raise NotFound(f"coder {coder_id} does not exist")

    def _lock_scheme(self, scheme_id: SchemeId) -> None:
        scheme = self._session.get(SchemeRow, scheme_id)
        if scheme is not None and not scheme.locked:
            scheme.locked = True

    def _row(self, pass_id: PassId) -> CodingPassRow:
        row = self._session.get(CodingPassRow, pass_id)
        if row is None:
            raise NotFound(f"coding pass {pass_id} does not exist")
        return row
