"""Rows of what protects a family (issue 14): bystander spans, consent per use, retention
rules, legal holds, the register of files written for a family, and erase records.

Kept apart from `rows.py` (the coding data itself); `rows.py` imports this module, so
`Base.metadata` always holds every table.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from vfcoach.storage.row_base import Base, Stamped

# --- issue 14 §6: bystander spans (migration 0015) ---------------------------------------


class BystanderSpanRow(Stamped, Base):
    """A span of a recording showing someone who has not consented (domain.md §7.4).

    Per recording, not per pass: every coder's reels obey it. No reel ever shows it.
    """

    __tablename__ = "bystander_span"
    __table_args__ = (CheckConstraint("end_frame >= start_frame", name="ordered"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recording_id: Mapped[int] = mapped_column(
        ForeignKey("recording.id", ondelete="CASCADE"), index=True
    )
    start_frame: Mapped[int] = mapped_column(Integer)
    start_pts_ms: Mapped[int] = mapped_column(Integer)
    end_frame: Mapped[int] = mapped_column(Integer)
    end_pts_ms: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, server_default=text("''"))
    flagged_by: Mapped[str] = mapped_column(String(128))
    flagged_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


# --- issue 14 §1: consent per use (migration 0017) ---------------------------------------
class ConsentRow(Stamped, Base):
    """One family's consent to one use (domain.md §7.2). Rows are never deleted or rewritten
    bar `withdrawn_at`: a newer row for the same scope supersedes an older one."""

    __tablename__ = "consent"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"), index=True)
    scope: Mapped[str] = mapped_column(String(32))
    consented_by: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    document: Mapped[str] = mapped_column(String(200))
    expires: Mapped[dt.date | None] = mapped_column(Date)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    withdrawn_by: Mapped[str | None] = mapped_column(String(128))
    clean_take_home: Mapped[bool] = mapped_column(Boolean, server_default=false())
    unblurred: Mapped[bool] = mapped_column(Boolean, server_default=false())


# --- Retention and erase (issue 14 §2, migration 0018) ---------------------------------------


class RetentionRuleRow(Stamped, Base):
    """How long one programme keeps a family's video, derived files and codes (domain.md §7.5)."""

    __tablename__ = "retention_rule"
    __table_args__ = (CheckConstraint("codes IN ('deidentify', 'erase')", name="codes"),)
    programme: Mapped[str] = mapped_column(String(64), primary_key=True)
    media_months: Mapped[int] = mapped_column(Integer)  # after the family's last visit
    derived_months: Mapped[int] = mapped_column(Integer)  # renders, reports, clips
    codes: Mapped[str] = mapped_column(String(16))
    set_by: Mapped[str] = mapped_column(String(128))
    set_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class LegalHoldRow(Stamped, Base):
    """A family that may not be erased, and why (domain.md §7.5)."""

    __tablename__ = "legal_hold"
    family_id: Mapped[int] = mapped_column(
        ForeignKey("family.id", ondelete="CASCADE"), primary_key=True
    )
    reason: Mapped[str] = mapped_column(Text)
    placed_by: Mapped[str] = mapped_column(String(128))
    placed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class WrittenFileRow(Stamped, Base):
    """A file vfcoach wrote for a family (a reel, a report, an export), so an erase finds it."""

    __tablename__ = "written_file"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32))
    written_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ErasureRow(Stamped, Base):
    """The deletion record of one family erase: kinds and counts, who, when, why; no content.

    Written `pending` (with `plan`, the files still to delete) before anything is deleted,
    and marked `done` (plan emptied) when every step has run, so a crash resumes it."""

    __tablename__ = "erasure"
    __table_args__ = (CheckConstraint("status IN ('pending', 'done')", name="status"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    family_code: Mapped[str] = mapped_column(String(64), index=True)
    family_id: Mapped[int | None] = mapped_column(Integer)  # no FK: the family goes
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(128))
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    done_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    keep_codes: Mapped[bool] = mapped_column(Boolean)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON)
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)
