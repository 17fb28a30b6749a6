"""Typed ORM rows of the coding data: families, recordings, schemes, passes, codes, reels.

Rows never leave `vfcoach.storage`; repositories turn them into frozen domain values. The base
and constraint names are in `row_base.py`; the tables that protect a family (issue 14) in
`protection_rows.py`. `migrations/versions/` must match all these classes exactly; a test
compares them with Alembic's autogenerate.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from vfcoach.storage.row_base import NAMING, Base, Stamped


class FamilyRow(Stamped, Base):
    __tablename__ = "family"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)  # pseudonymous, e.g. F-0417
    programme: Mapped[str] = mapped_column(String(64))


class ChildRow(Stamped, Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"), index=True)
    pseudonym: Mapped[str] = mapped_column(String(64))
    birth_month: Mapped[str | None] = mapped_column(String(7))  # "YYYY-MM", never a full date


class VisitRow(Stamped, Base):
    __tablename__ = "visit"
    __table_args__ = (UniqueConstraint("family_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    date: Mapped[dt.date | None] = mapped_column(Date)
    programme: Mapped[str] = mapped_column(String(64))


class SchemeRow(Stamped, Base):
    __tablename__ = "scheme"
    __table_args__ = (UniqueConstraint("name", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    version: Mapped[int] = mapped_column(Integer)
    locked: Mapped[bool] = mapped_column(Boolean)  # set once a pass uses this version
    description: Mapped[str] = mapped_column(Text)
    # Compare-and-set count of in-place edits (not the published `version`): an edit made
    # against an older revision is refused with `EditConflict` (migration 0010).
    revision: Mapped[int] = mapped_column(Integer, server_default=text("1"))


class CodeRow(Stamped, Base):
    __tablename__ = "code"
    __table_args__ = (UniqueConstraint("scheme_id", "key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("scheme.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    shortcut: Mapped[str] = mapped_column(String(16))
    colour: Mapped[str] = mapped_column(String(32))
    category: Mapped[str] = mapped_column(String(200))
    modifiers: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    caregiver_visible: Mapped[bool] = mapped_column(Boolean)
    me_set: Mapped[str | None] = mapped_column(String(64))
    definition: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)  # order in the scheme, as coders see it
    # includes/excludes/link_to/polarity/segment: details that no query filters on, in one
    # JSON object so the next such field needs no migration; '{}' for rows from before 0002.
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, server_default=text("'{}'"))


class RecordingRow(Stamped, Base):
    __tablename__ = "recording"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), index=True)
    media_path: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(128), index=True)  # finds a moved file
    duration_ms: Mapped[int] = mapped_column(Integer)
    fps: Mapped[float] = mapped_column(Float)
    frame_count: Mapped[int] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    rotation: Mapped[int] = mapped_column(Integer)
    has_audio: Mapped[bool] = mapped_column(Boolean)
    frame_map: Mapped[bytes] = mapped_column(LargeBinary)  # FrameMap.to_bytes()
    scheme_id: Mapped[int | None] = mapped_column(
        ForeignKey("scheme.id", ondelete="SET NULL"), index=True
    )
    label: Mapped[str] = mapped_column(String(200))
    # Archived: out of the browser's default view, everything kept (0008).
    archived: Mapped[bool] = mapped_column(Boolean, server_default=false())
    # Encrypted media store (0013, issue 14 §3): the sealed file's id and its key; both NULL
    # for a video kept where it is. The key lives only here (storage/media_keys.py).
    media_file_id: Mapped[bytes | None] = mapped_column(LargeBinary)
    media_key: Mapped[bytes | None] = mapped_column(LargeBinary)


class CoderRow(Stamped, Base):
    __tablename__ = "coder"
    __table_args__ = (
        CheckConstraint("role IN ('coder', 'supervisor')", name="role"),
        CheckConstraint("team_role IN ('coach', 'supervisor', 'admin')", name="team_role"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    is_master: Mapped[bool] = mapped_column(Boolean)
    role: Mapped[str] = mapped_column(String(16), server_default=text("'coder'"))
    # Team mode (0009): the person's PostgreSQL login role, who supervises them, their team
    # role (coach, supervisor, admin) and whether their login was disabled (codes stay).
    login: Mapped[str | None] = mapped_column(String(63), unique=True)
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("coder.id", ondelete="SET NULL"))
    team_role: Mapped[str | None] = mapped_column(String(16))
    disabled: Mapped[bool] = mapped_column(Boolean, server_default=false())


class CaseloadRow(Stamped, Base):
    """A family a coach works with: on a team database the coach sees only these (0009)."""

    __tablename__ = "caseload"
    coach_id: Mapped[int] = mapped_column(
        ForeignKey("coder.id", ondelete="CASCADE"), primary_key=True
    )
    family_id: Mapped[int] = mapped_column(
        ForeignKey("family.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class CodingPassRow(Stamped, Base):
    """One pass; a correction or a consensus is a new row (next `revision`), never an edit."""

    __tablename__ = "coding_pass"
    __table_args__ = (
        UniqueConstraint("recording_id", "coder_id", "scheme_id", "revision"),
        CheckConstraint("status IN ('draft', 'submitted', 'locked')", name="status"),
        CheckConstraint(
            "purpose IN ('primary', 'reliability', 'master', 'consensus')", name="purpose"
        ),
        CheckConstraint("revision >= 1", name="revision"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recording_id: Mapped[int] = mapped_column(ForeignKey("recording.id", ondelete="CASCADE"))
    coder_id: Mapped[int] = mapped_column(ForeignKey("coder.id"), index=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("scheme.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    purpose: Mapped[str] = mapped_column(String(16), server_default=text("'primary'"))
    revision: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Bumped under the pass's write lock by every write (`pass_lock`): a stored tally made
    # at another stamp is stale (`PassTallyRow`).
    change_stamp: Mapped[int] = mapped_column(Integer, server_default=text("0"))


class PassTallyRow(Stamped, Base):
    """A pass's ITM tally as JSON, valid only while the pass is still at `change_stamp`.

    `settings` is a digest of everything else the tally depends on (clip choice, scheme
    content, thresholds, recording duration), so one pass keeps one row per way it is read.
    """

    __tablename__ = "pass_tally"
    pass_id: Mapped[int] = mapped_column(
        ForeignKey("coding_pass.id", ondelete="CASCADE"), primary_key=True
    )
    settings: Mapped[str] = mapped_column(String(64), primary_key=True)
    change_stamp: Mapped[int] = mapped_column(Integer)
    tally: Mapped[str] = mapped_column(Text)


class ReliabilityAssignmentRow(Stamped, Base):
    """A recording chosen for double coding, and (once chosen) its second or master coder.

    `coder_id` is NULL while a recording drawn by the sampling plan still waits for a coder;
    `draw_seed`/`draw_share` say which draw chose it (NULL for a supervisor's own pick).
    """

    __tablename__ = "reliability_assignment"
    __table_args__ = (
        UniqueConstraint("recording_id", "coder_id"),
        CheckConstraint("purpose IN ('reliability', 'master')", name="purpose"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recording_id: Mapped[int] = mapped_column(
        ForeignKey("recording.id", ondelete="CASCADE"), index=True
    )
    coder_id: Mapped[int | None] = mapped_column(ForeignKey("coder.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))
    blind: Mapped[bool] = mapped_column(Boolean)
    assigned_by: Mapped[str] = mapped_column(String(128))
    assigned_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    draw_seed: Mapped[int | None] = mapped_column(Integer)
    draw_share: Mapped[float | None] = mapped_column(Float)


class AnnotationRow(Stamped, Base):
    __tablename__ = "annotation"
    __table_args__ = (
        # An offset is a whole moment or nothing: a frame without its time cannot be exported.
        CheckConstraint("(offset_frame IS NULL) = (offset_pts_ms IS NULL)", name="offset_complete"),
    )
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)  # minted by the domain
    pass_id: Mapped[int] = mapped_column(
        ForeignKey("coding_pass.id", ondelete="CASCADE"), index=True
    )
    code_key: Mapped[str] = mapped_column(String(64))
    onset_frame: Mapped[int] = mapped_column(Integer)
    onset_pts_ms: Mapped[int] = mapped_column(Integer)
    offset_frame: Mapped[int | None] = mapped_column(Integer)
    offset_pts_ms: Mapped[int | None] = mapped_column(Integer)
    modifiers: Mapped[list[list[str]]] = mapped_column(JSON)  # [[name, value], ...] in order
    note: Mapped[str] = mapped_column(Text)
    # No foreign key: undoing the removal of a behaviour must restore an ITM's link unchanged.
    trigger_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    # Compare-and-set: every UPDATE/DELETE says `AND version = <the one it was made against>`,
    # so an undo after someone else's change refuses instead of overwriting it. The
    # repository sets the next number itself (no generator): a row restored by undo comes
    # back at the version it was removed at, so older undo steps still fit it.
    version: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}  # noqa: RUF012


class SettingRow(Stamped, Base):
    """One organisation setting (domain.md §9), keyed like "fidelity.min_rate_per_min"."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class AuditEventRow(Stamped, Base):
    """Append-only: the repository only inserts and reads (domain.md §7, rule 9)."""

    __tablename__ = "audit_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(64), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Hash chain (issue 14 §4, migration 0014): a gap-free number, the previous entry's hash
    # and this entry's own (vfcoach.coding.audit_chain); on PostgreSQL a trigger sets all three.
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))


class ReelRow(Stamped, Base):
    """A highlight reel of one visit (domain.md §5); its clips are `ReelClipRow`s."""

    __tablename__ = "reel"
    __table_args__ = (CheckConstraint("audience IN ('caregiver', 'coach')", name="audience"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    pre_roll_ms: Mapped[int] = mapped_column(Integer)
    post_roll_ms: Mapped[int] = mapped_column(Integer)
    # caregiver: may be shown in caregiver mode; coach: used in person, may hold corrective clips
    audience: Mapped[str] = mapped_column(String(16), server_default=text("'caregiver'"))
    # Compare-and-set count of edits of the reel or its clips (migration 0010).
    revision: Mapped[int] = mapped_column(Integer, server_default=text("1"))


class ReelClipRow(Stamped, Base):
    """One clip, by reference only (§5 rule 4): recording, frames, caption; no pixels."""

    __tablename__ = "reel_clip"
    __table_args__ = (
        UniqueConstraint("reel_id", "position"),
        CheckConstraint(
            "(override_reason IS NULL) = (override_by IS NULL)", name="override_complete"
        ),
    )
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)  # minted by the domain
    reel_id: Mapped[int] = mapped_column(ForeignKey("reel.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    recording_id: Mapped[int] = mapped_column(
        ForeignKey("recording.id", ondelete="CASCADE"), index=True
    )
    # No foreign key: undo may remove and restore the annotation; export re-checks it.
    annotation_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    in_frame: Mapped[int] = mapped_column(Integer)
    in_pts_ms: Mapped[int] = mapped_column(Integer)
    out_frame: Mapped[int] = mapped_column(Integer)
    out_pts_ms: Mapped[int] = mapped_column(Integer)
    pre_roll_ms: Mapped[int] = mapped_column(Integer)
    post_roll_ms: Mapped[int] = mapped_column(Integer)
    caption: Mapped[str] = mapped_column(Text)
    talking_point: Mapped[str] = mapped_column(Text)  # coach-only, never exported
    slow_motion: Mapped[float | None] = mapped_column(Float)
    freeze_end_ms: Mapped[int] = mapped_column(Integer)
    # The coach's override of a concern (§5 rule 1); when it was made is in the audit log.
    override_reason: Mapped[str | None] = mapped_column(Text)
    override_by: Mapped[str | None] = mapped_column(String(128))


# The family-protection tables live beside these (issue 14); imported here so that whoever
# imports the rows has every table in `Base.metadata` (migrations, team rules, team migrate).
from vfcoach.storage.protection_rows import (  # noqa: E402
    BystanderSpanRow,
    ConsentRow,
    ErasureRow,
    LegalHoldRow,
    RetentionRuleRow,
    WrittenFileRow,
)

__all__ = [
    "NAMING",
    "Base",
    "BystanderSpanRow",
    "ConsentRow",
    "ErasureRow",
    "LegalHoldRow",
    "RetentionRuleRow",
    "Stamped",
    "WrittenFileRow",
]
