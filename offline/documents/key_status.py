"""What `keys`, `doctor` and the 签名证书 window say about the signing key.

The status reads what was recorded at import (it opens nothing, so it never asks a token for
its PIN); the check opens the key as a signature would — the password or PIN from the keyring,
the token plugged in — and reads the expiry from the certificate itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from client.documents.signing import CertificateSummary, SigningError, chinese_date
from client.domain import Department
from client.i18n import translate
from offline.documents.signing_keys import (
    PKCS11,
    PKCS12,
    KeyConfig,
    configured_identity,
    configured_key,
    training_identity,
)
from offline.storage.store import Store

WARN_DAYS = 30


def _t(text: str) -> str:
    return translate("signing", text)


@dataclass(frozen=True)
class KeyCheck:
    level: str  # "ok", "warning", "error" (offline/doctor/checks.py Level)
    message: str


def kind_label(kind: str | None) -> str:
    return {
        PKCS12: _t("PKCS#12 证书文件"),
        PKCS11: _t("UKey（PKCS#11）"),
        "training": _t("培训证书（不具法律效力）"),
    }.get(kind or "", _t("未配置"))


def key_status(store: Store, department: Department) -> dict[str, Any]:
    """Which key signs here, its subject, issuer and validity (`keys --json`)."""
    config = configured_key(store)
    if config is not None:
        return {
            "configured": True,
            "kind": config.kind,
            "subject": config.subject,
            "issuer": config.issuer,
            "not_before": config.not_before.isoformat(),
            "not_after": config.not_after.isoformat(),
            "fingerprint": config.fingerprint,
            "module": config.module or None,
            "slot": config.slot or None,
            "key_label": config.key_label or None,
            "imported_at": config.imported_at,
            "imported_by": config.imported_by,
        }
    if store.training:
        from client.documents.signing import certificate_summary

        summary = certificate_summary(training_identity(store, department))
        return {
            "configured": False,
            "kind": "training",
            "subject": summary.subject,
            "issuer": summary.issuer,
            "not_before": summary.not_before.isoformat(),
            "not_after": summary.not_after.isoformat(),
            "fingerprint": summary.sha256_fingerprint,
        }
    return {"configured": False, "kind": None}


def status_text(status: dict[str, Any]) -> str:
    lines = [_t("签名密钥：") + kind_label(status["kind"])]
    if status["kind"] is None:
        lines.append(_t("联网模式下不能出具电子签名的决定书；请用 keys import 导入部门证书。"))
        return "\n".join(lines)
    start = chinese_date(dt.datetime.fromisoformat(status["not_before"]))
    end = chinese_date(dt.datetime.fromisoformat(status["not_after"]))
    lines += [
        _t("主体：") + status["subject"],
        _t("颁发者：") + status["issuer"],
        _t("有效期：{start} 至 {end}").format(start=start, end=end),
        _t("指纹（SHA-256）：") + status["fingerprint"],
    ]
    if status.get("module"):
        lines.append(
            _t("驱动：{module}，插槽 {slot}，密钥标签 {label}").format(
                module=status["module"], slot=status["slot"], label=status["key_label"] or "-"
            )
        )
    if status.get("imported_at"):
        lines.append(
            _t("导入：{at}，由 {who}").format(at=status["imported_at"], who=status["imported_by"])
        )
    return "\n".join(lines)


def _open(store: Store, config: KeyConfig) -> CertificateSummary:
    """Open the key as a signature would; SigningError says what is wrong."""
    from client.documents.signing import SigningIdentity, certificate_summary, summary_of
    from client.documents.token_signing import token_key

    identity = configured_identity(store, config)
    if isinstance(identity, SigningIdentity):
        return certificate_summary(identity)
    return summary_of(token_key(identity).cert)


def check_key(store: Store, now: dt.datetime | None = None) -> KeyCheck:
    """doctor's check: present, openable, and how long it is still valid."""
    now = now or dt.datetime.now(dt.UTC)
    config = configured_key(store)
    if config is None:
        if store.training:
            return KeyCheck("ok", _t("培训模式：决定书用培训证书签名（不具法律效力）"))
        return KeyCheck(
            "warning",
            _t("未配置部门签名证书，不能出具决定书；请管理员用 keys import 导入证书或 UKey"),
        )
    try:
        summary = _open(store, config)
    except SigningError as exc:
        return KeyCheck("error", str(exc).replace("\n", " "))
    what = kind_label(config.kind)
    end = chinese_date(summary.not_after)
    if now >= summary.not_after:
        return KeyCheck(
            "error",
            _t("{what}已于 {date} 过期，决定书无法签名；请导入新证书").format(what=what, date=end),
        )
    if now < summary.not_before:
        return KeyCheck(
            "error",
            _t("{what}自 {date} 起才生效；请检查本机时间").format(
                what=what, date=chinese_date(summary.not_before)
            ),
        )
    days = (summary.not_after - now).days
    if days < WARN_DAYS:
        return KeyCheck(
            "warning",
            _t("{what}将于 {date} 过期（还剩 {days} 天），请及时申请新证书并导入").format(
                what=what, date=end, days=days
            ),
        )
    return KeyCheck(
        "ok",
        _t("{what}可用：{subject}，有效期至 {date}").format(
            what=what, subject=summary.subject, date=end
        ),
    )
