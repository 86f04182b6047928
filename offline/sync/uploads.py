"""Sending one `material.upload` outbox operation with the tus client.

The upload URL is written into the outbox row the moment the server hands it out, in its own
small transaction, so a restart (or a crash) resumes from the server's offset instead of
sending the file again from zero.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

from client.central.tus import TusUploader, UploadSource
from offline.storage.store import Store


class UploadOperationMissing(LookupError):
    pass


def upload_material(
    store: Store,
    uploader: TusUploader,
    op_id: str,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> str:
    """Upload the file of outbox operation `op_id`; returns the finished upload's URL."""
    with store.read() as conn:
        row = conn.execute(
            "SELECT payload, upload_url FROM outbox WHERE op_id = ? AND kind = 'material.upload'",
            (op_id,),
        ).fetchone()
    if row is None:
        raise UploadOperationMissing(op_id)
    payload = json.loads(row[0])
    sha = str(payload["sha256"])
    source = UploadSource(
        path=store.files.path_of(sha),
        material_id=payload["file_id"],
        sha256=sha,
        case_id=payload["case_id"],
        opener=lambda: store.files.open(sha),  # the plaintext: the file is encrypted at rest
    )

    def remember(url: str) -> None:
        stamp = dt.datetime.now().astimezone().isoformat(timespec="milliseconds")
        with store.write() as db:
            db.conn.execute(
                "UPDATE outbox SET upload_url = ?, updated_at = ? WHERE op_id = ?",
                (url, stamp, op_id),
            )

    return uploader.upload(
        source, url=row[1], on_created=remember, progress=progress, cancelled=cancelled
    )
