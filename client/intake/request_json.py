"""The JSON shape `main.py intake --json FILE` takes, parsed into an IntakeRequest."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from client.domain import (
    Action,
    ApplicantKind,
    IdType,
    IntakeRequest,
    MaterialSubmission,
    Party,
    SupplementLine,
)
from client.errors import ClerkError
from client.i18n import translate


class RequestFormatError(ClerkError, ValueError):
    """The JSON is not an intake request; the message is for the operator, in Chinese."""


def _t(text: str) -> str:
    return translate("intake_json", text)


def _enum(kind: Any, value: Any, where: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        allowed = "、".join(m.value for m in kind)
        raise RequestFormatError(
            _t("{where} 的取值 {value!r} 无效，应为：{allowed}").format(
                where=where, value=value, allowed=allowed
            )
        ) from None


def _text(data: Mapping[str, Any], key: str, where: str, required: bool = True) -> str:
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise RequestFormatError(_t("{where}.{key} 应为文本").format(where=where, key=key))
    if required and not value.strip():
        raise RequestFormatError(_t("缺少 {where}.{key}").format(where=where, key=key))
    return value


def _flag(data: Mapping[str, Any], key: str, where: str, default: bool) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise RequestFormatError(
            _t("{where}.{key} 应为 true 或 false").format(where=where, key=key)
        )
    return value


def _party(data: Any, where: str) -> Party:
    if not isinstance(data, Mapping):
        raise RequestFormatError(_t("{where} 应为对象").format(where=where))
    return Party(
        kind=_enum(ApplicantKind, data.get("kind", "person"), f"{where}.kind"),
        name=_text(data, "name", where, required=False),
        id_type=_enum(IdType, data.get("id_type", "resident_id"), f"{where}.id_type"),
        id_number=_text(data, "id_number", where, required=False),
        phone=_text(data, "phone", where, required=False),
        address=_text(data, "address", where, required=False),
        legal_representative=_text(data, "legal_representative", where, required=False),
    )


def parse_request(data: Any, base_dir: Path) -> IntakeRequest:
    """Relative file paths are taken from `base_dir` (the JSON file's folder)."""
    if not isinstance(data, Mapping):
        raise RequestFormatError(_t("请求应为 JSON 对象"))
    materials = data.get("materials", [])
    if not isinstance(materials, list):
        raise RequestFormatError(_t("materials 应为数组"))
    subs: list[MaterialSubmission] = []
    for i, m in enumerate(materials):
        where = f"materials[{i}]"
        if not isinstance(m, Mapping):
            raise RequestFormatError(_t("{where} 应为对象").format(where=where))
        files = m.get("files", [])
        if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
            raise RequestFormatError(_t("{where}.files 应为路径数组").format(where=where))
        copies = m.get("copies", 0)
        if not isinstance(copies, int) or isinstance(copies, bool):
            raise RequestFormatError(_t("{where}.copies 应为整数").format(where=where))
        subs.append(
            MaterialSubmission(
                code=_text(m, "material", where),
                files=tuple(str(base_dir / f) for f in files),
                original=_flag(m, "original", where, False),
                copies=copies,
                applicable=_flag(m, "applicable", where, True),
            )
        )
    supplement = data.get("supplement", [])
    if not isinstance(supplement, list):
        raise RequestFormatError(_t("supplement 应为数组"))
    if not all(isinstance(s, Mapping) for s in supplement):
        raise RequestFormatError(_t("supplement 的每一项应为对象"))
    lines = tuple(
        SupplementLine(
            code=_text(s, "material", f"supplement[{i}]"),
            name=_text(s, "name", f"supplement[{i}]", required=False),
            reason=_text(s, "reason", f"supplement[{i}]", required=False),
        )
        for i, s in enumerate(supplement)
    )
    clause = data.get("refusal_clause", 0)
    if not isinstance(clause, int) or isinstance(clause, bool):
        raise RequestFormatError(_t("refusal_clause 应为整数 1 或 2（第三十二条第一款的项）"))
    agent = data.get("agent")
    return IntakeRequest(
        item_code=_text(data, "item", "request"),
        applicant=_party(data.get("applicant"), "applicant"),
        agent=_party(agent, "agent") if agent else None,
        materials=tuple(subs),
        action=_enum(Action, data.get("action"), "action"),
        reason=_text(data, "reason", "request", required=False),
        supplement=lines,
        refusal_clause=clause,
        competent_body=_text(data, "competent_body", "request", required=False),
    )
