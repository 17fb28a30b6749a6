"""Showing an opened recording in the coding screen, and *Start coding this recording*.

Opening a recording only looks at it (`services.recordings.open_for_coding`): the screen
shows the person's own pass, or another coder's read only, or nothing, and the
`WhoseCodes` line says which. Starting is the one step that makes the person the
recording's coder; it creates their pass and swaps it in at the same frame, with the video
left playing where it was. Kept out of `main_window.py`, which only wires parts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from vfcoach.coding.errors import VfcoachError
from vfcoach.services.recordings.open_for_coding import (
    OpenedRecording,
    open_recording,
    start_coding,
)
from vfcoach.ui.media_notice import NO_VIDEO
from vfcoach.ui.session_status import NOTHING_OPEN
from vfcoach.ui.tallies.tally_controller import coder_trend

if TYPE_CHECKING:
    from vfcoach.ui.main_window import MainWindow


def show_opened(w: MainWindow, opened: OpenedRecording, load_media: bool) -> bool:
    """Put `opened` on screen; someone else's pass goes into the store read only. With
    `load_media` the video is (re)loaded; False if it cannot be shown."""
    w.store.load(opened.shown_pass, opened.scheme, read_only=not opened.mine)
    w.code_panel.set_scheme(opened.scheme)
    w.events.set_scheme(opened.scheme)
    w.keys.rebuild_codes(opened.scheme)
    w.timeline.set_duration(opened.frame_map.duration_ms)
    w.session.code(opened)  # title, status line and whose-codes line follow
    w.refresh_lanes()
    who = opened.shown_coder or w.coder_name
    w.tallies.open(
        opened.frame_map.duration_ms,
        opened.thresholds,
        f"{who}'s comments · {opened.family_code} visit {opened.visit_number}",
        # the trend reads as its coder: only ever the person's own
        coder_trend(w.db, opened.family_code, w.session.actor) if opened.mine else None,
    )
    ok = True
    if load_media and w.media_finder.wants(opened.media):
        w.media_finder.find(opened.media)  # not here: look in this computer's media folders
    elif load_media:
        ok = w.media_notice.admits(opened.media) and w.player.load(opened.media)
        if not ok:  # refused (the bar says why and offers Find moved recording) or broken
            w.player.unload()
            w.status.showMessage(w.media_notice.text() or NO_VIDEO)
    w.video.view.setFocus()
    return ok


def start_coding_here(w: MainWindow) -> bool:
    """The acting person starts coding the open recording: their pass is made and shown."""
    opened = w.opened
    if opened is None:
        w.status.showMessage(NOTHING_OPEN, 5000)
        return False
    if opened.mine:
        return True
    try:
        started = start_coding(w.db, opened.recording.id, w.session.actor)
    except VfcoachError as exc:
        QMessageBox.warning(w, "Cannot start coding", str(exc))
        w.video.view.setFocus()
        return False
    show_opened(w, started, load_media=False)
    w.status.showMessage(f"{w.coder_name} started coding this recording", 5000)
    w.coder_watch.check()  # starting may have added them to this database's people
    return True


def show_other_coder(w: MainWindow, name: str) -> bool:
    """Before starting: show another coder's codes (read only) instead, same frame."""
    opened = w.opened
    if opened is None or opened.mine:
        return False
    try:
        other = open_recording(w.db, opened.recording.id, w.session.actor, show=name)
    except VfcoachError as exc:
        QMessageBox.warning(w, "Cannot show those codes", str(exc))
        return False
    show_opened(w, other, load_media=False)
    return True
