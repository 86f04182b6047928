"""A refusal by 项 of 行政许可法 art. 32 ¶1 reaches the reference central over real sockets with
its 项 and competent body; the central's catalog carries the items' 补正 consequence."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from client.domain import Action
from tests.central.server import CentralServer
from tests.factories import FOOD_PERMIT, accept_request
from tests.sync.support import assert_converged, central_rows, connected_service, engine


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralServer]:
    with CentralServer(tmp_path / "central") as server:
        yield server


def test_the_central_holds_the_refusals_clause_and_body(
    central: CentralServer, tmp_path: Path
) -> None:
    service = connected_service(tmp_path / "profile", central.url)
    body = "培训县市场监督管理局城关市场监督管理所"
    refusal = dataclasses.replace(
        accept_request(service.store),
        action=Action.REFUSE,
        reason="小型餐饮登记由市场监督管理所办理",
        refusal_clause=2,
        competent_body=body,
    )
    case_id = service.submit(refusal).case_id

    report = engine(service.store).run_cycle()

    assert report.complete, report.reasons
    assert_converged(service.store, central)
    sql = "SELECT response FROM events WHERE case_id = ?"
    events = [json.loads(row[0]) for row in central_rows(central, sql, case_id)]
    refuse = next(e["body"] for e in events if e["kind"] == "refuse")
    assert (refuse["refusal_clause"], refuse["competent_body"]) == (2, body)
    assert refuse["reason"] == "小型餐饮登记由市场监督管理所办理"


def test_the_central_catalog_carries_the_supplement_consequence(central: CentralServer) -> None:
    rows = central_rows(central, "SELECT code, data FROM catalog_items")
    items = {code: json.loads(data) for code, data in rows}
    assert "视为放弃行政许可申请" in items[FOOD_PERMIT]["supplement_consequence"]
    assert "supplement_consequence" not in items["WJJ-0201"]  # no rule, no consequence
