"""One recording's playback: Qt Multimedia plays with sound, the video core shows exact frames.

`QMediaPlayer.setPosition` lands a frame or more off, so while paused the picture comes from
`FrameGrabber` at the frame map's index, and every step moves by map index, never by a
multiple of a frame rate. While playing, the current frame is read from each video frame's
own start time through the same map, so a code placed during playback snaps to the frame
that was on screen.

Paused, a step or seek moves `frame` (and `frame_changed`) at once, so a code placed next
names the frame asked for, while the picture is decoded on `FrameWorker`'s thread and shown
when it arrives: the UI thread never waits on the decoder, and with an arrow key held only
the newest step is decoded. Only loading a recording grabs its first frame here, because
that is where a broken file must be refused.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Q_ARG, QGenericArgumentHolder, QMetaObject, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer, QVideoFrame, QVideoSink

from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.frame_map import FrameMap
from vfcoach.coding.frame_time import FrameTime
from vfcoach.ui.player.frame_view import rgb_to_qimage
from vfcoach.ui.player.frame_worker import DecodedFrame, FrameWorker
from vfcoach.ui.player.sealed_device import SealedDevice, set_player_source
from vfcoach.video.grabber import FrameGrabber
from vfcoach.video.source import MediaSource

log = logging.getLogger(__name__)

RATES = (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0)


def call_without_gil(player: QMediaPlayer, slot: str, *args: QGenericArgumentHolder) -> None:
    """Call a QMediaPlayer slot with Python's GIL released.

    Qt's FFmpeg backend tears its renderers down on their own threads, and a renderer's
    destructor asks shiboken whether Python overrides `disconnectNotify` of our
    `QAudioOutput`, which needs the GIL. PySide keeps the GIL during `stop()`, `pause()`,
    `play()` and `setPosition()`, so the UI thread waited on a Qt mutex the renderer held
    while the renderer waited on the GIL: a deadlock seen about once in thirty test runs.
    `QMetaObject.invokeMethod` releases the GIL for the call.
    """
    ok = QMetaObject.invokeMethod(player, slot, Qt.ConnectionType.DirectConnection, *args)
    if not ok:
        log.warning("QMediaPlayer.%s could not be called", slot)


class PlayerController(QObject):
    frame_changed = Signal(int, int)  # frame index, pts ms
    image_changed = Signal(QImage)
    playing_changed = Signal(bool)
    rate_changed = Signal(float)
    media_failed = Signal(str)  # a message naming the file and what is wrong
    media_loaded = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._player = QMediaPlayer(self)
        self._audio = QAudioOutput(self)
        self._sink = QVideoSink(self)
        self._player.setAudioOutput(self._audio)
        self._player.setVideoSink(self._sink)
        self._sink.videoFrameChanged.connect(self._on_video_frame)
        self._player.playbackStateChanged.connect(self._on_state)
        self._player.errorOccurred.connect(self._on_error)
        self._grabber: FrameGrabber | None = None
        self._device: SealedDevice | None = None  # a sealed video's decrypting reader
        self._map: FrameMap | None = None
        self._frame = 0
        self._rate = 1.0
        self._worker = FrameWorker(self._on_decoded, self)
        self._wanted = 0  # id of the newest decode request; older results are not shown
        self._shown = 0  # id of the request whose picture is on screen

    # --- state -------------------------------------------------------------------------
    @property
    def loaded(self) -> bool:
        return self._map is not None and self._grabber is not None

    @property
    def frame_map(self) -> FrameMap | None:
        return self._map

    @property
    def frame(self) -> int:
        return self._frame

    @property
    def playing(self) -> bool:
        return self._player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    @property
    def rate(self) -> float:
        return self._rate

    @property
    def decoding(self) -> bool:
        """A requested exact frame is not on screen yet (tests and benchmarks wait on it)."""
        return not self._worker.idle

    def current_moment(self) -> FrameTime:
        """The frame on screen now, as stored by annotations."""
        if self._map is None:
            raise VfcoachError("no recording is open")
        return self._map.moment(self._frame)

    # --- loading -----------------------------------------------------------------------
    def load(self, source: MediaSource, show_first: bool = True) -> bool:
        """Open a recording; on broken media say why (media_failed) and keep nothing open.

        The grabber checks the file's fingerprint and uses the stored frame map, so a file
        replaced since import is refused (`MediaChanged`) instead of shown shifted.
        The first frame is decoded here, on the UI thread, once per recording: it is what
        proves the file decodes before the window says it is open. A caller about to play
        at once (a reel's clip preview, whose still comes from its own worker) passes
        `show_first=False` and nothing is decoded here at all.
        """
        self.unload()
        path, frame_map = str(source.path), source.frame_map
        try:
            grabber = FrameGrabber(source)
            first = grabber.grab(0) if show_first else None
        except (VfcoachError, OSError) as exc:
            self.media_failed.emit(
                str(exc)
                if isinstance(exc, VfcoachError)
                else f"{Path(path).name}: {exc.strerror or exc}"
            )
            return False
        self._grabber, self._map, self._frame = grabber, frame_map, 0
        self._device = set_player_source(self._player, path)  # sealed: decrypted in memory
        self._set_rate_now()
        if first is not None:
            self.image_changed.emit(rgb_to_qimage(first))
        self.frame_changed.emit(0, frame_map.ms_at(0))
        self.media_loaded.emit()
        return True

    def unload(self) -> None:
        grabber, self._grabber, self._map, self._frame = self._grabber, None, None, 0
        call_without_gil(self._player, "stop")
        self._player.setSource(QUrl())  # PySide releases the GIL here itself
        device, self._device = self._device, None
        if device is not None:
            device.close()
        self._shown = self._worker.last_id  # a decode of the old file still running is not shown
        if grabber is not None:
            self._worker.retire(grabber)  # closed on the decode thread, after any decode

    # --- transport ---------------------------------------------------------------------
    def play(self) -> None:
        if not self.loaded or self.playing:
            return
        assert self._map is not None
        if self._frame >= self._map.frame_count - 1:
            self._frame = 0
        self._set_position(self._map.ms_at(self._frame))
        call_without_gil(self._player, "play")

    def play_from(self, frame: int) -> None:
        """Play from `frame` without decoding it first: playback draws it a moment later.

        For a clip preview, where an exact-frame grab of the start on the UI thread would
        only delay the sound.
        """
        if self._map is None:
            return
        self._frame = min(max(frame, 0), self._map.frame_count - 1)
        if self.playing:
            self._set_position(self._map.ms_at(self._frame))
        else:
            self.play()

    def pause(self) -> None:
        if not self.playing:
            return
        call_without_gil(self._player, "pause")
        self.seek_frame(self._frame)

    def toggle(self) -> None:
        self.pause() if self.playing else self.play()

    def step(self, frames: int) -> None:
        """Move by map index; stepping always pauses, because a coder steps to look closely."""
        if self.playing:
            call_without_gil(self._player, "pause")
        self.seek_frame(self._frame + frames)

    def jump_ms(self, delta_ms: int) -> None:
        if self._map is None:
            return
        target = self._map.at_ms(self._map.ms_at(self._frame) + delta_ms)
        if self.playing:
            self._frame = target
            self._set_position(self._map.ms_at(target))
        else:
            self.seek_frame(target)

    def seek_ms(self, ms: int) -> None:
        if self._map is not None:
            self.seek_frame(self._map.at_ms(ms))

    def seek_frame(self, frame: int) -> None:
        """Show exactly `frame` (clamped to the recording) and park the player there."""
        if self._map is None or self._grabber is None:
            return
        frame = min(max(frame, 0), self._map.frame_count - 1)
        if self.playing:
            self._frame = frame
            self._set_position(self._map.ms_at(frame))
            return
        self._frame = frame
        self._set_position(self._map.ms_at(frame))
        self._wanted = self._worker.request(self._grabber, frame)
        self.frame_changed.emit(frame, self._map.ms_at(frame))

    def shutdown(self) -> None:
        """Unload and end the decode thread (a window closing)."""
        self.unload()
        self._worker.stop()

    def _on_decoded(self, result: DecodedFrame) -> None:
        """A decoded frame, on the UI thread: shown unless something newer is on screen."""
        if result.request_id <= self._shown or self.playing or self._grabber is None:
            return
        self._shown = result.request_id
        if result.rgb is None:
            if result.request_id == self._wanted:
                self.media_failed.emit(result.error)
            return
        self.image_changed.emit(rgb_to_qimage(result.rgb))

    def set_rate(self, rate: float) -> None:
        self._rate = min(max(rate, RATES[0]), RATES[-1])
        self._set_rate_now()
        self.rate_changed.emit(self._rate)

    def _set_rate_now(self) -> None:
        call_without_gil(self._player, "setPlaybackRate", Q_ARG("qreal", self._rate))

    def _set_position(self, ms: int) -> None:
        call_without_gil(self._player, "setPosition", Q_ARG("qint64", ms))

    def faster(self) -> None:
        self.set_rate(next((r for r in RATES if r > self._rate), RATES[-1]))

    def slower(self) -> None:
        self.set_rate(next((r for r in reversed(RATES) if r < self._rate), RATES[0]))

    # --- Qt Multimedia callbacks -------------------------------------------------------
    def _on_video_frame(self, frame: QVideoFrame) -> None:
        if not self.playing or self._map is None or not frame.isValid():
            return
        image = frame.toImage()
        if image.isNull():
            return
        self._frame = self._map.at_ms(frame.startTime() // 1000)
        self.image_changed.emit(image)
        self.frame_changed.emit(self._frame, self._map.ms_at(self._frame))

    def _on_state(self, state: QMediaPlayer.PlaybackState) -> None:
        playing = state == QMediaPlayer.PlaybackState.PlayingState
        if state == QMediaPlayer.PlaybackState.StoppedState and self._map is not None:
            self.seek_frame(self._map.frame_count - 1)  # end of media: rest on the last frame
        self.playing_changed.emit(playing)

    def _on_error(self, error: QMediaPlayer.Error, text: str) -> None:
        if error != QMediaPlayer.Error.NoError:
            log.warning("playback error: %s", text)
            self.media_failed.emit(
                f"This recording cannot be played with sound here ({text}); "
                "exact frames still work when paused."
            )
