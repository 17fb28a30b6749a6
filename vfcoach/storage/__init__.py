"""Storage: typed rows, repositories returning domain values, the unit of work, migrations.

Callers outside this package use `Database`, `UnitOfWork` and the errors below; rows and
sessions never leave it. SQLite (the default, one file per user) and PostgreSQL (shared
installations) run the same code and the same migrations.
"""

from vfcoach.storage.database import Database
from vfcoach.storage.errors import (
    Conflict,
    DatabaseUnavailable,
    EditConflict,
    NotFound,
    PassLocked,
    SchemaTooNew,
    SchemeLocked,
    StaleDelete,
    StorageBusy,
    StorageError,
    StorageReadOnly,
    StorageUnavailable,
)
from vfcoach.storage.uow import UnitOfWork

__all__ = [
    "Conflict",
    "Database",
    "DatabaseUnavailable",
    "EditConflict",
    "NotFound",
    "PassLocked",
    "SchemaTooNew",
    "SchemeLocked",
    "StaleDelete",
    "StorageBusy",
    "StorageError",
    "StorageReadOnly",
    "StorageUnavailable",
    "UnitOfWork",
]
