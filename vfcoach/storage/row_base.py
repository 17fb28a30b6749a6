"""The declarative base every row class shares, and the writer stamp of team databases.

Every constraint has a name from `NAMING`, so an Alembic batch migration on SQLite (which
rebuilds the table) can drop or alter it by name.
"""

from __future__ import annotations

from sqlalchemy import MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Stamped:
    """`written_by`: on a team database a trigger sets it from `current_user` on every write,
    so no client can write in someone else's name (0009); unused (NULL) on SQLite."""

    written_by: Mapped[str | None] = mapped_column(String(63))
