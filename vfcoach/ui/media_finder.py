"""Opening a recording whose video is not where it was added: look in this computer's folders.

On a team the stored path is where the video was on the computer that added it. When it is
not here and this computer has media folders (Settings → Media folders), the window looks
there by content on the runner's parallel lane (a progress dialog with Cancel appears if it
takes a while), with the bar above the video saying so; the codes are listed meanwhile. A
match is remembered for this computer (`services.recordings.local_media`), so the recording
is simply opened again and finds it. No match: the usual refusal with *Find moved
recording…*. Each open searches at most once, so a miss cannot loop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vfcoach.coding.ids import RecordingId
from vfcoach.services.recordings.local_media import find_local_media, should_search
from vfcoach.video.source import MediaSource

if TYPE_CHECKING:
    from vfcoach.ui.main_window import MainWindow

LOOKING = "Looking for this video in your media folders…"
NOT_THERE = "It is not in this computer's media folders either."


class MediaFinder:
    """Starts the search for an opened recording's video and reopens it when done."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self._searching: set[RecordingId] = set()
        self._placeholder = ""

    def wants(self, media: MediaSource) -> bool:
        """Whether `media` should be looked for before the window refuses it."""
        return media.recording_id not in self._searching and should_search(media)

    def find(self, media: MediaSource) -> None:
        """Look for `media` in the background; the bar says so until it is done."""
        w = self._window
        rid = media.recording_id
        assert rid is not None
        self._searching.add(rid)
        w.player.unload()
        self._placeholder = w.video.view.message
        w.video.view.set_message(LOOKING)
        w.media_notice.searching(LOOKING)
        w.status.showMessage(LOOKING)
        w.runner.start(
            lambda progress, token: find_local_media(media, progress, token),
            title="Looking for the video",
            on_done=lambda _found: self._reopen(rid),
            on_error=lambda message: self._reopen(rid, message),
            parent_widget=w,
            owner=self,
        )

    def _reopen(self, rid: RecordingId, failure: str = "") -> None:
        """Open the recording again if it is still the one on screen: found, it now plays;
        not found (or cancelled), the bar refuses it as usual."""
        w = self._window
        w.video.view.set_message(self._placeholder)
        try:
            opened = w.session.opened
            if opened is not None and opened.recording.id == rid:
                w.open_recording(rid)
                notice = w.media_notice
                if notice.isVisible() and not failure:  # refused: say where it looked
                    notice.label.setText(f"{notice.text().rstrip('.')}. {NOT_THERE}")
            if failure:
                w.status.showMessage(f"The media folders were not searched through: {failure}")
        finally:
            self._searching.discard(rid)
