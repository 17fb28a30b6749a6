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
blind guard, the submit rule and the reel views all judge the same person. vfcoach has no
sign-in yet: a name protects against accidents and casual peeking, the audit log against
the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.ids import CoderId
from vfcoach.coding.project import Coder, CoderRole
from vfcoach.storage.uow import UnitOfWork

#: The one line every refusal for want of a name says (the CLI prints it as its error line).
WHO_IS_ASKING = (
    "say who is asking (--as NAME): this database has blind double coding, so what a "
    "command shows depends on who reads it"
)

NOBODY = CoderId(0)  # the coder id of a name that never coded here


class BlindCodingRefused(VfcoachError):
    """Another coder's pass asked for while the recording is double-coded blind."""


class WhoIsAskingRequired(BlindCodingRefused):
    """A read that could show codes, asked anonymously on a database with blind coding."""


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

    def as_coder(self) -> Coder:
        """The actor as the pure blind-coding rule (`read_refusal`) takes a viewer."""
        return Coder(self.coder_id, self.name, self.is_master, self.role)


def blind_in_use(uow: UnitOfWork) -> bool:
    """Whether anyone was ever assigned blind here: then every reader must be named."""
    return uow.assignments.any_blind()


def resolve_actor(uow: UnitOfWork, name: str | None) -> Actor | None:
    """The named person as an `Actor`; None when nobody is named and nothing is blind.

    Raises `WhoIsAskingRequired` for an unnamed reader on a database with blind coding.
    """
    clean = (name or "").strip()
    if not clean:
        if blind_in_use(uow):
            raise WhoIsAskingRequired(WHO_IS_ASKING)
        return None
    coder = uow.coders.by_name(clean)
    if coder is None:
        return Actor(clean)  # someone who never coded is nobody's coder: no blind pass is theirs
    return Actor(coder.name, coder.role, coder.id, coder.is_master)
