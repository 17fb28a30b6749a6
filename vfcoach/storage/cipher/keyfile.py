"""The key file beside an encrypted database: its key, wrapped twice, and never in the clear.

The database is encrypted by SQLCipher with a random 256-bit key, given to SQLCipher as a raw
key so its own (slow) key derivation is skipped and opening stays fast. That key is kept only
wrapped, in `<database>.key.json`: once by a key derived from the passphrase (argon2id, its
salt and cost stored here so a future vfcoach can still derive it) and once by the recovery
key shown at set-up. AES-GCM both times, so a wrong passphrase is detected here, before the
database file is touched. The demo database (no family in it) keeps its key in the clear in
this file instead, so the demo starts without a question.
"""

from __future__ import annotations

import base64
import hmac
import json
import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from vfcoach.storage.cipher.errors import KeyFileProblem

FORMAT = "vfcoach-database-key/1"
SUFFIX = ".key.json"
KEY_BYTES = 32
PROFILE_ENV = "VFCOACH_KDF_PROFILE"

# argon2id cost for a passphrase: 64 MiB and 3 passes (about a quarter of a second on a
# laptop: nothing at start-up, a lot for someone guessing). The test suite names the cheap
# profile in VFCOACH_KDF_PROFILE=test; it only applies when a NEW key file is written.
STRONG = {"time_cost": 3, "memory_kib": 64 * 1024, "parallelism": 2}
TEST = {"time_cost": 1, "memory_kib": 64, "parallelism": 1}

_RECOVERY_GROUPS = 8  # 8 groups of 4 base32 letters: 160 random bits, typed in a minute


def key_file(database: Path) -> Path:
    return database.with_name(database.name + SUFFIX)


def kdf_profile() -> dict[str, int]:
    """The cost for a new key file: the strong one unless the test profile is asked for."""
    return dict(TEST) if os.environ.get(PROFILE_ENV, "").strip() == "test" else dict(STRONG)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def _derive(passphrase: str, salt: bytes, kdf: dict[str, int]) -> bytes:
    return hash_secret_raw(
        passphrase.encode("utf-8"),
        salt,
        time_cost=kdf["time_cost"],
        memory_cost=kdf["memory_kib"],
        parallelism=kdf["parallelism"],
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def _recovery_kek(recovery: str, salt: bytes) -> bytes:
    """The recovery key is 160 random bits already: HKDF is enough to make a key of it."""
    hkdf = HKDF(algorithm=SHA256(), length=KEY_BYTES, salt=salt, info=FORMAT.encode())
    return hkdf.derive(normalise_recovery(recovery).encode("ascii"))


def key_check(key: bytes) -> str:
    """64 bits of an HMAC of the key: enough to see a wrong key, useless for finding one."""
    return hmac.new(key, FORMAT.encode(), "sha256").hexdigest()[:16]


def new_recovery_key() -> str:
    raw = base64.b32encode(secrets.token_bytes(20)).decode("ascii")
    return "-".join(raw[i : i + 4] for i in range(0, 4 * _RECOVERY_GROUPS, 4))


def normalise_recovery(text: str) -> str:
    """Spaces, dashes and case do not matter when the key is typed back."""
    return "".join(c for c in text.upper() if c.isalnum())


@dataclass(frozen=True)
class Wrapped:
    nonce: bytes
    data: bytes

    @classmethod
    def seal(cls, kek: bytes, key: bytes) -> Wrapped:
        nonce = secrets.token_bytes(12)
        return cls(nonce, AESGCM(kek).encrypt(nonce, key, FORMAT.encode()))

    def open(self, kek: bytes) -> bytes | None:
        try:
            return AESGCM(kek).decrypt(self.nonce, self.data, FORMAT.encode())
        except InvalidTag:
            return None


@dataclass(frozen=True)
class KeyFile:
    """What the key file holds; `key_id` names the key in the key store."""

    key_id: str
    salt: bytes = b""
    kdf: dict[str, int] = field(default_factory=dict)
    by_passphrase: Wrapped | None = None
    recovery_salt: bytes = b""
    by_recovery: Wrapped | None = None
    demo_key: bytes | None = None  # the demo database only: no family, no question
    key_check: str = ""  # tells a stale key from the key store apart before SQLCipher does

    def fits(self, key: bytes) -> bool:
        return not self.key_check or hmac.compare_digest(self.key_check, key_check(key))

    @classmethod
    def create(cls, key: bytes, passphrase: str) -> tuple[KeyFile, str]:
        """A key file for `key` and the recovery key, which is shown once and kept nowhere."""
        made = cls(key_id=secrets.token_hex(8), key_check=key_check(key))
        return made.with_passphrase(key, passphrase).with_new_recovery(key)

    @classmethod
    def demo(cls, key: bytes) -> KeyFile:
        return cls(key_id=secrets.token_hex(8), demo_key=key, key_check=key_check(key))

    def with_passphrase(self, key: bytes, passphrase: str) -> KeyFile:
        salt, kdf = secrets.token_bytes(16), kdf_profile()
        return replace(
            self,
            salt=salt,
            kdf=kdf,
            by_passphrase=Wrapped.seal(_derive(passphrase, salt, kdf), key),
            demo_key=None,
        )

    def with_new_recovery(self, key: bytes) -> tuple[KeyFile, str]:
        recovery, salt = new_recovery_key(), secrets.token_bytes(16)
        wrapped = Wrapped.seal(_recovery_kek(recovery, salt), key)
        return replace(self, recovery_salt=salt, by_recovery=wrapped), recovery

    def unwrap(self, passphrase: str) -> bytes | None:
        if self.by_passphrase is None:
            return None
        return self.by_passphrase.open(_derive(passphrase, self.salt, self.kdf))

    def unwrap_recovery(self, recovery: str) -> bytes | None:
        if self.by_recovery is None:
            return None
        return self.by_recovery.open(_recovery_kek(recovery, self.recovery_salt))

    def to_json(self) -> str:
        out: dict[str, object] = {"format": FORMAT, "key_id": self.key_id}
        if self.key_check:
            out["key_check"] = self.key_check
        if self.demo_key is not None:
            out["demo_key"] = _b64(self.demo_key)
        if self.by_passphrase is not None:
            out["passphrase"] = {
                "kdf": "argon2id",
                **self.kdf,
                "salt": _b64(self.salt),
                "nonce": _b64(self.by_passphrase.nonce),
                "wrapped_key": _b64(self.by_passphrase.data),
            }
        if self.by_recovery is not None:
            out["recovery"] = {
                "kdf": "hkdf-sha256",
                "salt": _b64(self.recovery_salt),
                "nonce": _b64(self.by_recovery.nonce),
                "wrapped_key": _b64(self.by_recovery.data),
            }
        return json.dumps(out, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> KeyFile:
        raw = json.loads(text)
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raise ValueError("not a vfcoach key file")
        made = cls(key_id=str(raw["key_id"]), key_check=str(raw.get("key_check", "")))
        if "demo_key" in raw:
            made = replace(made, demo_key=_unb64(raw["demo_key"]))
        if "passphrase" in raw:
            p = raw["passphrase"]
            kdf = {k: int(p[k]) for k in ("time_cost", "memory_kib", "parallelism")}
            wrapped = Wrapped(_unb64(p["nonce"]), _unb64(p["wrapped_key"]))
            made = replace(made, salt=_unb64(p["salt"]), kdf=kdf, by_passphrase=wrapped)
        if "recovery" in raw:
            r = raw["recovery"]
            wrapped = Wrapped(_unb64(r["nonce"]), _unb64(r["wrapped_key"]))
            made = replace(made, recovery_salt=_unb64(r["salt"]), by_recovery=wrapped)
        if made.demo_key is None and made.by_passphrase is None:
            raise ValueError("no wrapped key")
        return made


def read_key_file(database: Path) -> KeyFile:
    path = key_file(database)
    try:
        return KeyFile.from_json(path.read_text("utf-8"))
    except FileNotFoundError:
        raise KeyFileProblem(
            f"{database.name} is not a database vfcoach can open: if it is an encrypted one, "
            f"the key file {path.name} that opens it is missing; put it back beside it (from "
            "your backup) and start again"
        ) from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise KeyFileProblem(
            f"The key file {path.name} beside {database.name} is damaged ({type(exc).__name__}); "
            "put back the copy from your backup and start again; nothing was changed"
        ) from None


def write_key_file(database: Path, made: KeyFile) -> None:
    """Write the key file whole or not at all (a part file, fsync, rename), owner-only."""
    path = key_file(database)
    part = path.with_name(path.name + ".part")
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, made.to_json().encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    part.replace(path)
    fsync_folder(path.parent)


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX; Windows has no directory handles)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
