"""Alembic environment and revisions, shipped in the package so every install can upgrade."""
