"""Long jobs as plain classes: import a recording, relink it, move annotations, build the demo.

Nothing here imports Qt (an import-linter contract enforces it). Each operation takes
immutable inputs and a `Database`, and does its work in `run(progress, token)` with its own
unit of work, so the GUI can run it on a worker thread behind a progress dialog while the
CLI runs the very same class inline with a console printer and Ctrl+C as cancel. A bug fixed
in an operation is fixed for both, and a headless command never loads Qt.
"""
