"""The reference central service, over real HTTP on loopback (issue 3, items 1 and 2)."""

from __future__ import annotations

import base64
import hashlib
import io
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate
from tusclient import client as tus_client

from client.generated_ids import uuid7
from offline.storage.audit import GENESIS, canonical_json, record_hash
from tests.central.app import openapi_path
from tests.central.server import CentralServer

TIMEOUT = 10
PROBLEMS = "https://chuangkou.example/problems/"
TUS = {"Tus-Resumable": "1.0.0"}


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


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def create_upload(api: Api, content: bytes, material_id: str, **extra: Any) -> requests.Response:
    sha = hashlib.sha256(content).hexdigest()
    metadata = f"material_id {b64(material_id)},sha256 {b64(sha)}"
    headers = {**TUS, "Upload-Length": str(len(content)), "Upload-Metadata": metadata}
    headers.update(extra.pop("headers", {}))
    return api("POST", "/uploads", headers=headers, **extra)


def patch(
    api: Api,
    url: str,
    offset: int,
    chunk: bytes,
    algorithm: str = "sha256",
    checksum_of: bytes | None = None,
) -> requests.Response:
    digest = hashlib.new(algorithm, chunk if checksum_of is None else checksum_of).digest()
    headers = {
        **TUS,
        "Upload-Offset": str(offset),
        "Content-Type": "application/offset+octet-stream",
        "Upload-Checksum": f"{algorithm} {base64.b64encode(digest).decode()}",
    }
    return api("PATCH", url, data=chunk, headers=headers)


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


# --- cases and events --------------------------------------------------------------------------


def test_put_case_create_replay_conflict(clerk: Api, central: CentralServer) -> None:
    case_id = uuid7()
    body = case_body(case_id)
    created = clerk("PUT", f"/cases/{case_id}", json=body)
    assert created.status_code == 201
    assert created.json()["stage"] == "applied" and created.json()["case"] == body
    replay = clerk("PUT", f"/cases/{case_id}", json=body)
    assert replay.status_code == 200 and replay.json() == created.json()
    assert_problem(
        clerk("PUT", f"/cases/{case_id}", json={**body, "clerk": "other"}), 409, "case-conflict"
    )
    assert clerk("GET", f"/cases/{case_id}").json() == created.json()
    assert_problem(
        clerk("PUT", f"/cases/{case_id}", json=case_body(case_id, "W999")), 403, "window-mismatch"
    )
    other = Api(central, window="W002")
    try:
        assert_problem(other("GET", f"/cases/{case_id}"), 404, "case-not-found")
    finally:
        other.close()
    assert_problem(clerk("GET", f"/cases/{uuid7()}"), 404, "case-not-found")
    assert_problem(
        clerk("PUT", f"/cases/{case_id}", json={"case_id": case_id}), 422, "invalid-request"
    )


def test_event_idempotency(clerk: Api) -> None:
    case_id = new_case(clerk, accepted=False)
    event_id = uuid7()
    body = event_body(event_id)
    key = {"Idempotency-Key": event_id}
    first = clerk("POST", f"/cases/{case_id}/events", json=body, headers=key)
    assert first.status_code == 201 and "Idempotent-Replayed" not in first.headers
    again = clerk("POST", f"/cases/{case_id}/events", json=body, headers=key)
    assert again.status_code == 201 and again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert_problem(
        clerk("POST", f"/cases/{case_id}/events", json={**body, "reason": "x"}, headers=key),
        422,
        "idempotency-key-reused",
    )
    other = uuid7()
    assert_problem(
        clerk("POST", f"/cases/{case_id}/events", json=body, headers={"Idempotency-Key": other}),
        422,
        "idempotency-key-mismatch",
    )
    assert_problem(clerk("POST", f"/cases/{case_id}/events", json=body), 422, "invalid-request")
    case = clerk("GET", f"/cases/{case_id}").json()
    conforms(case, "Case")
    conforms(first.json(), "Event")
    assert case["stage"] == "accepted" and [e["event_id"] for e in case["events"]] == [event_id]


def test_event_in_flight_answers_409(clerk: Api, central: CentralServer) -> None:
    case_id = new_case(clerk, accepted=False)
    event_id = uuid7()
    body, key = event_body(event_id), {"Idempotency-Key": event_id}
    central.faults.update(delay_ms=1000)
    results: list[requests.Response] = []
    first = threading.Thread(
        target=lambda: results.append(
            clerk("POST", f"/cases/{case_id}/events", json=body, headers=key)
        )
    )
    first.start()
    time.sleep(0.3)
    second = requests.post(
        f"{clerk.base}/cases/{case_id}/events",
        json=body,
        headers={**key, **clerk.session.headers},
        timeout=TIMEOUT,
    )
    first.join(TIMEOUT)
    central.faults.update(delay_ms=0)
    assert_problem(second, 409, "idempotency-key-in-flight")
    assert results[0].status_code == 201
    replay = clerk("POST", f"/cases/{case_id}/events", json=body, headers=key)
    assert replay.status_code == 201 and replay.json() == results[0].json()


# --- uploads (tus) -----------------------------------------------------------------------------


def test_tus_chunks_checksums_resume_and_attach(clerk: Api, central: CentralServer) -> None:
    options = requests.options(f"{central.api}/uploads", timeout=TIMEOUT)
    assert options.status_code == 204
    assert "checksum" in options.headers["Tus-Extension"]
    assert options.headers["Tus-Checksum-Algorithm"] == "sha1,sha256"

    case_id = new_case(clerk)
    data = bytes(range(256)) * 400  # 102,400 bytes
    material_id = uuid7()
    created = create_upload(clerk, data, material_id)
    assert created.status_code == 201 and created.headers["Upload-Offset"] == "0"
    assert "GMT" in created.headers["Upload-Expires"]
    url = created.headers["Location"]
    assert url.startswith(central.api + "/uploads/")
    half = len(data) // 2

    r = patch(clerk, url, 0, data[:half], checksum_of=b"something else")
    assert_problem(r, 460, "upload-checksum-mismatch")
    head = clerk("HEAD", url, headers=TUS)
    assert head.headers["Upload-Offset"] == "0" and head.headers["Cache-Control"] == "no-store"
    assert head.headers["Upload-Length"] == str(len(data))

    r = patch(clerk, url, 0, data[:half])
    assert r.status_code == 204 and r.headers["Upload-Offset"] == str(half)
    assert_problem(patch(clerk, url, 0, data[:half]), 409, "upload-offset-mismatch")
    offset = int(clerk("HEAD", url, headers=TUS).headers["Upload-Offset"])  # resume
    assert offset == half
    attach = {
        "upload_url": url,
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": len(data),
        "material_code": "SCJG-0101-M01",
        "display_name": "申请书.pdf",
    }
    assert_problem(
        clerk("PUT", f"/cases/{case_id}/materials/{material_id}", json=attach),
        409,
        "upload-incomplete",
    )
    r = patch(clerk, url, offset, data[offset:], algorithm="sha1")
    assert r.status_code == 204 and r.headers["Upload-Offset"] == str(len(data))
    assert "Upload-Expires" not in r.headers  # finished uploads do not expire

    wrong = {**attach, "sha256": hashlib.sha256(b"other").hexdigest()}
    assert_problem(
        clerk("PUT", f"/cases/{case_id}/materials/{material_id}", json=wrong),
        422,
        "checksum-mismatch",
    )
    attached = clerk("PUT", f"/cases/{case_id}/materials/{material_id}", json=attach)
    assert attached.status_code == 201, attached.text
    again = clerk("PUT", f"/cases/{case_id}/materials/{material_id}", json=attach)
    assert again.status_code == 200 and again.json() == attached.json()
    assert_problem(
        clerk(
            "PUT", f"/cases/{case_id}/materials/{material_id}", json={**attach, "display_name": "x"}
        ),
        409,
        "material-conflict",
    )
    conforms(attached.json(), "Material")
    case = clerk("GET", f"/cases/{case_id}").json()
    conforms(case, "Case")
    material = case["materials"][0]
    assert material["material_id"] == material_id
    assert material["sha256"] == attach["sha256"] and material["size"] == len(data)
    stored = central.context.store.uploads_dir / url.rsplit("/", 1)[1]
    assert stored.read_bytes() == data


def test_tus_creation_is_idempotent_per_material(clerk: Api) -> None:
    data = b"x" * 1000
    material_id = uuid7()
    first = create_upload(clerk, data, material_id)
    url = first.headers["Location"]
    assert patch(clerk, url, 0, data[:300]).status_code == 204
    second = create_upload(clerk, data, material_id)
    assert second.status_code == 201
    assert second.headers["Location"] == url and second.headers["Upload-Offset"] == "300"
    assert_problem(create_upload(clerk, data + b"y", material_id), 409, "upload-conflict")
    assert create_upload(clerk, data, uuid7()).headers["Location"] != url


def test_tus_creation_with_upload_termination_and_errors(clerk: Api) -> None:
    data = b"0123456789" * 50
    digest = base64.b64encode(hashlib.sha256(data[:200]).digest()).decode()
    headers = {
        "Content-Type": "application/offset+octet-stream",
        "Upload-Checksum": f"sha256 {digest}",
    }
    r = create_upload(clerk, data, uuid7(), data=data[:200], headers=headers)
    assert r.status_code == 201 and r.headers["Upload-Offset"] == "200"
    url = r.headers["Location"]
    assert clerk("DELETE", url, headers=TUS).status_code == 204
    assert clerk("HEAD", url, headers=TUS).status_code == 410
    assert_problem(patch(clerk, url, 200, data[200:]), 410, "upload-gone")
    assert_problem(clerk("DELETE", url, headers=TUS), 410, "upload-gone")

    url = create_upload(clerk, data, uuid7()).headers["Location"]
    r = clerk("PATCH", url, data=b"abc", headers={**TUS, "Upload-Offset": "0"})
    assert_problem(r, 415, "unsupported-media-type")
    r = clerk(
        "PATCH",
        url,
        data=b"abc",
        headers={"Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"},
    )
    assert_problem(r, 412, "tus-version-unsupported")
    assert r.headers["Tus-Version"] == "1.0.0"
    r = patch(clerk, url, 0, b"a" * 501)
    assert_problem(r, 413, "upload-too-large")
    r = clerk(
        "PATCH",
        url,
        data=b"abc",
        headers={
            **TUS,
            "Upload-Offset": "0",
            "Content-Type": "application/offset+octet-stream",
            "Upload-Checksum": "md5 AAAA",
        },
    )
    assert_problem(r, 400, "checksum-algorithm-unsupported")
    assert clerk("HEAD", url, headers=TUS).headers["Upload-Offset"] == "0"
    assert clerk("HEAD", url.rsplit("/", 1)[0] + "/" + "0" * 32, headers=TUS).status_code == 404


def test_tus_expiration(make_central: Callable[..., CentralServer]) -> None:
    central = make_central(upload_ttl=0.3)
    api = Api(central)
    try:
        data = b"z" * 100
        material_id = uuid7()
        url = create_upload(api, data, material_id).headers["Location"]
        assert patch(api, url, 0, data[:50]).status_code == 204
        time.sleep(0.45)
        assert api("HEAD", url, headers=TUS).status_code == 410
        assert_problem(patch(api, url, 50, data[50:]), 410, "upload-gone")
        fresh = create_upload(api, data, material_id)  # the expired one is not reused
        assert fresh.headers["Location"] != url and fresh.headers["Upload-Offset"] == "0"
    finally:
        api.close()


def test_tuspy_uploads_and_the_stored_sha256_matches(clerk: Api, central: CentralServer) -> None:
    case_id = new_case(clerk)
    data = hashlib.sha256(b"seed").digest() * 3000  # 96,000 bytes
    sha = hashlib.sha256(data).hexdigest()
    material_id = uuid7()
    tus = tus_client.TusClient(
        f"{central.api}/uploads",
        headers={"Authorization": f"Bearer {clerk.tokens['access_token']}"},
    )
    uploader = tus.uploader(
        file_stream=io.BytesIO(data),
        chunk_size=40_000,
        upload_checksum=True,
        metadata={"material_id": material_id, "sha256": sha},
    )
    uploader.upload()
    assert uploader.url is not None
    attach = {"upload_url": uploader.url, "sha256": sha, "size": len(data)}
    r = clerk("PUT", f"/cases/{case_id}/materials/{material_id}", json=attach)
    assert r.status_code == 201, r.text
    stored = central.context.store.uploads_dir / uploader.url.rsplit("/", 1)[1]
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == sha


# --- back office and the changes feed ----------------------------------------------------------


def test_backoffice_advance_and_changes_feed(
    clerk: Api, reviewer: Api, central: CentralServer
) -> None:
    case_id = new_case(clerk)
    assert clerk("GET", "/changes").json() == {"changes": [], "cursor": "0", "has_more": False}
    path = f"/backoffice/cases/{case_id}/advance"
    assert_problem(
        clerk("POST", path, json={"to": "first_review", "handler": "李四"}), 403, "forbidden"
    )
    assert_problem(
        reviewer("POST", path, json={"to": "decided", "handler": "李四"}), 409, "invalid-transition"
    )
    for to in ("first_review", "second_review"):
        assert reviewer("POST", path, json={"to": to, "handler": "李四"}).status_code == 200
    decision = {
        "approved": True,
        "document_number": "培市监准字〔2026〕第0001号",
        "content": "准予个体工商户设立登记。",
        "reasons": "",
        "valid_from": "2026-11-23",
        "valid_until": "2031-11-22",
    }
    r = reviewer("POST", path, json={"to": "decided", "handler": "王五", "decision": decision})
    assert r.status_code == 200 and r.json()["stage"] == "decided"
    r = reviewer(
        "POST",
        f"/backoffice/cases/{case_id}/supervision",
        json={"status": "warning", "handler": "督办员", "note": "临近时限"},
    )
    assert r.status_code == 200

    page = clerk("GET", "/changes", params={"limit": 2}).json()
    conforms(page, "ChangePage")
    assert page["has_more"] is True
    assert [c["to_stage"] for c in page["changes"]] == ["first_review", "second_review"]
    assert page["changes"][0]["from_stage"] == "accepted"
    assert all(
        c["handler"] == "李四" and c["at"] and c["case_id"] == case_id for c in page["changes"]
    )
    rest = clerk("GET", "/changes", params={"cursor": page["cursor"]}).json()
    conforms(rest, "ChangePage")
    kinds = [c["kind"] for c in rest["changes"]]
    assert kinds == ["stage", "decision", "supervision"] and rest["has_more"] is False
    recorded = rest["changes"][1]["decision"]
    assert recorded["document_number"] == decision["document_number"]
    assert recorded["valid_until"] == "2031-11-22" and recorded["handler"] == "王五"
    assert recorded["legal_basis"]  # the item's, by default
    ids = [c["change_id"] for c in page["changes"] + rest["changes"]]
    assert ids == sorted(ids)
    empty = clerk("GET", "/changes", params={"cursor": rest["cursor"]}).json()
    assert empty == {"changes": [], "cursor": rest["cursor"], "has_more": False}
    other = Api(central, window="W002")
    try:
        assert other("GET", "/changes").json()["changes"] == []
    finally:
        other.close()
    case = clerk("GET", f"/cases/{case_id}").json()
    conforms(case, "Case")
    assert case["decision"]["approved"] is True and case["supervision"]["status"] == "warning"


def test_auto_advance_decides_accepted_cases(make_central: Callable[..., CentralServer]) -> None:
    """The back office decides a 承诺件 by itself; an 即办件 waits for the window's decision."""
    central = make_central(auto_advance=0.1)
    api = Api(central)
    try:
        immediate = new_case(api)  # SCJG-0101, an 即办件
        case_id = new_case(api, item_code="SCJG-0102")
        deadline = time.monotonic() + 5
        while api("GET", f"/cases/{case_id}").json()["stage"] != "decided":
            assert time.monotonic() < deadline, "auto-advance did not decide the case"
            time.sleep(0.05)
        changes = api("GET", "/changes").json()["changes"]
        assert [c["kind"] for c in changes] == ["stage", "stage", "stage", "decision"]
        assert {c["case_id"] for c in changes} == {case_id}
        assert changes[-1]["decision"]["document_number"]
        assert api("GET", f"/cases/{immediate}").json()["stage"] == "accepted"
    finally:
        api.close()


# --- audit -------------------------------------------------------------------------------------


def audit_chain(n: int, prev: str = GENESIS, window: str = "W001") -> list[dict[str, Any]]:
    """Records made by the client's own hashing (offline/storage/audit.py)."""
    records = []
    for i in range(n):
        record = {
            "record_id": uuid7(),
            "at": "2026-11-22T09:15:00.000+08:00",
            "actor": "clerk",
            "window_code": window,
            "action": "intake.accept",
            "case_id": str(uuid.uuid4()) if i % 2 else None,
            "details": canonical_json({"n": i, "名": "值"}),
            "prev_hash": prev,
        }
        record["hash"] = prev = record_hash(record)
        records.append(record)
    return records


def test_audit_batches_chain_and_idempotency(clerk: Api) -> None:
    first = audit_chain(3)
    r = clerk("POST", "/audit", json={"records": first})
    conforms(r.json(), "AuditResult")
    assert r.json() == {"stored": 3, "duplicates": 0, "last_hash": first[-1]["hash"]}
    assert clerk("POST", "/audit", json={"records": first}).json()["duplicates"] == 3
    second = audit_chain(2, prev=first[-1]["hash"])
    r = clerk("POST", "/audit", json={"records": first[-1:] + second})
    assert r.json() == {"stored": 2, "duplicates": 1, "last_hash": second[-1]["hash"]}

    # A window connected after local set-up starts its central chain with a later record.
    anchored = audit_chain(2, prev="a" * 64, window="W002")
    other = Api(clerk.central, window="W002")
    try:
        assert other("POST", "/audit", json={"records": anchored}).json()["stored"] == 2
        later = audit_chain(1, prev="b" * 64, window="W002")
        assert_problem(other("POST", "/audit", json={"records": later}), 422, "audit-chain-broken")
    finally:
        other.close()
    broken = audit_chain(1, prev=first[0]["hash"])
    assert_problem(clerk("POST", "/audit", json={"records": broken}), 422, "audit-chain-broken")
    tampered = audit_chain(1, prev=second[-1]["hash"])
    tampered[0]["actor"] = "mallory"
    assert_problem(clerk("POST", "/audit", json={"records": tampered}), 422, "audit-hash-mismatch")
    conflict = {**first[0], "hash": "f" * 64}
    assert_problem(
        clerk("POST", "/audit", json={"records": [conflict]}), 409, "audit-record-conflict"
    )
    assert_problem(
        clerk("POST", "/audit", json={"records": audit_chain(1, window="W9")}),
        403,
        "window-mismatch",
    )
    # a rejected batch stores nothing: the chain still ends where it did
    following = audit_chain(1, prev=second[-1]["hash"])
    assert clerk("POST", "/audit", json={"records": following}).json()["stored"] == 1


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
