"""The `sync` and `queue` verbs: what an administrator runs at a window without the screen."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from client.errors import ClerkError
from client.i18n import translate
from offline.accounts.connect import engine_for
from offline.storage.store import Store
from offline.sync.audit_sync import unsent_audit_records
from offline.sync.engine import SyncEngine
from offline.sync.outbox import OpState, Outbox, QueueEntry
from offline.sync.status import CycleReport, LinkState
from offline.sync.verify import VerifyReport, verify_cases


def _t(text: str) -> str:
    return translate("sync_cli", text)


STATE_LABELS = {
    OpState.PENDING: "待发送",
    OpState.IN_FLIGHT: "发送中",
    OpState.PARKED: "需处理",
    OpState.DONE: "已完成",
}


class NotConnected(ClerkError, ValueError):
    """The profile is in training mode or has no login: there is nothing to sync with."""


def _require_connected(store: Store) -> None:
    if store.training:
        raise NotConnected(_t("培训模式没有中心系统可同步；请先用 login 连接中心系统。"))


def sync_once(
    store: Store,
    wait_seconds: float = 0.0,
    on_wait: Callable[[], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> CycleReport:
    """Rounds, now, until everything is at the central, or nothing is left that may be sent
    (parked, logged out), or nothing moved for `sync.once_stall_seconds`: a link that drops
    connections every few megabytes still gets a large backlog through, and a dead or
    trickling link ends the command in bounded time. Retries waiting for their backoff are
    sent at once in every round. Another sender of this profile (the window, another `sync`)
    is waited for up to `wait_seconds`, then SenderBusy (offline/sync/sender_lock.py)."""
    _require_connected(store)
    engine = engine_for(store)
    engine.sender.wait_seconds, engine.sender.on_wait = wait_seconds, on_wait
    engine.outbox.reset_in_flight()
    patience = float(store.settings.number("sync.once_stall_seconds"))
    total = CycleReport(0, 0, 0, 0, 0, 0, LinkState.UNKNOWN, 0)
    idle_rounds = 0
    while True:
        engine.outbox.retry_all_now()
        before = engine.moved_at
        report = engine.run_cycle()
        total = _add(total, report)
        if total.complete or report.link is LinkState.LOGGED_OUT or not _sendable(engine):
            return total
        still = time.monotonic() - engine.moved_at
        if still >= patience:
            reason = _t("已有 {s} 秒没有任何进展，本次同步停止；稍后再试").format(s=round(still))
            return replace(total, reasons=(*total.reasons, reason))
        idle_rounds = 0 if engine.moved_at > before else idle_rounds + 1
        if idle_rounds:
            sleep(min(engine.probe.delay(idle_rounds), max(0.0, patience - still)))


def _add(total: CycleReport, report: CycleReport) -> CycleReport:
    """The rounds so far: counts summed, state and reasons from the last round."""
    return replace(
        report,
        sent=total.sent + report.sent,
        retried=total.retried + report.retried,
        parked=total.parked + report.parked,
        changes=total.changes + report.changes,
        audit_sent=total.audit_sent + report.audit_sent,
        purged=total.purged + report.purged,
    )


def _sendable(engine: SyncEngine) -> bool:
    """Something is left that another round may send (not only parked operations)."""
    return engine.outbox.counts().next_due_at is not None or unsent_audit_records(engine.store) > 0


def sync_verify(
    store: Store, wait_seconds: float = 0.0, on_wait: Callable[[], None] | None = None
) -> tuple[VerifyReport, CycleReport]:
    """`sync --verify`: reconcile every open case with the central, then one full round
    that sends whatever the central was found to lack (waiting for another sender as
    `sync_once` does)."""
    _require_connected(store)
    engine = engine_for(store)
    engine.sender.wait_seconds, engine.sender.on_wait = wait_seconds, on_wait
    verified = verify_cases(store, engine.client)
    engine.outbox.reset_in_flight()
    engine.outbox.retry_all_now()
    return verified, engine.run_cycle()


def sync_forever(store: Store, stop: threading.Event) -> None:
    """Run the engine in the foreground until `stop` is set (Ctrl-C in the CLI)."""
    _require_connected(store)
    engine = engine_for(store)
    engine.start()
    try:
        stop.wait()
    finally:
        engine.stop()


def report_text(report: CycleReport) -> str:
    lines = [
        _t(
            "已发送 {sent} 条，拉取变更 {changes} 条，上报审计 {audit} 条，清理本地材料 {purged} 个"
        ).format(
            sent=report.sent, changes=report.changes, audit=report.audit_sent, purged=report.purged
        )
    ]
    if report.complete:
        lines.append(_t("全部同步完成"))
    else:
        lines.append(_t("尚有 {n} 项未同步：").format(n=report.remaining))
        lines += [f"  {reason}" for reason in report.reasons]
    return "\n".join(lines)


def entry_dict(entry: QueueEntry) -> dict[str, Any]:
    op = entry.op
    return {
        "op_id": op.op_id,
        "case_id": op.case_id,
        "case_number": entry.case_number,
        "item_name": entry.item_name,
        "kind": op.kind,
        "label": op.label,
        "state": op.state.value,
        "attempts": op.attempts,
        "next_attempt_at": op.next_attempt_at.isoformat() if op.next_attempt_at else None,
        "reason": op.last_error,
        "bytes": op.size,
        "created_at": op.created_at,
    }


def queue_json(store: Store) -> str:
    outbox = Outbox(store)
    counts = outbox.counts()
    data = {
        "pending": counts.pending,
        "parked": counts.parked,
        "bytes_pending": counts.bytes_pending,
        "operations": [entry_dict(e) for e in outbox.entries()],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def queue_text(store: Store) -> str:
    outbox = Outbox(store)
    entries = outbox.entries()
    if not entries:
        return _t("同步队列为空")
    lines = []
    for entry in entries:
        op = entry.op
        state = _t(STATE_LABELS[op.state])
        if op.state is OpState.PENDING and op.last_error:
            state = _t("待重试")
        line = f"{entry.case_number}\t{op.label}\t{state}\t{op.attempts}"
        lines.append(line + (f"\t{op.last_error}" if op.last_error else ""))
    counts = outbox.counts()
    lines.append(
        _t("共 {n} 项待同步，其中需处理 {p} 项，{mb} MB").format(
            n=counts.pending, p=counts.parked, mb=round(counts.bytes_pending / 1048576, 1)
        )
    )
    return "\n".join(lines)
