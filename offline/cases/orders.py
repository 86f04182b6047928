"""督办 at the window: orders from the central (changes feed), answered by the chief
representative (说明理由 / 已办结); and 催办, a clerk's reminder about a late back-office step.

Answers and reminders are case events queued for the central (`supervision.reply`, `urge`).
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from client.accounts import Person, Power
from client.errors import ClerkError
from client.i18n import translate
from offline.cases.events import record_event, stamp
from offline.storage import audit
from offline.storage.store import Store

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
URGE_STEPS = ("first_review", "second_review", "decided")


def _t(text: str) -> str:
    return translate("supervision", text)


class OrderError(ClerkError, ValueError):
    """The answer or reminder cannot be sent; nothing was written."""


class Answer(StrEnum):
    EXPLAINED = "explained"  # 说明理由
    DONE = "done"  # 已办结


@dataclass(frozen=True)
class Order:
    order_id: str
    case_id: str
    case_number: str
    issuer: str
    issued_at: str
    deadline: dt.date
    note: str
    answer: Answer | None
    answer_text: str

    def overdue(self, today: dt.date) -> bool:
        return self.answer is None and today > self.deadline


def record_order(conn: sqlite3.Connection, case_id: str, change: Mapping[str, Any]) -> bool:
    """A `supervision_order` change (inside the changes transaction). Trust nothing: an order
    without a valid id, deadline and note is kept only as the change's event row."""
    order = change.get("order")
    if not isinstance(order, Mapping):
        return False
    order_id, note = str(order.get("order_id", "")), str(order.get("note", "")).strip()
    try:
        deadline = dt.date.fromisoformat(str(order.get("deadline", "")))
    except ValueError:
        return False
    if not _UUID.match(order_id) or not note:
        return False
    issuer = str(order.get("issued_by", "")) or str(change.get("handler", "")) or "中心系统"
    conn.execute(
        "INSERT OR IGNORE INTO supervision_orders"
        " (order_id, case_id, issued_at, issuer, deadline, note) VALUES (?, ?, ?, ?, ?, ?)",
        (order_id, case_id, str(change.get("at", "")), issuer, deadline.isoformat(), note),
    )
    return True


def _orders(conn: sqlite3.Connection, where: str, args: tuple[Any, ...]) -> list[Order]:
    rows = conn.execute(
        "SELECT o.order_id, o.case_id, c.case_number, o.issuer, o.issued_at, o.deadline,"
        " o.note, o.answer, o.answer_text FROM supervision_orders o JOIN cases c USING (case_id)"
        f" WHERE {where} ORDER BY o.deadline, o.issued_at",
        args,
    ).fetchall()
    return [
        Order(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            dt.date.fromisoformat(r[5]),
            r[6],
            Answer(r[7]) if r[7] else None,
            r[8],
        )
        for r in rows
    ]


def open_orders(store: Store) -> list[Order]:
    with store.read() as conn:
        return _orders(conn, "o.answer IS NULL", ())


def case_orders(store: Store, case_id: str) -> list[Order]:
    with store.read() as conn:
        return _orders(conn, "o.case_id = ?", (case_id,))


def answer_order(
    store: Store, order_id: str, answer: Answer, text: str, operator: Person, now: dt.datetime
) -> Order:
    """The chief representative answers a 督办 (督办权, offline/accounts/powers.py); the answer
    is queued for the central."""
    if not operator.has(Power.SUPERVISE):
        raise OrderError(
            _t("{name} 没有督办权，不能答复督办").format(name=operator.name),
            _t("请由首席代表答复"),
        )
    text = text.strip()
    if not text:
        raise OrderError(_t("答复督办须写明情况（说明理由或办结情况）"))
    with store.write() as db:
        found = _orders(db.conn, "o.order_id = ?", (order_id,))
        if not found:
            raise OrderError(_t("未找到该督办通知"))
        order = found[0]
        if order.answer is not None:
            raise OrderError(_t("该督办已答复，不能重复答复"))
        db.conn.execute(
            "UPDATE supervision_orders SET answer = ?, answer_text = ?, answered_by = ?,"
            " answered_at = ? WHERE order_id = ?",
            (answer.value, text, operator.name, stamp(now), order_id),
        )
        stage = db.conn.execute(
            "SELECT stage FROM cases WHERE case_id = ?", (order.case_id,)
        ).fetchone()[0]
        payload = {"order_id": order_id, "answer": answer.value, "text": text}
        record_event(
            db.conn, order.case_id, "supervision.reply", stage, payload, operator.name, now
        )
        audit.append(
            db,
            actor=operator.name,
            window_code=store.window_code,
            action="supervision.reply",
            case_id=order.case_id,
            details=payload,
            at=now,
        )
    return _orders_by_id(store, order_id)


def _orders_by_id(store: Store, order_id: str) -> Order:
    with store.read() as conn:
        return _orders(conn, "o.order_id = ?", (order_id,))[0]


def send_urge(
    store: Store, case_number: str, step: str, text: str, operator: Person, now: dt.datetime
) -> str:
    """催办: a clerk asks the back office to hurry a late step (初审/复审/决定)."""
    if step not in URGE_STEPS:
        raise OrderError(_t("只能对初审、复审或决定环节催办"))
    text = text.strip()
    if not text:
        raise OrderError(_t("催办须写明内容"))
    with store.write() as db:
        row = db.conn.execute(
            "SELECT case_id, stage FROM cases WHERE case_number = ?", (case_number.strip(),)
        ).fetchone()
        if row is None:
            raise OrderError(_t("未找到办件：{n}").format(n=case_number))
        if row[1] in ("decided", "closed", "refused", "supplement_requested"):
            raise OrderError(_t("办件 {n} 不在后台办理中，无需催办").format(n=case_number))
        payload = {"step": step, "text": text}
        event_id = record_event(db.conn, row[0], "urge", row[1], payload, operator.name, now)
        audit.append(
            db,
            actor=operator.name,
            window_code=store.window_code,
            action="case.urge",
            case_id=row[0],
            details=payload,
            at=now,
        )
    return event_id
