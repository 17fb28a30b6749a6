"""The coding screen's keys: player keys, edit keys, modifier digits and one key per code.

All of the screen's `QShortcut`s are made here, in one place (architecture.md §2 step 1),
so the main window only wires parts together. The shortcuts live on the main window
(window scope), as they always have: a code key works wherever the focus is in the window
except in a text field, which takes its own keys first. Code keys are rebuilt from the
open pass's scheme version; digits and Enter only work while a modifier question is open,
so typing a number elsewhere never answers one by accident.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QInputDialog, QWidget

from vfcoach.coding.ids import AnnotationId
from vfcoach.coding.scheme import Scheme
from vfcoach.ui.coding.coding_controller import CodingController
from vfcoach.ui.coding.focus_keeper import FocusKeeper
from vfcoach.ui.events.event_list import EventList
from vfcoach.ui.player.player_controller import PlayerController


class CodingShortcuts:
    """Owns every key of the coding screen; `on_code_key` says what a code key did."""

    def __init__(
        self,
        window: QWidget,
        player: PlayerController,
        coding: CodingController,
        events: EventList,
        on_code_key: Callable[[str], None],
        video: QWidget,
    ) -> None:
        self._window, self._coding, self._events = window, coding, events
        self.focus = FocusKeeper(window, video)  # the video takes the keys back
        self._on_code_key = on_code_key
        p = player
        fixed: dict[str, Callable[[], object]] = {
            "Space": p.toggle,
            "Right": lambda: p.step(1),
            "Left": lambda: p.step(-1),
            "Shift+Right": lambda: p.jump_ms(5000),
            "Shift+Left": lambda: p.jump_ms(-5000),
            "]": p.faster,
            "[": p.slower,
            "Del": self.delete_current,
            "F2": self.edit_note,
            "Esc": coding.end_prompt,
            "Alt+Right": lambda: self.nudge(1),
            "Alt+Left": lambda: self.nudge(-1),
        }
        self.fixed = [self._key(seq, slot) for seq, slot in fixed.items()]
        self.digits = [self._key(str(d), partial(coding.on_digit, d)) for d in range(10)]
        self.digits += [self._key(seq, coding.on_enter) for seq in ("Return", "Enter")]
        for sc in self.digits:
            sc.setEnabled(False)
        self.codes: list[QShortcut] = []
        coding.prompt_changed.connect(self._on_prompt)

    def _key(self, seq: str, slot: Callable[[], object]) -> QShortcut:
        sc = QShortcut(QKeySequence(seq), self._window)
        sc.activated.connect(slot)
        return sc

    def rebuild_codes(self, scheme: Scheme | None) -> None:
        """One key per code of `scheme` (None: no code keys, e.g. nothing open)."""
        for sc in self.codes:
            sc.setEnabled(False)
            sc.deleteLater()
        self.codes = [
            self._key(code.shortcut, partial(self._on_code_key, code.shortcut))
            for code in (scheme.codes if scheme else ())
        ]

    def _on_prompt(self, text: str) -> None:
        for sc in self.digits:
            sc.setEnabled(bool(text))

    # --- edit keys on the selected (or last placed) event ------------------------------
    def _selected_or_last(self) -> AnnotationId | None:
        current = self._events.current()
        return current.id if current else self._coding.last_placed

    def delete_current(self) -> None:
        chosen = self._events.chosen()
        if len(chosen) > 1:
            self._coding.delete_many([a.id for a in chosen])
            return
        target = self._selected_or_last()
        if target is not None:
            self._coding.delete(target)

    def nudge(self, frames: int) -> None:
        target = self._selected_or_last()
        if target is not None:
            self._coding.nudge(target, frames)

    def edit_note(self) -> None:
        target = self._selected_or_last()
        a = self._coding.store.get(target) if target else None
        if a is None:
            return
        if self._coding.store.read_only:  # no note box for codes that cannot take one
            self._coding.message.emit("These codes are another coder's and read only.")
            return
        scheme = self._coding.store.scheme
        name = scheme.code(a.code_key).label if scheme and scheme.has(a.code_key) else a.code_key
        text, ok = QInputDialog.getText(self._window, "Note", f"Note on {name}:", text=a.note)
        if ok:
            self._coding.set_note(a.id, text)
        self.focus.restore()
