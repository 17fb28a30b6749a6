"""Alembic environment and revisions, shipped in the package so every install can upgrade.

To add a revision after changing `vfcoach/storage/rows.py` (the database must be at head):

    from alembic import command
    from vfcoach.storage.migrate import alembic_config
    command.revision(alembic_config("sqlite:////tmp/dev.sqlite"), message="what changed",
                     autogenerate=True, rev_id="0002")

then read and tidy the generated file in `versions/`; revision ids are 4-digit sequence numbers.
`tests/storage/test_migrations.py` fails until models and migrations agree on both backends.
"""
