"""In-place preview of one reel clip: its exact in (or out) frame, and Play clip with sound.

The coach trims by a frame and must see which frame a clip now starts or ends on, so the
still picture is the exact frame from `FrameGrabber`, grabbed on the app runner's parallel
lane (opening a recording probes it and a grab decodes from the keyframe, which can take a
moment on phone video). The preview keeps its grabbers, one per recording, behind one lock:
the lane has several workers, and a grabber decodes for one of them at a time. The latest
request wins, older results are dropped. Play clip reuses the
main window's `PlayerController` (sound, exact frames when paused) for the padded range the
caregiver will see, pre-roll to post-roll, and stops on the padded out-point's exact frame.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from vfcoach.coding.cancel import Cancelled, CancelToken, Progress
from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.frame_map import FrameMap
from vfcoach.coding.ids import RecordingId
from vfcoach.coding.reels import ReelClip
from vfcoach.services.recordings.local_media import find_local_media
from vfcoach.services.recordings.media_source import media_source_in
from vfcoach.storage.database import Database
from vfcoach.ui.player.frame_view import FrameView, rgb_to_qimage
from vfcoach.ui.player.player_controller import PlayerController
from vfcoach.ui.reels.clip_table_model import format_ms
from vfcoach.ui.runner import Task, TaskRunner
from vfcoach.video.grabber import FrameGrabber
from vfcoach.video.images import RGB
from vfcoach.video.source import MediaSource

Source = MediaSource  # the recording's stored path, frame map and facts (verified on use)
Grabbed = tuple[tuple[str, int], MediaSource, RGB]  # (asked for, the video found here, frame)


def padded_frames(clip: ReelClip, fmap: FrameMap) -> tuple[int, int]:
    """First and last frame the caregiver sees, exactly as the export cuts them."""
    return fmap.at_ms(clip.padded_start_ms), fmap.at_ms(min(clip.padded_end_ms, fmap.duration_ms))


class _Grabbers:
    """One `FrameGrabber` per media file, used by one worker at a time, closed once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: dict[str, FrameGrabber] = {}
        self._closed = False

    def grab(self, media: MediaSource, frame: int) -> RGB:
        path = str(media.path)
        with self._lock:
            if self._closed:
                raise Cancelled  # the preview is gone
            if path not in self._open:
                self._open[path] = FrameGrabber(media)  # checks the file is the one added
            return self._open[path].grab(frame)

    def close(self) -> None:
        """Waits for a grab in progress, then closes every grabber; later grabs cancel."""
        with self._lock:
            self._closed = True
            for grabber in self._open.values():
                grabber.close()
            self._open.clear()


class ClipPreview(QWidget):
    def __init__(self, db: Database, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.runner = runner
        self.player = PlayerController(self)
        self._grabbers = _Grabbers()
        self._sources: dict[RecordingId, Source] = {}
        self._clip: ReelClip | None = None
        self._wanted: tuple[str, int] | None = None  # the grab whose result is still wanted
        self._token: Task | None = None
        self._stop_at: int | None = None  # padded out-point while a clip plays
        self._player_path: str | None = None
        self._follow_player = False  # the picture comes from the player, not from a grab
        self.shown_frame: int | None = None  # exact frame on screen (None while playing)

        self.view = FrameView()
        self.view.setMinimumSize(320, 180)
        self.view.setMaximumHeight(300)  # the companion needs the room below while showing
        self.view.set_message("Select a clip to see it here")
        self.label = QLabel("")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.play_button = QPushButton("▶  Play clip")
        self.play_button.setEnabled(False)
        self.play_button.setToolTip("Plays the clip as the caregiver will see it, with sound")
        self.play_button.clicked.connect(self.toggle_play)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.label)
        layout.addWidget(self.play_button)
        self.player.image_changed.connect(self._on_player_image)
        self.player.frame_changed.connect(self._on_player_frame)
        self.player.playing_changed.connect(self._on_playing)
        self.player.media_failed.connect(self.label.setText)

    # --- still frames ------------------------------------------------------------------
    def source(self, recording_id: RecordingId) -> Source:
        if recording_id not in self._sources:
            with self.db.uow() as uow:
                self._sources[recording_id] = media_source_in(uow, recording_id)
        return self._sources[recording_id]

    def show_clip(self, clip: ReelClip | None, edge: str = "start") -> None:
        """Show the clip's in-point (or `edge="end"`: its out-point), exact to the frame."""
        self.stop()
        self._follow_player = False
        self._clip = clip
        self.play_button.setEnabled(clip is not None)
        if clip is None:
            self._wanted, self.shown_frame = None, None
            self.view.set_message("Select a clip to see it here")
            self.label.setText("")
            return
        try:
            media = self.source(clip.recording_id)
        except VfcoachError as exc:  # the recording was removed meanwhile
            self._wanted, self.shown_frame = None, None
            self.play_button.setEnabled(False)
            self.view.set_message("")
            self.label.setText(f"This clip cannot be shown: {exc}")
            return
        fmap = media.frame_map
        moment = clip.start if edge == "start" else clip.end
        first, last = padded_frames(clip, fmap)
        where = "Starts" if edge == "start" else "Ends"
        self.label.setText(
            f"{where} at frame {moment.frame} ({format_ms(moment.pts_ms)}).\n"
            f"Play clip shows {format_ms(fmap.ms_at(first))} – {format_ms(fmap.ms_at(last))},"
            f" with {clip.pre_roll_ms / 1000:g} s before and {clip.post_roll_ms / 1000:g} s after."
        )
        self._grab(media, moment.frame)

    def _grab(self, media: MediaSource, frame: int) -> None:
        if self._token is not None:
            self._token.cancel()  # a job not started yet is skipped
        path = str(media.path)
        wanted = (path, frame)
        self._wanted = wanted
        grabbers = self._grabbers

        def job(progress: Progress, token: CancelToken) -> Grabbed:
            token.check()
            here = find_local_media(media, progress, token)  # not at its stored path here?
            return wanted, here, grabbers.grab(here, frame)

        self._token = self.runner.start_quiet(job, self._grabbed, self._grab_failed, owner=self)

    def _grabbed(self, result: Grabbed) -> None:
        wanted, media, rgb = result
        if media.recording_id is not None and media.recording_id in self._sources:
            self._sources[media.recording_id] = media  # found in this computer's folders
        if wanted != self._wanted or self._follow_player:
            return  # the coach has moved on to another clip or edge, or pressed Play
        self.shown_frame = wanted[1]
        self.view.set_image(rgb_to_qimage(rgb))

    def _grab_failed(self, message: str) -> None:
        if message != "Cancelled.":
            self.shown_frame = None
            self.view.set_message("")
            self.label.setText(f"This frame cannot be shown: {message}")

    # --- playing -----------------------------------------------------------------------
    @property
    def playing(self) -> bool:
        return self._stop_at is not None

    def toggle_play(self) -> None:
        self.stop() if self.playing else self.play_clip()

    def play_clip(self) -> None:
        """Play pre-roll to post-roll with sound; the picture rests on the out-point after."""
        clip = self._clip
        if clip is None or clip.recording_id not in self._sources:
            return
        media = self._sources[clip.recording_id]
        path, fmap = str(media.path), media.frame_map
        if self._player_path != path:
            if not self.player.load(media, show_first=False):  # play_from draws it
                return
            self._player_path = path
        first, last = padded_frames(clip, fmap)
        self._wanted, self.shown_frame = None, None
        self._follow_player = True
        self._stop_at = last
        self.play_button.setText("■  Stop")
        self.player.play_from(first)

    def stop(self) -> None:
        """Stop playing and show the exact frame it stopped on."""
        if self._stop_at is None:
            return
        self._stop_at = None
        self.play_button.setText("▶  Play clip")
        if self.player.playing:
            self.player.step(0)  # pauses, then shows that exact frame

    def _on_player_frame(self, frame: int, _ms: int) -> None:
        if self._stop_at is None:
            if self._follow_player and not self.player.playing:
                self.shown_frame = frame  # the exact frame it stopped on
            return
        if self.player.playing and frame >= self._stop_at:
            end, self._stop_at = self._stop_at, None
            self.play_button.setText("▶  Play clip")
            self.player.step(end - frame)  # pause on the padded out-point itself

    def _on_player_image(self, image: QImage) -> None:
        if self._follow_player:
            self.view.set_image(image)  # never the frame 0 a fresh load shows

    def _on_playing(self, playing: bool) -> None:
        if playing and self._stop_at is None:
            self.player.pause()  # stopped before playback had begun
        elif not playing and self._stop_at is not None:  # the recording ended first
            self._stop_at = None
            self.play_button.setText("▶  Play clip")

    def dispose(self) -> None:
        """Stop the player, drop pending grabs, then close the grabbers."""
        self._stop_at = None
        self.player.unload()
        self.runner.discard(self)
        self._grabbers.close()
