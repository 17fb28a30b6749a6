"""In-place preview of one reel clip: its exact in (or out) frame, and Play clip with sound.

The coach trims by a frame and must see which frame a clip now starts or ends on, so the
still picture is the exact frame from `FrameGrabber`, grabbed on the `OperationRunner`'s
worker (opening a recording probes it and a grab decodes from the keyframe, which can take
a moment on phone video). The worker keeps its own grabbers, one per recording, used only on
that thread; the latest request wins, older results are dropped. Play clip reuses the
main window's `PlayerController` (sound, exact frames when paused) for the padded range the
caregiver will see, pre-roll to post-roll, and stops on the padded out-point's exact frame.
"""

from __future__ import annotations

from concurrent.futures import Executor

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from vfcoach.coding.cancel import CancelToken, Progress
from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.frame_map import FrameMap
from vfcoach.coding.ids import RecordingId
from vfcoach.coding.reels import ReelClip
from vfcoach.storage.database import Database
from vfcoach.ui.player.frame_view import FrameView, rgb_to_qimage
from vfcoach.ui.player.player_controller import PlayerController
from vfcoach.ui.reels.clip_table_model import format_ms
from vfcoach.ui.runner import OperationRunner
from vfcoach.video.grabber import FrameGrabber
from vfcoach.video.images import RGB

Source = tuple[str, FrameMap]  # media path, frame map


def padded_frames(clip: ReelClip, fmap: FrameMap) -> tuple[int, int]:
    """First and last frame the caregiver sees, exactly as the export cuts them."""
    return fmap.at_ms(clip.padded_start_ms), fmap.at_ms(min(clip.padded_end_ms, fmap.duration_ms))


class ClipPreview(QWidget):
    def __init__(
        self, db: Database, parent: QWidget | None = None, executor: Executor | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.runner = OperationRunner(executor, self)
        self.player = PlayerController(self)
        self._grabbers: dict[str, FrameGrabber] = {}  # touched only on the runner's worker
        self._sources: dict[RecordingId, Source] = {}
        self._clip: ReelClip | None = None
        self._wanted: tuple[str, int] | None = None  # the grab whose result is still wanted
        self._token: CancelToken | None = None
        self._stop_at: int | None = None  # padded out-point while a clip plays
        self._player_path: str | None = None
        self._follow_player = False  # the picture comes from the player, not from a grab
        self.shown_frame: int | None = None  # exact frame on screen (None while playing)

        self.view = FrameView()
        self.view.setMinimumSize(320, 180)
        self.view.setMaximumHeight(300)  # the companion needs the room below while showing
        self.view.set_message("Select a clip to see it here")
        self.label = QLabel("")
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
                path = uow.recordings.get(recording_id).media_path
                self._sources[recording_id] = (path, uow.recordings.frame_map(recording_id))
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
            path, fmap = self.source(clip.recording_id)
        except VfcoachError as exc:  # the recording was removed meanwhile
            self._wanted, self.shown_frame = None, None
            self.play_button.setEnabled(False)
            self.view.set_message("")
            self.label.setText(f"This clip cannot be shown: {exc}")
            return
        moment = clip.start if edge == "start" else clip.end
        first, last = padded_frames(clip, fmap)
        where = "Starts" if edge == "start" else "Ends"
        self.label.setText(
            f"{where} at frame {moment.frame} ({format_ms(moment.pts_ms)}).\n"
            f"Play clip shows {format_ms(fmap.ms_at(first))} – {format_ms(fmap.ms_at(last))},"
            f" with {clip.pre_roll_ms / 1000:g} s before and {clip.post_roll_ms / 1000:g} s after."
        )
        self._grab(path, moment.frame)

    def _grab(self, path: str, frame: int) -> None:
        if self._token is not None:
            self._token.cancel()  # a job not started yet is skipped
        wanted = (path, frame)
        self._wanted = wanted
        grabbers = self._grabbers

        def job(_progress: Progress, token: CancelToken) -> tuple[tuple[str, int], RGB]:
            token.check()
            if path not in grabbers:
                grabbers[path] = FrameGrabber(path)
            return wanted, grabbers[path].grab(frame)

        self._token = self.runner.start_quiet(job, self._grabbed, self._grab_failed)

    def _grabbed(self, result: tuple[tuple[str, int], RGB]) -> None:
        wanted, rgb = result
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
        path, fmap = self._sources[clip.recording_id]
        if self._player_path != path:
            if not self.player.load(path, fmap, show_first=False):  # play_from draws it
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
        """Stop the player and the worker, then close the worker's grabbers."""
        self._stop_at = None
        self.player.unload()
        if self._token is not None:
            self._token.cancel()
        self.runner.shutdown()
        for grabber in self._grabbers.values():
            grabber.close()  # the worker has stopped, so no thread uses them any more
        self._grabbers.clear()
