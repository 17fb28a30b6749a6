"""Takes the main window to a disagreement: the recording, the moment, both coders' lanes.

The main window's `CodingSession` is switched to a read-only comparison
(`MainWindow.show_comparison`): its own coding pass is unloaded (so a code key pressed now
cannot land in the wrong recording), the player shows the compared recording, and the
timeline shows A's lane above B's for each code. Here every disagreement is shaded and the
current one framed. The player stops `PRE_ROLL_MS` before the disagreement, clamped at the
start, so the supervisor sees what led up to it. Opening a recording from the browser, or
closing the Reliability window (`end`), returns the window to ordinary coding.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QSplitter

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.ids import AnnotationId
from vfcoach.services.access import Actor
from vfcoach.services.reliability.comparison import ComparedRecording, load_comparison
from vfcoach.services.reliability.irr import Disagreement, RecordingAgreement

if TYPE_CHECKING:
    from vfcoach.ui.main_window import MainWindow

PRE_ROLL_MS = 1000
CONTEXT_MS = 20_000  # the timeline shows this much around the disagreement


def span_of(d: Disagreement) -> tuple[int, int]:
    """Where the disagreement lies on the timeline: its run, or both coders' onsets."""
    times = [t for t in (d.at_ms, d.end_ms, d.time_a_ms, d.time_b_ms) if t is not None]
    return min(times), max(times)


def _marked(
    disagreements: Sequence[Disagreement], shown: Sequence[Annotation]
) -> frozenset[AnnotationId]:
    """The shown events that take part in a disagreement (the operation names them by id)."""
    refs = {r for d in disagreements for r in (d.ref_a, d.ref_b) if r}
    return frozenset(a.id for a in shown if str(a.id) in refs)


class ComparisonNavigator(QObject):
    """Drives the main window's player and timeline; says what went wrong in `failed`."""

    failed = Signal(str)
    shown = Signal(object)  # the Disagreement now on screen

    def __init__(self, window: MainWindow, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window

    @property
    def compared(self) -> ComparedRecording | None:
        """The comparison on screen, as the session has it (None once the window codes)."""
        return self.window.session.compared

    def end(self) -> None:
        """The Reliability window closed: the main window goes back to coding."""
        self.window.session.end_comparison()

    def go_to(
        self,
        recording: RecordingAgreement,
        disagreement: Disagreement,
        of_recording: Sequence[Disagreement],
        viewer: Actor | None,
    ) -> bool:
        """Open the recording for comparison if it is not on screen, then seek and mark."""
        if not self._ensure_open(recording, viewer):
            return False
        compared = self.compared
        assert compared is not None
        w = self.window
        shown = [*compared.annotations_a, *compared.annotations_b]
        w.timeline.set_marks(
            [span_of(d) for d in of_recording], _marked(of_recording, shown), span_of(disagreement)
        )
        target = max(0, disagreement.at_ms - PRE_ROLL_MS)
        w.player.seek_ms(target)
        w.timeline.show_span(target - CONTEXT_MS // 4, CONTEXT_MS)
        w.timeline.set_cursor(target)
        self.shown.emit(disagreement)
        return True

    def _ensure_open(self, recording: RecordingAgreement, viewer: Actor | None) -> bool:
        c = self.compared
        w = self.window
        if (
            c is not None
            and c.recording_id == recording.recording_id
            and (c.pass_a, c.pass_b) == (recording.pass_a, recording.pass_b)
            and w.player.loaded
        ):
            return True
        try:
            compared = load_comparison(
                w.db,
                recording.recording_id,
                (recording.pass_a, recording.pass_b),
                (recording.coder_a, recording.coder_b),
                recording.label,
                viewer,
            )
        except VfcoachError as exc:
            self.failed.emit(str(exc))
            return False
        self._show(compared)
        return True

    def _make_room_for_lanes(self) -> None:
        """Twice the lanes of a coding pass: take the height from the video, not the lanes."""
        timeline = self.window.timeline
        splitter = timeline.parentWidget()
        if not isinstance(splitter, QSplitter):
            return
        index = splitter.indexOf(timeline)
        sizes = splitter.sizes()
        need = timeline.sizeHint().height()
        if sizes[index] >= need:
            return
        other = max(range(len(sizes)), key=lambda i: sizes[i] if i != index else -1)
        sizes[other] -= need - sizes[index]
        sizes[index] = need
        splitter.setSizes(sizes)

    def _show(self, c: ComparedRecording) -> None:
        if not self.window.show_comparison(c):
            self.failed.emit(f"The video of {c.label} cannot be shown; both coders' codes are.")
        self._make_room_for_lanes()
