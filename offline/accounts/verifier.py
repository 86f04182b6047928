"""The offline-login verifier: Argon2id (RFC 9106) from `cryptography`, memory-hard.

Parameters: 64 MiB of memory, 3 passes, 1 lane, a 16-byte random salt, a 32-byte tag — above
OWASP's minimum for Argon2id (19 MiB and 2 passes, or 46 MiB and 1 pass). They are stored with
each verifier, so raising them later leaves older verifiers checkable; one check takes about a
quarter of a second (docs/accounts.md), which is why it never runs on the UI thread.
"""

from __future__ import annotations

import base64
import hmac
import os
from typing import Any

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

ALGORITHM = "argon2id"
MEMORY_KIB = 64 * 1024
ITERATIONS = 3
LANES = 1
SALT_BYTES = 16
LENGTH = 32


def _derive(password: str, salt: bytes, memory: int, iterations: int, lanes: int) -> bytes:
    kdf = Argon2id(salt=salt, length=LENGTH, iterations=iterations, lanes=lanes, memory_cost=memory)
    return kdf.derive(password.encode("utf-8"))


def make_verifier(password: str) -> dict[str, Any]:
    salt = os.urandom(SALT_BYTES)
    tag = _derive(password, salt, MEMORY_KIB, ITERATIONS, LANES)
    return {
        "algorithm": ALGORITHM,
        "memory_kib": MEMORY_KIB,
        "iterations": ITERATIONS,
        "lanes": LANES,
        "salt": base64.b64encode(salt).decode(),
        "hash": base64.b64encode(tag).decode(),
    }


def check_password(verifier: Any, password: str) -> bool:
    """Whether `password` matches; a damaged or weaker-than-minimum verifier matches nothing."""
    try:
        if verifier["algorithm"] != ALGORITHM:
            return False
        memory, iterations, lanes = (
            int(verifier["memory_kib"]),
            int(verifier["iterations"]),
            int(verifier["lanes"]),
        )
        if memory < 19 * 1024 or iterations < 1 or not 1 <= lanes <= 4 or memory > 1 << 20:
            return False  # nobody gets in through a verifier edited down to nothing
        salt = base64.b64decode(verifier["salt"], validate=True)
        expected = base64.b64decode(verifier["hash"], validate=True)
        tag = _derive(password, salt, memory, iterations, lanes)
    except (KeyError, TypeError, ValueError):
        return False
    return hmac.compare_digest(tag, expected)
