"""One outbox operation delivered to the central system: a case, an event, or a material
(uploaded through tus, then attached after the central checked its sha256)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from client.central.api import CentralClient, ProblemError
from client.central.replies import same
from client.central.tus import TusUploader
from client.i18n import translate
from offline.storage.store import Store
from offline.sync.outbox import Operation, utc_now
from offline.sync.uploads import upload_material

Progress = Callable[[int, int], None]  # bytes sent, bytes in all


def _t(text: str) -> str:
    return translate("sync", text)


def deliver(
    op: Operation,
    client: CentralClient,
    store: Store,
    uploader: TusUploader,
    progress: Progress,
    cancelled: Callable[[], bool],
) -> tuple[str, tuple[Any, ...]] | None:
    """Send `op`; returns SQL to commit together with its 'done' mark (or None)."""
    payload, case = op.payload, op.case_id
    if op.kind == "case.put":
        answer = client.call("putCase", "PUT", f"/cases/{case}", json=payload)
        same("putCase", answer, case_id=case)
        same("putCase", answer["case"], case_id=case, case_number=payload.get("case_number"))
        return None
    if op.kind == "event.post":
        event = str(payload["event_id"])
        key = {"Idempotency-Key": event}
        path = f"/cases/{case}/events"
        answer = client.call("postEvent", "POST", path, json=payload, headers=key)
        same("postEvent", answer, event_id=event, case_id=case, kind=payload.get("kind"))
        return None
    if op.kind == "material.upload":
        return _upload_and_attach(op, client, store, uploader, progress, cancelled)
    raise ProblemError(400, "unknown-operation", _t("未知的操作类型"), op.kind)


def _upload_and_attach(
    op: Operation,
    client: CentralClient,
    store: Store,
    uploader: TusUploader,
    progress: Progress,
    cancelled: Callable[[], bool],
) -> tuple[str, tuple[Any, ...]]:
    payload = op.payload
    url = upload_material(store, uploader, op.op_id, progress, cancelled=cancelled)
    body = {
        "upload_url": url,
        "sha256": payload["sha256"],
        "size": payload["size"],
        "material_code": payload.get("material_code"),
        "display_name": payload.get("display_name"),
        "media_type": payload.get("media_type"),
        "position": payload.get("position"),
    }
    file_id = payload["file_id"]
    path = f"/cases/{op.case_id}/materials/{file_id}"
    answer = client.call("attachMaterial", "PUT", path, json=body)
    # A 2xx naming another file is not the central's answer to this request (it checks the
    # sha256 itself and refuses with 422): a link fault, never a confirmation.
    same(
        "attachMaterial",
        answer,
        material_id=file_id,
        case_id=op.case_id,
        sha256=payload["sha256"],
        size=payload["size"],
    )
    return (
        "UPDATE material_files SET confirmed_at = ? WHERE file_id = ?",
        (utc_now().isoformat(), file_id),
    )
