"""`python -m vfcoach`: the same entry point as the `vfcoach` console script."""

from __future__ import annotations

import sys

from vfcoach.cli import main

if __name__ == "__main__":
    sys.exit(main())
