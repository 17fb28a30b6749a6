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
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

log = logging.getLogger(__name__)

ENV_VAR = "VFCOACH_DB"
SQLITE_FILENAME = "vfcoach.sqlite"
SQLITE_SUFFIXES = (".sqlite", ".sqlite3", ".db")
BUSY_TIMEOUT_MS = 15_000
PG_CONNECT_TIMEOUT_S = 10

_PG_ALIASES = {"postgres", "postgresql"}
_USERINFO = re.compile(r"(?P<head>://[^:/@]*:)(?P<password>[^@]*)(?P<tail>@)")


def default_db_url() -> str:
    """The per-user SQLite file; its folder is created so the first start just works."""
    folder = Path(platformdirs.user_data_dir("vfcoach"))
    folder.mkdir(parents=True, exist_ok=True)
    return URL.create("sqlite", database=str(folder / SQLITE_FILENAME)).render_as_string()


def resolve_db_url(arg: str | None) -> str:
    """`--db` wins over `VFCOACH_DB`, which wins over the per-user default.

    Either may be a URL or the path of an SQLite file ending in .sqlite, .sqlite3 or .db
    (as `--help` says); other text stays as it is and is refused as a URL, so a typo never
    creates a stray database file.
    """
    if arg:
        return _url_or_path(arg)
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        return _url_or_path(from_env)
    return default_db_url()


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


def make_engine(url: str | URL, **kwargs: Any) -> Engine:
    """An engine for `url` with the durability settings above; `kwargs` go to create_engine."""
    parsed = normalise_url(url)
    # A statement's parameters are notes, captions and names: never in an error's text.
    kwargs.setdefault("hide_parameters", True)
    if is_sqlite(parsed):
        engine = create_engine(parsed, **kwargs)
        event.listen(engine, "connect", _configure_sqlite)
    else:
        kwargs.setdefault("pool_pre_ping", True)  # a server restart must not break the next edit
        if "connect_timeout" not in parsed.query:
            # Without one, a firewalled server hangs the start-up instead of failing it.
            connect_args = dict(kwargs.pop("connect_args", {}))
            connect_args.setdefault("connect_timeout", PG_CONNECT_TIMEOUT_S)
            kwargs["connect_args"] = connect_args
        engine = create_engine(parsed, **kwargs)
    log.debug("engine for %s", mask_url(parsed))
    return engine


def _switch_to_wal(cursor: sqlite3.Cursor) -> tuple[object, ...] | None:
    """Turn on WAL, waiting while another connection holds the file.

    Switching a fresh file into WAL needs an exclusive lock, and SQLite answers "database is
    locked" at once instead of calling the busy handler when two processes first open the
    same new database; so this retries for up to the busy timeout.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            row: tuple[object, ...] | None = cursor.execute("PRAGMA journal_mode = WAL").fetchone()
            return row
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _configure_sqlite(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    """Runs on every new SQLite connection, before any transaction can have started."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = _switch_to_wal(cursor)
        if mode is not None and str(mode[0]).lower() != "wal":
            # An in-memory database answers "memory"; it has no journal to protect.
            log.debug("SQLite journal mode is %s, not wal", mode[0])
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()
