#!/usr/bin/env bash
# Runs the whole test suite offscreen (PostgreSQL tests start their own server).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test
export QT_QPA_PLATFORM=offscreen
# Two workers, each taking whole test files (their module fixtures stay in one process): the
# machines have two cores, and one worker took over ten minutes once issue 14 had landed.
exec .venv/bin/python -m pytest -q -n 2 --dist loadfile "$@"
