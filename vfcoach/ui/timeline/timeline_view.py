"""Paints the lanes and the cursor; turns clicks into seek and selection requests.

Ctrl+wheel zooms around the mouse, the wheel scrolls in time. The view only paints what
`Lane.visible` returns, which keeps it fluid with thousands of events.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from vfcoach.coding.frame_time import format_ms
from vfcoach.coding.ids import AnnotationId
from vfcoach.ui.timeline.bystander_band import paint_bystanders
from vfcoach.ui.timeline.lane_labels import label_tip, paint_labels
from vfcoach.ui.timeline.lanes import Lane, hit, positions

LANE_H = 18
RULER_H = 20
LABEL_W = 172  # room for "In-the-moment comment"; longer names elide, whole in the tooltip
MIN_SPAN_MS = 2_000


class TimelineView(QWidget):
    seek_requested = Signal(int)  # ms
    annotation_clicked = Signal(object)  # AnnotationId

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lanes: list[Lane] = []
        self._starts: dict[AnnotationId, tuple[int, int]] = {}
        self._duration_ms = 0
        self._cursor_ms = 0
        self._view_start = 0
        self._view_span = 1
        self._selected: AnnotationId | None = None
        self._cache: QPixmap | None = None  # lanes without the cursor: playback only moves it
        self._cache_key: tuple[object, ...] = ()
        self._lanes_version = 0
        # Comparison mode (reliability): disagreement spans, the one being looked at, and the
        # events that take part in a disagreement (outlined).
        self._marks: list[tuple[int, int]] = []
        self._current_mark: tuple[int, int] | None = None
        self._marked_ids: frozenset[AnnotationId] = frozenset()
        self._range: tuple[int | None, int | None] = (None, None)  # in/out marks, ms
        self.bystanders: list[tuple[int, int]] = []  # flagged spans, ms (issue 14 §6)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMouseTracking(False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    # --- data ------------------------------------------------------------------------
    def set_duration(self, duration_ms: int) -> None:
        """A (new) recording: whole length in view, and no marks left from another one."""
        self._duration_ms = max(duration_ms, 1)
        self._view_start, self._view_span = 0, self._duration_ms
        self._marks, self._marked_ids, self._current_mark = [], frozenset(), None
        self._range = (None, None)
        self.bystanders = []
        self._lanes_version += 1
        self.update()

    def set_lanes(self, lanes: list[Lane]) -> None:
        changed_height = len(lanes) != len(self._lanes)
        self._lanes = lanes
        self._starts = positions(lanes) if any(any(ln.triggers) for ln in lanes) else {}
        self._lanes_version += 1
        if changed_height:
            self.setMinimumHeight(self.sizeHint().height())
            self.updateGeometry()
        self.update()

    def set_cursor(self, ms: int) -> None:
        self._cursor_ms = ms
        if not self._view_start <= ms <= self._view_start + self._view_span:
            self._view_start = max(
                0, min(ms - self._view_span // 10, self._duration_ms - self._view_span)
            )
        self.update()

    def set_selected(self, annotation_id: AnnotationId | None) -> None:
        self._selected = annotation_id
        self.update()

    def set_marks(
        self,
        spans: list[tuple[int, int]],
        marked_ids: frozenset[AnnotationId] = frozenset(),
        current: tuple[int, int] | None = None,
    ) -> None:
        """Shade disagreement time spans (the current one stronger) and outline their events."""
        self._marks, self._marked_ids, self._current_mark = list(spans), marked_ids, current
        self._lanes_version += 1
        self.update()

    def set_range_mark(self, in_ms: int | None, out_ms: int | None) -> None:
        """The in and out points marked on the player (either may be unset)."""
        self._range = (in_ms, out_ms)
        self.update()

    def set_bystanders(self, spans: list[tuple[int, int]]) -> None:
        """The recording's flagged bystander spans (ms), drawn hatched over the lanes."""
        self.bystanders = list(spans)
        self.update()

    @property
    def range_mark(self) -> tuple[int | None, int | None]:
        return self._range

    @property
    def current_mark(self) -> tuple[int, int] | None:
        return self._current_mark

    @property
    def marked_ids(self) -> frozenset[AnnotationId]:
        return self._marked_ids

    def show_span(self, start_ms: int, span_ms: int) -> None:
        """Zoom to a window of the recording (a disagreement and its neighbourhood)."""
        span = int(min(max(span_ms, MIN_SPAN_MS), self._duration_ms))
        self._view_span = max(span, 1)
        self._view_start = int(min(max(start_ms, 0), self._duration_ms - self._view_span))
        self.update()

    @property
    def view_range(self) -> tuple[int, int]:
        return self._view_start, self._view_start + self._view_span

    @property
    def lanes(self) -> list[Lane]:
        return self._lanes

    def sizeHint(self) -> QSize:
        return QSize(800, RULER_H + LANE_H * max(len(self._lanes), 4) + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(300, RULER_H + LANE_H * 3)

    # --- geometry --------------------------------------------------------------------
    def _x(self, ms: float) -> float:
        width = max(self.width() - LABEL_W - 8, 1)
        return LABEL_W + (ms - self._view_start) * width / self._view_span

    def ms_at_x(self, x: float) -> int:
        width = max(self.width() - LABEL_W - 8, 1)
        ms = self._view_start + (x - LABEL_W) * self._view_span / width
        return int(min(max(ms, 0), self._duration_ms))

    def x_for_ms(self, ms: int) -> int:
        return round(self._x(ms))

    def y_for_lane(self, index: int) -> int:
        return RULER_H + index * LANE_H + LANE_H // 2

    # --- painting --------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        key = (self.size(), self._view_start, self._view_span, self._lanes_version, self._selected)
        if self._cache is None or key != self._cache_key:
            self._cache = QPixmap(self.size() * self.devicePixelRatioF())
            self._cache.setDevicePixelRatio(self.devicePixelRatioF())
            painter = QPainter(self._cache)
            self._paint_lanes(painter)
            painter.end()
            self._cache_key = key
        p = QPainter(self)
        p.drawPixmap(0, 0, self._cache)
        paint_bystanders(p, self.bystanders, self._x, LABEL_W, self.height())
        self._paint_range(p)
        x = self._x(self._cursor_ms)
        if x >= LABEL_W:  # zoomed in past the cursor: it is off the view, not on the labels
            p.setPen(QPen(QColor("#d0312d"), 2))
            p.drawLine(QPointF(x, 0), QPointF(x, self.height()))

    def _paint_lanes(self, p: QPainter) -> None:
        p.fillRect(self.rect(), QColor("#fbfbfa"))
        self._paint_ruler(p)
        end = self._view_start + self._view_span
        small = QFont(self.font())
        small.setPointSizeF(max(small.pointSizeF() - 1, 7))
        p.setFont(small)
        for i, lane in enumerate(self._lanes):
            top = RULER_H + i * LANE_H
            if i % 2:
                p.fillRect(QRectF(0, top, self.width(), LANE_H), QColor("#f1f1ee"))
            if i and lane.coder and self._lanes[i - 1].key != lane.key:
                p.setPen(QPen(QColor("#9a9a94"), 1))  # a rule between codes in comparison mode
                p.drawLine(QPointF(0, top), QPointF(self.width(), top))
        p.save()  # events, links and marks stay right of the labels, however far zoomed in
        p.setClipRect(QRectF(LABEL_W, 0, max(self.width() - LABEL_W, 0), self.height()))
        for i, lane in enumerate(self._lanes):
            self._paint_lane(p, lane, RULER_H + i * LANE_H, end)
        self._paint_links(p, end)
        self._paint_marks(p, end)
        p.restore()
        paint_labels(p, self._lanes, LABEL_W, RULER_H, LANE_H)

    def _paint_range(self, p: QPainter) -> None:
        """The marked range: a blue band over the lanes, an edge and a letter at in and out.

        Drawn over the cached lanes like the cursor, so marking never repaints the lanes.
        """
        in_ms, out_ms = self._range
        blue = QColor("#1f5fa8")
        if in_ms is not None and out_ms is not None:
            x0, x1 = sorted((max(self._x(in_ms), LABEL_W), max(self._x(out_ms), LABEL_W)))
            band = QColor(blue)
            band.setAlpha(45)
            p.fillRect(QRectF(x0, 0, max(x1 - x0, 2), self.height()), band)
        for ms, letter in ((in_ms, "I"), (out_ms, "O")):
            if ms is None or not self._view_start <= ms <= self._view_start + self._view_span:
                continue
            x = self._x(ms)
            p.setPen(QPen(blue, 2))
            p.drawLine(QPointF(x, 0), QPointF(x, self.height()))
            p.drawText(QPointF(x + 3 if letter == "I" else x - 10, RULER_H + 12), letter)

    def _paint_marks(self, p: QPainter, end: int) -> None:
        """Disagreements: pale bands over every lane, the current one framed in red."""
        if not self._marks and self._current_mark is None:
            return
        bottom = RULER_H + LANE_H * len(self._lanes)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(214, 69, 65, 40))
        for start, stop in self._marks:
            if stop < self._view_start or start > end:
                continue
            x0 = max(self._x(start), LABEL_W)
            p.drawRect(QRectF(x0 - 2, RULER_H, max(self._x(stop) - x0, 0) + 4, bottom - RULER_H))
        if self._current_mark is not None:
            start, stop = self._current_mark
            x0 = max(self._x(start), LABEL_W)
            p.setBrush(QColor(214, 69, 65, 60))
            p.setPen(QPen(QColor("#b03a2e"), 1.5))
            p.drawRect(QRectF(x0 - 3, RULER_H, max(self._x(stop) - x0, 0) + 6, bottom - RULER_H))

    def _paint_links(self, p: QPainter, end: int) -> None:
        """A thin line from each visible comment back to the behaviour it is linked to."""
        if not self._starts:
            return
        p.setPen(QPen(QColor(90, 60, 120, 150), 1, Qt.PenStyle.DashLine))
        for i, lane in enumerate(self._lanes):
            if not any(lane.triggers):
                continue
            for j in lane.visible(self._view_start, end):
                target = lane.triggers[j]
                where = self._starts.get(target) if target is not None else None
                if where is None:
                    continue
                p.drawLine(
                    QPointF(self._x(int(lane.onsets[j])), self.y_for_lane(i)),
                    QPointF(self._x(where[1]), self.y_for_lane(where[0])),
                )

    def _paint_lane(self, p: QPainter, lane: Lane, top: int, end: int) -> None:
        colour = QColor(lane.colour)
        p.setPen(Qt.PenStyle.NoPen)
        last_px = -10.0
        for i in lane.visible(self._view_start, end):
            x0 = self._x(int(lane.onsets[i]))
            selected = lane.ids[i] == self._selected
            marked = lane.ids[i] in self._marked_ids
            p.setPen(QPen(QColor("#b03a2e"), 1.5) if marked else Qt.PenStyle.NoPen)
            if lane.is_state:
                x1 = max(self._x(int(lane.offsets[i])), x0 + 2)
                p.setBrush(colour.darker(150) if selected else colour)
                p.drawRoundedRect(QRectF(x0, top + 3, x1 - x0, LANE_H - 6), 3, 3)
            else:
                if x0 - last_px < 1 and not (selected or marked):
                    continue  # many ticks in one pixel: one is enough
                last_px = x0
                p.setBrush(QColor("#000000") if selected else colour)
                p.drawRect(QRectF(x0 - 1.5, top + 2, 3, LANE_H - 4))

    def _paint_ruler(self, p: QPainter) -> None:
        p.fillRect(QRectF(0, 0, self.width(), RULER_H), QColor("#e8e8e4"))
        p.setPen(QColor("#555555"))
        step = self._tick_step()
        first = (self._view_start // step) * step
        t = first
        while t <= self._view_start + self._view_span:
            x = self._x(t)
            if x >= LABEL_W:
                p.drawLine(QPointF(x, RULER_H - 5), QPointF(x, RULER_H))
                text = format_ms(t)[3:8] if t < 3_600_000 else format_ms(t)[:8]
                if x + 3 + p.fontMetrics().horizontalAdvance(text) <= self.width():
                    p.drawText(QPointF(x + 3, RULER_H - 6), text)  # whole, or not at all
            t += step

    def _tick_step(self) -> int:
        width = max(self.width() - LABEL_W, 100)
        for step in (1_000, 2_000, 5_000, 10_000, 30_000, 60_000, 120_000, 300_000, 600_000):
            if self._view_span / step * 70 <= width:
                return step
        return 1_800_000

    # --- input -----------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if pos.x() < LABEL_W or event.button() != Qt.MouseButton.LeftButton:
            return
        ms = self.ms_at_x(pos.x())
        lane_index = int((pos.y() - RULER_H) // LANE_H) if pos.y() >= RULER_H else -1
        slack = int(4 * self._view_span / max(self.width() - LABEL_W, 1))
        found = hit(self._lanes, lane_index, ms, slack)
        if found is not None:
            self.annotation_clicked.emit(found)
        self.seek_requested.emit(ms)

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip and isinstance(e, QHelpEvent):
            tip = label_tip(self._lanes, e.pos().x(), e.pos().y(), LABEL_W, RULER_H, LANE_H)
            if tip:
                QToolTip.showText(e.globalPos(), tip, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(e)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            anchor = self.ms_at_x(event.position().x())
            factor = 0.8**steps
            span = int(min(max(self._view_span * factor, MIN_SPAN_MS), self._duration_ms))
            ratio = (anchor - self._view_start) / self._view_span
            self._view_span = span
            self._view_start = int(anchor - ratio * span)
        else:
            self._view_start -= int(steps * self._view_span / 10)
        self._view_start = int(min(max(self._view_start, 0), self._duration_ms - self._view_span))
        self.update()
        event.accept()
