"""Organisation settings (domain.md §9) as JSON values under dotted keys.

Key/value rather than a column per setting, because the tally, reliability and reel work
each add their own settings and none of them should need a migration to do so. The
defaults live with the code that uses a setting (`get(key, default)`), so a database holds
only what an organisation actually changed, and a changed built-in default reaches every
installation that never touched it.
"""

from __future__ import annotations

import builtins
import datetime as dt
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vfcoach.storage.errors import StorageError
from vfcoach.storage.rows import SettingRow

MAX_KEY = 200


def check_json(value: Any, what: str) -> None:
    """Refuse what JSON cannot store faithfully (sets, dates, NaN) before it reaches a row."""
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise StorageError(f"{what} cannot be stored as JSON: {exc}") from None


class SettingsRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, key: str, default: Any = None) -> Any:
        """The stored value, or `default` if the organisation never set this key."""
        row = self._session.get(SettingRow, key)
        return default if row is None else row.value

    def set(self, key: str, value: Any) -> None:
        """Store (or replace) a value; `None` is stored, so it differs from "never set"."""
        if not key or len(key) > MAX_KEY:
            raise StorageError(f"a setting key must be 1 to {MAX_KEY} characters")
        check_json(value, f"setting '{key}'")
        now = dt.datetime.now(dt.UTC)
        row = self._session.get(SettingRow, key)
        if row is None:
            self._session.add(SettingRow(key=key, value=value, updated_at=now))
        else:
            row.value = value
            row.updated_at = now
        self._session.flush()

    def all(self, prefix: str = "") -> dict[str, Any]:
        """Every stored setting whose key starts with `prefix`, by key."""
        query = select(SettingRow).order_by(SettingRow.key)
        rows: builtins.list[SettingRow] = builtins.list(self._session.scalars(query))
        return {r.key: r.value for r in rows if r.key.startswith(prefix)}
