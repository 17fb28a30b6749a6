"""Window actions on the acting coder's pass: submit my coding of the open recording.

Submitting is irreversible (domain.md §2: a submitted pass is never edited; a correction
is a new pass), so the coder confirms first, with Cancel as the default button. Kept out
of `main_window.py`, which only adds the toolbar action; the work itself is
`SubmitPassOperation`, the same one `vfcoach pass submit` runs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.pseudonym import shown_label
from vfcoach.services.annotations.submit import SubmitPassOperation
from vfcoach.storage.database import Database
from vfcoach.ui.session import CodingSession

log = logging.getLogger(__name__)

Confirm = Callable[[QWidget, str, str], bool]


def ask(parent: QWidget, title: str, text: str) -> bool:
    """Yes/Cancel with Cancel as default: an Enter pressed by habit must not submit."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


class PassActions:
    """Submit the open pass of the session's acting coder; `reopen` shows the result."""

    def __init__(
        self,
        db: Database,
        parent: QWidget,
        session: CodingSession,
        reopen: Callable[[], None],
        confirm: Confirm = ask,
    ) -> None:
        self._db = db
        self._parent = parent
        self._session = session
        self._reopen = reopen
        self._confirm = confirm
        self.last_message = ""  # what the coder was told last; tests read it

    def _tell(self, title: str, text: str, warn: bool = False) -> None:
        self.last_message = text
        box = QMessageBox.warning if warn else QMessageBox.information
        box(self._parent, title, text)

    def submit_mine(self) -> bool:
        """Ask, then submit the acting coder's draft of the open recording; True if done."""
        opened = self._session.opened
        if opened is None:
            self._tell("Submit my coding", "Open a recording first.")
            return False
        coder = self._session.coder_name
        if opened.coding_pass is None:
            self._tell(
                "Submit my coding",
                f"{coder} has not started coding this recording, so there is nothing to submit.",
            )
            return False
        if not opened.coding_pass.editable:
            status = opened.coding_pass.status.value
            self._tell("Submit my coding", f"{coder}'s coding of this recording is {status}.")
            return False
        label = shown_label(opened.recording)  # never the file's name (§7.1)
        question = (
            f"Submit {coder}'s coding of {opened.family_code} visit {opened.visit_number} "
            f"({label})?\n\nA submitted pass can never be changed again; a later correction "
            "becomes a new pass. If this recording is double-coded, the other coder's codes "
            "become visible once both of you have submitted."
        )
        if not self._confirm(self._parent, "Submit my coding", question):
            return False
        try:
            result = SubmitPassOperation(
                self._db, opened.recording.id, coder, self._session.actor
            ).run()
        except VfcoachError as exc:
            self._tell("Cannot submit", str(exc), warn=True)
            return False
        log.info("submitted pass %s", result.coding_pass.id)
        self._reopen()
        released = " Both passes are now visible to both coders." if result.blind_released else ""
        self.last_message = f"Submitted {result.annotation_count} annotation(s).{released}"
        return True
