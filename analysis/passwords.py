"""Password hashes: 'scrypt$N$r$p$<salt>$<key>' (hashlib.scrypt, 32-byte key, urlsafe base64
without padding), checked in constant time. Used by the app's editor password (ui/auth.py) and
by the workspaces' passwords (analysis/store/workspaces.py), so both read the same hashes."""
from __future__ import annotations

import base64
import hashlib
import hmac
import os

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 14, 8, 1
MAXMEM = 64 * 1024 * 1024


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def make_hash(secret: str, salt: bytes | None = None) -> str:
    """'scrypt$N$r$p$<salt>$<key>' of a password (a fresh 16-byte salt unless given)."""
    salt = salt or os.urandom(16)
    key = hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                         maxmem=MAXMEM, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(key)}"


def parse_hash(text: str):
    """(n, r, p, salt, key) of a well-formed hash with sane parameters, else None."""
    parts = text.strip().split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return None
    try:
        n, r, p = (int(x) for x in parts[1:4])
        salt, key = _unb64(parts[4]), _unb64(parts[5])
    except ValueError:
        return None
    if n < 2 or n & (n - 1) or n > 2 ** 20 or not 0 < r <= 32 or not 0 < p <= 16 \
            or len(salt) < 8 or len(key) < 16 or n * r * 128 * 2 > MAXMEM:
        return None
    return n, r, p, salt, key


def verify(given: str, hashed: str) -> bool:
    """Whether `given` is the password of `hashed` (False for a malformed hash)."""
    parsed = parse_hash(hashed or "")
    if parsed is None:
        return False
    n, r, p, salt, key = parsed
    got = hashlib.scrypt(str(given).encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=MAXMEM,
                         dklen=len(key))
    return hmac.compare_digest(got, key)
