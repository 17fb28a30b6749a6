"""Which screen the caregiver watches on, so the coach keeps their own (issue 5 §3).

A feedback visit is often a laptop (the coach's) plus a TV or a second monitor turned to
the caregiver. The caregiver window goes to a screen that holds none of the coach's windows;
with more than two screens the coach picks which. With one screen there is no choice: the
caregiver window takes it, and the coach's windows wait underneath.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QGuiApplication, QScreen


def _key(screen: QScreen) -> tuple[str, int, int, int, int]:
    """Identity by name and place: Python wrappers of one QScreen are not always the same."""
    g = screen.geometry()
    return screen.name(), g.x(), g.y(), g.width(), g.height()


def caregiver_screens(coach: Iterable[QScreen | None]) -> list[QScreen]:
    """Every screen but those holding the coach's windows, in the system's order.

    Empty when there is only one screen. If the coach's windows are spread over every
    screen, the caregiver may take any screen but the first of them (the editor's).
    """
    screens = QGuiApplication.screens()
    if len(screens) < 2:
        return []
    taken = [s for s in coach if s is not None]
    keys = {_key(s) for s in taken}
    free = [s for s in screens if _key(s) not in keys]
    if free or not taken:
        return free
    return [s for s in screens if _key(s) != _key(taken[0])]


def describe_screen(screen: QScreen) -> str:
    """What the coach sees in the screen chooser: the name the system gives, and its size."""
    g = screen.geometry()
    name = screen.name() or screen.model() or "Screen"
    return f"{name} ({g.width()}×{g.height()})"
