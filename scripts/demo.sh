#!/usr/bin/env bash
# Starts vfcoach on its built-in demo project. With no display it runs under Xvfb, saves a
# screenshot of the main window and says where (set VFCOACH_DEMO_SECONDS to keep it longer).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec .venv/bin/vfcoach --demo "$@"
fi
shot="$(pwd)/screenshots/demo-main-window.png"
echo "demo: no display found; running vfcoach under Xvfb"
exec xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/vfcoach --demo \
  --screenshot "$shot" --quit-after "${VFCOACH_DEMO_SECONDS:-10}" "$@"
