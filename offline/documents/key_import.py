"""Importing the department's signing key (docs/admin.md, Signing keys), by the 管理权.

Everything is checked before anything is kept: the password opens the PKCS#12 (or the PIN
opens the token), it holds a private key with its certificate, the certificate is valid now
and allows signatures. Only then is the file copied into the profile (encrypted with the data
key), the password or PIN put into the OS keyring (one that protects it: never a plaintext
file), and the row with its audit record written in one transaction. A refused import leaves
the key that was configured before exactly as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from pathlib import Path

import keyring
import keyring.errors

from client.accounts import Power
from client.documents.signing import CertificateSummary, SigningError, SigningIdentity
from client.errors import ClerkError
from client.i18n import translate
from offline.accounts.powers import authorize
from offline.at_rest.crypto_files import write_encrypted
from offline.at_rest.data_key import backend_name, backend_protects
from offline.documents.signing_keys import (
    KEYS_DIR,
    PKCS11,
    PKCS12,
    KeyConfig,
    configured_key,
    key_file,
    secret_account,
)
from offline.storage import audit
from offline.storage.private_files import private_dir
from offline.storage.secrets import KEYRING_SERVICE
from offline.storage.store import Store

MAX_P12_BYTES = 1024 * 1024  # a PKCS#12 is a few KB; anything this big is the wrong file


def _t(text: str) -> str:
    return translate("signing", text)


class KeyImportError(ClerkError, ValueError):
    """The key was not imported; the message says why and what to do (Chinese)."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _refused(exc: SigningError) -> KeyImportError:
    return KeyImportError(_t("未导入：") + exc.message, exc.remedy)


def read_p12(source: Path) -> bytes:
    try:
        if source.stat().st_size > MAX_P12_BYTES:
            raise KeyImportError(
                _t("未导入：{path} 太大，不是 PKCS#12 证书文件。").format(path=source),
                _t("请选择证书颁发机构提供的 .p12 或 .pfx 文件。"),
            )
        return source.read_bytes()
    except OSError as exc:
        raise KeyImportError(
            _t("未导入：无法读取 {path}：{error}").format(path=source, error=exc.strerror or exc),
            _t("请确认文件路径正确且有读取权限。"),
        ) from exc


def import_p12(
    store: Store, source: Path, password: str, now: dt.datetime | None = None
) -> KeyConfig:
    """Check and keep the PKCS#12 `source` as this profile's signing key."""
    from client.documents.signing import usable_summary

    person = authorize(store, Power.MANAGE, _t("导入部门签名证书"))
    data = read_p12(source)
    probe = SigningIdentity(p12_path=source, passphrase=password.encode(), data=data)
    try:
        summary = usable_summary(probe, now or _now())
    except SigningError as exc:
        raise _refused(exc) from exc
    _require_protecting_keyring()
    name = "department-" + summary.sha256_fingerprint.replace(":", "")[:16].lower() + ".p12"
    folder = store.profile / KEYS_DIR
    private_dir(folder)
    write_encrypted(key_file(store, name), data, store.keys.writing_key())
    config = _config(PKCS12, summary, person.username, file=name)
    _keep(store, config, password, source_name=source.name)
    return config


def import_token(
    store: Store,
    module: str,
    slot: str,
    pin: str,
    key_label: str = "",
    now: dt.datetime | None = None,
) -> KeyConfig:
    """Check the key on the PKCS#11 token and keep where it is (the PIN in the keyring)."""
    from client.documents.token_signing import TokenIdentity, usable_token_summary

    person = authorize(store, Power.MANAGE, _t("配置部门签名 UKey"))
    if not Path(module).is_file():
        raise KeyImportError(
            _t("未导入：找不到 UKey 驱动文件 {module}。").format(module=module),
            _t("请填写 UKey 厂商驱动的 PKCS#11 模块文件的完整路径（.dll 或 .so）。"),
        )
    if not pin:
        raise KeyImportError(_t("未导入：没有输入 UKey 的 PIN。"), _t("请在标准输入中输入 PIN。"))
    try:
        label, summary = usable_token_summary(
            TokenIdentity(module, slot, pin, key_label), now or _now()
        )
    except SigningError as exc:
        raise _refused(exc) from exc
    _require_protecting_keyring()
    config = _config(
        PKCS11,
        summary,
        person.username,
        module=os.path.abspath(module),
        slot=slot,
        key_label=label,
    )
    _keep(store, config, pin, source_name="")
    return config


def _config(
    kind: str,
    summary: CertificateSummary,
    actor: str,
    *,
    file: str = "",
    module: str = "",
    slot: str = "",
    key_label: str = "",
) -> KeyConfig:
    return KeyConfig(
        kind=kind,
        file=file,
        module=module,
        slot=slot,
        key_label=key_label,
        subject=summary.subject,
        issuer=summary.issuer,
        not_before=summary.not_before,
        not_after=summary.not_after,
        fingerprint=summary.sha256_fingerprint,
        imported_at=_now().isoformat(timespec="seconds"),
        imported_by=actor,
    )


def _require_protecting_keyring() -> None:
    backend = keyring.get_keyring()
    if not backend_protects(backend):
        raise KeyImportError(
            _t("未导入：本机的密钥库（{name}）不能安全保存证书口令或 PIN。").format(
                name=backend_name(backend)
            ),
            _t("请在已登录的桌面会话中使用 Windows 凭据管理器或 Secret Service 后重试。"),
        )


def _keep(store: Store, config: KeyConfig, secret: str, source_name: str) -> None:
    """The secret into the keyring, then the row and its audit record in one transaction;
    afterwards the previous key's file and secret go (unless it was the same certificate)."""
    previous = configured_key(store)
    try:
        keyring.set_password(KEYRING_SERVICE, secret_account(store, config), secret)
    except keyring.errors.KeyringError as exc:
        raise KeyImportError(
            _t("未导入：无法写入系统密钥库：{error}").format(error=exc),
            _t("请确认密钥库已解锁，然后重试。"),
        ) from exc
    details = {
        "kind": config.kind,
        "subject": config.subject,
        "issuer": config.issuer,
        "not_after": config.not_after.isoformat(),
        "fingerprint": config.fingerprint,
        "source": source_name or config.module,
    }
    with store.write() as db:
        db.conn.execute(
            "INSERT OR REPLACE INTO signing_key (id, kind, config, imported_at, imported_by)"
            " VALUES (1, ?, ?, ?, ?)",
            (config.kind, json.dumps(config.to_config()), config.imported_at, config.imported_by),
        )
        audit.append(
            db,
            actor=config.imported_by,
            window_code=store.window_code,
            action="signing_key.import",
            details=details,
        )
    if previous is None:
        return
    if previous.file and previous.file != config.file:
        key_file(store, previous.file).unlink(missing_ok=True)
    if (old_account := secret_account(store, previous)) != secret_account(store, config):
        with contextlib.suppress(keyring.errors.KeyringError):  # already gone: nothing to do
            keyring.delete_password(KEYRING_SERVICE, old_account)
