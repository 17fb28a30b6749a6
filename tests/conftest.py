"""Suite-wide set-up: offscreen Qt before any Qt import, and the shared fixture modules.

Media and databases are made by the suite itself under tmp paths (fixtures_media, fixtures_db).
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")
# Never the person's own choice of database or data folder (vfcoach/storage/location.py).
os.environ["VFCOACH_CONFIG"] = os.path.join(tempfile.mkdtemp(prefix="vfcoach-config-"), "none.json")
# New databases the CLI and the window create are encrypted (vfcoach/storage/cipher): the suite
# gives them a passphrase, and the cheap argon2 cost, which applies only to NEW key files
# (tests/storage/cipher/test_key_file.py proves the default cost is the strong one).
os.environ.setdefault("VFCOACH_PASSPHRASE", "the suite's passphrase")
os.environ.setdefault("VFCOACH_KDF_PROFILE", "test")
# Nor the person's data folder (XDG_DATA_HOME/vfcoach): videos added in tests go to its media
# store (issue 14 §3). Tests that choose their own data folder still set XDG_DATA_HOME.
os.environ.setdefault("XDG_DATA_HOME", tempfile.mkdtemp(prefix="vfcoach-data-"))

pytest_plugins = ["tests.fixtures_media", "tests.fixtures_db"]
