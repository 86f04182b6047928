"""督办 (not part of the contract's back office, like backoffice.py): the supervision office
issues an order about a case with a deadline; it reaches the window through the changes feed
(kind `supervision_order`), and the window's answer arrives as a `supervision.reply` event."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import uuid
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from tests.central.backoffice import Reviewer
from tests.central.cases import UUID_PATTERN, CaseId
from tests.central.changes import record_change
from tests.central.problems import ProblemError
from tests.central.store import now_iso

router = APIRouter(prefix="/backoffice", tags=["backoffice"])
ANSWERS = ("explained", "done")  # 说明理由 / 已办结


class OrderInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    deadline: dt.date
    note: str = Field(min_length=1)
    handler: str = Field(min_length=1)


@router.post("/cases/{case_id}/orders", status_code=201)
def issue_order(case_id: CaseId, body: OrderInput, who: Reviewer) -> dict[str, Any]:
    at = now_iso()
    order = {
        "order_id": str(uuid.uuid4()),
        "deadline": body.deadline.isoformat(),
        "note": body.note,
        "issued_by": body.handler,
        "at": at,
    }
    with who.context.store.write() as conn:
        if not conn.execute("SELECT 1 FROM cases WHERE case_id = ?", (case_id,)).fetchone():
            raise ProblemError(404, "case-not-found", "No such case", case_id)
        conn.execute(
            "INSERT INTO orders (order_id, case_id, data) VALUES (?, ?, ?)",
            (order["order_id"], case_id, json.dumps(order, ensure_ascii=False)),
        )
        change = {"kind": "supervision_order", "at": at, "handler": body.handler}
        record_change(conn, case_id, change | {"order": order})
    return order


@router.get("/orders/{order_id}")
def get_order(order_id: str, who: Reviewer) -> dict[str, Any]:
    with who.context.store.read() as conn:
        row = conn.execute("SELECT * FROM orders WHERE order_id = ?", (order_id,)).fetchone()
    if row is None:
        raise ProblemError(404, "order-not-found", "No such order", order_id)
    answer = json.loads(row["answer"]) if row["answer"] else None
    return {**json.loads(row["data"]), "case_id": row["case_id"], "answer": answer}


def record_reply(conn: sqlite3.Connection, case_id: str, body: dict[str, Any]) -> None:
    """The window's answer to an order of this case (inside post_event's transaction)."""

    order_id = str(body.get("order_id", ""))
    if not re.match(UUID_PATTERN, order_id):
        raise ProblemError(422, "invalid-request", "supervision.reply needs an order_id", "")
    if body.get("answer") not in ANSWERS or not str(body.get("text", "")).strip():
        raise ProblemError(
            422, "invalid-request", "answer must be explained or done, with a text", ""
        )
    row = conn.execute("SELECT case_id FROM orders WHERE order_id = ?", (order_id,)).fetchone()
    if row is None or row["case_id"] != case_id:
        raise ProblemError(422, "order-not-found", "No such order for this case", order_id)
    conn.execute(
        "UPDATE orders SET answer = ? WHERE order_id = ?",
        (json.dumps(body, ensure_ascii=False), order_id),
    )
