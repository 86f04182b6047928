"""The service-item catalog: loading and validating it, and its JSON shape.

The bundled training catalog (resources/catalog/training.json) and the central system's
`GET /catalog` share one item shape, so the offline store keeps each item as that JSON too
(`item_to_dict` / `item_from_dict`). Everything that enters from outside is validated here and
refused with a `CatalogError` whose message, in Chinese, names the offending item. The
search of the intake picker and the pinyin initials live in `client.catalog.search`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from client.catalog.search import pinyin_initials
from client.domain import (
    ApplicantKind,
    Department,
    DepartmentRules,
    ItemKind,
    LegalBasis,
    MaterialForm,
    MaterialRequirement,
    Requirement,
    SealSettings,
    ServiceItem,
)
from client.errors import ClerkError
from client.resources import resource

_E = TypeVar("_E", bound=StrEnum)


class CatalogError(ClerkError, ValueError):
    """Malformed catalog or department data; the message is for the clerk or administrator."""


@dataclass(frozen=True)
class Catalog:
    version: str
    items: tuple[ServiceItem, ...]

    def item(self, code: str) -> ServiceItem | None:
        return next((i for i in self.items if i.code == code), None)

    def departments(self) -> tuple[tuple[str, str], ...]:
        """(code, name) of every department that has an item, in first-seen order."""
        seen: dict[str, str] = {}
        for i in self.items:
            seen.setdefault(i.department_code, i.department_name)
        return tuple(seen.items())


# --- reading typed values out of untrusted mappings -------------------------------------


def _mapping(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise CatalogError(f"{where}：应为对象")
    return value


def _list(d: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = d.get(key)
    if not isinstance(value, list):
        raise CatalogError(f"{where}：缺少字段“{key}”或其不是列表")
    return value


def _str(d: Mapping[str, Any], key: str, where: str) -> str:
    value = d.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CatalogError(f"{where}：缺少字段“{key}”或其为空")
    return value.strip()


def _opt_str(d: Mapping[str, Any], key: str, where: str) -> str | None:
    value = d.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise CatalogError(f"{where}：字段“{key}”应为文本")
    return value.strip() or None


def _int(d: Mapping[str, Any], key: str, where: str, minimum: int = 0) -> int:
    value = d.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise CatalogError(f"{where}：缺少字段“{key}”或其不是整数")
    if value < minimum:
        raise CatalogError(f"{where}：字段“{key}”不能小于{minimum}（现为{value}）")
    return value


def _enum(d: Mapping[str, Any], key: str, cls: type[_E], where: str) -> _E:
    return _enum_value(d.get(key), key, cls, where)


def _enum_value(value: object, key: str, cls: type[_E], where: str) -> _E:
    if isinstance(value, str):
        for member in cls:
            if member.value == value:
                return member
    allowed = "、".join(m.value for m in cls)
    raise CatalogError(f"{where}：字段“{key}”的值“{value}”无效，应为{allowed}之一")


# --- items ---------------------------------------------------------------------------------


def _material(raw: object, where: str) -> MaterialRequirement:
    d = _mapping(raw, where)
    code = _str(d, "code", where)
    where = f"{where}材料 {code}"
    requirement = _enum(d, "requirement", Requirement, where)
    condition = _opt_str(d, "condition", where)
    if requirement is Requirement.CONDITIONAL and condition is None:
        raise CatalogError(f"{where}：情形材料必须写明适用情形（condition）")
    return MaterialRequirement(
        code=code,
        name=_str(d, "name", where),
        form=_enum(d, "form", MaterialForm, where),
        copies=_int(d, "copies", where, minimum=1),
        requirement=requirement,
        condition=condition,
        note=_opt_str(d, "note", where),
    )


def _parse_item(
    raw: object, department_names: Mapping[str, str] | None, pinyin: str | None = None
) -> ServiceItem:
    d = _mapping(raw, "服务事项")
    code = _str(d, "code", "服务事项")
    where = f"服务事项 {code}"
    department_code = _str(d, "department_code", where)
    if department_names is None:
        department_name = _str(d, "department_name", where)
    elif department_code in department_names:
        department_name = department_names[department_code]
    else:
        raise CatalogError(f"{where}：部门代码“{department_code}”不在部门列表中")

    kind = _enum(d, "kind", ItemKind, where)
    legal = _int(d, "legal_limit_days", where)
    promised = _int(d, "promised_limit_days", where)
    if promised > legal:
        raise CatalogError(
            f"{where}：承诺时限（{promised}个工作日）不能超过法定时限（{legal}个工作日）"
        )
    if kind is ItemKind.IMMEDIATE and promised != 0:
        raise CatalogError(f"{where}：即办件的承诺时限应为0")

    basis = tuple(
        LegalBasis(law=_str(b, "law", f"{where}法律依据"), article=_str(b, "article", where))
        for b in (_mapping(x, f"{where}法律依据") for x in _list(d, "legal_basis", where))
    )
    if not basis:
        raise CatalogError(f"{where}：至少需要一条法律依据")

    materials = tuple(_material(m, where) for m in _list(d, "materials", where))
    if not materials:
        raise CatalogError(f"{where}：至少需要一项申请材料")
    seen: set[str] = set()
    for m in materials:
        if m.code in seen:
            raise CatalogError(f"{where}：材料编码“{m.code}”重复")
        seen.add(m.code)

    if "applicant_kinds" in d:
        kinds = tuple(
            _enum_value(k, "applicant_kinds", ApplicantKind, where)
            for k in _list(d, "applicant_kinds", where)
        )
        if not kinds:
            raise CatalogError(f"{where}：至少需要一种申请人类型")
    else:
        kinds = (ApplicantKind.PERSON, ApplicantKind.ENTERPRISE)

    name = _str(d, "name", where)
    return ServiceItem(
        code=code,
        name=name,
        department_code=department_code,
        department_name=department_name,
        kind=kind,
        legal_limit_days=legal,
        promised_limit_days=promised,
        fee=_str(d, "fee", where),
        legal_basis=basis,
        materials=materials,
        applicant_kinds=kinds,
        pinyin_initials=pinyin if pinyin is not None else pinyin_initials(name),
        supplement_consequence=_opt_str(d, "supplement_consequence", where) or "",
    )


def item_from_dict(d: Mapping[str, Any], pinyin: str | None = None) -> ServiceItem:
    """One item in the shape `item_to_dict` writes (with its `department_name`).

    The pinyin initials are derived from the name; pass `pinyin` when they were computed
    before (the offline store keeps them) to skip the costly pinyin lookup.
    """
    return _parse_item(d, None, pinyin)


def item_to_dict(item: ServiceItem) -> dict[str, Any]:
    """The JSON-ready shape of one item: the catalog file's item plus `department_name`."""
    return {
        "code": item.code,
        "name": item.name,
        "department_code": item.department_code,
        "department_name": item.department_name,
        "kind": item.kind.value,
        "legal_limit_days": item.legal_limit_days,
        "promised_limit_days": item.promised_limit_days,
        "fee": item.fee,
        "legal_basis": [{"law": b.law, "article": b.article} for b in item.legal_basis],
        "applicant_kinds": [k.value for k in item.applicant_kinds],
        "materials": [
            {
                "code": m.code,
                "name": m.name,
                "form": m.form.value,
                "copies": m.copies,
                "requirement": m.requirement.value,
                "condition": m.condition,
                "note": m.note,
            }
            for m in item.materials
        ],
        **(
            {"supplement_consequence": item.supplement_consequence}
            if item.supplement_consequence
            else {}
        ),
    }


# --- whole catalogs ------------------------------------------------------------------------


def load_catalog(data: Mapping[str, Any]) -> Catalog:
    """Validate a catalog document (`{"version", "departments", "items"}`) into a `Catalog`."""
    data = _mapping(data, "目录")
    version = _str(data, "version", "目录")
    names: dict[str, str] = {}
    for raw in _list(data, "departments", "目录"):
        dep = _mapping(raw, "目录部门")
        code = _str(dep, "code", "目录部门")
        if code in names:
            raise CatalogError(f"目录部门：部门代码“{code}”重复")
        names[code] = _str(dep, "name", f"目录部门 {code}")
    items = tuple(_parse_item(raw, names) for raw in _list(data, "items", "目录"))
    codes: set[str] = set()
    for item in items:
        if item.code in codes:
            raise CatalogError(f"服务事项 {item.code}：事项编码重复")
        codes.add(item.code)
    return Catalog(version=version, items=items)


def _read_json(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogError(f"无法读取{what}“{path}”：{exc.strerror or exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogError(f"{what}“{path}”不是有效的 UTF-8 JSON：{exc}") from exc


def load_training_catalog() -> Catalog:
    """The bundled training catalog (培训模式)."""
    path = resource("catalog", "training.json")
    return load_catalog(_mapping(_read_json(path, "培训事项目录"), "目录"))


def load_department(path: Path | None = None) -> Department:
    """The window's own department and its seal settings (default: the training department)."""
    path = path or resource("training", "department.json")
    return department_from_dict(_read_json(path, "部门设置"))


def department_from_dict(raw: object) -> Department:
    """A department in the shape of resources/training/department.json, which is also the
    central's `Department` (GET /department): checked, so a bad one never reaches a document."""
    d = _mapping(raw, "部门设置")
    code = _str(d, "code", "部门设置")
    where = f"部门 {code}"
    s = _mapping(d.get("seal"), f"{where}印章设置")
    seal_where = f"{where}印章设置"
    diameter = s.get("diameter_mm", 42.0)
    if isinstance(diameter, bool) or not isinstance(diameter, int | float) or diameter <= 0:
        raise CatalogError(f"{seal_where}：印章直径（diameter_mm）应为正数")
    seal = SealSettings(
        department_name=_str(s, "department_name", seal_where),
        seal_name=_opt_str(s, "seal_name", seal_where) or "行政审批专用章",
        code=_opt_str(s, "code", seal_where) or "",
        diameter_mm=float(diameter),
        color=_opt_str(s, "color", seal_where) or "#d40000",
    )
    query_url = _opt_str(d, "query_url", where) or ""
    if not query_url.isascii():
        raise CatalogError(f"{where}：查询网址（query_url）只能包含 ASCII 字符，以便二维码正确识别")
    rating_url = _opt_str(d, "rating_url", where) or ""
    if not rating_url.isascii():
        raise CatalogError(
            f"{where}：评价网址（rating_url）只能包含 ASCII 字符，以便二维码正确识别"
        )
    r = _mapping(d.get("rules") or {}, f"{where}规则")
    chief = r.get("refusal_requires_chief", False)
    if not isinstance(chief, bool):
        raise CatalogError(f"{where}规则：refusal_requires_chief 应为 true 或 false")
    return Department(
        code=code,
        name=_str(d, "name", where),
        seal=seal,
        address=_opt_str(d, "address", where) or "",
        phone=_opt_str(d, "phone", where) or "",
        query_url=query_url,
        rating_url=rating_url,
        review_body=_opt_str(d, "review_body", where) or "",
        court=_opt_str(d, "court", where) or "",
        rules=DepartmentRules(
            refusal_requires_chief=chief,
            supplement_lapse=_opt_str(r, "supplement_lapse", f"{where}规则") or "",
        ),
    )


__all__ = [
    "Catalog",
    "CatalogError",
    "department_from_dict",
    "item_from_dict",
    "item_to_dict",
    "load_catalog",
    "load_department",
    "load_training_catalog",
]
