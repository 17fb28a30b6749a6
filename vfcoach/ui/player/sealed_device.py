"""Qt Multimedia plays a sealed video through this device: decrypted in memory, chunk by chunk.

`QMediaPlayer.setSourceDevice` reads a random-access `QIODevice` (not sequential, with a
size, seekable), so the plaintext never touches the disk: each read decrypts only the 64 KiB
chunks it covers (`video/sealed/reader.py`). Qt's FFmpeg backend reads on its own thread,
so every read goes to `SealedReader.read_at` (its own lock, no shared position). A damaged
chunk ends the stream (Qt sees the end of the data and stops); the exact-frame grabber,
which reads the same file, names the damage to the coach.

`set_player_source` is what the player and the caregiver window call instead of
`setSource`: a plain file is still given by its URL, so nothing changes for videos kept
where they are.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QIODevice, QObject, QUrl
from PySide6.QtMultimedia import QMediaPlayer

from vfcoach.coding.errors import VfcoachError
from vfcoach.video.sealed import SealedReader, is_sealed

log = logging.getLogger(__name__)


class SealedDevice(QIODevice):
    """A read-only, random-access view of a sealed file's plaintext."""

    def __init__(self, path: str | Path, parent: QObject) -> None:
        super().__init__(parent)
        self._reader = SealedReader(path)  # raises SealedKeyUnknown / SealedDamaged now
        self._failed = False

    def isSequential(self) -> bool:
        return False

    def size(self) -> int:
        return self._reader.size

    def bytesAvailable(self) -> int:
        return max(0, self._reader.size - self.pos()) + super().bytesAvailable()

    def atEnd(self) -> bool:
        return self.pos() >= self._reader.size

    def readData(self, maxlen: int) -> bytes:
        if self._failed:
            return b""
        try:
            return self._reader.read_at(self.pos(), maxlen)
        except VfcoachError as exc:  # damaged: end the stream, never hand out garbage
            self._failed = True
            log.warning("playback stopped: %s", exc)
            return b""

    def writeData(self, data: bytes | bytearray | memoryview, maxlen: int, /) -> int:
        return -1  # read only

    def close(self) -> None:
        super().close()
        self._reader.close()


def set_player_source(player: QMediaPlayer, path: str | Path) -> SealedDevice | None:
    """Point `player` at a recording's file; a sealed one through a `SealedDevice` (returned:
    the caller keeps it while the player plays and closes it after `setSource(QUrl())`)."""
    p = Path(path)
    if not is_sealed(p):
        player.setSource(QUrl.fromLocalFile(str(p.resolve())))
        return None
    device = SealedDevice(p, player)
    device.open(QIODevice.OpenModeFlag.ReadOnly)
    player.setSourceDevice(device, QUrl.fromLocalFile(str(p.with_suffix(".mp4"))))
    return device
