"""The training catalog, its loader and validation, the item JSON shape, and search."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from client.catalog.loading import (
    Catalog,
    CatalogError,
    item_from_dict,
    item_to_dict,
    load_catalog,
    load_department,
    load_training_catalog,
)
from client.catalog.search import pinyin_initials, search_items
from client.domain import ItemKind, MaterialForm, Requirement
from client.resources import resource

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_training_catalog()


@pytest.fixture()
def raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resource("catalog", "training.json").read_text("utf-8"))
    return data


# --- the bundled content ---------------------------------------------------------------------


def test_training_catalog_size(catalog: Catalog) -> None:
    assert catalog.version.startswith("training-")
    assert len(catalog.items) >= 12
    assert len({i.department_code for i in catalog.items}) >= 4
    assert all(name.startswith("培训县") for _, name in catalog.departments())


def test_every_item_is_complete(catalog: Catalog) -> None:
    for item in catalog.items:
        assert re.fullmatch(r"[A-Z]+-\d{4}", item.code), item.code
        assert item.code.startswith(item.department_code + "-")
        assert item.materials and item.legal_basis and item.fee
        assert 0 <= item.promised_limit_days <= item.legal_limit_days
        if item.kind is ItemKind.IMMEDIATE:
            assert item.promised_limit_days == 0
        else:
            assert item.promised_limit_days > 0
        assert item.applicant_kinds
        for basis in item.legal_basis:
            assert basis.law.startswith("《") and basis.law.endswith("》")
            assert re.fullmatch(r"第[一二三四五六七八九十百零]+条", basis.article)
        for m in item.materials:
            assert m.code.startswith(item.code + "-M") and len(m.code) == len(item.code) + 4
            assert 1 <= m.copies <= 2
            assert CJK.search(m.name)
        assert item.pinyin_initials.isascii() and item.pinyin_initials.isalnum()


def test_codes_are_unique(catalog: Catalog) -> None:
    codes = [i.code for i in catalog.items]
    assert len(codes) == len(set(codes))
    material_codes = [m.code for i in catalog.items for m in i.materials]
    assert len(material_codes) == len(set(material_codes))


def test_content_mix(catalog: Catalog) -> None:
    materials = [m for i in catalog.items for m in i.materials]
    assert {m.form for m in materials} == set(MaterialForm)
    conditional = [m for m in materials if m.requirement is Requirement.CONDITIONAL]
    assert conditional and all(m.condition for m in conditional)
    assert any(m.condition == "委托代理人办理的" for m in conditional)
    assert {i.kind for i in catalog.items} == set(ItemKind)


def test_required_items_and_legal_basis(catalog: Catalog) -> None:
    by_name = {i.name: i for i in catalog.items}
    getihu = by_name["个体工商户设立登记"]
    assert getihu.kind is ItemKind.IMMEDIATE and getihu.promised_limit_days == 0
    assert getihu.department_name == "培训县市场监督管理局"
    assert getihu.fee == "不收费"
    laws = {b.law for b in getihu.legal_basis}
    assert "《促进个体工商户发展条例》" in laws
    food = by_name["食品经营许可"]
    assert ("《中华人民共和国食品安全法》", "第三十五条") in {
        (b.law, b.article) for b in food.legal_basis
    }
    building = by_name["建筑工程施工许可证核发"]
    assert ("《中华人民共和国建筑法》", "第七条") in {
        (b.law, b.article) for b in building.legal_basis
    }
    for name in (
        "医疗机构执业登记",
        "公共场所卫生许可",
        "社会团体成立登记",
        "道路货物运输经营许可",
    ):
        assert name in by_name


def test_item_lookup(catalog: Catalog) -> None:
    item = catalog.item("SCJG-0101")
    assert item is not None and item.name == "个体工商户设立登记"
    assert item.material("SCJG-0101-M01") is not None
    assert catalog.item("NOPE-0000") is None


# --- pinyin and search -----------------------------------------------------------------------


def test_pinyin_initials() -> None:
    assert pinyin_initials("个体工商户设立登记") == "gtgshsldj"
    assert pinyin_initials("行政审批（A类）2号") == "xzspal2h"
    assert pinyin_initials("ＡＢ，c 1。") == "abc1"


def test_search_by_initials(catalog: Catalog) -> None:
    results = search_items(catalog.items, "gtgsh")
    assert results[0].name == "个体工商户设立登记"
    assert search_items(catalog.items, "GTGSHSLDJ")[0].code == "SCJG-0101"


def test_search_by_code(catalog: Catalog) -> None:
    assert search_items(catalog.items, "scjg-0101")[0].code == "SCJG-0101"
    prefixed = search_items(catalog.items, "SCJG-01")
    assert [i.code for i in prefixed] == ["SCJG-0101", "SCJG-0102"]
    # Full-width input, as typed by a Chinese IME, is folded first.
    assert [i.code for i in search_items(catalog.items, "ＳＣＪＧ－０１")] == [
        "SCJG-0101",
        "SCJG-0102",
    ]
    # An exact code outranks items that merely start with it.
    assert search_items(catalog.items, "WJJ-0101")[0].code == "WJJ-0101"


def test_search_by_chinese_substring(catalog: Catalog) -> None:
    names = [i.name for i in search_items(catalog.items, "施工许可")]
    assert names == ["涉路施工许可", "建筑工程施工许可证核发"]  # same rank: by code
    licences = search_items(catalog.items, "许可")
    assert len(licences) >= 5
    assert [i.code for i in licences] == sorted(i.code for i in licences)


def test_search_ranks_prefix_before_substring(catalog: Catalog) -> None:
    results = search_items(catalog.items, "个体工商户")
    assert [i.name for i in results[:2]] == ["个体工商户设立登记", "个体工商户注销登记"]
    results = search_items(catalog.items, "dl")  # 道路… starts with dl; others contain it
    assert results[0].name.startswith("道路")


def test_search_by_department(catalog: Catalog) -> None:
    results = search_items(catalog.items, "卫生健康局")
    assert results and {i.department_code for i in results} == {"WJJ"}
    assert len(results) == sum(1 for i in catalog.items if i.department_code == "WJJ")


def test_search_empty_and_limit(catalog: Catalog) -> None:
    everything = search_items(catalog.items, "  ")
    assert len(everything) == len(catalog.items)
    assert everything == sorted(catalog.items, key=lambda i: (i.department_code, i.code))
    assert len(search_items(catalog.items, "许可", limit=2)) == 2
    assert search_items(catalog.items, "没有这个事项") == []


# --- the JSON shape --------------------------------------------------------------------------


def test_item_round_trip(catalog: Catalog) -> None:
    for item in catalog.items:
        d = item_to_dict(item)
        assert item_from_dict(json.loads(json.dumps(d, ensure_ascii=False))) == item


# --- validation ------------------------------------------------------------------------------

Mutation = Callable[[dict[str, Any]], None]


def _first_item(data: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = data["items"][0]
    return item


MALFORMED: list[tuple[str, Mutation, str]] = [
    ("missing name", lambda d: _first_item(d).pop("name"), "name"),
    ("bad kind", lambda d: _first_item(d).update(kind="later"), "kind"),
    ("negative limit", lambda d: _first_item(d).update(legal_limit_days=-1), "不能小于"),
    (
        "promised over legal",
        lambda d: _first_item(d).update(promised_limit_days=99),
        "承诺时限",
    ),
    (
        "immediate with a promise",
        lambda d: _first_item(d).update(legal_limit_days=5, promised_limit_days=2),
        "即办件",
    ),
    ("duplicate item", lambda d: d["items"].append(copy.deepcopy(_first_item(d))), "重复"),
    (
        "duplicate material",
        lambda d: _first_item(d)["materials"].append(dict(_first_item(d)["materials"][0])),
        "重复",
    ),
    ("bad form", lambda d: _first_item(d)["materials"][0].update(form="scan"), "form"),
    (
        "conditional without condition",
        lambda d: _first_item(d)["materials"][0].update(requirement="conditional", condition=None),
        "情形",
    ),
    ("unknown department", lambda d: _first_item(d).update(department_code="XXX"), "部门"),
    ("no materials", lambda d: _first_item(d).update(materials=[]), "材料"),
    (
        "bad applicant kind",
        lambda d: _first_item(d).update(applicant_kinds=["alien"]),
        "applicant_kinds",
    ),
    ("limit as text", lambda d: _first_item(d).update(legal_limit_days="3"), "整数"),
]


@pytest.mark.parametrize(
    ("mutate", "fragment"), [(m, f) for _, m, f in MALFORMED], ids=[n for n, _, _ in MALFORMED]
)
def test_malformed_catalog_is_refused(raw: dict[str, Any], mutate: Mutation, fragment: str) -> None:
    mutate(raw)
    with pytest.raises(CatalogError) as excinfo:
        load_catalog(raw)
    message = str(excinfo.value)
    assert CJK.search(message)
    assert "SCJG-0101" in message
    assert fragment in message


def test_malformed_top_level(raw: dict[str, Any]) -> None:
    del raw["version"]
    with pytest.raises(CatalogError, match="version"):
        load_catalog(raw)
    with pytest.raises(CatalogError, match=r"部门代码.*重复"):
        load_catalog(
            {"version": "v", "departments": [{"code": "A", "name": "甲"}] * 2, "items": []}
        )


def test_item_from_dict_needs_department_name(catalog: Catalog) -> None:
    d = item_to_dict(catalog.items[0])
    del d["department_name"]
    with pytest.raises(CatalogError, match="department_name"):
        item_from_dict(d)


# --- the training department -----------------------------------------------------------------


def test_training_department() -> None:
    dep = load_department()
    assert dep.code == "XZSP" and dep.name == "培训县行政审批局"
    assert dep.seal.department_name == "培训县行政审批局"
    assert dep.seal.seal_name == "行政审批专用章"
    assert dep.seal.diameter_mm == 42.0 and dep.seal.color == "#d40000"
    assert dep.seal.code == "3301990000001"
    assert dep.query_url.isascii() and "{case_number}" in dep.query_url
    assert dep.review_body == "培训县人民政府" and dep.court == "培训县人民法院"


def test_department_refuses_non_ascii_query_url(tmp_path: Path) -> None:
    data = json.loads(resource("training", "department.json").read_text("utf-8"))
    data["query_url"] = "https://例子.cn/q?n={case_number}"
    path = tmp_path / "department.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with pytest.raises(CatalogError, match="ASCII"):
        load_department(path)
    path.write_text("{not json", "utf-8")
    with pytest.raises(CatalogError, match="JSON"):
        load_department(path)
