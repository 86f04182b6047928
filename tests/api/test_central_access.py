"""The reference central as any caller meets it: the OpenAPI document it serves, tokens and
their 401s, the reference data (catalog, calendar), and the faults an admin injects (503 with
Retry-After, a reply dropped after its commit)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
import requests
import yaml
from openapi_spec_validator import validate

from client.generated_ids import uuid7
from tests.api.support import (
    TIMEOUT,
    Api,
    assert_problem,
    case_body,
    central,
    clerk,
    conforms,
    make_central,
    reviewer,
)
from tests.central.app import openapi_path
from tests.central.server import CentralServer

__all__ = ["central", "clerk", "make_central", "reviewer"]  # fixtures used by name


# --- the document ------------------------------------------------------------------------------


def test_openapi_document_is_valid() -> None:
    document = yaml.safe_load(openapi_path().read_text(encoding="utf-8"))
    validate(document)
    assert document["openapi"].startswith("3.1")
    assert {"/auth/token", "/cases/{case_id}/events", "/uploads", "/changes", "/audit"} <= set(
        document["paths"]
    )


def test_served_openapi_is_the_file(central: CentralServer) -> None:
    r = requests.get(f"{central.api}/openapi.yaml", timeout=TIMEOUT)
    assert r.status_code == 200
    assert r.content == openapi_path().read_bytes()
    served = requests.get(f"{central.api}/openapi.json", timeout=TIMEOUT).json()
    assert served == yaml.safe_load(openapi_path().read_text(encoding="utf-8"))
    assert requests.get(f"{central.url}/openapi.json", timeout=TIMEOUT).status_code == 404


# --- auth --------------------------------------------------------------------------------------


def test_auth_token_refresh_and_401s(central: CentralServer, clerk: Api) -> None:
    assert clerk.tokens["token_type"] == "Bearer" and clerk.tokens["expires_in"] > 0
    conforms(clerk.tokens, "TokenResponse")
    assert clerk("GET", "/catalog").status_code == 200
    r = requests.get(f"{central.api}/catalog", timeout=TIMEOUT)
    assert_problem(r, 401, "unauthorized")
    assert "Bearer" in r.headers["WWW-Authenticate"]
    bad = {"Authorization": "Bearer nonsense"}
    assert_problem(
        requests.get(f"{central.api}/catalog", headers=bad, timeout=TIMEOUT), 401, "invalid-token"
    )
    wrong = {"username": "clerk", "password": "nope", "window_code": "W001"}
    assert_problem(
        requests.post(f"{central.api}/auth/token", json=wrong, timeout=TIMEOUT),
        401,
        "invalid-credentials",
    )

    central.faults.update(token_ttl=0)  # every access token is now expired
    assert_problem(clerk("GET", "/catalog"), 401, "token-expired")
    refresh = {"refresh_token": clerk.tokens["refresh_token"]}
    r = requests.post(f"{central.api}/auth/refresh", json=refresh, timeout=TIMEOUT)
    assert r.status_code == 200 and r.json()["expires_in"] == 0
    central.faults.update(token_ttl=None)
    r = requests.post(f"{central.api}/auth/refresh", json=refresh, timeout=TIMEOUT)
    fresh = {"Authorization": f"Bearer {r.json()['access_token']}"}
    assert requests.get(f"{central.api}/catalog", headers=fresh, timeout=TIMEOUT).status_code == 200
    assert_problem(
        requests.post(f"{central.api}/auth/refresh", json={"refresh_token": "x"}, timeout=TIMEOUT),
        401,
        "invalid-token",
    )


def test_access_tokens_expire_after_their_lifetime(
    make_central: Callable[..., CentralServer],
) -> None:
    central = make_central(access_ttl=0.3)
    api = Api(central)
    try:
        assert api("GET", "/catalog").status_code == 200
        time.sleep(0.4)
        assert_problem(api("GET", "/catalog"), 401, "token-expired")
    finally:
        api.close()


# --- reference data ----------------------------------------------------------------------------


def test_catalog_cursor_and_calendar(clerk: Api, reviewer: Api) -> None:
    first = clerk("GET", "/catalog").json()
    conforms(first, "CatalogPage")
    assert first["items"] and first["removed"] == []
    item = next(i for i in first["items"] if i["code"] == "SCJG-0101")
    assert {"materials", "legal_basis", "promised_limit_days", "department_name"} <= set(item)
    assert clerk("GET", "/catalog", params={"since": first["cursor"]}).json()["items"] == []

    changed = {**item, "fee": "收费 10 元"}
    assert reviewer("PUT", "/backoffice/catalog/SCJG-0101", json=changed).status_code == 200
    page = clerk("GET", "/catalog", params={"since": first["cursor"]}).json()
    assert page["items"] == [changed] and page["cursor"] != first["cursor"]
    assert reviewer("DELETE", "/backoffice/catalog/SCJG-0101").status_code == 200
    page = clerk("GET", "/catalog", params={"since": page["cursor"]}).json()
    assert page["items"] == [] and page["removed"] == ["SCJG-0101"]
    assert_problem(clerk("GET", "/catalog", params={"since": "abc"}), 400, "invalid-cursor")

    year = clerk("GET", "/calendar/2026").json()
    conforms(year, "Calendar")
    assert year["year"] == 2026 and "2026-10-01" in year["holidays"]
    assert "2026-09-27" not in year["workdays"]  # a normal Sunday
    assert all(time.strptime(d, "%Y-%m-%d") for d in year["workdays"])
    assert_problem(clerk("GET", "/calendar/3000"), 404, "unknown-year")


# --- faults ------------------------------------------------------------------------------------


def test_fault_fail_next_with_retry_after(central: CentralServer, clerk: Api) -> None:
    admin = Api(central, "admin", "ADMIN")
    try:
        assert_problem(clerk("POST", "/admin/faults", json={"fail_next": 1}), 403, "forbidden")
        r = admin("POST", "/admin/faults", json={"fail_next": 2, "retry_after": 7})
        assert r.status_code == 200 and r.json()["fail_next"] == 2
        for _ in range(2):
            r = clerk("GET", "/catalog")
            conforms(assert_problem(r, 503, "service-unavailable"), "Problem")
            assert r.headers["Retry-After"] == "7"
        assert clerk("GET", "/catalog").status_code == 200
        admin(
            "POST",
            "/admin/faults",
            json={"fail_next": 1, "method": "PATCH", "path_prefix": "/uploads"},
        )
        assert clerk("GET", "/catalog").status_code == 200  # not a PATCH: untouched
        assert admin("GET", "/admin/faults").json()["fail_next"] == 1
        assert admin("DELETE", "/admin/faults").status_code == 204
        assert admin("GET", "/admin/faults").json()["fail_next"] == 0
    finally:
        admin.close()


def test_fault_drop_after_commit(central: CentralServer, clerk: Api) -> None:
    case_id = uuid7()
    central.faults.update(drop_next=1)
    with pytest.raises(requests.ConnectionError):
        clerk("PUT", f"/cases/{case_id}", json=case_body(case_id))
    assert clerk("GET", f"/cases/{case_id}").status_code == 200  # the write happened
    assert clerk("PUT", f"/cases/{case_id}", json=case_body(case_id)).status_code == 200
