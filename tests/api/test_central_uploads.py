"""tus uploads at the reference central: chunks with checksums, resume, creation once per
material, creation-with-upload, termination, expiry, the tuspy client, and attaching the
finished upload to its case as a material."""

from __future__ import annotations

import base64
import hashlib
import io
import time
from collections.abc import Callable
from typing import Any

import requests
from tusclient import client as tus_client

from client.generated_ids import uuid7
from tests.api.support import (
    TIMEOUT,
    Api,
    assert_problem,
    central,
    clerk,
    conforms,
    make_central,
    new_case,
)
from tests.central.server import CentralServer

__all__ = ["central", "clerk", "make_central"]  # fixtures used by name

TUS = {"Tus-Resumable": "1.0.0"}


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
