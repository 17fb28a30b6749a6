"""Everything the coding screen needs to show one recording to one person, read in one go.

Opening a recording is looking at it: it writes no pass and no coder. It finds the person's
own latest pass if they started one; otherwise it shows another coder's pass read only, the
one the blind-coding guard lets this person see (domain.md §7 rule 7), or nothing. Before,
opening created the person's pass, so the double-coding draw, which takes a recording's coach
from its primary pass, counted recordings a coach had only looked at as their work.

`start_coding` is the one step that makes a person a recording's coder: it creates (or
reuses) their pass on the recording's scheme version, and that pass locks the version, so
codes already placed keep their meaning. Every pass is read through the guard; `blind` tells
the window that other coders' codes stay hidden.
"""

from __future__ import annotations

from dataclasses import dataclass

from vfcoach.coding.annotation import CodingPass, PassPurpose
from vfcoach.coding.double_coding import BlindState
from vfcoach.coding.frame_map import FrameMap
from vfcoach.coding.ids import CoderId, RecordingId
from vfcoach.coding.project import Recording
from vfcoach.coding.scheme import Scheme
from vfcoach.coding.scheme_json import builtin_scheme
from vfcoach.coding.tally import FidelityThresholds
from vfcoach.services.access import Actor, BlindGuard
from vfcoach.services.audit import log_view_if_not_coder
from vfcoach.services.recordings.media_source import media_source_in
from vfcoach.services.tally.fidelity import thresholds_in
from vfcoach.storage.database import Database
from vfcoach.video.source import MediaSource

DEFAULT_SCHEME = "abc-style"


@dataclass(frozen=True)
class OpenedRecording:
    recording: Recording
    frame_map: FrameMap
    scheme: Scheme
    coding_pass: CodingPass | None  # the person's own pass; None until they start coding
    family_code: str
    visit_number: int
    programme: str
    thresholds: FidelityThresholds
    media: MediaSource  # the stored video facts: the player is given these, never a path
    blind: BlindState | None = None  # set while the recording is double-coded blind
    shown_pass: CodingPass | None = None  # the pass on screen: their own, or one read only
    shown_coder: str = ""  # whose codes those are
    others: tuple[str, ...] = ()  # other coders whose codes the person may look at here

    @property
    def mine(self) -> bool:
        """The codes on screen are the person's own (and so theirs to edit)."""
        return self.coding_pass is not None and self.shown_pass == self.coding_pass

    def blind_note(self) -> str:
        """A line for the window: why other coders' codes are not shown."""
        if self.blind is None:
            return ""
        return "blind double coding: other coders' codes stay hidden until both have submitted"


def open_recording(
    db: Database, recording_id: RecordingId, actor: Actor, show: str | None = None
) -> OpenedRecording:
    """The recording as `actor` may see it; writes nothing (bar a supervisor's audited read).

    Until the actor starts coding it, another coder's codes are shown read only: `show`'s
    (one of `others`), else the coach's (primary pass), else the newest visible.
    """
    return _open(db, recording_id, actor, start=False, show=show)


def start_coding(db: Database, recording_id: RecordingId, actor: Actor) -> OpenedRecording:
    """*Start coding this recording*: the actor's pass is made (or found) and opened."""
    return _open(db, recording_id, actor, start=True)


def _others(
    guard: BlindGuard, rec: RecordingId, scheme: Scheme, me: CoderId | None
) -> dict[str, CodingPass]:
    """Each other coder's newest pass the guard lets the viewer see, coach (primary) first."""
    visible = [
        p for p in guard.visible_passes(rec) if p.scheme_id == scheme.id and p.coder_id != me
    ]
    visible.sort(key=lambda p: (p.purpose is not PassPurpose.PRIMARY, p.coder_id, p.revision))
    out: dict[str, CodingPass] = {}
    for p in visible:
        out[guard.names.get(p.coder_id, f"coder {p.coder_id}")] = p  # newest revision wins
    return out


def _open(
    db: Database, recording_id: RecordingId, actor: Actor, start: bool, show: str | None = None
) -> OpenedRecording:
    with db.uow() as uow:
        rec = uow.recordings.get(recording_id)
        fmap = uow.recordings.frame_map(recording_id)
        if rec.scheme_id is not None:
            scheme = uow.schemes.get(rec.scheme_id)
        else:
            scheme = uow.schemes.ensure(builtin_scheme(DEFAULT_SCHEME))
            assert scheme.id is not None
            if start:  # the recording's scheme is settled by its first coder, not a look
                uow.recordings.set_scheme(rec.id, scheme.id)
        assert scheme.id is not None
        coder = uow.coders.get_or_create(actor.name) if start else uow.coders.by_name(actor.name)
        guard = BlindGuard(uow, actor if coder is None else actor.became(coder))
        own: CodingPass | None = None
        if start and coder is not None:
            own = guard.check(uow.passes.get_or_create(rec.id, coder.id, scheme.id))
        elif coder is not None:
            mine = [
                p
                for p in uow.passes.for_recording(rec.id)
                if p.coder_id == coder.id and p.scheme_id == scheme.id
            ]
            own = guard.check(max(mine, key=lambda p: p.revision)) if mine else None
        others = _others(guard, rec.id, scheme, None if coder is None else coder.id)
        shown: CodingPass | None = own
        if own is not None and coder is not None:
            shown_coder = coder.name
        else:
            shown_coder = show if show in others else next(iter(others), "")
            shown = others.get(shown_coder)
            if shown is not None:
                shown = guard.check(shown)  # a supervisor's look at a blind pass is audited
        state = guard.state(rec.id)
        visit = uow.visits.get(rec.visit_id)
        family = uow.families.get(visit.family_id)
        thresholds = thresholds_in(uow, family.programme)
        media = media_source_in(uow, rec.id)
        if own is None:  # a look by someone who does not code it is logged (issue 14 §4)
            log_view_if_not_coder(uow, rec.id, actor)
        uow.commit()
    return OpenedRecording(
        rec,
        fmap,
        scheme,
        own,
        family.code,
        visit.number,
        family.programme,
        thresholds,
        media,
        state if state.active else None,
        shown,
        shown_coder if shown is not None else "",
        tuple(others),
    )
