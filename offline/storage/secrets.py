"""Login tokens kept (docs/architecture.md, Security): a random data key in the OS keyring, the
tokens encrypted with it (AES-GCM) in the profile. Windows Credential Manager caps a secret at
~1,280 characters, so the keyring holds only the short key. Without a keyring backend nothing is
stored: the clerk is told so, and nothing secret ever lands on disk in the clear."""

from __future__ import annotations

import base64
import json
import os
import secrets
from collections.abc import Callable

import keyring
import keyring.errors
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from client.central.api import Tokens
from client.errors import ClerkError
from client.i18n import translate
from offline.storage.private_files import open_private
from offline.storage.store import Store

KEYRING_SERVICE = "chuangkou"
TOKENS_FILE = "tokens.bin"


class SecretStoreUnavailable(ClerkError, RuntimeError):
    """No OS keyring: the login cannot be kept. The message says so in Chinese."""


def _unavailable() -> SecretStoreUnavailable:
    return SecretStoreUnavailable(
        translate(
            "secrets",
            "本机没有可用的系统密钥库（如 Windows 凭据管理器、Secret Service），"
            "无法安全保存登录凭据；请联系管理员安装后再登录。",
        )
    )


def keyring_secret(account: str, make: Callable[[], str] | None) -> str | None:
    """The OS keyring's secret for `account`; with `make`, one is created when missing.

    Raises SecretStoreUnavailable when there is no keyring backend."""
    try:
        stored = keyring.get_password(KEYRING_SERVICE, account)
        if stored is None and make is not None:
            stored = make()
            keyring.set_password(KEYRING_SERVICE, account, stored)
    except keyring.errors.KeyringError as exc:
        raise _unavailable() from exc
    return stored


class KeyringTokenStore:
    """A client.central.api.TokenStore for one profile."""

    def __init__(self, store: Store) -> None:
        self.path = store.profile / TOKENS_FILE
        self.account = f"data-key:{store.profile.resolve()}"

    def _key(self, create: bool) -> bytes | None:
        def make() -> str:
            return base64.b64encode(AESGCM.generate_key(bit_length=256)).decode()

        stored = keyring_secret(self.account, make if create else None)
        return base64.b64decode(stored) if stored else None

    def load(self) -> Tokens | None:
        if not self.path.is_file():
            return None
        key = self._key(create=False)
        if key is None:
            return None
        blob = self.path.read_bytes()
        try:
            plain = AESGCM(key).decrypt(blob[:12], blob[12:], b"chuangkou-tokens")
        except (InvalidTag, ValueError):
            return None  # another key (keyring reset): the clerk logs in again
        data = json.loads(plain)
        return Tokens(data["access_token"], data["refresh_token"], float(data["expires_at"]))

    def save(self, tokens: Tokens | None) -> None:
        if tokens is None:
            self.path.unlink(missing_ok=True)
            return
        key = self._key(create=True)
        assert key is not None
        nonce = secrets.token_bytes(12)
        plain = json.dumps(
            {
                "access_token": tokens.access_token,
                "refresh_token": tokens.refresh_token,
                "expires_at": tokens.expires_at,
            }
        ).encode()
        blob = nonce + AESGCM(key).encrypt(nonce, plain, b"chuangkou-tokens")
        tmp = self.path.with_suffix(".tmp")
        with os.fdopen(open_private(tmp, os.O_WRONLY | os.O_TRUNC), "wb") as out:
            out.write(blob)
        os.replace(tmp, self.path)
