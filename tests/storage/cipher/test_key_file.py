"""The key file: strong argon2id by default, the cheap test cost only for new files, and the
recovery key as a second way in."""

from __future__ import annotations

import json

import pytest

from vfcoach.storage.cipher.keyfile import STRONG, KeyFile, kdf_profile, normalise_recovery


def test_default_cost_is_the_strong_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VFCOACH_KDF_PROFILE", raising=False)
    cost = kdf_profile()
    assert cost == STRONG
    assert cost["memory_kib"] >= 64 * 1024 and cost["time_cost"] >= 3


def test_an_existing_file_keeps_its_own_cost(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test profile never weakens a key file that exists: its stored cost is used."""
    monkeypatch.delenv("VFCOACH_KDF_PROFILE", raising=False)
    made, _ = KeyFile.create(b"k" * 32, "pw")
    stored = json.loads(made.to_json())["passphrase"]
    assert stored["kdf"] == "argon2id" and stored["memory_kib"] >= 64 * 1024
    assert stored["time_cost"] >= 3
    monkeypatch.setenv("VFCOACH_KDF_PROFILE", "test")
    again = KeyFile.from_json(made.to_json())
    assert again.kdf == STRONG
    assert again.unwrap("pw") == b"k" * 32


def test_passphrase_and_recovery_key_both_unwrap_and_wrong_ones_do_not() -> None:
    made, recovery = KeyFile.create(b"\x01" * 32, "pw")
    assert made.unwrap("pw") == b"\x01" * 32
    assert made.unwrap("pW") is None
    typed = recovery.lower().replace("-", " ")  # typed back in any case, any spacing
    assert made.unwrap_recovery(typed) == b"\x01" * 32
    assert made.unwrap_recovery(recovery[:-1] + ("A" if recovery[-1] != "A" else "B")) is None
    assert len(normalise_recovery(recovery)) == 32


def test_the_key_is_never_in_the_file_in_the_clear() -> None:
    key = bytes(range(32))
    made, _ = KeyFile.create(key, "pw")
    text = made.to_json()
    assert key.hex() not in text
    import base64

    assert base64.b64encode(key).decode() not in text
