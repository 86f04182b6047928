"""A profile with a long history, built fast by bulk insert: cases, their applicant, one
material file each (purged once sent) and their outbox rows (done once sent).

What an intake writes is far slower than what a benchmark can wait for (100k cases would take
an hour); these rows have the shape the readers look at (the case, its applicant, its
operations) and nothing the readers under test ignore. `pending` cases get operations that
still wait, so a queue of any size can be built the same way.
"""

from __future__ import annotations

import datetime as dt
import json

from client.generated_ids import uuid7
from offline.storage.store import Store

ITEM = {"code": "HIST-001", "name": "历史事项", "kind": "promised", "promised_limit_days": 10}


def add_history(
    store: Store,
    cases: int,
    pending: int = 0,
    ops_per_case: int = 2,
    start: dt.datetime | None = None,
    batch: int = 5000,
) -> None:
    """`cases` cases whose operations are all done, then `pending` cases whose operations
    all wait; their creation times one minute apart from `start` (default: a year ago)."""
    first = start or dt.datetime.now().astimezone() - dt.timedelta(days=365)
    snapshot = json.dumps(ITEM, ensure_ascii=False)
    payload = json.dumps({"case": "history"})
    window = store.window_code
    total = cases + pending
    for low in range(0, total, batch):
        case_rows, party_rows, op_rows, material_rows, file_rows = [], [], [], [], []
        for n in range(low, min(total, low + batch)):
            case_id = str(uuid7())
            at = (first + dt.timedelta(minutes=n)).isoformat()
            day = at[:10]
            state = "done" if n < cases else "pending"
            # Sent cases are closed (the reconciliation asks the central about open ones).
            stage = "closed" if state == "done" else "accepted"
            case_rows.append(
                (case_id, f"H{window}{n:09d}", ITEM["code"], ITEM["name"], snapshot, stage,
                 "accept", window, "历史", at, day, day, 0, at)
            )  # fmt: skip
            party_rows.append((case_id, f"申请人{n}", f"1101{n:014d}", f"138{n:08d}"))
            material_rows.append((case_id,))
            # a sent case's file was confirmed by the central and purged here long ago
            purged = at if state == "done" else None
            file_rows.append((str(uuid7()), case_id, f"{n:064x}", at, purged, purged))
            for k in range(ops_per_case):
                kind = "case.put" if k == 0 else "material.upload"
                body = payload if k == 0 else json.dumps({"size": 4096})
                op_rows.append((str(uuid7()), case_id, kind, body, state, at, at))
        with store.write(durable=False) as db:
            conn = db.conn
            conn.executemany(
                "INSERT INTO cases (case_id, case_number, item_code, item_name, item_snapshot,"
                " stage, action, window_code, clerk, created_at, accepted_on, due_date,"
                " training, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                case_rows,
            )
            conn.executemany(
                "INSERT INTO parties (case_id, role, kind, name, id_type, id_number, phone)"
                " VALUES (?, 'applicant', 'person', ?, 'resident_id', ?, ?)",
                party_rows,
            )
            conn.executemany(
                "INSERT INTO materials (case_id, code, name, form, required_copies, requirement,"
                " applicable, original_received, copies_received)"
                " VALUES (?, 'M01', '申请书', 'original', 1, 'required', 1, 1, 0)",
                material_rows,
            )
            conn.executemany(
                "INSERT INTO material_files (file_id, case_id, material_code, position,"
                " display_name, sha256, size, media_type, stored_at, confirmed_at, purged_at)"
                " VALUES (?, ?, 'M01', 0, '申请书.pdf', ?, 4096, 'application/pdf', ?, ?, ?)",
                file_rows,
            )
            conn.executemany(
                "INSERT INTO outbox (op_id, case_id, kind, payload, state, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                op_rows,
            )
