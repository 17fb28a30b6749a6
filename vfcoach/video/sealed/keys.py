"""The keys of sealed files this process may open, by file id.

A sealed file's key lives in the database (the recording row), never beside the file, and
the video layer must not reach the database. So the services layer hands each key over here
when it builds a recording's `MediaSource`, and every reader in the video layer (probe,
grabber, export, fingerprint) and the player's device look the key up by the file id in
the sealed file's header. A file whose key was never handed over cannot be opened: the
message says it belongs to vfcoach's encrypted store and must be opened as a recording.
Keys are held in memory only, for the life of the process.
"""

from __future__ import annotations

import threading

_keys: dict[bytes, bytes] = {}
_lock = threading.Lock()


def remember_key(file_id: bytes, key: bytes) -> None:
    """Let this process open the sealed file with `file_id` (called by the services layer)."""
    with _lock:
        _keys[bytes(file_id)] = bytes(key)


def key_for(file_id: bytes) -> bytes | None:
    with _lock:
        return _keys.get(bytes(file_id))


def forget_key(file_id: bytes) -> None:
    """Drop a key (an erased recording): its file can no longer be opened here."""
    with _lock:
        _keys.pop(bytes(file_id), None)
