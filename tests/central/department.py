"""The window's department (GET /department): what a connected window's documents print.

Each test may give the central its own department (`CentralServer(..., department={...})`, or
`None` for a central that has none configured yet); the default is a city department that is
plainly not the training one, so a document printed with the training department shows."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from tests.central.auth import Who
from tests.central.problems import ProblemError

router = APIRouter(tags=["reference"])


def default_department() -> dict[str, Any]:
    return {
        "code": "XZSP",
        "name": "示范市数据和行政审批局",
        "address": "示范市中山北路88号市民服务中心三楼",
        "phone": "0575-88123456",
        "query_url": "https://zwfw.shifan.example.gov.cn/cx?bh={case_number}",
        "review_body": "示范市人民政府",
        "court": "示范市中级人民法院",
        "seal": {
            "department_name": "示范市数据和行政审批局",
            "seal_name": "行政审批专用章",
            "code": "3306000012345",
            "diameter_mm": 42,
            "color": "#d40000",
        },
        "rules": {"refusal_requires_chief": True, "supplement_lapse": ""},
    }


@router.get("/department")
def get_department(who: Who) -> dict[str, Any]:
    department = who.context.config.department
    if department is None:
        raise ProblemError(
            404, "department-not-configured", "No department for this window", who.window_code
        )
    return department
