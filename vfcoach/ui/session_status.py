"""The window title and the status-line text for what the `CodingSession` has open.

Kept out of `main_window.py` (which only wires parts) so the words can be read in one place:
what is open, in which mode, whose pass, and whether the last edit was saved.
"""

from __future__ import annotations

from vfcoach.coding.annotation import PassStatus
from vfcoach.coding.pseudonym import recording_title
from vfcoach.ui.session import CodingSession, Mode

NOTHING_OPEN = "Nothing open · choose a recording in the list on the left to code it"
#: Where the coding stands, in words (not "pass draft": a pass is the database's word).
STANDING = {
    PassStatus.DRAFT: "draft, not submitted yet",
    PassStatus.SUBMITTED: "submitted, read only",
    PassStatus.LOCKED: "locked, read only",
}


def session_texts(s: CodingSession, saved: bool = True) -> tuple[str, str]:
    """(window title, status-line text). After a failed save the status line says so until
    the next edit is saved, never "saved automatically"."""
    if s.mode is Mode.CODING and s.opened is not None:
        o = s.opened
        title = f"vfcoach — {recording_title(o.family_code, o.visit_number, o.recording)}"
        blind = f"  ·  {o.blind_note()}" if o.blind else ""
        scheme = f"{o.scheme.name} v{o.scheme.version}"
        if o.coding_pass is None:
            # whose codes are shown is said above the event list
            return title, f"Coder: {s.coder_name}  ·  not started  ·  {scheme}{blind}"
        return title, (
            f"Coder: {s.coder_name}  ·  {STANDING[o.coding_pass.status]}  ·  {scheme}  ·  "
            + ("saved automatically" if saved else "last edit NOT saved")
            + blind
        )
    if s.mode is Mode.COMPARING and s.compared is not None:
        c = s.compared
        what = f"{c.label} · {c.coder_a} (upper lanes) and {c.coder_b} (lower lanes)"
        return f"vfcoach — comparing {what} · read only", (
            f"Comparing {c.coder_a} and {c.coder_b} · read only, nothing saved · "
            "close the Reliability window to code again"
        )
    return "vfcoach", f"Coder: {s.coder_name}  ·  {NOTHING_OPEN}"
