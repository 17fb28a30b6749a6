"""The one place `make_engine` asks whether an SQLite file is encrypted, and how to open it.

An encrypted file is opened through SQLAlchemy's `sqlite+pysqlcipher` dialect (which loads
`sqlcipher3`), with the raw key as the URL's password: the dialect sends it as
`PRAGMA key = "x'…'"` before anything else on every new connection. The key lives only in
the engine's URL (masked whenever a URL is shown) and in this process's memory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL
from sqlalchemy.pool import QueuePool

from vfcoach.storage.cipher.keys import database_key


def cipher_engine_args(
    parsed: URL, path: Path, kwargs: dict[str, Any]
) -> tuple[URL, dict[str, Any]]:
    """`parsed` and `kwargs` for create_engine: unchanged for a plain database."""
    key = database_key(path)
    if key is None:
        return parsed, kwargs
    keyed = parsed.set(drivername="sqlite+pysqlcipher", password=f"x'{key.hex()}'")
    # The dialect's default (SingletonThreadPool) closes other threads' connections; keep
    # the same pool a plain SQLite file gets.
    return keyed, {"poolclass": QueuePool, **kwargs}
