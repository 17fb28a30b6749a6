"""The unit of work: one session, one transaction, all repositories, one `commit()`.

Repositories never commit; only `UnitOfWork.commit()` does, so an edit that touches several
rows lands whole or not at all, and leaving the `with` block without committing (an
exception, an early return) rolls everything back. Every driver failure inside the block or
at commit (a lock held too long, a read-only file, a server gone) leaves as a typed
`StorageError` from `errors.translate`, translated here and nowhere else. A session belongs
to the thread that opened the unit of work: a worker opens its own, and using one across
threads is refused rather than left to corrupt the session's state. Shape after cosmicpython's
`SqlAlchemyUnitOfWork`.
"""

from __future__ import annotations

import threading
from types import TracebackType
from typing import Self

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from vfcoach.storage.annotations import AnnotationRepository
from vfcoach.storage.assignments import AssignmentRepository
from vfcoach.storage.audit import AuditRepository
from vfcoach.storage.bystanders import BystanderRepository
from vfcoach.storage.consent import ConsentRepository
from vfcoach.storage.erasure import ErasureRepository
from vfcoach.storage.errors import StorageError, translate
from vfcoach.storage.families import ChildRepository, FamilyRepository, VisitRepository
from vfcoach.storage.media_keys import MediaKeyRepository  # issue 14 §3 media store
from vfcoach.storage.passes import CoderRepository, PassRepository
from vfcoach.storage.recordings import RecordingRepository
from vfcoach.storage.reels import ReelRepository
from vfcoach.storage.retention import RetentionRepository
from vfcoach.storage.schemes import SchemeRepository
from vfcoach.storage.settings import SettingsRepository
from vfcoach.storage.tally_cache import TallyCacheRepository


class UnitOfWork:
    """Use as `with db.uow() as uow: ...; uow.commit()`; one instance is entered once."""

    families: FamilyRepository
    children: ChildRepository
    visits: VisitRepository
    recordings: RecordingRepository
    schemes: SchemeRepository
    coders: CoderRepository
    passes: PassRepository
    annotations: AnnotationRepository
    settings: SettingsRepository
    audit: AuditRepository
    reels: ReelRepository
    assignments: AssignmentRepository
    tally_cache: TallyCacheRepository
    bystanders: BystanderRepository  # issue 14 §6
    media_keys: MediaKeyRepository  # issue 14 §3
    consents: ConsentRepository
    retention: RetentionRepository  # issue 14 §2
    erasures: ErasureRepository  # issue 14 §2

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory
        self._session: Session | None = None
        self._thread = 0
        self._committed = False

    def __enter__(self) -> Self:
        if self._session is not None:
            raise StorageError("a unit of work cannot be entered twice; open a new one")
        session = self._session_factory()
        self._session = session
        self._thread = threading.get_ident()
        self._committed = False
        self.families = FamilyRepository(session)
        self.children = ChildRepository(session)
        self.visits = VisitRepository(session)
        self.recordings = RecordingRepository(session)
        self.schemes = SchemeRepository(session)
        self.coders = CoderRepository(session)
        self.passes = PassRepository(session)
        self.annotations = AnnotationRepository(session)
        self.settings = SettingsRepository(session)
        self.audit = AuditRepository(session)
        self.reels = ReelRepository(session)
        self.assignments = AssignmentRepository(session)
        self.tally_cache = TallyCacheRepository(session)
        self.bystanders = BystanderRepository(session)  # issue 14 §6
        self.media_keys = MediaKeyRepository(session)  # issue 14 §3
        self.consents = ConsentRepository(session)
        self.retention = RetentionRepository(session)  # issue 14 §2
        self.erasures = ErasureRepository(session)  # issue 14 §2
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self._session
        if session is None:
            return
        try:
            # After a commit this is a no-op; otherwise it discards every uncommitted write.
            session.rollback()
        except DBAPIError as rollback_failed:
            if exc is None:  # nothing else is on its way out: this is the failure to report
                raise translate(rollback_failed) from rollback_failed
            # the original failure says more; a dead connection cannot roll back anyway
        finally:
            session.close()
        if isinstance(exc, DBAPIError):  # a flush, query or autoflush inside the block
            raise translate(exc) from exc

    @property
    def committed(self) -> bool:
        """True once `commit()` has returned: the edit is durable."""
        return self._committed

    def commit(self) -> None:
        """Make everything written so far durable; it may be called more than once."""
        session = self._own_session()
        try:
            session.commit()
        except DBAPIError as exc:
            raise translate(exc) from exc
        self._committed = True

    def rollback(self) -> None:
        """Discard what was written since the last commit; the unit of work stays usable."""
        self._own_session().rollback()

    def _own_session(self) -> Session:
        if self._session is None:
            raise StorageError("use the unit of work inside a `with` block")
        if threading.get_ident() != self._thread:
            raise StorageError("a unit of work belongs to the thread that opened it")
        return self._session
