"""Which certificate signs a window's decisions, and where its password or PIN lives.

An administrator imports the department's key (offline/documents/key_import.py): a PKCS#12
file, kept in the profile encrypted with the data key (offline/at_rest), or a key on a PKCS#11
token (UKey). The row in `signing_key` says which; its password or PIN is in the OS keyring
under an account named after the certificate, never on disk in clear. Without an imported key
a training profile signs with its own training certificate (subject says 培训), its passphrase
in the keyring too; a connected profile without one cannot sign.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from client.domain import Department
from client.i18n import translate
from offline.at_rest.crypto_files import EncryptedFileError, PlainReader
from offline.storage.secrets import SecretStoreUnavailable, keyring_secret
from offline.storage.store import Store

if TYPE_CHECKING:
    from client.documents.signing import SigningIdentity
    from client.documents.token_signing import TokenIdentity

    Identity = SigningIdentity | TokenIdentity

# Without any keyring backend (headless Linux) the *training* key falls back to this published
# passphrase: it signs nothing of legal value, and `doctor` reports the missing keyring.
TRAINING_FALLBACK_PASSPHRASE = b"chuangkou-training-only"
KEYS_DIR = "keys"
PKCS12, PKCS11 = "pkcs12", "pkcs11"


def _t(text: str) -> str:
    return translate("signing", text)


@dataclass(frozen=True)
class KeyConfig:
    """The imported key: where it is, and what its certificate said when it was imported."""

    kind: str  # PKCS12 or PKCS11
    file: str  # PKCS12: the file's name under profile/keys
    module: str  # PKCS11: the driver
    slot: str
    key_label: str
    subject: str
    issuer: str
    not_before: dt.datetime
    not_after: dt.datetime
    fingerprint: str
    imported_at: str
    imported_by: str

    def to_config(self) -> dict[str, Any]:
        """The JSON kept in the row (dates as ISO text)."""
        keep = ("file", "module", "slot", "key_label", "subject", "issuer", "fingerprint")
        data: dict[str, Any] = {name: getattr(self, name) for name in keep}
        data["not_before"] = self.not_before.isoformat()
        data["not_after"] = self.not_after.isoformat()
        return data


def secret_account(store: Store, config: KeyConfig) -> str:
    """One keyring account per profile and certificate, so a failed re-import leaves the
    old key usable."""
    return f"signing-key:{store.profile.resolve()}:" + config.fingerprint.replace(":", "")[:32]


def configured_key(store: Store) -> KeyConfig | None:
    with store.read() as conn:
        row = conn.execute(
            "SELECT kind, config, imported_at, imported_by FROM signing_key WHERE id = 1"
        ).fetchone()
    if row is None:
        return None
    data = json.loads(row[1])
    return KeyConfig(
        kind=row[0],
        file=data.get("file", ""),
        module=data.get("module", ""),
        slot=data.get("slot", ""),
        key_label=data.get("key_label", ""),
        subject=data["subject"],
        issuer=data["issuer"],
        not_before=dt.datetime.fromisoformat(data["not_before"]),
        not_after=dt.datetime.fromisoformat(data["not_after"]),
        fingerprint=data["fingerprint"],
        imported_at=row[2],
        imported_by=row[3],
    )


def key_file(store: Store, name: str) -> Path:
    return store.profile / KEYS_DIR / name


def configured_identity(store: Store, config: KeyConfig) -> Identity:
    """The imported key with its password or PIN from the keyring; SigningError otherwise."""
    from client.documents.signing import SigningError, SigningIdentity
    from client.documents.token_signing import TokenIdentity

    reimport = _t("请管理员用 keys import 或“设置 → 签名证书”重新导入。")
    try:
        secret = keyring_secret(secret_account(store, config), None)
    except SecretStoreUnavailable as exc:
        raise SigningError(exc.message, reimport) from exc
    if secret is None:
        what = _t("证书口令") if config.kind == PKCS12 else _t("UKey 的 PIN")
        raise SigningError(
            _t("系统密钥库中没有部门签名证书的{what}（可能已被清除）。").format(what=what),
            reimport,
        )
    if config.kind == PKCS11:
        return TokenIdentity(config.module, config.slot, secret, config.key_label)
    path = key_file(store, config.file)
    try:
        with PlainReader(path, store.keys.key_for) as reader:
            data = reader.read_all()
    except (OSError, EncryptedFileError) as exc:
        raise SigningError(
            _t("部门签名证书文件 {path} 缺失或已损坏。").format(path=path), reimport
        ) from exc
    return SigningIdentity(p12_path=path, passphrase=secret.encode(), data=data)


def training_passphrase(store: Store) -> bytes:
    account = f"training-seal:{store.profile.resolve()}"
    try:
        stored = keyring_secret(account, lambda: secrets.token_urlsafe(32))
    except SecretStoreUnavailable:
        return TRAINING_FALLBACK_PASSPHRASE
    assert stored is not None  # created when missing
    return stored.encode()


def training_identity(store: Store, department: Department) -> SigningIdentity:
    from client.documents.signing import SigningError
    from client.documents.training_seal import TRAINING_P12, make_training_identity

    keys, passphrase = store.profile / KEYS_DIR, training_passphrase(store)
    name = department.seal.department_name
    try:
        return make_training_identity(keys, name, passphrase)
    except SigningError:
        # The passphrase changed (a keyring appeared or was reset): a training key has no
        # value to keep, so make a new one rather than leave decisions unsignable.
        (keys / TRAINING_P12).unlink(missing_ok=True)
        return make_training_identity(keys, name, passphrase)


def identity_for(store: Store, department: Department) -> Identity | None:
    """The identity that signs this profile's decisions, or None when none is configured.

    The imported key wins, in training mode too; raises SigningError when it is configured
    but cannot be used (its password gone from the keyring, its file missing)."""
    config = configured_key(store)
    if config is not None:
        return configured_identity(store, config)
    if not store.training:
        return None
    return training_identity(store, department)


def identity_provider(store: Store, department: Department) -> Callable[[], Identity | None]:
    """What DocumentService asks when it signs: the window and the CLI use the same one."""
    return lambda: identity_for(store, department)
