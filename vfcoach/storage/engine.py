"""Where the database lives and how a connection to it is set up.

There is no Save button and no project file: every edit is its own committed transaction.
That promise rests on how SQLite is configured here. WAL lets the UI read while a worker
writes; `synchronous=FULL` makes every commit durable (WAL with NORMAL may lose the last
commits on power loss); `foreign_keys=ON` because SQLite ignores foreign keys otherwise;
and a busy timeout so a second writer waits for the first instead of failing at once.
PostgreSQL needs none of that and is reached through psycopg 3.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import time
from functools import partial
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from vfcoach.storage.cipher import cipher_engine_args
from vfcoach.storage.errors import SQLITE_ERRORS
from vfcoach.storage.location import read_location

log = logging.getLogger(__name__)

ENV_VAR = "VFCOACH_DB"
SQLITE_FILENAME = "vfcoach.sqlite"
SQLITE_SUFFIXES = (".sqlite", ".sqlite3", ".db")
BUSY_TIMEOUT_MS = 15_000
PG_CONNECT_TIMEOUT_S = 10

_PG_ALIASES = {"postgres", "postgresql"}
_USERINFO = re.compile(r"(?P<head>://[^:/@]*:)(?P<password>[^@]*)(?P<tail>@)")


PRIVATE_FOLDER = 0o700  # the data folder and the database hold family data: owner only
PRIVATE_FILE = 0o600
_SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


DATA_ENV_VAR = "VFCOACH_DATA"


def data_folder() -> Path:
    """vfcoach's own folder (database, demo media): no export is ever written inside it.
    `VFCOACH_DATA`, then the folder chosen in the window's Settings, name another one."""
    named = os.environ.get(DATA_ENV_VAR, "").strip() or read_location().data_folder
    if named:
        return Path(named).expanduser().absolute()
    return Path(platformdirs.user_data_dir("vfcoach"))


def _owned(path: Path) -> bool:
    getuid = getattr(os, "getuid", None)  # Windows: no POSIX modes to narrow
    try:
        return getuid is not None and path.stat().st_uid == getuid()
    except OSError:
        return False


def default_db_url() -> str:
    """The per-user SQLite file; its folder is created (owner only) so the first start works."""
    folder = data_folder()
    folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    if _owned(folder):  # made 0755 by an older vfcoach
        folder.chmod(PRIVATE_FOLDER)
    return URL.create("sqlite", database=str(folder / SQLITE_FILENAME)).render_as_string()


def sqlite_path(url: str | URL) -> Path | None:
    """The database file of a SQLite URL, None for PostgreSQL or an in-memory database."""
    parsed = url if isinstance(url, URL) else make_url(url)
    if not is_sqlite(parsed):
        return None
    name = parsed.database or ""
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name)


def database_files(url: str | URL) -> list[Path]:
    """The SQLite file and its -wal, -shm and journal: files nothing may ever write over."""
    path = sqlite_path(url)
    if path is None:
        return []
    key_file = path.with_name(path.name + ".key.json")  # an encrypted database's key file
    return [path, *(path.with_name(path.name + c) for c in _SQLITE_COMPANIONS), key_file]


def _private_database(path: Path) -> None:
    """Create the file owner-only before SQLite does (its -wal and -shm copy the mode), and
    narrow an existing one of ours that an older vfcoach left readable by all."""
    if not path.parent.is_dir():
        return  # SQLite reports the missing folder itself
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE))  # empty = new database
    for f in (path, *(path.with_name(path.name + c) for c in _SQLITE_COMPANIONS)):
        if _owned(f):
            f.chmod(PRIVATE_FILE)


def resolve_db_url(arg: str | None) -> str:
    """`--db` wins over `VFCOACH_DB`, then the server chosen in Settings, then the per-user
    default.

    Either may be a URL or the path of an SQLite file ending in .sqlite, .sqlite3 or .db
    (as `--help` says); other text stays as it is and is refused as a URL, so a typo never
    creates a stray database file.
    """
    if arg:
        return _url_or_path(arg)
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        return _url_or_path(from_env)
    chosen = read_location().database_url  # a server chosen in the window's Settings
    return _url_or_path(chosen) if chosen else default_db_url()


def _url_or_path(text: str) -> str:
    if "://" in text or not text.lower().endswith(SQLITE_SUFFIXES):
        return text
    path = Path(text).expanduser().absolute()
    return URL.create("sqlite", database=str(path)).render_as_string()


def mask_url(url: str | URL) -> str:
    """The URL as logs and error messages may show it: the password replaced by ***."""
    try:
        parsed = url if isinstance(url, URL) else make_url(url)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        return _USERINFO.sub(r"\g<head>***\g<tail>", str(url))
    return parsed.render_as_string(hide_password=True)


def normalise_url(url: str | URL) -> URL:
    """Plain `postgresql://` (as libpq and most hosting panels write it) means psycopg 3."""
    parsed = url if isinstance(url, URL) else make_url(url)
    if parsed.drivername in _PG_ALIASES:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def is_sqlite(url: str | URL) -> bool:
    parsed = url if isinstance(url, URL) else make_url(url)
    return parsed.get_backend_name() == "sqlite"


def make_engine(url: str | URL, *, busy_timeout_ms: int | None = None, **kwargs: Any) -> Engine:
    """An engine for `url` with the durability settings above; `kwargs` go to create_engine.

    `busy_timeout_ms` is how long a write waits for another writer's lock before it fails
    with `StorageBusy` (SQLite's busy timeout, PostgreSQL's `lock_timeout`): long enough to
    ride out a worker's commit, short enough that a keypress is never stuck for good.
    Statement parameters are kept out of error text, since they hold coaches' notes. The
    default is read at call time, so a test can shorten `BUSY_TIMEOUT_MS` for the engines
    it opens.
    """
    if busy_timeout_ms is None:
        busy_timeout_ms = BUSY_TIMEOUT_MS
    parsed = normalise_url(url)
    # A statement's parameters are notes, captions and names: never in an error's text.
    kwargs.setdefault("hide_parameters", True)
    if is_sqlite(parsed):
        path = sqlite_path(parsed)
        if path is not None:
            parsed, kwargs = cipher_engine_args(parsed, path, kwargs)  # SQLCipher if encrypted
            _private_database(path)
        engine = create_engine(parsed, **kwargs)
        event.listen(engine, "connect", partial(_configure_sqlite, busy_timeout_ms))
    else:
        kwargs.setdefault("pool_pre_ping", True)  # a server restart must not break the next edit
        connect_args = dict(kwargs.pop("connect_args", {}))
        if "connect_timeout" not in parsed.query:
            # Without one, a firewalled server hangs the start-up instead of failing it.
            connect_args.setdefault("connect_timeout", PG_CONNECT_TIMEOUT_S)
        if "options" not in parsed.query:
            connect_args.setdefault("options", f"-c lock_timeout={int(busy_timeout_ms)}")
        kwargs["connect_args"] = connect_args
        engine = create_engine(parsed, **kwargs)
    log.debug("engine for %s", mask_url(parsed))
    return engine


def _switch_to_wal(cursor: sqlite3.Cursor, busy_timeout_ms: int) -> tuple[object, ...] | None:
    """Turn on WAL, waiting while another connection holds the file.

    Switching a fresh file into WAL needs an exclusive lock, and SQLite answers "database is
    locked" at once instead of calling the busy handler when two processes first open the
    same new database; so this retries for up to the busy timeout.
    """
    deadline = time.monotonic() + busy_timeout_ms / 1000
    while True:
        try:
            row: tuple[object, ...] | None = cursor.execute("PRAGMA journal_mode = WAL").fetchone()
            return row
        except SQLITE_ERRORS as exc:  # sqlite3's or sqlcipher3's OperationalError
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _configure_sqlite(
    busy_timeout_ms: int, dbapi_connection: sqlite3.Connection, _record: object
) -> None:
    """Runs on every new SQLite connection, before any transaction can have started."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        mode = _switch_to_wal(cursor, busy_timeout_ms)
        if mode is not None and str(mode[0]).lower() != "wal":
            # An in-memory database answers "memory"; it has no journal to protect.
            log.debug("SQLite journal mode is %s, not wal", mode[0])
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()
