"""Pure domain of vfcoach: codes, annotations, frame-exact time, tallies and agreement.

Nothing here imports Qt, SQLAlchemy or a codec, so every rule runs in a unit test, a CLI
report or a worker thread without a QApplication (an import-linter contract keeps it so).
"""
