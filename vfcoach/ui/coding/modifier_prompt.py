"""Which modifier of the just-placed annotation the keyboard is answering, as plain state.

After a code with modifiers is placed, digit keys answer one modifier at a time: for a
choice, 1 picks the first value, 2 the second, 0 skips; Enter takes the suggested value
(an ITM's target defaults to the code of the behaviour it is linked to). For a set (ITM
components) digits toggle values and Enter moves on. Esc, or simply coding the next moment,
stops asking. So a linked comment is typically `M`, Enter, 1, 1: target, on target, positive.
Keeping this Qt-free makes the sequence testable and lets the panel only display it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.scheme import Code, ModifierDef, ModifierKind


def _keep(option: str) -> str:
    """One answer never breaks across lines: "3 delight" stays together when the question wraps."""
    return option.replace(" ", "\u00a0")


@dataclass
class ModifierPrompt:
    annotation: Annotation
    code: Code
    suggestions: dict[str, str] = field(default_factory=dict)
    index: int = 0
    toggled: set[str] = field(default_factory=set)

    @property
    def _asked(self) -> list[ModifierDef]:
        return [m for m in self.code.modifiers if m.choices()]

    @property
    def current(self) -> ModifierDef | None:
        asked = self._asked
        return asked[self.index] if self.index < len(asked) else None

    def current_def(self, name: str) -> ModifierDef | None:
        """The definition of modifier `name` of the code being answered."""
        return self.code.modifier(name)

    @property
    def done(self) -> bool:
        return self.current is None

    def _advance(self) -> None:
        self._previous = (self.index, set(self.toggled))
        self.index += 1
        self.toggled = set()

    def step_back(self) -> None:
        """Undo the last key's effect on the questions: its answer could not be saved."""
        self.index, self.toggled = self._previous

    def __post_init__(self) -> None:
        self._previous = (self.index, set(self.toggled))

    def press(self, digit: int) -> tuple[str, str] | None:
        """The (name, value) to store for a digit, or None (skipped or nothing to store)."""
        mod = self.current
        if mod is None:
            return None
        choices = mod.choices()
        if mod.kind is ModifierKind.SET:
            if digit == 0:
                self._advance()
                return None
            if 1 <= digit <= len(choices):
                self._previous = (self.index, set(self.toggled))
                self.toggled ^= {choices[digit - 1]}
                return (mod.name, mod.join(self.toggled))
            return None
        self._advance()
        if 1 <= digit <= len(choices):
            return (mod.name, choices[digit - 1])
        return None

    def accept(self) -> tuple[str, str] | None:
        """Enter: take the suggestion (if any) and move on."""
        mod = self.current
        if mod is None:
            return None
        self._advance()
        value = self.suggestions.get(mod.name)
        return (mod.name, value) if value is not None and mod.kind is not ModifierKind.SET else None

    def text(self) -> str:
        """The question in plain words: the code's and modifier's labels and each value's
        label; internal keys (`ITM`, `on_target`, `AVOID_FR`) never reach the coach."""
        mod = self.current
        if mod is None:
            return ""
        head = f"{self.code.label} · {mod.title}"
        choices = mod.choices()
        if mod.kind is ModifierKind.SET:
            marks = "   ".join(
                _keep(f"{i} [{'x' if v in self.toggled else ' '}] {mod.value_label(v)}")
                for i, v in enumerate(choices, start=1)
            )
            return f"{head} (toggle):   {marks}   (Enter done, Esc stop)"
        options = "   ".join(
            _keep(f"{i} {mod.value_label(v)}") for i, v in enumerate(choices, start=1)
        )
        default = self.suggestions.get(mod.name)
        enter = f"Enter = {mod.value_label(default)}, " if default else "Enter skip, "
        return f"{head}:   {options}   ({enter}0 skip, Esc stop)"
