"""The export bar's first choices, how the file is made: exact or fast cuts, where the
captions go (remembered per reel), and an optional title card.

Choosing Fast says at once which clips a copy cannot show safely and will be cut exactly:
the same plan the export makes, on the frames a copy would really show (a keyframe lead-in
can reach 10 s back on phone video). It reads every clip's packet headers and fingerprints
its file, too slow for the UI thread on long phone video, so it runs on the runner's
parallel lane and the answer replaces "checking…" in the bar's status line.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit

from vfcoach.coding.cancel import CancelToken, Progress
from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.reels import Reel
from vfcoach.services.access import Actor
from vfcoach.services.reels.caption_place import caption_place, set_caption_place
from vfcoach.services.reels.export import fast_mode_notes
from vfcoach.storage.database import Database
from vfcoach.ui.runner import Lane, TaskRunner
from vfcoach.video.export.spec import CaptionMode

CAPTIONS_TIP = (
    "In the picture: burned into the video (exact cuts only).\n"
    "Under the picture: caregiver mode writes them below the video, and the file"
    " carries them as subtitles.\nEither way each caption is shown once."
    " Remembered for this reel."
)


class MakingChoice:
    """The three widgets (placed by the bar) and what choosing in them does."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        runner: TaskRunner,
        current_reel: Callable[[], Reel | None],
        status: QLabel,
        marks: Callable[[], bool],
        owner: object,
    ) -> None:
        self.db, self.actor, self.runner = db, actor, runner
        self._owner = owner  # whose jobs the runner drops when the bar goes (`discard`)
        self._current_reel, self._status, self._marks = current_reel, status, marks
        self.mode = QComboBox()
        self.mode.addItem("Exact cuts", "exact")
        self.mode.addItem("Fast (cuts at keyframes)", "fast")
        self.mode.currentIndexChanged.connect(self._mode_chosen)
        self.captions = QComboBox()
        self.captions.addItem("Captions in the picture", "burn")
        self.captions.addItem("Captions under the picture", "subtitles")
        self.captions.addItem("No captions", "none")
        self.captions.setToolTip(CAPTIONS_TIP)
        self.captions.activated.connect(self._place_chosen)  # the coach's choice, not ours
        self._placed_reel: int | None = None
        self.title = QLineEdit()
        self.title.setPlaceholderText("Title card (optional)")

    @property
    def fast(self) -> bool:
        return bool(self.mode.currentData() == "fast")

    @property
    def caption_mode(self) -> CaptionMode:
        chosen = str(self.captions.currentData())
        return "subtitles" if chosen == "subtitles" else "none" if chosen == "none" else "burn"

    def set_reel(self, reel: Reel | None) -> None:
        """Another reel: show the caption place remembered for it (one settings row)."""
        if reel is None or reel.id is None or reel.id == self._placed_reel:
            return
        self._placed_reel = reel.id
        try:
            place = caption_place(self.db, reel.id)
        except VfcoachError:
            place = "burn"
        self.captions.setCurrentIndex(max(0, self.captions.findData(place)))

    def _place_chosen(self) -> None:
        """Remember the reel's caption placement (a write: the serial lane)."""
        reel = self._current_reel()
        if reel is None or reel.id is None:
            return
        db, reel_id, place, who = self.db, reel.id, str(self.captions.currentData()), self.actor

        def remember(_progress: Progress, _token: CancelToken) -> str:
            return set_caption_place(db, reel_id, place, who)

        self.runner.start_quiet(
            remember, lambda _p: None, self._place_failed, lane=Lane.SERIAL, owner=self._owner
        )

    def _place_failed(self, message: str) -> None:
        self._status.setText(f"Caption placement not remembered: {message}")

    def _mode_chosen(self) -> None:
        reel = self._current_reel()
        if not self.fast or reel is None or reel.id is None:
            if self._status.text().startswith("Fast:"):
                self._status.setText("")
            return
        db, reel_id, actor = self.db, reel.id, self.actor

        def notes(_progress: Progress, _token: CancelToken) -> list[str]:
            try:
                return fast_mode_notes(db, reel_id, actor)
            except VfcoachError as exc:  # a recording missing: the export will say so plainly
                return [str(exc)]

        self._status.setText("Fast: checking which clips a copy can show…")
        self.runner.start_quiet(notes, self._fast_notes, self._fast_notes_failed, owner=self._owner)

    def _fast_notes(self, notes: list[str]) -> None:
        if self.fast and self._status.text().startswith("Fast:"):
            if self._marks():  # §7.8: drawn into the picture, so never copied
                notes = [*notes, "the watermark is drawn into every picture: re-encoded exactly"]
            self._status.setText("\n".join(f"Fast: {n}" for n in notes))

    def _fast_notes_failed(self, message: str) -> None:
        self._fast_notes([message])
