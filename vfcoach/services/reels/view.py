"""Reels as one person may see them: `vfcoach reel list|show --as NAME` (domain.md §5, §7 rule 7).

A reel is the coach's work, but a clip made from an event carries that event's time and a
caption chosen for its code, so a reel can tell a blind second coder what the coach coded
where. While a recording is double-coded blind, a clip made from a pass the asker may not
read yet is shown *hidden*: it is counted, but its times, frames, caption, talking point,
anchor and override stay out. Every clip on such a recording is also shown *held* (the
export waits for every coder to submit), the same for every clip, so the listing tells
nobody where the other coder's moments are. Who asks is resolved by the blind guard: on a
database with blind coding, nobody asks unnamed.
"""

from __future__ import annotations

from dataclasses import dataclass

from vfcoach.coding.ids import RecordingId, VisitId
from vfcoach.coding.reels import Reel, ReelClip, ReelId
from vfcoach.services.access import Actor
from vfcoach.services.blind_view import BlindView
from vfcoach.storage.database import Database
from vfcoach.storage.errors import NotFound
from vfcoach.storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class ClipView:
    clip: ReelClip
    hidden: bool  # made from a moment the asker may not read yet: only its recording shows
    held: bool  # its recording is double-coded blind, not every coder has submitted


@dataclass(frozen=True, slots=True)
class ReelView:
    reel: Reel
    clips: tuple[ClipView, ...]

    @property
    def total_ms(self) -> int:
        """The length of the clips the asker may see (a hidden clip's length is its code's)."""
        return sum(c.clip.source_ms for c in self.clips if not c.hidden)

    @property
    def hidden_count(self) -> int:
        return sum(c.hidden for c in self.clips)


class _Viewer:
    """Per-recording blind facts, read once each, in one unit of work."""

    def __init__(self, uow: UnitOfWork, viewer: Actor | None) -> None:
        self.uow = uow
        self.blind = BlindView(uow, viewer)
        self.blind.guard  # noqa: B018 - the asker is known (or refused) before any reel shows
        self._held: dict[RecordingId, bool] = {}

    def clip(self, clip: ReelClip) -> ClipView:
        rec = clip.recording_id
        if rec not in self._held:
            try:
                self._held[rec] = self.blind.state(rec).active
            except NotFound:
                self._held[rec] = False
        hidden = False
        if clip.annotation_id is not None and self._held[rec]:
            try:
                anchor = self.uow.annotations.get(clip.annotation_id)
            except NotFound:
                anchor = None  # removed since: its clip shows what it stored
            hidden = anchor is not None and anchor.pass_id in self.blind.hidden_passes(rec)
        return ClipView(clip, hidden, self._held[rec])

    def reel(self, reel: Reel) -> ReelView:
        return ReelView(reel, tuple(self.clip(c) for c in reel.clips))


def view_reel(db: Database, reel_id: ReelId, actor: Actor | None) -> ReelView:
    with db.uow() as uow:
        return _Viewer(uow, actor).reel(uow.reels.get(reel_id))


def view_reels(db: Database, visit_id: VisitId, actor: Actor | None) -> list[ReelView]:
    with db.uow() as uow:
        seen = _Viewer(uow, actor)
        return [seen.reel(r) for r in uow.reels.list_for_visit(visit_id)]
