"""Attaching a finished upload to a case, after checking its size and whole-file sha256."""

from __future__ import annotations

import json
import sqlite3
import time
from typing import Annotated

from fastapi import APIRouter
from fastapi import Path as PathParam
from pydantic import ConfigDict, Field
from starlette.responses import JSONResponse

from tests.central.auth import Who
from tests.central.bodies import Body
from tests.central.cases import SHA256_PATTERN, UUID_PATTERN, CaseId, case_row, dump
from tests.central.problems import ProblemError
from tests.central.store import canonical, now_iso

router = APIRouter(tags=["cases"])
MaterialId = Annotated[str, PathParam(pattern=UUID_PATTERN)]
UPLOAD_ID_PATTERN = r"^[0-9a-f]{32}$"


class MaterialInput(Body):
    model_config = ConfigDict(extra="allow")

    upload_url: str | None = None
    upload_id: str | None = Field(default=None, pattern=UPLOAD_ID_PATTERN)
    sha256: str = Field(pattern=SHA256_PATTERN)
    size: int = Field(ge=0)
    material_code: str | None = None
    display_name: str | None = None
    media_type: str | None = None
    position: int | None = Field(default=None, ge=0)


@router.put("/cases/{case_id}/materials/{material_id}")
def attach_material(
    case_id: CaseId, material_id: MaterialId, body: MaterialInput, who: Who
) -> JSONResponse:
    data = dump(body)
    upload_id = body.upload_id or (body.upload_url or "").rstrip("/").rpartition("/")[2]
    if not upload_id:
        raise ProblemError(422, "invalid-request", "Invalid request", "upload_url or upload_id.")
    text = canonical(data)

    def existing(conn: sqlite3.Connection) -> JSONResponse | None:
        row = conn.execute(
            "SELECT case_id, body, response FROM materials WHERE material_id = ?", (material_id,)
        ).fetchone()
        if row is None:
            return None
        if row["case_id"] != case_id or row["body"] != text:
            raise ProblemError(
                409, "material-conflict", "Material attached with other content", material_id
            )
        return JSONResponse(json.loads(row["response"]), status_code=200)

    store = who.context.store
    with store.read() as conn:
        case_row(conn, who, case_id)
        answer = existing(conn)
        if answer is not None:
            return answer
        upload = conn.execute(
            "SELECT * FROM uploads WHERE upload_id = ? AND window_code = ?",
            (upload_id, who.window_code),
        ).fetchone()
    _check_upload(upload, upload_id, body)
    who.context.faults.pause()
    with store.write() as conn:
        answer = existing(conn)
        if answer is not None:
            return answer
        response = {
            "material_id": material_id,
            "case_id": case_id,
            "sha256": body.sha256,
            "size": body.size,
            "material_code": body.material_code,
            "display_name": body.display_name,
            "media_type": body.media_type,
            "attached_at": now_iso(),
            "body": data,
        }
        conn.execute(
            "INSERT INTO materials (material_id, case_id, upload_id, body, response)"
            " VALUES (?, ?, ?, ?, ?)",
            (material_id, case_id, upload_id, text, json.dumps(response, ensure_ascii=False)),
        )
        return JSONResponse(response, status_code=201)


def _check_upload(upload: sqlite3.Row | None, upload_id: str, body: MaterialInput) -> None:
    if upload is None:
        raise ProblemError(404, "upload-not-found", "No such upload", upload_id)
    expired = upload["state"] == "open" and upload["expires_at"] <= time.time()
    if upload["state"] == "terminated" or expired:
        raise ProblemError(409, "upload-gone", "The upload expired or was terminated", upload_id)
    if upload["state"] != "complete":
        raise ProblemError(
            409,
            "upload-incomplete",
            "The upload is not finished",
            f"{upload['offset']} of {upload['length']} bytes received.",
        )
    if upload["length"] != body.size:
        raise ProblemError(
            422, "size-mismatch", "Size differs", f"The upload has {upload['length']} bytes."
        )
    if upload["sha256"] != body.sha256:
        raise ProblemError(
            422,
            "checksum-mismatch",
            "Whole-file sha256 differs",
            f"The stored bytes have sha256 {upload['sha256']}.",
        )
