"""即办件: the 首席代表 decides an accepted 即办件 at the window, offline too (docs/cases.md, 即办).

One transaction holds everything the decision is: its 文号 (allocated from the window's own
yearly sequence, so no central is needed), the decision row, the stage 决定, the audit record
and the `decide` event with its outbox operation. The central learns of it through that event
like any other; the sealed decision is printed afterwards by the document service, and a
failed print never loses the decision (it can be printed again).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from client.accounts import Power
from client.catalog.loading import item_from_dict
from client.documents.data import Decision, DocumentKind
from client.domain import Department, ItemKind, ServiceItem, Stage
from client.errors import ClerkError
from client.generated_ids import format_decision_number
from client.i18n import translate
from offline.accounts.powers import authorize, refusal
from offline.cases.events import record_event
from offline.cases.labels import stage_label
from offline.documents.decision_records import decision_to_dict, write_decision
from offline.storage.store import Store

if TYPE_CHECKING:
    import sqlite3

    import sqlite_utils


def _t(text: str) -> str:
    return translate("cases", text)


WHAT = "作出即办决定"  # translated where used


class ImmediateRefused(ClerkError, ValueError):
    """The case cannot be decided at the window; nothing was written."""


@dataclass(frozen=True)
class ImmediateDecision:
    case_id: str
    case_number: str
    document_number: str
    approved: bool

    @property
    def document_kind(self) -> DocumentKind:
        return DocumentKind.APPROVAL_DECISION if self.approved else DocumentKind.DENIAL_DECISION


@dataclass(frozen=True)
class _Case:
    case_id: str
    case_number: str
    stage: Stage
    item: ServiceItem


def immediate_refusal(store: Store) -> str:
    """Why the person at the window may not decide 即办件, or "" (for the button's tooltip)."""
    return refusal(store, Power.IMMEDIATE, _t(WHAT))


def _read_case(conn: sqlite3.Connection, case_number: str) -> _Case:
    row = conn.execute(
        "SELECT case_id, case_number, stage, item_snapshot FROM cases WHERE case_number = ?",
        (case_number.strip().upper(),),
    ).fetchone()
    if row is None:
        raise ImmediateRefused(
            _t("未找到办件 {n}").format(n=case_number.strip()),
            _t("请核对受理编号；只能查到本窗口受理的办件。"),
        )
    return _Case(str(row[0]), str(row[1]), Stage(row[2]), item_from_dict(json.loads(row[3])))


def _check(conn: sqlite3.Connection, case: _Case) -> None:
    if case.item.kind is not ItemKind.IMMEDIATE:
        raise ImmediateRefused(
            _t("“{item}”是承诺件，不能在窗口即办决定").format(item=case.item.name),
            _t("承诺件的决定由审批人员在中心系统作出，决定到达后即可出证。"),
        )
    if case.stage is not Stage.ACCEPTED:
        decided = conn.execute(
            "SELECT document_number FROM decisions WHERE case_id = ?", (case.case_id,)
        ).fetchone()
        if decided:
            raise ImmediateRefused(
                _t("办件 {n} 已作出决定（{number}），不能再次决定").format(
                    n=case.case_number, number=decided[0]
                ),
                _t("如需重新出具决定书，请补打。"),
            )
        raise ImmediateRefused(
            _t("办件 {n} 当前环节为“{stage}”，只有已受理的即办件可以即办决定").format(
                n=case.case_number, stage=stage_label(case.stage)
            )
        )


@dataclass(frozen=True)
class DecideOffer:
    """What the window offers for a case: `offered` for an 即办件 (the button shows),
    `pending` while it waits for its decision (accepted, not decided), and why it cannot be
    decided now ("" when it can: the button is enabled)."""

    offered: bool
    refusal: str
    pending: bool = False
    item_name: str = ""


def decide_offer(store: Store, case_number: str) -> DecideOffer:
    """Read on a pool thread, for the case detail's 即办决定 button."""
    with store.read() as conn:
        try:
            case = _read_case(conn, case_number)
        except ImmediateRefused as exc:
            return DecideOffer(False, exc.message)
        try:
            _check(conn, case)
        except ImmediateRefused as exc:
            return DecideOffer(case.item.kind is ItemKind.IMMEDIATE, exc.message)
    return DecideOffer(True, immediate_refusal(store), True, case.item.name)


def can_decide(store: Store, case_number: str) -> str:
    """Why this case cannot be decided at the window now, or ""."""
    try:
        with store.read() as conn:
            _check(conn, _read_case(conn, case_number))
    except ImmediateRefused as exc:
        return exc.message
    return immediate_refusal(store)


def default_content(item: ServiceItem, approved: bool) -> str:
    if approved:
        return _t("准予{item}").format(item=item.name)
    return _t("不予{item}").format(item=item.name)


def _next_number(db: sqlite_utils.Database, department: Department, window: str, year: int) -> str:
    key = (window, year)
    db.conn.execute(
        "INSERT INTO decision_number_sequences (window_code, year, last) VALUES (?, ?, 1)"
        " ON CONFLICT (window_code, year) DO UPDATE SET last = last + 1",
        key,
    )
    (last,) = db.conn.execute(
        "SELECT last FROM decision_number_sequences WHERE window_code = ? AND year = ?", key
    ).fetchone()
    return format_decision_number(department.code, year, window, int(last))


def decide_immediate(
    store: Store,
    department: Department,
    case_number: str,
    approved: bool,
    reasons: str = "",
    content: str = "",
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now().astimezone(),
) -> ImmediateDecision:
    """准予 or 不予 an accepted 即办件 now (行政许可法 art. 34 ¶2, art. 38). 不予 needs its
    reasons; the legal basis is the item's. Refusals raise before anything is written."""
    person = authorize(store, Power.IMMEDIATE, _t(WHAT))
    reasons, content = reasons.strip(), content.strip()
    with store.read() as conn:
        case = _read_case(conn, case_number)
        _check(conn, case)
    if not approved and not reasons:
        raise ImmediateRefused(
            _t("不予行政许可须写明理由"),
            _t("请写明不予许可的事实和理由（行政许可法第三十八条第二款），将印在决定书上。"),
        )
    now = clock()
    with store.write() as db:
        _check(db.conn, _read_case(db.conn, case.case_number))  # nobody decided it meanwhile
        decision = Decision(
            approved=approved,
            document_number=_next_number(db, department, store.window_code, now.year),
            content=content or default_content(case.item, approved),
            legal_basis=case.item.legal_basis,
            reasons=reasons,
            decided_on=now.date(),
            handler=person.name,
        )
        write_decision(db, store.window_code, case.case_id, decision, now, "local")
        payload = {"decision": decision_to_dict(decision)}
        record_event(db.conn, case.case_id, "decide", "decided", payload, person.name, now)
    return ImmediateDecision(case.case_id, case.case_number, decision.document_number, approved)
