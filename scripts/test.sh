#!/usr/bin/env bash
# Runs the whole test suite offscreen (PostgreSQL tests start their own server).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest -q "$@"
