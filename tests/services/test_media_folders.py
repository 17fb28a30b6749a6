"""Media on a team (issue 13 §4): each computer finds recordings in its own media folders.

A recording added on one computer from folder A; on this computer the video sits in folder B
(listed as a media folder) under another name. It is found by content, remembered for this
computer only, and the database row keeps its path. A look-alike (same name, same size,
other content) is never taken. Two computers (two config folders) keep separate lists.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from vfcoach.coding.cancel import Cancelled, CancelToken
from vfcoach.coding.project import Recording
from vfcoach.services.recordings.import_recording import ImportRecordingOperation
from vfcoach.services.recordings.local_media import find_local_media
from vfcoach.services.recordings.media_source import load_media_source
from vfcoach.storage.database import Database
from vfcoach.storage.location import CONFIG_ENV_VAR
from vfcoach.storage.media_folders import (
    MediaFolderRefused,
    add_media_folder,
    media_file,
    read_media_folders,
    remember_path,
    remove_media_folder,
)
from vfcoach.video.folder_search import search_folders


def use_computer(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Act as the computer whose configuration lives in `folder`."""
    monkeypatch.setenv(CONFIG_ENV_VAR, str(folder / "location.json"))


def look_alike(original: bytes) -> bytes:
    """Same size, one byte different in the middle: another content to the fingerprint."""
    middle = len(original) // 2
    return original[:middle] + bytes([original[middle] ^ 0xFF]) + original[middle + 1 :]


@pytest.fixture
def moved(
    db: Database, cfr_video: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Recording, Path, Path]:
    """(the recording added from folder A, folder B, where its video is now)."""
    use_computer(monkeypatch, tmp_path / "computer-1")
    added = tmp_path / "A" / "visit.mp4"
    added.parent.mkdir()
    added.write_bytes(cfr_video.read_bytes())
    rec = ImportRecordingOperation(db, added, "F-0001", keep_in_place=True).run()
    folder_b = tmp_path / "B"
    (folder_b / "2026" / "aa").mkdir(parents=True)
    # sorted before the real one: same name as added, same size, other content
    (folder_b / "2026" / "aa" / "visit.mp4").write_bytes(look_alike(added.read_bytes()))
    now = folder_b / "2026" / "family-F-0001-visit-1.mp4"
    added.rename(now)
    return rec, folder_b, now


def test_a_moved_video_is_found_by_content_and_remembered_on_this_computer_only(
    db: Database,
    moved: tuple[Recording, Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rec, folder_b, now = moved
    media = load_media_source(db, rec.id)
    assert media.path == Path(rec.media_path) and not media.path.exists()
    assert find_local_media(media) is media  # no media folders yet: nothing to look in

    add_media_folder(folder_b)
    reports: list[str] = []
    found = find_local_media(media, lambda _done, message: reports.append(message))
    assert found.path == now.absolute()
    assert reports and "media folders" in reports[0]
    found.verify()  # the right content
    assert found.media_info().frame_map == media.frame_map  # the stored map, unchanged

    again = load_media_source(db, rec.id)  # opened, previewed or exported later
    assert again.path == now.absolute()
    with db.uow() as uow:
        assert uow.recordings.get(rec.id).media_path == rec.media_path  # the row is unchanged

    use_computer(monkeypatch, tmp_path / "computer-2")  # another computer knows none of it
    assert read_media_folders().folders == ()
    assert load_media_source(db, rec.id).path == Path(rec.media_path)


def test_a_remembered_path_is_used_only_while_its_content_matches(
    db: Database, moved: tuple[Recording, Path, Path]
) -> None:
    rec, folder_b, now = moved
    add_media_folder(folder_b)
    find_local_media(load_media_source(db, rec.id))
    now.write_bytes(look_alike(now.read_bytes()))  # replaced since it was found
    assert load_media_source(db, rec.id).path == Path(rec.media_path)
    assert find_local_media(load_media_source(db, rec.id)).path == Path(rec.media_path)


def test_a_file_of_the_same_name_but_other_content_is_never_taken(
    db: Database, moved: tuple[Recording, Path, Path]
) -> None:
    rec, folder_b, now = moved
    now.unlink()  # only the look-alike is left
    add_media_folder(folder_b)
    media = load_media_source(db, rec.id)
    assert find_local_media(media) is media
    assert read_media_folders().found == {}


def test_two_computers_keep_separate_lists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one, two = tmp_path / "videos-1", tmp_path / "videos-2"
    one.mkdir()
    two.mkdir()
    use_computer(monkeypatch, tmp_path / "laptop")
    assert add_media_folder(one) == (one.resolve(), True)
    assert add_media_folder(one) == (one.resolve(), False)  # listed once
    use_computer(monkeypatch, tmp_path / "office")
    add_media_folder(two)
    assert read_media_folders().folders == (str(two.resolve()),)
    assert oct(media_file().stat().st_mode & 0o777) == "0o600"  # owner-only, like location.json
    use_computer(monkeypatch, tmp_path / "laptop")
    assert read_media_folders().folders == (str(one.resolve()),)
    remove_media_folder(one)
    assert read_media_folders().folders == ()


def test_hostile_folders_are_refused_and_change_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_computer(monkeypatch, tmp_path / "computer")
    good = tmp_path / "good"
    good.mkdir()
    add_media_folder(good)
    before = media_file().read_bytes()
    a_file = tmp_path / "note.txt"
    a_file.write_text("not a folder")
    loop = tmp_path / "loop"
    loop.symlink_to(loop)  # a link to itself
    cases = {
        tmp_path / "nowhere": "no such folder",
        a_file: "a file, not a folder",
        loop: "cannot be opened",
    }
    for folder, says in cases.items():
        with pytest.raises(MediaFolderRefused, match=says):
            add_media_folder(folder)
    with pytest.raises(MediaFolderRefused, match="not one of this computer's media folders"):
        remove_media_folder(tmp_path / "nowhere")
    assert media_file().read_bytes() == before


def test_a_damaged_list_is_read_as_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_computer(monkeypatch, tmp_path / "computer")
    media_file().parent.mkdir(parents=True)
    for text in ("{not json", "[1, 2]", json.dumps({"folders": "x", "found": [1]})):
        media_file().write_text(text)
        assert read_media_folders().folders == () and read_media_folders().found == {}


def test_a_search_ends_in_folders_full_of_link_loops(cfr_video: Path, tmp_path: Path) -> None:
    from vfcoach.video.fingerprint import fingerprint

    root = tmp_path / "root"
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "b" / "up").symlink_to(root)  # back to the top
    (root / "a" / "self").symlink_to(root / "a" / "self")  # a link to itself
    (root / "a" / "twin").symlink_to(root / "a")  # the same folder twice
    target = root / "z" / "clip.mov"
    target.parent.mkdir()
    target.write_bytes(cfr_video.read_bytes())
    wanted = fingerprint(target)
    assert search_folders([root], wanted) == target
    assert search_folders([root, root / "a"], "v1:7:" + "0" * 64) is None
    os.chmod(root / "a" / "b", 0)  # an unreadable folder is passed over
    try:
        assert search_folders([root], wanted) == target
    finally:
        os.chmod(root / "a" / "b", 0o755)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        search_folders([root], wanted, token=token)


def test_remembering_is_forgotten_with_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_computer(monkeypatch, tmp_path / "computer")
    folder = tmp_path / "videos"
    folder.mkdir()
    add_media_folder(folder)
    remember_path(3, "v1:1:x", folder.resolve() / "a.mp4")  # type: ignore[arg-type]
    assert read_media_folders().found
    remove_media_folder(folder)
    assert read_media_folders().found == {}
