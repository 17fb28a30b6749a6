"""Look for a recording's video by content in a few folders that may be large and odd.

This computer's media folders (`storage.media_folders`) are searched automatically when a
recording's stored path is not here, so the walk must be cheap and must end: files are
first judged by name and size alone (one `stat` each, which the fingerprint's spelled-out
size allows), and only files of exactly the right size are read. Linked folders are
followed, as a coach who links an external drive into a folder expects, but each real
folder is entered once, so a link that points back up the tree cannot loop. Unreadable
entries are passed over. Progress is reported as it goes and the token is checked between
folders and between files, so the window's Cancel stops a search of a big drive.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from vfcoach.coding.cancel import CancelToken, Progress, no_progress
from vfcoach.video.errors import MediaError
from vfcoach.video.fingerprint import VIDEO_SUFFIXES, fingerprint, fingerprint_size

_REPORT_EVERY = 200  # entries between progress reports while listing


def search_folders(
    folders: Sequence[Path],
    wanted: str,
    progress: Progress = no_progress,
    token: CancelToken | None = None,
) -> Path | None:
    """The first file under `folders` whose content has fingerprint `wanted`, or None."""
    size = fingerprint_size(wanted)
    if size is None or size == 0:
        return None
    candidates: list[Path] = []
    seen = 0
    for entry in _video_files(folders, token):
        seen += 1
        if seen % _REPORT_EVERY == 0:
            progress(0.0, f"Looking through your media folders ({seen} videos so far)")
        try:
            if entry.stat().st_size == size:
                candidates.append(entry)
        except OSError:
            continue
    for n, candidate in enumerate(candidates):
        if token is not None:
            token.check()
        progress(n / max(1, len(candidates)), f"Comparing {candidate.name}")
        try:
            if fingerprint(candidate) == wanted:
                return candidate
        except (MediaError, OSError):
            continue
    return None


def _video_files(folders: Sequence[Path], token: CancelToken | None) -> Iterator[Path]:
    """Every video file under `folders`, each real folder visited once (links followed)."""
    suffixes = {s.lower() for s in VIDEO_SUFFIXES}
    visited: set[tuple[int, int]] = set()
    stack = [Path(f) for f in reversed(folders)]
    while stack:
        if token is not None:
            token.check()
        folder = stack.pop()
        try:
            st = folder.stat()  # follows a link; a loop of links raises here
            if (st.st_dev, st.st_ino) in visited:
                continue
            visited.add((st.st_dev, st.st_ino))
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        subfolders: list[Path] = []
        for entry in entries:
            try:
                if entry.is_dir():
                    subfolders.append(Path(entry.path))
                elif entry.is_file() and Path(entry.name).suffix.lower() in suffixes:
                    yield Path(entry.path)
            except OSError:
                continue
        stack.extend(reversed(subfolders))
