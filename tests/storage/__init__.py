"""Storage tests: every repository on SQLite and on a real PostgreSQL."""
