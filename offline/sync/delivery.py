"""One outbox operation delivered to the central system: a case, an event, or a material
(uploaded through tus, then attached after the central checked its sha256)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from client.central.api import CentralClient, ProblemError
from client.central.tus import TusUploader
from client.i18n import translate
from offline.store import Store
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
        client.request("PUT", f"/cases/{case}", json=payload)
        return None
    if op.kind == "event.post":
        key = {"Idempotency-Key": str(payload["event_id"])}
        client.request("POST", f"/cases/{case}/events", json=payload, headers=key)
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
    answer = client.request("PUT", f"/cases/{op.case_id}/materials/{file_id}", json=body).json()
    if answer.get("sha256") != payload["sha256"] or answer.get("size") != payload["size"]:
        raise ProblemError(
            422,
            "checksum-mismatch",
            _t("中心系统保存的材料与本地不一致"),
            _t("中心系统保存的材料与本地不一致"),
        )
    return (
        "UPDATE material_files SET confirmed_at = ? WHERE file_id = ?",
        (utc_now().isoformat(), file_id),
    )
