"""Old cases on a profile, each with its own applicant, agent, ID, phone, item and date."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from client.domain import ApplicantKind, IdType, IntakeRequest, Party
from offline.intake.transaction import IntakeService
from tests.factories import FOOD_PERMIT, accept_request, person, resident_id

OLD_ID = resident_id("33010219800515123")
OLD_PHONE = "13905718642"


def submit_at(service: IntakeService, when: dt.datetime, request: IntakeRequest) -> str:
    """An intake as it was done on `when`; returns its case number."""
    clock = service.clock
    service.clock = lambda: when
    try:
        return service.submit(request).case_number
    finally:
        service.clock = clock


def old_cases(service: IntakeService) -> dict[str, str]:
    """Three cases months apart; returns role -> case number ('old', 'middle', 'recent')."""
    store = service.store
    old = replace(
        accept_request(store),
        applicant=person("欧阳明月", OLD_ID, OLD_PHONE),
        agent=Party(
            ApplicantKind.PERSON,
            "司马代理",
            IdType.RESIDENT_ID,
            resident_id("11010119700101001"),
            "13600136000",
        ),
    )
    middle = replace(
        accept_request(store),
        applicant=person("李四", resident_id("44030419920202222"), "13800138000"),
    )
    recent = replace(
        accept_request(store),
        applicant=person("王小二", resident_id("51010719950303333"), "13700137000"),
    )
    tz = dt.datetime.now().astimezone().tzinfo
    return {
        "old": submit_at(service, dt.datetime(2026, 3, 10, 9, 30, tzinfo=tz), old),
        "middle": submit_at(service, dt.datetime(2026, 6, 2, 14, 0, tzinfo=tz), middle),
        "recent": submit_at(service, dt.datetime(2026, 9, 15, 10, 0, tzinfo=tz), recent),
    }


__all__ = ["FOOD_PERMIT", "OLD_ID", "OLD_PHONE", "old_cases", "submit_at"]


def cell_text(item: Any) -> str:
    """The text of a table cell that must be there."""
    assert item is not None
    return str(item.text())


def tree_text(item: Any, column: int) -> str:
    """The text of a tree row's column; the row must be there."""
    assert item is not None
    return str(item.text(column))
