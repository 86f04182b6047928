"""Signing with a PKCS#11 token (a UKey) through pyHanko (docs/admin.md, Signing keys).

The private key never leaves the token: pyHanko asks the token to sign the digest. The token
is found by its slot (the index `pkcs11-tool -L` prints, or the slot id as 0x…), the key by its
label, or the token's only key when no label is given. Every failure of the driver, the slot,
the PIN or the objects on the token becomes a SigningError in Chinese.

Pure: the offline layer reads the PIN from the keyring and passes it in.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from asn1crypto import x509 as asn1_x509
from cryptography import x509

from client.documents.signing import CertificateSummary, SigningError, check_usable, summary_of
from client.i18n import translate

if TYPE_CHECKING:
    from pyhanko.sign.pkcs11 import PKCS11Signer


def _tr(text: str) -> str:
    return translate("signing", text)


@dataclass(frozen=True)
class TokenIdentity:
    """A key on a PKCS#11 token: the driver (module), the slot, the PIN and the key's label."""

    module: str
    slot: str  # "0" (index) or "0x41d98b5d" (slot id)
    pin: str = field(repr=False)
    key_label: str = ""  # "" = the token's only key


@dataclass(frozen=True)
class TokenKey:
    label: str
    key_id: bytes
    cert: x509.Certificate


def _open(identity: TokenIdentity) -> Any:
    """An open, logged-in session on the token (a pkcs11.Session)."""
    try:
        import pkcs11
    except ImportError as exc:  # pragma: no cover - python-pkcs11 is a dependency
        raise SigningError(_tr("本程序未安装 PKCS#11 支持（python-pkcs11）。")) from exc
    try:
        lib = _library(identity.module)
    except (OSError, RuntimeError, pkcs11.PKCS11Error) as exc:
        raise SigningError(
            _tr("无法加载 UKey 驱动 {module}：{error}").format(module=identity.module, error=exc),
            _tr("请确认已安装 UKey 厂商的驱动，并填写其 PKCS#11 模块文件的完整路径。"),
        ) from exc
    not_found = SigningError(
        _tr("在插槽 {slot} 中没有找到 UKey。").format(slot=identity.slot),
        _tr("请插入部门 UKey；用 pkcs11-tool -L 查看插槽编号。"),
    )
    try:
        slots = lib.get_slots()  # all, numbered as pkcs11-tool -L numbers them
        slot = _pick_slot(slots, identity.slot)
        if slot is None:
            raise not_found
        token = slot.get_token()
        if token.flags & pkcs11.TokenFlag.USER_PIN_FINAL_TRY:  # never spend the last try
            raise SigningError(
                _tr("UKey 只剩最后一次输入 PIN 的机会，本程序不再尝试。"),
                _tr("请确认 PIN 后用 keys import --pkcs11 重新导入，或联系证书颁发机构。"),
            )
        return token.open(user_pin=identity.pin)
    except pkcs11.PinIncorrect as exc:
        raise SigningError(
            _tr("UKey 的 PIN 不正确。"),
            _tr("请用 keys import --pkcs11 重新输入 PIN；多次输错会锁定 UKey。"),
        ) from exc
    except pkcs11.PinLocked as exc:
        raise SigningError(
            _tr("UKey 已被锁定（PIN 输错次数过多）。"), _tr("请联系证书颁发机构解锁。")
        ) from exc
    except (pkcs11.TokenNotPresent, pkcs11.TokenNotRecognised, pkcs11.SlotIDInvalid) as exc:
        raise not_found from exc
    except pkcs11.PKCS11Error as exc:
        raise SigningError(
            _tr("UKey 无法打开：{error}").format(error=type(exc).__name__),
            _tr("请重新插入 UKey 后再试。"),
        ) from exc


_LIBRARIES: dict[str, Any] = {}


def _library(module: str) -> Any:
    """A driver is initialised once per process: a second C_Initialize fails, and the same
    file reached through a symlink is the same driver."""
    import pkcs11

    real = os.path.realpath(module)
    if real not in _LIBRARIES:
        _LIBRARIES[real] = pkcs11.lib(real)
    return _LIBRARIES[real]


def _pick_slot(slots: list[Any], wanted: str) -> Any:
    text = wanted.strip().lower()
    try:
        if text.startswith("0x"):
            number = int(text, 16)
            return next((s for s in slots if s.slot_id == number), None)
        index = int(text)
    except ValueError:
        return None
    return slots[index] if 0 <= index < len(slots) else None


def _keys(session: Any) -> list[TokenKey]:
    """The private keys on the token that have their certificate beside them (same id)."""
    from pkcs11 import Attribute, ObjectClass

    certs: dict[bytes, x509.Certificate] = {}
    for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):
        with contextlib.suppress(ValueError):
            certs[bytes(obj[Attribute.ID])] = x509.load_der_x509_certificate(obj[Attribute.VALUE])
    found = []
    for obj in session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY}):
        key_id = bytes(obj[Attribute.ID])
        if key_id in certs:
            found.append(TokenKey(str(obj.label or ""), key_id, certs[key_id]))
    return found


def _choose(keys: list[TokenKey], label: str) -> TokenKey:
    labels = "、".join(k.label or "（无标签）" for k in keys)
    if label:
        for key in keys:
            if key.label == label:
                return key
        raise SigningError(
            _tr("UKey 上没有标签为“{label}”的签名密钥（有：{labels}）。").format(
                label=label, labels=labels or _tr("无")
            ),
            _tr("请用 --label 指定上面列出的一个标签。"),
        )
    if not keys:
        raise SigningError(
            _tr("UKey 上没有带证书的签名密钥。"), _tr("请确认插入的是部门的签名 UKey。")
        )
    if len(keys) > 1:
        raise SigningError(
            _tr("UKey 上有多个签名密钥（{labels}），无法确定使用哪一个。").format(labels=labels),
            _tr("请用 --label 指定其中一个标签。"),
        )
    return keys[0]


def token_key(identity: TokenIdentity) -> TokenKey:
    """Open the token and find the key the identity names (or its only one)."""
    session = _open(identity)
    try:
        return _choose(_keys(session), identity.key_label)
    finally:
        session.close()


def usable_token_summary(
    identity: TokenIdentity, now: dt.datetime
) -> tuple[str, CertificateSummary]:
    """What an import checks: the token opens with the PIN, the key is there with its
    certificate, valid now and for signatures. Returns the key's label and the summary."""
    key = token_key(identity)
    check_usable(key.cert, now)
    return key.label, summary_of(key.cert)


@contextlib.contextmanager
def token_signer(identity: TokenIdentity) -> Iterator[tuple[PKCS11Signer, x509.Certificate]]:
    """A pyHanko signer on the open token, and the key's certificate; closes the session."""
    import pkcs11
    from cryptography.hazmat.primitives.serialization import Encoding
    from pyhanko.sign.pkcs11 import PKCS11Signer

    session = _open(identity)
    try:
        key = _choose(_keys(session), identity.key_label)
        cert = asn1_x509.Certificate.load(key.cert.public_bytes(Encoding.DER))
        signer = PKCS11Signer(session, key_id=key.key_id, signing_cert=cert, bulk_fetch=False)
        yield signer, key.cert
    except pkcs11.PKCS11Error as exc:  # pulled out mid-signature, the key refused to sign...
        raise SigningError(
            _tr("UKey 签名失败：{error}").format(error=type(exc).__name__),
            _tr("请确认 UKey 仍插在本机上，然后重试。"),
        ) from exc
    finally:
        session.close()
