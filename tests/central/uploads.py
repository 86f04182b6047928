"""tus 1.0.0 at /uploads: core, creation, creation-with-upload, checksum (sha1, sha256),
expiration and termination. Bytes go to DIR/uploads/<upload_id>; a PATCH body is first
streamed to a part file and appended only when complete and its checksum matches, so an
interrupted or corrupted chunk leaves the offset unchanged."""

from __future__ import annotations

import base64
import hashlib
import secrets
import sqlite3
import time
from contextlib import aclosing
from email.utils import formatdate
from pathlib import Path

import anyio
from fastapi import APIRouter
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from tests.central.auth import Principal, Who
from tests.central.problems import ProblemError

router = APIRouter(tags=["uploads"])
TUS = {"Tus-Resumable": "1.0.0"}
OCTETS = "application/offset+octet-stream"
ALGORITHMS = ("sha1", "sha256")
# Upload URLs are opaque to tus clients: an id we never issued, well-formed or not, is no such
# upload (404, after which a client creates a new one), never a validation error.
UploadId = str


def _problem(status: int, slug: str, title: str, detail: str = "") -> ProblemError:
    headers = dict(TUS)
    if status == 412:
        headers["Tus-Version"] = "1.0.0"
    return ProblemError(status, slug, title, detail, headers)


def _check_version(request: Request) -> None:
    if request.headers.get("tus-resumable") != "1.0.0":
        raise _problem(412, "tus-version-unsupported", "Tus-Resumable 1.0.0 required")


def _number(request: Request, name: str) -> int:
    value = request.headers.get(name, "")
    if not value.isascii() or not value.isdigit():
        raise _problem(400, "bad-request", f"{name} must be a non-negative integer")
    return int(value)


def parse_metadata(header: str) -> dict[str, str]:
    """tus Upload-Metadata: `key base64value` pairs separated by commas."""
    result: dict[str, str] = {}
    for pair in filter(None, (p.strip() for p in header.split(","))):
        key, _, value = pair.partition(" ")
        try:
            result[key] = base64.b64decode(value, validate=True).decode("utf-8")
        except ValueError:  # binascii.Error, UnicodeDecodeError, non-ASCII text
            raise _problem(400, "bad-request", "Upload-Metadata is not valid base64", key) from None
    return result


def _checksum(request: Request) -> tuple[str, bytes] | None:
    header = request.headers.get("upload-checksum")
    if header is None:
        return None
    algorithm, _, value = header.partition(" ")
    if algorithm not in ALGORITHMS:
        raise _problem(400, "checksum-algorithm-unsupported", "Use sha1 or sha256", algorithm)
    try:
        return algorithm, base64.b64decode(value, validate=True)
    except ValueError:  # binascii.Error, or non-ASCII text
        raise _problem(400, "bad-request", "Upload-Checksum is not valid base64") from None


def _expires(row: sqlite3.Row) -> dict[str, str]:
    if row["state"] != "open":
        return {}
    return {"Upload-Expires": formatdate(row["expires_at"], usegmt=True)}


def _load(who: Principal, upload_id: str) -> sqlite3.Row:
    with who.context.store.read() as conn:
        row: sqlite3.Row | None = conn.execute(
            "SELECT * FROM uploads WHERE upload_id = ? AND window_code = ?",
            (upload_id, who.window_code),
        ).fetchone()
    if row is None:
        raise _problem(404, "upload-not-found", "No such upload", upload_id)
    if row["state"] == "terminated" or (
        row["state"] == "open" and row["expires_at"] <= time.time()
    ):
        raise _problem(410, "upload-gone", "The upload expired or was terminated", upload_id)
    return row


def _path(who: Principal, upload_id: str) -> Path:
    return who.context.store.uploads_dir / upload_id


@router.options("/uploads", status_code=204)
def discover(request: Request) -> Response:
    max_size = request.app.state.context.config.max_upload_size
    headers = {
        **TUS,
        "Tus-Version": "1.0.0",
        "Tus-Extension": "creation,creation-with-upload,checksum,expiration,termination",
        "Tus-Max-Size": str(max_size),
        "Tus-Checksum-Algorithm": ",".join(ALGORITHMS),
    }
    return Response(status_code=204, headers=headers)


@router.post("/uploads")
async def create(request: Request, who: Who) -> Response:
    _check_version(request)
    length = _number(request, "upload-length")
    cfg = who.context.config
    if length > cfg.max_upload_size:
        raise _problem(413, "upload-too-large", "Upload-Length exceeds Tus-Max-Size")
    raw_metadata = request.headers.get("upload-metadata", "")
    material_id = parse_metadata(raw_metadata).get("material_id")
    with_body = request.headers.get("content-type", "").split(";")[0].strip() == OCTETS
    checksum = _checksum(request)  # a malformed header is a 400 even without a body
    now = time.time()
    with who.context.store.write() as conn:
        row = None
        if material_id:
            row = conn.execute(
                "SELECT * FROM uploads WHERE window_code = ? AND material_id = ?"
                " AND (state = 'complete' OR (state = 'open' AND expires_at > ?))",
                (who.window_code, material_id, now),
            ).fetchone()
        if row is not None and row["length"] != length:
            raise _problem(409, "upload-conflict", "This material has an upload of another size")
        if row is None:
            upload_id = secrets.token_hex(16)
            conn.execute(
                "INSERT INTO uploads (upload_id, window_code, material_id, length, offset,"
                " metadata, sha256, state, created_at, expires_at)"
                " VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, ?)",
                (
                    upload_id,
                    who.window_code,
                    material_id,
                    length,
                    raw_metadata,
                    hashlib.sha256(b"").hexdigest() if length == 0 else None,
                    "complete" if length == 0 else "open",
                    now,
                    now + cfg.upload_ttl,
                ),
            )
            _path(who, upload_id).touch()
            existed = False
        else:
            upload_id, existed = row["upload_id"], True
    row = _load(who, upload_id)
    if with_body and not existed and length:
        try:
            row = await _append(request, who, row, checksum)
        except ProblemError as error:
            if error.status != 460:  # a bad first chunk still leaves a usable upload
                raise
    headers = {
        **TUS,
        "Location": str(request.url_for("tus_offset", upload_id=upload_id)),
        "Upload-Offset": str(row["offset"]),
        **_expires(row),
    }
    return Response(status_code=201, headers=headers)


@router.head("/uploads/{upload_id}", name="tus_offset")
def offset(upload_id: UploadId, request: Request, who: Who) -> Response:
    try:
        _check_version(request)
        row = _load(who, upload_id)
    except ProblemError as error:  # HEAD answers carry no body
        return Response(status_code=error.status, headers=error.headers)
    headers = {
        **TUS,
        "Upload-Offset": str(row["offset"]),
        "Upload-Length": str(row["length"]),
        "Cache-Control": "no-store",
        **_expires(row),
    }
    if row["metadata"]:
        headers["Upload-Metadata"] = row["metadata"]
    return Response(status_code=200, headers=headers)


@router.patch("/uploads/{upload_id}")
async def patch(upload_id: UploadId, request: Request, who: Who) -> Response:
    _check_version(request)
    if request.headers.get("content-type", "").split(";")[0].strip() != OCTETS:
        raise _problem(415, "unsupported-media-type", f"Content-Type must be {OCTETS}")
    claimed = _number(request, "upload-offset")
    checksum = _checksum(request)
    row = _load(who, upload_id)
    if claimed != row["offset"]:
        raise _offset_mismatch(row)
    row = await _append(request, who, row, checksum, claimed)
    return Response(
        status_code=204, headers={**TUS, "Upload-Offset": str(row["offset"]), **_expires(row)}
    )


@router.delete("/uploads/{upload_id}", status_code=204)
def terminate(upload_id: UploadId, request: Request, who: Who) -> Response:
    _check_version(request)
    _load(who, upload_id)
    who.context.faults.pause()
    with who.context.store.write() as conn:
        conn.execute("UPDATE uploads SET state = 'terminated' WHERE upload_id = ?", (upload_id,))
    _path(who, upload_id).unlink(missing_ok=True)
    return Response(status_code=204, headers=TUS)


async def _append(
    request: Request,
    who: Principal,
    row: sqlite3.Row,
    checksum: tuple[str, bytes] | None,
    claimed: int | None = None,
) -> sqlite3.Row:
    """Receive one request body at the upload's offset; all or nothing. `claimed` is the
    client's Upload-Offset, checked again once the lock is ours (the PATCH we took it from
    may just have moved the offset)."""
    upload_id = row["upload_id"]
    cfg = who.context.config
    lease = await who.context.upload_locks.acquire(upload_id, cfg.lock_takeover_seconds)
    if lease is None:
        raise _problem(409, "upload-locked", "Another PATCH of this upload is in progress")
    part = who.context.store.uploads_dir / f"{upload_id}.{secrets.token_hex(4)}.part"
    try:
        row = _load(who, upload_id)
        if claimed is not None and claimed != row["offset"]:
            raise _offset_mismatch(row)
        remaining = row["length"] - row["offset"]
        hasher = hashlib.new(checksum[0]) if checksum else None
        received = 0
        with lease.receiving, part.open("wb") as out:
            async with aclosing(request.stream()) as stream:
                while True:
                    with anyio.move_on_after(cfg.body_idle_seconds) as idle:
                        chunk = await anext(stream, None)
                    if idle.cancelled_caught:
                        raise _problem(400, "bad-request", "Nothing arrived of the body in time")
                    if chunk is None:
                        break
                    received += len(chunk)
                    if received > remaining:
                        raise _problem(413, "upload-too-large", "More bytes than Upload-Length")
                    out.write(chunk)
                    if hasher:
                        hasher.update(chunk)
        if lease.receiving.cancelled_caught:  # a newer PATCH of this upload took over
            raise _problem(409, "upload-locked", "A newer PATCH of this upload took over")
        if checksum and hasher and hasher.digest() != checksum[1]:
            raise _problem(460, "upload-checksum-mismatch", "Checksum mismatch", checksum[0])
        await anyio.sleep(who.context.faults.delay_seconds)
        return await anyio.to_thread.run_sync(_commit, who, row, part, received)
    except ClientDisconnect:
        raise _problem(400, "bad-request", "The client went away mid-body") from None
    finally:
        part.unlink(missing_ok=True)
        who.context.upload_locks.release(lease)


def _offset_mismatch(row: sqlite3.Row) -> ProblemError:
    return _problem(
        409,
        "upload-offset-mismatch",
        "Upload-Offset differs from the server's",
        f"The server has {row['offset']} bytes.",
    )


def _commit(who: Principal, row: sqlite3.Row, part: Path, received: int) -> sqlite3.Row:
    upload_id, offset = row["upload_id"], row["offset"]
    data = _path(who, upload_id)
    with who.context.store.write() as conn:
        with data.open("r+b") as out, part.open("rb") as src:
            out.seek(offset)
            while block := src.read(1 << 20):
                out.write(block)
            out.truncate()
        new_offset = offset + received
        complete = new_offset == row["length"]
        conn.execute(
            "UPDATE uploads SET offset = ?, expires_at = ?, state = ?, sha256 = ?"
            " WHERE upload_id = ?",
            (
                new_offset,
                time.time() + who.context.config.upload_ttl,
                "complete" if complete else "open",
                _file_sha256(data) if complete else None,
                upload_id,
            ),
        )
        result: sqlite3.Row = conn.execute(
            "SELECT * FROM uploads WHERE upload_id = ?", (upload_id,)
        ).fetchone()
        return result


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            h.update(block)
    return h.hexdigest()
