"""Two families in a data folder, each with a unique byte marker planted in its notes, its
captions and talking points, and its video inside the data folder's media area; and the scan
that looks for a marker in every file under the data folder (database, -wal, -journal too)."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.storage.conftest import annotation
from vfcoach.coding.ids import RecordingId
from vfcoach.coding.project import MediaFacts
from vfcoach.coding.scheme_json import builtin_scheme
from vfcoach.services.recordings.import_recording import read_media_facts
from vfcoach.services.reels.clips import AddClipOperation
from vfcoach.services.reels.create import CreateReelOperation
from vfcoach.storage.database import Database

MARKERS = {"F-0001": "Quillanby", "F-0002": "Tarrowmere"}  # one unique word per family


@dataclass(frozen=True)
class ErasedWorld:
    data: Path
    url: str
    videos: dict[str, Path]  # family code -> its video inside the data folder


_FACTS: dict[tuple[str, str], MediaFacts] = {}


def _facts(video: Path, marker: str, copy: Path) -> MediaFacts:
    """Probed once per session: every test's copy holds the same bytes."""
    key = (str(video), marker)
    if key not in _FACTS:
        _FACTS[key] = read_media_facts(copy)
    return _FACTS[key]


def data_world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    data = tmp_path / "data"
    (data / "media").mkdir(parents=True)
    monkeypatch.setenv("VFCOACH_DATA", str(data))
    return data, f"sqlite:///{data / 'vfcoach.sqlite'}"


def plant(db: Database, data: Path, video: Path) -> ErasedWorld:
    """Both families, coded, with a reel each; every marker in notes, captions and video."""
    videos = {}
    with db.uow() as uow:
        scheme = uow.schemes.ensure(builtin_scheme("abc-style"))
        assert scheme.id is not None
        coder = uow.coders.get_or_create("coach-a")
        recordings: dict[str, RecordingId] = {}
        for code, marker in MARKERS.items():
            path = data / "media" / f"{code}-visit1.mp4"
            shutil.copyfile(video, path)
            with path.open("ab") as out:
                out.write(f"\n{marker} video bytes\n".encode())
            videos[code] = path
            family = uow.families.add(code)
            uow.children.add(family.id, f"Kid {code}")
            visit = uow.visits.add(family.id, 1)
            rec = uow.recordings.add(visit.id, str(path), _facts(video, marker, path))
            cpass = uow.passes.get_or_create(rec.id, coder.id, scheme.id)
            uow.annotations.add(annotation(cpass.id, 25, note=f"{marker} note at the mat"))
            recordings[code] = rec.id
        uow.commit()
    for code, marker in MARKERS.items():
        with db.uow() as uow:
            visit_id = uow.recordings.get(recordings[code]).visit_id
        reel = CreateReelOperation(db, visit_id).run().reel
        assert reel.id is not None
        AddClipOperation(
            db, reel.id, None, recordings[code], 10, 40,
            caption=f"You waited for {marker}.", talking_point=f"ask about {marker}",
        ).run()  # fmt: skip
    return ErasedWorld(data, db.url, videos)


def files_with(data: Path, marker: str) -> list[Path]:
    """Every file under `data` whose bytes hold `marker` (UTF-8), database files included."""
    found = []
    needle = marker.encode()
    for root, _dirs, names in os.walk(data):
        for name in names:
            path = Path(root) / name
            if needle in path.read_bytes():
                found.append(path)
    return found
