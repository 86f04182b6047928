"""Shared by the reference-central tests: a logged-in session per window, the servers it talks
to (fixtures), problem+json and contract-schema checks, and request bodies for a case."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml
from openapi_schema_validator import OAS31Validator

from client.generated_ids import uuid7
from tests.central.app import openapi_path
from tests.central.server import CentralServer

TIMEOUT = 10
PROBLEMS = "https://chuangkou.example/problems/"


class Api:
    """A requests session logged in at a window, with a timeout on every call."""

    def __init__(self, central: CentralServer, user: str = "clerk", window: str = "W001") -> None:
        self.central = central
        self.base = central.api
        self.session = requests.Session()
        self.tokens = self.login(user, window)
        self.session.headers["Authorization"] = f"Bearer {self.tokens['access_token']}"

    def login(self, user: str, window: str) -> dict[str, Any]:
        body = {"username": user, "password": f"{user}-pass", "window_code": window}
        r = requests.post(f"{self.base}/auth/token", json=body, timeout=TIMEOUT)
        assert r.status_code == 200, r.text
        tokens: dict[str, Any] = r.json()
        return tokens

    def __call__(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", TIMEOUT)
        url = path if path.startswith("http") else self.base + path
        return self.session.request(method, url, **kwargs)

    def close(self) -> None:
        self.session.close()


@pytest.fixture
def make_central(tmp_path: Path) -> Iterator[Callable[..., CentralServer]]:
    started: list[CentralServer] = []

    def make(**config: Any) -> CentralServer:
        server = CentralServer(tmp_path / f"central{len(started)}", **config)
        started.append(server)
        return server.start()

    yield make
    for server in started:
        server.stop()


@pytest.fixture
def central(make_central: Callable[..., CentralServer]) -> CentralServer:
    return make_central()


@pytest.fixture
def clerk(central: CentralServer) -> Iterator[Api]:
    api = Api(central)
    yield api
    api.close()


@pytest.fixture
def reviewer(central: CentralServer) -> Iterator[Api]:
    api = Api(central, "reviewer", "BACKOFFICE")
    yield api
    api.close()


def assert_problem(r: requests.Response, status: int, slug: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["Content-Type"].startswith("application/problem+json")
    body: dict[str, Any] = r.json()
    assert body["type"] == PROBLEMS + slug, body
    assert body["status"] == status and body["title"]
    return body


def conforms(body: Any, schema: str) -> None:
    """The body matches the named schema of the contract."""
    document = yaml.safe_load(openapi_path().read_text(encoding="utf-8"))
    root = {"$ref": f"#/components/schemas/{schema}", "components": document["components"]}
    OAS31Validator(root).validate(body)


def party() -> dict[str, str]:
    return {
        "kind": "person",
        "name": "张三",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
    }


def case_body(
    case_id: str,
    window: str = "W001",
    number: str = "W001-20261122-0001",
    item_code: str = "SCJG-0101",
) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "case_number": number,
        "item_code": item_code,
        "window_code": window,
        "clerk": "clerk",
        "created_at": "2026-11-22T09:15:00.000+08:00",
        "applicant": party(),
        "agent": None,
    }


def event_body(event_id: str, kind: str = "accept", stage: str = "accepted") -> dict[str, Any]:
    return {
        "event_id": event_id,
        "kind": kind,
        "stage": stage,
        "occurred_at": "2026-11-22T09:16:00.000+08:00",
        "actor": "clerk",
        "reason": "",
        "due_date": "2026-12-04",
    }


def new_case(api: Api, accepted: bool = True, item_code: str = "SCJG-0101") -> str:
    case_id = uuid7()
    body = case_body(case_id, number=case_id, item_code=item_code)
    assert api("PUT", f"/cases/{case_id}", json=body).status_code == 201
    if accepted:
        event_id = uuid7()
        r = api(
            "POST",
            f"/cases/{case_id}/events",
            json=event_body(event_id),
            headers={"Idempotency-Key": event_id},
        )
        assert r.status_code == 201, r.text
    return case_id
