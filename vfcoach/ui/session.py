"""What the main window has open and who is acting: one model the windows read.

Before this model the main window kept `opened` and `coder_name` as plain fields, handed
getter lambdas to every action, and the Reliability navigator wrote the window's fields
directly to switch it to a comparison. Nothing switched it back: after the Reliability
window closed, the main window stayed "comparing … read only" and code keys did nothing.

Now one `CodingSession` holds the mode (coding one recording's pass, comparing two coders
read only, or nothing), what is open in that mode, and the acting person as an `Actor`
(the same value the operations judge). Parts that change it call its methods; views follow
`changed`. A comparison remembers the recording that was being coded, so ending it
(`end_comparison`, when the Reliability window closes) says where to go back to.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import QObject, Signal

from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.ids import RecordingId
from vfcoach.services.access import Actor, SignedInOnly, actor_named
from vfcoach.services.recordings.open_for_coding import OpenedRecording
from vfcoach.services.reliability.comparison import ComparedRecording
from vfcoach.storage.database import Database


class Mode(enum.Enum):
    NOTHING = "nothing"
    CODING = "coding"
    COMPARING = "comparing"


class CodingSession(QObject):
    """The open recording or comparison, the mode, and the acting person."""

    changed = Signal()  # mode, opened or compared changed
    actor_changed = Signal(object)  # the new Actor
    comparison_ended = Signal(object, int)  # RecordingId to code again (or None), its frame

    def __init__(self, db: Database, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = self._resolve(name)
        self._mode = Mode.NOTHING
        self._opened: OpenedRecording | None = None
        self._compared: ComparedRecording | None = None
        self._resume: tuple[RecordingId, int] | None = None  # coded before comparing, and where

    # --- who is acting -----------------------------------------------------------------
    def _resolve(self, name: str) -> Actor:
        """The name as the database knows it (role, coder id); a new name is a plain coder."""
        try:
            return actor_named(self._db, name) or Actor(name)
        except SignedInOnly:  # a team database: the signed-in person acts, whoever is named
            return self._signed_in_or(name)
        except VfcoachError:
            return Actor(name)

    def _signed_in_or(self, name: str) -> Actor:
        try:
            return actor_named(self._db, None) or Actor(name)
        except VfcoachError:
            return Actor(name)

    @property
    def actor(self) -> Actor:
        return self._actor

    @property
    def coder_name(self) -> str:
        return self._actor.name

    def act_as(self, name: str) -> None:
        """Another person acts from now on (the coder box); listeners reopen what they show."""
        actor = self._resolve(name)
        if actor != self._actor:
            self._actor = actor
            self.actor_changed.emit(actor)

    # --- what is open ------------------------------------------------------------------
    @property
    def mode(self) -> Mode:
        return self._mode

    @property
    def opened(self) -> OpenedRecording | None:
        """The recording on screen (see `OpenedRecording.mine` for whether the person has
        started coding it); None while comparing or with nothing open."""
        return self._opened

    @property
    def compared(self) -> ComparedRecording | None:
        return self._compared

    def code(self, opened: OpenedRecording) -> None:
        """`opened` is on screen for the acting person: their own pass once they started
        coding it (`opened.mine`), else someone's read only, or none; any comparison is over."""
        self._mode, self._opened, self._compared = Mode.CODING, opened, None
        self._resume = None
        self._actor = self._resolve(self._actor.name)  # starting may have made them a coder
        self.changed.emit()

    def compare(self, compared: ComparedRecording, coding_frame: int = 0) -> None:
        """Show two coders' passes read only; the recording being coded, and the frame the
        coder was on (`coding_frame`), are remembered for when the comparison ends."""
        if self._opened is not None:
            self._resume = (self._opened.recording.id, coding_frame)
        self._mode, self._opened, self._compared = Mode.COMPARING, None, compared
        self.changed.emit()

    def end_comparison(self) -> None:
        """Leave a comparison (its window closed): back to the remembered recording, or none.

        Emits `comparison_ended` with the recording to code again and its frame; the window
        opens it (opening can fail, and a failure is the window's to show).
        """
        if self._mode is not Mode.COMPARING:
            return
        resume, self._resume = self._resume, None
        self.close()
        self.comparison_ended.emit(*(resume or (None, 0)))

    def close(self) -> None:
        """Nothing open: no pass to code into, no comparison shown."""
        self._mode, self._opened, self._compared = Mode.NOTHING, None, None
        self.changed.emit()
