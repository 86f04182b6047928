"""办件查询 over real SQLite: each field finds the old case, each reading is an index lookup."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from client.domain import Stage
from client.time_limits.workdays import Light, LightRule, WorkCalendar
from offline.cases.lights import LightBounds, case_light
from offline.cases.search import (
    CaseQuery,
    SearchError,
    build_query,
    search_cases,
    search_statements,
    text_readings,
)
from offline.intake.transaction import IntakeService
from tests.cases.support import OLD_ID, OLD_PHONE, old_cases
from tests.factories import open_service


@pytest.fixture
def service(tmp_path: Path) -> IntakeService:
    return open_service(tmp_path / "profile")


def numbers(service: IntakeService, **query: object) -> list[str]:
    result = search_cases(service.store, CaseQuery(**query), today=dt.date(2026, 9, 20))  # type: ignore[arg-type]
    return [hit.case_number for hit in result.hits]


def test_each_field_finds_the_old_case(service: IntakeService) -> None:
    cases = old_cases(service)
    old = cases["old"]
    assert numbers(service, text=old) == [old]
    assert numbers(service, text=old.lower()) == [old]
    assert numbers(service, text=old[-13:]) == [old]  # 20260310-0001
    assert numbers(service, text="欧阳明月") == [old]
    assert numbers(service, text="欧阳") == [old]  # a prefix, as typed
    assert numbers(service, text="司马代理") == [old]  # the agent
    assert numbers(service, text=OLD_ID) == [old]
    assert numbers(service, text=OLD_ID[-4:]) == [old]
    assert numbers(service, text=OLD_ID[-6:]) == [old]
    assert numbers(service, text=OLD_PHONE) == [old]
    assert numbers(service, text=OLD_PHONE[-4:]) == [old]
    # 食品经营许可: every case is of that item, newest first
    assert numbers(service, text="食品经营") == [cases["recent"], cases["middle"], old]
    assert numbers(service, stage=Stage.ACCEPTED) == [cases["recent"], cases["middle"], old]
    assert numbers(service, stage=Stage.DECIDED) == []
    assert numbers(service, created_from=dt.date(2026, 3, 1), created_to=dt.date(2026, 3, 31)) == [
        old
    ]
    assert numbers(service, text="欧阳", created_from=dt.date(2026, 4, 1)) == []
    assert numbers(service, text="不存在的人") == []


def test_limit_says_there_is_more(service: IntakeService) -> None:
    cases = old_cases(service)
    result = search_cases(service.store, CaseQuery(limit=2))
    assert [h.case_number for h in result.hits] == [cases["recent"], cases["middle"]]
    assert result.more
    assert not search_cases(service.store, CaseQuery(limit=3)).more


def test_a_backwards_date_range_is_refused_in_chinese(service: IntakeService) -> None:
    with pytest.raises(SearchError, match="起始日期晚于截止日期"):
        search_cases(
            service.store,
            CaseQuery(created_from=dt.date(2026, 5, 1), created_to=dt.date(2026, 4, 1)),
        )


def test_the_light_filter_agrees_with_case_light(service: IntakeService) -> None:
    cases = old_cases(service)
    store = service.store
    calendar = store.calendar()
    rule = LightRule(2)
    with store.read() as conn:
        dues = dict(conn.execute("SELECT case_number, due_date FROM cases").fetchall())
    for today in (dt.date(2026, 3, 12) + dt.timedelta(days=n) for n in range(0, 200, 3)):
        bounds = LightBounds.of(today, calendar, rule)
        for light in Light:
            found = search_cases(store, CaseQuery(light=light), bounds=bounds)
            expected = {
                n
                for n in cases.values()
                if case_light(Stage.ACCEPTED, dt.date.fromisoformat(dues[n]), today, calendar, rule)
                is light
            }
            assert {h.case_number for h in found.hits} == expected, (today, light)
            assert all(h.light is light for h in found.hits)


@pytest.mark.parametrize(
    "text",
    ["PX01-20260310-0001", "20260310-0001", "7", "002X", "12345", "123456", "13905718642", "欧阳"],
)
def test_every_reading_is_an_index_lookup(service: IntakeService, text: str) -> None:
    bounds = LightBounds.of(dt.date(2026, 9, 20), WorkCalendar({}), LightRule(2))
    with service.store.read() as conn:
        statements = search_statements(conn, CaseQuery(text=text), bounds)
        plan = [
            row[3]
            for sql, params in statements
            if "catalog_items" not in sql  # the catalog: a few hundred rows, read whole
            for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params)
        ]
    # Allowed: reading back the hits (a union) and the page of at most 51 rows.
    allowed = ("SCAN hit", "SCAN (subquery", "SCAN page")
    scans = [step for step in plan if step.startswith("SCAN") and not step.startswith(allowed)]
    assert scans == [], plan


def test_many_hits_walk_newest_first_with_the_same_answer(tmp_path: Path) -> None:
    """A surname as it is typed matches thousands: the walk along created_at and the sort of
    the hits must give the same page."""
    import random

    from tests.bench.search import build

    store = open_service(tmp_path / "profile").store
    build(store, 4000, random.Random(3))
    bounds = LightBounds.of(dt.date(2026, 9, 20), WorkCalendar({}), LightRule(2))
    with store.read() as conn:
        for text in ("王", "李", "张伟"):
            query = CaseQuery(text=text, limit=30)
            readings = text_readings(text, [])
            pages = [
                conn.execute(*build_query(query, bounds, readings, broad)).fetchall()
                for broad in (False, True)
            ]
            assert pages[0] == pages[1] and len(pages[0]) > 0, text
            plan = " ".join(
                r[3]
                for r in conn.execute(
                    "EXPLAIN QUERY PLAN " + build_query(query, bounds, readings, True)[0],
                    build_query(query, bounds, readings, True)[1],
                )
            )
            # The walk follows the index (only the page of 31 rows is sorted again, outside).
            assert "SCAN c USING INDEX cases_created_at" in plan, plan
