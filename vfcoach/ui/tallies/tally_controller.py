"""Keeps the Tallies panel live: recomputes the pure tally after every edit.

A tally of thousands of events takes milliseconds (`bench/bench_tally.py`), so it runs on
the UI thread, coalesced by a short timer so a burst of keypresses costs one recompute. The
trend across visits reads recordings from the database on the runner's parallel lane; it is
refreshed when a recording is opened, the clip choice changes, and after edits (coalesced by
a longer timer), so the point for this visit moves as the coach codes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Literal

from PySide6.QtCore import QObject, QTimer, Signal

from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.scheme import Scheme
from vfcoach.coding.tally.coded_time import ClipChoice
from vfcoach.coding.tally.itm_tally import ItmTally, itm_tally
from vfcoach.coding.tally.roles import ITM_KEY
from vfcoach.coding.tally.thresholds import FidelityThresholds
from vfcoach.coding.tally.trends import TrendSeries
from vfcoach.services.access import Actor
from vfcoach.services.tally.tally import TrendOperation
from vfcoach.storage.database import Database
from vfcoach.ui.runner import TaskRunner
from vfcoach.ui.stores.annotation_store import AnnotationStore
from vfcoach.ui.tallies.tally_panel import TallyPanel

TrendScope = Literal["family", "coder"]
TrendProvider = Callable[[ClipChoice, TrendScope], TrendSeries | None]

log = logging.getLogger(__name__)


def coder_trend(db: Database, family_code: str, actor: Actor) -> TrendProvider:
    """The coder's figures over this family's visits, or over all their recordings.

    Runs on the runner's parallel lane, read as the coder themself (blind coding applies).
    """

    def provide(clip: ClipChoice, scope: TrendScope) -> TrendSeries | None:
        family = family_code if scope == "family" else None
        try:
            return TrendOperation(db, family, actor.name, clip, actor).run().series
        except VfcoachError as exc:
            log.info("no trend: %s", exc)
            return None

    return provide


def _target_names(scheme: Scheme | None) -> dict[str, str]:
    """Plain names of the comment targets ("following the lead"), from the scheme's labels."""
    itm = scheme.code(ITM_KEY) if scheme is not None and scheme.has(ITM_KEY) else None
    target = itm.modifier("target") if itm is not None else None
    if target is None:
        return {}
    return {v: target.value_label(v) for v in target.values}


class TallyController(QObject):
    tally_changed = Signal(object)  # ItmTally | None
    trend_shown = Signal()

    def __init__(
        self,
        store: AnnotationStore,
        panel: TallyPanel,
        parent: QObject | None = None,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._trend_request = 0
        self._store = store
        self._panel = panel
        self._duration_ms = 0
        self._thresholds = FidelityThresholds()
        self._clip: ClipChoice = "all"
        self._scope: TrendScope = "family"
        self._who = ""
        self._trend: TrendProvider | None = None
        self.tally: ItmTally | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(60)
        self._timer.timeout.connect(self.recompute)
        self._trend_timer = QTimer(self)
        self._trend_timer.setSingleShot(True)
        self._trend_timer.setInterval(400)
        self._trend_timer.timeout.connect(self.refresh_trend)
        store.reset.connect(self._timer.start)
        store.annotations_changed.connect(lambda _c: self._edited())
        panel.clip_changed.connect(self._on_clip)
        panel.trend_scope_changed.connect(self._on_scope)

    def open(
        self,
        duration_ms: int,
        thresholds: FidelityThresholds,
        who: str,
        trend: TrendProvider | None,
    ) -> None:
        self._duration_ms, self._thresholds, self._who = duration_ms, thresholds, who
        self._trend = trend
        self.recompute()
        self.refresh_trend()

    def stop(self) -> None:
        """The window closes: no recompute or trend read may start after the runner stops."""
        self._timer.stop()
        self._trend_timer.stop()
        self._trend = None

    def _edited(self) -> None:
        self._timer.start()
        self._trend_timer.start()

    def _on_clip(self, clip: str) -> None:
        self._clip = "fidelity" if clip == "fidelity" else "all"
        self.recompute()
        self.refresh_trend()

    def _on_scope(self, scope: str) -> None:
        self._scope = "coder" if scope == "coder" else "family"
        self.refresh_trend()

    def recompute(self) -> None:
        self._timer.stop()
        scheme = self._store.scheme
        if scheme is None or self._duration_ms <= 0:
            self.tally = None
        else:
            self.tally = itm_tally(
                self._store.annotations(), scheme, self._duration_ms, self._clip, self._thresholds
            )
        self._panel.target_names = _target_names(scheme)
        self._panel.show_tally(self.tally, self._who)
        self.tally_changed.emit(self.tally)

    def refresh_trend(self) -> None:
        """Read other recordings on a worker: a coach's whole caseload can take seconds."""
        self._trend_timer.stop()
        provider, clip, scope = self._trend, self._clip, self._scope
        if provider is None or self._runner is None:
            self._panel.show_trend(provider(clip, scope) if provider else None)
            return
        self._trend_request += 1
        request = self._trend_request

        def done(series: object) -> None:
            if request == self._trend_request:  # a newer request supersedes this one
                self._panel.show_trend(series if isinstance(series, TrendSeries) else None)
                self.trend_shown.emit()

        self._runner.start_quiet(lambda _p, _t: provider(clip, scope), done, lambda _m: done(None))
