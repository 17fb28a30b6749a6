"""The detail form for the selected code: the text a coder reads, modifiers and rules.

The table holds what fits in a cell; this form holds the rest (definition, what counts and
what does not, which codes an instance may link to, ME&E set, segment kind, modifiers).
Each edit rebuilds the whole `Code` from the fields and emits it, so the dialog's draft is
the only state, and loading a code never echoes back as an edit.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from vfcoach.coding.scheme import SEGMENT_KINDS, Code, CodeKind
from vfcoach.ui.schemes.modifier_table import ModifierTable

NO_SEGMENT = "(not a segment)"
_BLANK = Code("BLANK", "", CodeKind.POINT, "")  # what the disabled form shows


def split_keys(text: str) -> tuple[str, ...]:
    return tuple(k.strip() for k in text.replace(";", ",").split(",") if k.strip())


def _text_box(parent: QWidget, name: str, lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setObjectName(name)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


class CodeForm(QWidget):
    """Shows one code; `code_edited(Code)` carries the code as the fields now describe it."""

    code_edited = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._code: Code | None = None
        self._loading = False
        self.definition = _text_box(self, "definition", 3)
        self.includes = _text_box(self, "includes", 2)
        self.excludes = _text_box(self, "excludes", 2)
        self.link_to = QLineEdit(self)
        self.link_to.setPlaceholderText("code keys, e.g. C_DIS, NUR")
        self.me_set = QLineEdit(self)
        self.me_set.setPlaceholderText("e.g. LEAD (state codes only)")
        self.segment = QComboBox(self)
        self.segment.addItems([NO_SEGMENT, *SEGMENT_KINDS])
        self.colour_button = QPushButton("Choose colour…", self)
        self.modifiers = ModifierTable(self)
        form = QFormLayout(self)
        form.addRow("Definition", self.definition)
        form.addRow("Counts", self.includes)
        form.addRow("Does not count", self.excludes)
        form.addRow("May link to", self.link_to)
        form.addRow("ME&&E set", self.me_set)  # && : a lone & marks a mnemonic
        form.addRow("Segment", self.segment)
        form.addRow("Colour", self.colour_button)
        form.addRow("Modifiers", self.modifiers)
        for box in (self.definition, self.includes, self.excludes):
            box.textChanged.connect(self._edited)
        for line in (self.link_to, self.me_set):
            line.textEdited.connect(self._edited)
        self.segment.currentIndexChanged.connect(self._edited)
        self.modifiers.edited.connect(self._edited)
        self.colour_button.clicked.connect(self._choose_colour)
        self.set_code(None)

    def shown(self) -> Code | None:
        """The code the form holds, including its own edits not yet seen by the caller."""
        return self._code

    def set_code(self, code: Code | None) -> None:
        self._code = code
        self._loading = True
        try:
            c = code or _BLANK
            self.definition.setPlainText(c.definition)
            self.includes.setPlainText(c.includes)
            self.excludes.setPlainText(c.excludes)
            self.link_to.setText(", ".join(c.link_to))
            self.me_set.setText(c.me_set or "")
            self.segment.setCurrentText(c.segment or NO_SEGMENT)
            self.modifiers.set_modifiers(c.modifiers)
        finally:
            self._loading = False
        self.setEnabled(code is not None)

    def current(self) -> Code | None:
        """The code as the fields describe it now (None when no code is shown)."""
        if self._code is None:
            return None
        segment = self.segment.currentText()
        return replace(
            self._code,
            definition=self.definition.toPlainText().strip(),
            includes=self.includes.toPlainText().strip(),
            excludes=self.excludes.toPlainText().strip(),
            link_to=split_keys(self.link_to.text()),
            me_set=self.me_set.text().strip() or None,
            segment=None if segment == NO_SEGMENT else segment,
            modifiers=self.modifiers.modifiers(),
        )

    def _edited(self, *_args: object) -> None:
        if self._loading:
            return
        code = self.current()
        if code is not None and code != self._code:
            self._code = code
            self.code_edited.emit(code)

    def _choose_colour(self) -> None:
        if self._code is None:
            return
        colour = QColorDialog.getColor(QColor(self._code.colour), self, "Code colour")
        if colour.isValid():
            self._code = replace(self._code, colour=colour.name())
            self.code_edited.emit(self._code)
