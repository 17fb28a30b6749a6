"""Which modifier of the just-placed annotation the keyboard is answering, as plain state.

After a code with modifiers is placed, digit keys pick values one modifier at a time
(1 = first value, ...), 0 skips one, Esc stops asking. Keeping this Qt-free makes the
sequence testable and lets the panel only display it.
"""

from __future__ import annotations

from dataclasses import dataclass

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.scheme import Code, ModifierDef


@dataclass
class ModifierPrompt:
    annotation: Annotation
    code: Code
    index: int = 0

    @property
    def current(self) -> ModifierDef | None:
        mods = [m for m in self.code.modifiers if m.choices()]
        return mods[self.index] if self.index < len(mods) else None

    @property
    def done(self) -> bool:
        return self.current is None

    def choose(self, digit: int) -> tuple[str, str] | None:
        """The (name, value) a digit picks, or None for 0/out of range (skip); then advance."""
        mod = self.current
        if mod is None:
            return None
        self.index += 1
        choices = mod.choices()
        if 1 <= digit <= len(choices):
            return (mod.name, choices[digit - 1])
        return None

    def text(self) -> str:
        mod = self.current
        if mod is None:
            return ""
        options = "   ".join(f"{i} {v}" for i, v in enumerate(mod.choices(), start=1))
        label = mod.label or mod.name.replace("_", " ")
        return f"{self.code.key} {label}:   {options}   (0 skip, Esc done)"
