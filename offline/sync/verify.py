"""Reconciliation: ask the central what it holds for every case not yet closed, and send again
whatever it lacks (`sync --verify`, and the engine every `sync.verify_hours`).

An operation marked done is only as good as the reply that confirmed it. A client that once
believed a captive portal (or any future defect of the same kind) leaves done marks the
central never saw; this pass finds them. For each case it compares what the outbox sent or
parked with `GET /cases/{id}`: the case itself, its events by id, its materials by id and
sha256. What the central lacks is set pending again (the same idempotency keys, so nothing can
arrive twice); a material whose local file is gone cannot be sent again and is said so; what
the central holds with other content is reported as differing and left alone.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from client.central.api import CentralClient, ProblemError
from client.central.replies import same
from client.domain import Stage
from client.i18n import translate
from offline.storage.store import Store
from offline.sync.outbox import Operation, OpState, Outbox, get_state, set_state, utc_now

LAST_VERIFY_KEY = "verify_at"
REPORT_KEY = "verify_report"


def _t(text: str) -> str:
    return translate("verify", text)


@dataclass
class VerifyReport:
    confirmed: list[str] = field(default_factory=list)  # the central holds all that was sent
    resent: list[str] = field(default_factory=list)  # something re-queued
    waiting: list[str] = field(default_factory=list)  # not sent yet; nothing to compare
    differing: dict[str, str] = field(default_factory=dict)  # case id → what differs
    numbers: dict[str, str] = field(default_factory=dict)  # case id → 受理编号

    def to_dict(self) -> dict[str, Any]:
        return {
            "confirmed": len(self.confirmed),
            "resent": [self.numbers.get(c, c) for c in self.resent],
            "waiting": len(self.waiting),
            "differing": {self.numbers.get(c, c): why for c, why in self.differing.items()},
        }

    def to_text(self) -> str:
        lines = [
            _t(
                "核对 {n} 件未办结办件：中心已确认 {ok} 件，重新发送 {resent} 件，不一致 {bad} 件"
            ).format(
                n=len(self.confirmed) + len(self.resent) + len(self.waiting) + len(self.differing),
                ok=len(self.confirmed),
                resent=len(self.resent),
                bad=len(self.differing),
            )
        ]
        if self.waiting:
            lines.append(_t("尚未发送过的 {n} 件在队列中等待").format(n=len(self.waiting)))
        lines += [_t("  重新发送：{number}").format(number=self.numbers[c]) for c in self.resent]
        lines += [
            _t("  不一致：{number}：{why}").format(number=self.numbers[c], why=why)
            for c, why in self.differing.items()
        ]
        return "\n".join(lines)


def verify_cases(
    store: Store, client: CentralClient, cancelled: Callable[[], bool] | None = None
) -> VerifyReport:
    """One pass over every case not yet closed; network faults propagate (nothing changed
    for the cases not reached yet, each case's repair is its own transaction)."""
    report = VerifyReport()
    with store.read() as conn:
        cases = conn.execute(
            "SELECT case_id, case_number FROM cases WHERE stage != ? AND training = 0"
            " AND case_id IN (SELECT case_id FROM outbox) ORDER BY created_at",
            (Stage.CLOSED.value,),
        ).fetchall()
    for case_id, number in cases:
        if cancelled and cancelled():
            break
        report.numbers[case_id] = number
        _verify_case(store, client, case_id, report)
    with store.write(durable=False) as db:
        set_state(db.conn, LAST_VERIFY_KEY, utc_now().isoformat())
        set_state(db.conn, REPORT_KEY, json.dumps(report.to_dict(), ensure_ascii=False))
    return report


def last_report_text(store: Store) -> str:
    """The last reconciliation in one line for the queue screen; empty before the first."""
    with store.read() as conn:
        at, saved = get_state(conn, LAST_VERIFY_KEY), get_state(conn, REPORT_KEY)
    if at is None or saved is None:
        return ""
    report = json.loads(saved)
    when = dt.datetime.fromisoformat(at).astimezone().strftime("%m-%d %H:%M")
    return _t(
        "上次与中心核对（{when}）：中心已确认 {ok} 件，重新发送 {resent} 件，不一致 {bad} 件"
    ).format(
        when=when,
        ok=report.get("confirmed", 0),
        resent=len(report.get("resent", ())),
        bad=len(report.get("differing", {})),
    )


def verify_due(store: Store, now: dt.datetime | None = None) -> bool:
    """The engine's periodic pass: every `sync.verify_hours` (0 switches it off)."""
    hours = store.settings.number("sync.verify_hours")
    if not hours or store.training:
        return False
    with store.read() as conn:
        last = get_state(conn, LAST_VERIFY_KEY)
    if last is None:
        return True
    return (now or utc_now()) - dt.datetime.fromisoformat(last) >= dt.timedelta(hours=hours)


def _central_case(client: CentralClient, case_id: str) -> dict[str, Any] | None:
    try:
        data: dict[str, Any] = client.call("getCase", "GET", f"/cases/{case_id}")
    except ProblemError as exc:
        if exc.status == 404:
            return None
        raise
    same("getCase", data, case_id=case_id)
    return data


def _verify_case(store: Store, client: CentralClient, case_id: str, report: VerifyReport) -> None:
    central = _central_case(client, case_id)
    ops = Outbox(store).case_operations(case_id)
    events = {e["event_id"] for e in central["events"]} if central else set()
    materials = {m["material_id"]: m for m in central["materials"]} if central else {}
    lacking: list[Operation] = []
    differs: list[str] = []
    for op in ops:
        if op.kind == "case.put":
            if central is None:
                lacking.append(op)
            elif central["case"] != op.payload:
                differs.append(_t("中心系统保存的办件内容与本地不同"))
        elif op.kind == "event.post":
            if op.payload.get("event_id") not in events:
                lacking.append(op)
        elif op.kind == "material.upload":
            held = materials.get(str(op.payload.get("file_id")))
            if held is None:
                lacking.append(op)
            elif held.get("sha256") != op.payload.get("sha256"):
                name = op.payload.get("display_name", "")
                differs.append(_t("中心系统的材料 {name} 与本地文件不同").format(name=name))
    sent_before = [op for op in lacking if op.state is not OpState.PENDING]
    gone = [
        op
        for op in sent_before
        if op.kind == "material.upload" and not store.files.has(str(op.payload["sha256"]))
    ]
    differs += [
        _t("材料 {name} 的本地文件已不存在，无法重新上传（请重新采集后补交）").format(
            name=op.payload.get("display_name", "")
        )
        for op in gone
    ]
    _requeue(store, [op for op in sent_before if op not in gone], gone)
    if differs:
        report.differing[case_id] = "；".join(differs)
    elif sent_before:
        report.resent.append(case_id)
    elif lacking:
        report.waiting.append(case_id)
    else:
        report.confirmed.append(case_id)


def _requeue(store: Store, ops: list[Operation], gone: list[Operation]) -> None:
    """Pending again with the same ids (idempotency keys); a material no longer confirmed,
    so retention keeps its file until the central confirms it once more."""
    if not ops and not gone:
        return
    stamp = utc_now().isoformat()
    reason = _t("核对发现中心系统没有收到，重新发送")
    with store.write() as db:
        for op in ops:
            db.conn.execute(
                "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = NULL,"
                " last_error = ?, updated_at = ? WHERE op_id = ?",
                (reason, stamp, op.op_id),
            )
            if op.kind == "material.upload":
                db.conn.execute(
                    "UPDATE material_files SET confirmed_at = NULL WHERE file_id = ?",
                    (str(op.payload["file_id"]),),
                )
        for op in gone:
            db.conn.execute(
                "UPDATE outbox SET state = 'parked', last_error = ?, updated_at = ?"
                " WHERE op_id = ?",
                (_t("本地材料文件已不存在，中心系统没有这份材料"), stamp, op.op_id),
            )
