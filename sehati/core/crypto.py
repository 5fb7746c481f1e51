"""Encryption at rest of confidential fields (issue #9 point 1): AES-256-GCM from the
`cryptography` package, keys outside the database.

Keys come from `SEHATI_FIELD_KEYS` ("id:base64key,id:base64key", the first one encrypts) or, when
that is empty, from the key file `SEHATI_FIELD_KEY_FILE` (default `var/field-keys`, one
"id base64key" per line, the first one encrypts; created with one random key, mode 0600, on first
use). A stored value is `enc1:<key id>:<base64(nonce | ciphertext | tag)>`; the field's name is
bound in as associated data, so a value copied into another field does not decrypt. Old keys stay
in the ring until `sehati field_keys reencrypt` has rewritten every value with the current key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "enc1:"
_NONCE = 12


class DecryptionError(Exception):
    """A stored value that the keys in the ring cannot open (wrong or missing key, edited)."""


@dataclass(frozen=True)
class KeyRing:
    keys: tuple[tuple[str, bytes], ...]  # (id, 32-byte key), the first one encrypts

    @property
    def current(self) -> tuple[str, bytes]:
        return self.keys[0]

    def key(self, key_id: str) -> bytes:
        for kid, key in self.keys:
            if kid == key_id:
                return key
        raise DecryptionError(f"kunci {key_id!r} tidak ada di ring kunci")


def _parse(entries: list[tuple[str, str]], source: str) -> KeyRing:
    keys = []
    for kid, b64 in entries:
        try:
            key = base64.b64decode(b64, validate=True)
        except ValueError as exc:
            raise ImproperlyConfigured(f"{source}: kunci {kid!r} bukan base64") from exc
        if len(key) != 32 or not kid or ":" in kid:
            raise ImproperlyConfigured(f"{source}: kunci {kid!r} harus 32 bita dengan id tanpa ':'")
        keys.append((kid, key))
    if not keys:
        raise ImproperlyConfigured(f"{source}: tidak ada kunci")
    return KeyRing(tuple(keys))


def new_key_line() -> tuple[str, str]:
    """A fresh key: (id, base64)."""
    return secrets.token_hex(4), base64.b64encode(AESGCM.generate_key(bit_length=256)).decode()


def _key_file() -> Path:
    return Path(settings.SEHATI_FIELD_KEY_FILE)


def key_file_read(path: Path) -> list[tuple[str, str]]:
    lines = [ln.split() for ln in path.read_text().splitlines() if ln.strip()]
    return [(parts[0], parts[1]) for parts in lines if len(parts) == 2]


def key_file_write(path: Path, entries: list[tuple[str, str]]) -> None:
    """Write the ring atomically with mode 0600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.writelines(f"{kid} {b64}\n" for kid, b64 in entries)
    os.replace(tmp, path)


@lru_cache(maxsize=1)
def key_ring() -> KeyRing:
    env = settings.SEHATI_FIELD_KEYS
    if env:
        entries = [tuple(item.strip().split(":", 1)) for item in env.split(",") if item.strip()]
        return _parse([(e[0], e[1]) for e in entries if len(e) == 2], "SEHATI_FIELD_KEYS")
    path = _key_file()
    if not path.exists():
        # Written whole to a private temporary file, then linked in place: a second process
        # either finds no file or a complete one.
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        kid, b64 = new_key_line()
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(f"{kid} {b64}\n")
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        finally:
            tmp.unlink()
    return _parse(key_file_read(path), str(path))


def encrypt(plaintext: str, *, aad: str, ring: KeyRing | None = None) -> str:
    kid, key = (ring or key_ring()).current
    nonce = os.urandom(_NONCE)
    sealed = AESGCM(key).encrypt(nonce, plaintext.encode(), aad.encode())
    return f"{PREFIX}{kid}:{base64.b64encode(nonce + sealed).decode()}"


def decrypt(token: str, *, aad: str, ring: KeyRing | None = None) -> str:
    if not token.startswith(PREFIX):
        return token  # written before the field was encrypted (the migration encrypts those)
    try:
        kid, b64 = token[len(PREFIX) :].split(":", 1)
        raw = base64.b64decode(b64, validate=True)
    except ValueError as exc:
        raise DecryptionError("nilai terenkripsi rusak") from exc
    key = (ring or key_ring()).key(kid)
    try:
        return AESGCM(key).decrypt(raw[:_NONCE], raw[_NONCE:], aad.encode()).decode()
    except InvalidTag as exc:
        raise DecryptionError("nilai terenkripsi tidak cocok dengan kuncinya") from exc


def key_id_of(token: str) -> str | None:
    if not token or not token.startswith(PREFIX):
        return None
    return token[len(PREFIX) :].split(":", 1)[0]


def _index_key(key: bytes, purpose: str) -> bytes:
    # A key of its own per purpose, derived from the field key (never the field key itself).
    return hmac.new(key, f"sehati-blind-index:{purpose}".encode(), hashlib.sha256).digest()


def blind_index(value: str, *, purpose: str, ring: KeyRing | None = None) -> str:
    """HMAC-SHA-256 of `value` under a key derived from the current field key: equal values
    give equal indexes, so a sealed link can be looked up, but without the key the index says
    nothing (it cannot be recomputed from the database)."""
    _kid, key = (ring or key_ring()).current
    return hmac.new(_index_key(key, purpose), value.encode(), hashlib.sha256).hexdigest()


def blind_indexes(value: str, *, purpose: str, ring: KeyRing | None = None) -> list[str]:
    """The index of `value` under every key in the ring: a lookup still finds rows indexed with
    an older key until `sehati field_keys reencrypt` has rewritten them."""
    return [
        hmac.new(_index_key(key, purpose), value.encode(), hashlib.sha256).hexdigest()
        for _kid, key in (ring or key_ring()).keys
    ]
