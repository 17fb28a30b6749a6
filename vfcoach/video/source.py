"""A recording's video as storage knows it: the one authority for its frames and facts.

The frame map and facts are stored when a recording is imported, and every annotation's
frame number means a frame of *that* file. If the file under the stored path is later
replaced by another one (a re-encode, a trimmed copy, another take with the same name),
probing it again would give a second frame map that nothing compares with the first, and
every code would silently shift by the difference. So the grabber, the player and the reel
export take a `MediaSource` built once from storage, and `verify()` checks the file's
content fingerprint (the cheap one relink uses: size plus three sampled 1 MiB blocks)
before anything is shown or exported.

The probe is still run for what storage does not keep (packet timestamps in the stream's
own time base and keyframe positions, which seeking and copying need), but its frame map
never replaces the stored one: `media_info()` refuses a probe that disagrees and hands out
the stored map.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from vfcoach.coding.frame_map import FrameMap
from vfcoach.coding.ids import RecordingId
from vfcoach.coding.project import MediaFacts
from vfcoach.video.errors import MediaError
from vfcoach.video.fingerprint import fingerprint
from vfcoach.video.media_info import MediaInfo
from vfcoach.video.probe import probe

FIND_MOVED = "Find moved recording"


class MediaChanged(MediaError):
    """The file under a recording's path is not the video that was added (another content).

    The message names the recording (not just the file name, which is what stayed the same)
    and says how to fix it: point the recording at the original file again.
    """

    def __init__(self, path: str | Path, recording_id: RecordingId | None, name: str) -> None:
        super().__init__(path, "has changed since it was added")
        self.recording_id = recording_id
        self.name = name
        relink = f"vfcoach relink {recording_id} FOLDER" if recording_id is not None else None
        how = f"{FIND_MOVED}… (or {relink})" if relink else f"{FIND_MOVED}…"
        self.args = (
            f"the video of {name} ({self.path.name}) has changed since it was added, so its "
            f"codes would land on the wrong frames; use {how} to point it at the original file",
        )

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True, eq=False)
class MediaSource:
    """One recording's video: where it is, its stored frame map and facts, and who it is.

    `name` is how messages call it ("recording 3 (DEMO-01 visit 2)"). Built by the
    operations layer from storage (`load_media_source`), or by `of_file` for a bare file
    that no database knows (the `frame` command, tests), whose facts are what probing says.
    """

    path: Path
    frame_map: FrameMap
    facts: MediaFacts
    recording_id: RecordingId | None = None
    name: str = ""
    # The file's stat when `verify` last found the right content: opening a recording asks
    # twice in a row (the window, then the grabber), and hashing twice costs the UI thread.
    _verified: tuple[int, int, int, int] | None = dataclasses.field(
        default=None, init=False, repr=False
    )

    @property
    def fingerprint(self) -> str:
        return self.facts.fingerprint

    @property
    def label(self) -> str:
        if self.name:
            return self.name
        if self.recording_id is not None:
            return f"recording {self.recording_id}"
        return self.path.name

    @classmethod
    def of_file(cls, path: str | Path) -> MediaSource:
        """A file with no stored record: its frame map and facts are taken from it now."""
        p = Path(path)
        info = probe(p)
        return cls(p, info.frame_map, info.media_facts(fingerprint(p)))

    def verify(self) -> None:
        """Raise `MediaChanged` unless the file has the content that was added.

        `MediaMissing`/`MediaEmpty`/`MediaUnreadable` come through as they are.
        """
        seen = _stat_key(self.path)
        if seen is not None and seen == self._verified:
            return  # any write since would have moved ctime (which no program can set back)
        if fingerprint(self.path) != self.fingerprint:
            raise MediaChanged(self.path, self.recording_id, self.label)
        object.__setattr__(self, "_verified", seen)

    def media_info(self) -> MediaInfo:
        """The verified file's decoding facts, carrying the *stored* frame map.

        A probe that counts other frames than were stored cannot be lined up with the codes,
        so it is refused like a changed file.
        """
        self.verify()
        info = probe(self.path)
        if info.frame_count != self.frame_map.frame_count:
            raise MediaChanged(self.path, self.recording_id, self.label)
        if info.frame_map == self.frame_map:
            return info
        return dataclasses.replace(info, frame_map=self.frame_map)


def _stat_key(path: Path) -> tuple[int, int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None  # `fingerprint` names the problem
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
