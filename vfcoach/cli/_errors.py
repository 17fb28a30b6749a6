"""The CLI's error policy: every failure is ONE line on stderr; details go to a private log.

A coach reads the line; a developer reads the log. Neither may hold family data: a
SQLAlchemy error's text carries the statement's bound parameters (a note, a caption, a
name), so a storage failure is described from its error *code* only (`storage.errors.
describe_failure`), engines are made with `hide_parameters=True`, and the log keeps the
traceback's frames and the exception *types*, never an exception's text. The log
lives in the per-user data folder (`logs/vfcoach.log`, folder 0700, file 0600): it is for
the person whose machine it is.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import sys
import traceback
from pathlib import Path

import platformdirs

from vfcoach.coding.text_rules import shown

LOG_NAME = "vfcoach.log"
_COMMAND_WORD = re.compile(r"[a-z]+", re.ASCII)  # "session add", never a path or a name
_LOG_LIMIT = 1_000_000  # start afresh past ~1 MB: a log that grows forever is a leak too

_ERRNO_WORDS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOENT: "not found",
    errno.ELOOP: "symbolic link loop",
    errno.EISDIR: "is a folder, not a file",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "read-only file system",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.EEXIST: "already exists",
}


def log_path() -> Path:
    return Path(platformdirs.user_data_dir("vfcoach")) / "logs" / LOG_NAME


def describe_os_error(exc: OSError) -> str:
    """'permission denied: /path' — the path always, Python's '[Errno 13]' never."""
    word = _ERRNO_WORDS.get(exc.errno or 0) or (exc.strerror or type(exc).__name__).lower()
    where = exc.filename if exc.filename is not None else exc.filename2
    return f"{word}: {shown(os.fsdecode(where), limit=300)}" if where is not None else word


def _is_database_error(exc: BaseException) -> bool:
    return any(
        c.__module__.startswith(("sqlalchemy", "psycopg", "sqlite3")) for c in type(exc).__mro__
    )


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _scrubbed(exc: BaseException) -> str:
    """The traceback with its frames and exception types, and never an exception's text.

    Frames name our source lines, which is what a developer needs; any message may carry
    what a coach typed (a database error repeats the statement's values, a ValueError may
    quote a note or a caption), so no message is written, of any exception.
    """
    parts: list[str] = []
    for e in reversed(_chain(exc)):
        frames = "".join(traceback.format_tb(e.__traceback__))
        what = f"{type(e).__module__}.{type(e).__qualname__} (text withheld: it may hold data)"
        parts.append(f"Traceback (most recent call last):\n{frames}{what}\n")
    return "\n".join(parts)


def write_log(exc: BaseException, argv: list[str]) -> Path | None:
    """Append the scrubbed traceback to the private log; None if it cannot be written."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        path.parent.chmod(0o700)
        if path.exists() and path.stat().st_size > _LOG_LIMIT:
            path.unlink()
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.fchmod(fd, 0o600)
        command = " ".join(w for w in argv[:3] if _COMMAND_WORD.fullmatch(w))  # no values
        with os.fdopen(fd, "a", encoding="utf-8", errors="backslashreplace") as fh:
            stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            fh.write(f"--- {stamp} vfcoach {command}\n{_scrubbed(exc)}\n")
    except OSError:
        return None
    return path


def unexpected(exc: BaseException, argv: list[str]) -> str:
    """The one line for a failure nobody planned for; the traceback goes to the log."""
    path = write_log(exc, argv)
    if path is None:
        return f"unexpected failure ({type(exc).__name__}; no log could be written)"
    return f"unexpected failure (details in {path})"


def storage_failure(exc: BaseException, argv: list[str]) -> str | None:
    """One line for a database error, or None when `exc` is not one."""
    if "sqlalchemy" not in sys.modules or not _is_database_error(exc):
        return None
    from vfcoach.storage.errors import describe_failure

    message = describe_failure(exc)
    path = write_log(exc, argv)
    return message if path is None else f"{message} (details in {path})"
