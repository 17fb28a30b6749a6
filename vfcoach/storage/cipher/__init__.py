"""Encryption at rest for the SQLite database (SQLCipher): key file, unlocking, set-up,
conversion of a plain database. PostgreSQL is not touched: the server's own encryption is
the organisation's job."""

from vfcoach.storage.cipher.engine_hook import cipher_engine_args

__all__ = ["cipher_engine_args"]
