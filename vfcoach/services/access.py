"""Who is asking: the one place a name becomes an `Actor`, and where asking anonymously ends.

What a read may show depends on who reads it once a database has blind double coding
(domain.md §6, §7 rule 7): a coder sees only their own codes of a recording until every coder
of it has submitted. So on such a database every operation that could show codes, captions,
counts or times needs to know who is asking (`--as NAME` on the console, the window's coder,
the signed-in person once team mode exists) and refuses without one, the same way whether
the recording asked about is blind or not: a refusal only for blind recordings would itself
say which recordings are. A database that never assigned anyone blind keeps working without
a name, as before.

The name is resolved once, here, into an `Actor` with the role the database gives it, so the
blind guard, the submit rule and the reel views all judge the same person. On SQLite there
is no sign-in: a name protects against accidents and casual peeking, the audit log against
the rest. On a team database (PostgreSQL after `vfcoach team init`) the person is the login
the server authenticated, `--as`/`--by` naming anyone else is refused (`team_actor`), and the
server's own row-level security is the boundary; the guard below then only words refusals.

`BlindGuard`, below, reads passes "as" that person, so blind double coding is enforced, not
merely hidden. Every path that shows one coder's annotations of a recording to someone (the coding
screen, `annotations export`, `tally`, the trend, the reliability view) asks a `BlindGuard`
first. While a recording is assigned blind and its coders have not all submitted, a coder
asking for another coder's pass gets `BlindCodingRefused`, whose message the window or the
console shows, and a list of the recording's passes shows them only their own. The rule
itself, and who is exempt (a supervisor who does not code the recording; never the master
coder), is `vfcoach.coding.double_coding.read_refusal`; a supervisor's read under blind
coding is written to the audit log in the caller's transaction, so callers commit.

"""

from __future__ import annotations

from dataclasses import dataclass

from vfcoach.coding.annotation import Annotation, CodingPass
from vfcoach.coding.double_coding import BLIND_READ, BlindState, read_refusal, supervisor_override
from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.ids import CoderId, RecordingId
from vfcoach.coding.project import Coder, CoderRole
from vfcoach.storage.database import Database
from vfcoach.storage.uow import UnitOfWork

#: The one line every refusal for want of a name says (the CLI prints it as its error line).
WHO_IS_ASKING = (
    "say who is asking (--as NAME): this database has blind double coding, so what a "
    "command shows depends on who reads it"
)

NOBODY = CoderId(0)  # the coder id of a name that never coded here
ANONYMOUS = "vfcoach"  # what the audit log records for a change nobody was named for


class BlindCodingRefused(VfcoachError):
    """Another coder's pass asked for while the recording is double-coded blind."""


class WhoIsAskingRequired(BlindCodingRefused):
    """A read that could show codes, asked anonymously on a database with blind coding."""


class SignedInOnly(VfcoachError):
    """On a team database the sign-in is who acts: another name, or a login nobody added."""


@dataclass(frozen=True, slots=True)
class Actor:
    """The person asking: their name and the role the database gives that name."""

    name: str
    role: CoderRole = CoderRole.CODER
    coder_id: CoderId = NOBODY  # NOBODY: the name never coded here
    is_master: bool = False

    @property
    def is_supervisor(self) -> bool:
        return self.role is CoderRole.SUPERVISOR

    def became(self, coder: Coder) -> Actor:
        """The actor once `coder` is stored, if it is them: a name resolved before its first
        pass was made has no coder id yet, and without one their own new pass would read as
        somebody else's. Anyone else stays as they were."""
        return actor_of(coder) if coder.name == self.name else self

    def as_coder(self) -> Coder:
        """The actor as the pure blind-coding rule (`read_refusal`) takes a viewer."""
        return Coder(self.coder_id, self.name, self.is_master, self.role)


#: vfcoach itself: who a change is recorded as when a script names nobody (`--by` unset)
SYSTEM = Actor(ANONYMOUS)


def blind_in_use(uow: UnitOfWork) -> bool:
    """Whether anyone was ever assigned blind here: then every reader must be named."""
    return uow.assignments.any_blind()


def resolve_actor(uow: UnitOfWork, name: str | None) -> Actor | None:
    """The named person as an `Actor`; None when nobody is named and nothing is blind.

    Raises `WhoIsAskingRequired` for an unnamed reader on a database with blind coding. On a
    team database the person is the login the server authenticated (`team_actor`).
    """
    login = uow.coders.team_login()
    if login is not None:
        return team_actor(uow, login, name)
    clean = (name or "").strip()
    if not clean:
        if blind_in_use(uow):
            raise WhoIsAskingRequired(WHO_IS_ASKING)
        return None
    coder = uow.coders.by_name(clean)
    if coder is None:
        return Actor(clean)  # someone who never coded is nobody's coder: no blind pass is theirs
    return actor_of(coder)


def team_actor(uow: UnitOfWork, login: str, name: str | None) -> Actor:
    """The signed-in person of a team database; naming anyone else (`--as`, `--by`) is refused.

    The database enforces who sees what for this login whatever the app says; refusing the
    name here keeps the app from claiming, in audit entries or messages, to be someone else.
    """
    coder = uow.coders.by_login(login)
    if coder is None:
        raise SignedInOnly(
            f"'{login}' is not a person of this team database; an admin adds people "
            "(vfcoach user add)"
        )
    clean = (name or "").strip()
    if clean and clean not in (coder.name, login, ANONYMOUS):
        raise SignedInOnly(
            f"on a team database you act as yourself ({coder.name}, the sign-in you connected "
            f"with), not as '{clean}': leave out --as/--by"
        )
    return actor_of(coder)


def actor_of(coder: Coder) -> Actor:
    """A stored coder as an `Actor` (the coder a service just made or found by id)."""
    return Actor(coder.name, coder.role, coder.id, coder.is_master)


def actor_named(db: Database, name: str | None) -> Actor | None:
    """Who a command or the window acts for, resolved once in a short read of its own.

    None when nobody is named. An unnamed reader is NOT refused here: the refusal on a
    database with blind coding comes where a read needs a name (`require_named`), as it
    always did, so a command that ends up reading nothing (an empty reel) needs no name.
    """
    if not (name or "").strip() and db.dialect != "postgresql":
        return None
    with db.uow() as uow:
        login = uow.coders.team_login()
        if login is not None:
            return team_actor(uow, login, name)
        return resolve_actor(uow, name) if (name or "").strip() else None


def require_named(uow: UnitOfWork, actor: Actor | None) -> Actor | None:
    """`actor` itself; None only where nothing is blind, else `WhoIsAskingRequired`."""
    return actor if actor is not None else resolve_actor(uow, None)


def audit_name(actor: Actor | None) -> str:
    """The name an audit row records for `actor` (`ANONYMOUS` for nobody named)."""
    return ANONYMOUS if actor is None else actor.name


class PassNotChosen(VfcoachError):
    """The recording has no pass by that coder, or several coders and none was named."""


class BlindGuard:
    """Passes of recordings as one viewer may see them, inside one open unit of work."""

    def __init__(self, uow: UnitOfWork, actor: Actor | None, read_only: bool = False) -> None:
        """Raises `WhoIsAskingRequired` for nobody named on a database with blind coding.

        `read_only`: the caller writes no pass or assignment through this unit of work, so
        each recording's passes and blind state are read once, not once per question (a
        200-visit trend asked each recording's state four times).
        """
        self.uow = uow
        self.actor = require_named(uow, actor)
        self.names = {c.id: c.name for c in uow.coders.list()}
        self.viewer: Coder | None = None if self.actor is None else self.actor.as_coder()
        self._memo: dict[RecordingId, tuple[list[CodingPass], BlindState]] | None = (
            {} if read_only else None
        )

    def _passes_and_state(self, recording_id: RecordingId) -> tuple[list[CodingPass], BlindState]:
        if self._memo is not None and recording_id in self._memo:
            return self._memo[recording_id]
        passes = self.uow.passes.for_recording(recording_id)
        state = BlindState.of(
            recording_id, passes, self.uow.assignments.for_recording(recording_id)
        )
        if self._memo is not None:
            self._memo[recording_id] = (passes, state)
        return passes, state

    def _passes(self, recording_id: RecordingId) -> list[CodingPass]:
        return list(self._passes_and_state(recording_id)[0])

    def state(self, recording_id: RecordingId) -> BlindState:
        return self._passes_and_state(recording_id)[1]

    def refusal(self, coding_pass: CodingPass) -> str | None:
        owner = self.names.get(coding_pass.coder_id, f"coder {coding_pass.coder_id}")
        return read_refusal(
            self.state(coding_pass.recording_id), self.viewer, coding_pass.coder_id, owner
        )

    def check(self, coding_pass: CodingPass) -> CodingPass:
        """The pass itself if the viewer may read it; else `BlindCodingRefused`."""
        state = self.state(coding_pass.recording_id)
        owner = self.names.get(coding_pass.coder_id, f"coder {coding_pass.coder_id}")
        why = read_refusal(state, self.viewer, coding_pass.coder_id, owner)
        if why is not None:
            raise BlindCodingRefused(why)
        if self.viewer is not None and supervisor_override(
            state, self.viewer, coding_pass.coder_id
        ):
            detail = {"pass_id": coding_pass.id, "coder": owner, "why": "supervision"}
            self.uow.audit.record(
                self.viewer.name, BLIND_READ, f"recording:{coding_pass.recording_id}", detail
            )
        return coding_pass

    def visible_passes(self, recording_id: RecordingId) -> list[CodingPass]:
        """The recording's passes the viewer may read, oldest first (hidden ones left out)."""
        return [p for p in self._passes(recording_id) if self.refusal(p) is None]

    def coder_passes(self, recording_id: RecordingId, coder_name: str) -> list[CodingPass]:
        """One coder's passes of the recording, refused as a whole when they are hidden."""
        name = coder_name.strip()
        passes = self._passes(recording_id)
        chosen = [p for p in passes if self.names.get(p.coder_id) == name]
        if not chosen:
            raise PassNotChosen(f"recording {recording_id} has no pass by coder '{name}'")
        return [self.check(p) for p in chosen]

    def choose(
        self, recording_id: RecordingId, coder_name: str | None, latest: bool = False
    ) -> tuple[CodingPass, str] | None:
        """The named coder's pass, or the only coder's the viewer may see; None if uncoded.

        When every pass is hidden the refusal is raised, never an empty result: an empty
        export would read as "nothing coded", which is not true.
        """
        at = -1 if latest else 0
        if coder_name is not None:
            return self.coder_passes(recording_id, coder_name)[at], coder_name.strip()
        passes = self.visible_passes(recording_id)
        if not passes:
            hidden = self._passes(recording_id)
            if hidden:
                self.check(hidden[0])  # raises with the reason
            return None
        coders = sorted({self.names.get(p.coder_id, str(p.coder_id)) for p in passes})
        if len(coders) > 1:
            raise PassNotChosen(
                f"recording {recording_id} was coded by {', '.join(coders)}; name one with --coder"
            )
        return passes[at], coders[0]

    def annotations(self, coding_pass: CodingPass) -> list[Annotation]:
        return self.uow.annotations.for_pass(self.check(coding_pass).id)
