"""What the sync engine tells the window: the link, what waits, uploads in flight, the health
gate, and each round's outcome.

`read_snapshot` is the one read that answers all of it (status and health from the same
outbox counts): the engine calls it for every report, and a window that runs no engine
(training mode, before the engine starts) calls it directly."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from client.i18n import translate
from offline.storage.store import Store
from offline.sync.audit_sync import unsent_audit_records
from offline.sync.health import SyncHealth, health_from
from offline.sync.outbox import OpState, Outbox, last_success
from offline.sync.verify import last_report_text


class LinkState(StrEnum):
    UNKNOWN = "unknown"
    ONLINE = "online"  # 在线
    SYNCING = "syncing"  # 同步中
    OFFLINE = "offline"  # 离线
    LOGGED_OUT = "logged_out"  # 需要重新登录


@dataclass(frozen=True)
class UploadProgress:
    op_id: str
    name: str
    sent: int
    total: int


@dataclass(frozen=True)
class SyncStatus:
    link: LinkState
    pending: int = 0
    parked: int = 0
    parked_cases: int = 0
    bytes_pending: int = 0
    audit_pending: int = 0
    last_success_at: dt.datetime | None = None
    message: str = ""  # the latest problem, for the clerk
    in_flight: frozenset[str] = frozenset()  # op ids being sent right now
    uploads: tuple[UploadProgress, ...] = ()
    verified: str = ""  # the last reconciliation with the central, in one line
    taken_at: float = 0.0  # time.monotonic() before the reads: orders reports from many threads


@dataclass(frozen=True)
class SyncSnapshot:
    """What the status bar, the health banner and the queue screen show."""

    training: bool
    running: bool  # an engine is started for this window
    status: SyncStatus
    health: SyncHealth

    @property
    def taken_at(self) -> float:
        """time.monotonic() before the reads: an older snapshot never replaces a newer one."""
        return self.status.taken_at


StatusListener = Callable[[SyncSnapshot], None]


@dataclass(frozen=True)
class CycleReport:
    sent: int
    retried: int
    parked: int
    changes: int
    audit_sent: int
    purged: int
    link: LinkState
    remaining: int  # operations and audit records not yet at the central
    reasons: tuple[str, ...] = ()  # why work remains, for the clerk

    @property
    def complete(self) -> bool:
        return self.remaining == 0 and self.link is not LinkState.OFFLINE


def read_snapshot(
    store: Store,
    running: bool,
    link: LinkState = LinkState.UNKNOWN,
    message: str = "",
    in_flight: frozenset[str] = frozenset(),
    uploads: tuple[UploadProgress, ...] = (),
) -> SyncSnapshot:
    """The outbox as it stands, with what only the caller knows (the link, uploads), and the
    health gate worked out from the same counts."""
    taken_at = time.monotonic()
    counts = Outbox(store).counts()
    succeeded_at = last_success(store)
    status = SyncStatus(
        link=link,
        pending=counts.pending,
        parked=counts.parked,
        parked_cases=counts.parked_cases,
        bytes_pending=counts.bytes_pending,
        # A training profile never sends its audit log: nothing of it is "waiting".
        audit_pending=0 if store.training else unsent_audit_records(store),
        last_success_at=succeeded_at,
        message=message,
        in_flight=in_flight,
        uploads=uploads,
        verified="" if store.training else last_report_text(store),
        taken_at=taken_at,
    )
    return SyncSnapshot(store.training, running, status, health_from(store, counts, succeeded_at))


def remaining_reasons(outbox: Outbox, message: str, audit_left: int) -> tuple[str, ...]:
    """Why work remains after a round, one line each, for the clerk (`sync --once`)."""

    def tr(text: str) -> str:
        return translate("sync", text)

    reasons = []
    waiting = 0
    for entry in outbox.entries():
        op = entry.op
        if op.state is OpState.PARKED or op.last_error:
            state = tr("需处理") if op.state is OpState.PARKED else tr("待重试")
            reasons.append(f"{entry.case_number} {op.label} [{state}] {op.last_error or message}")
        else:
            waiting += 1
    if waiting:
        reasons.append(
            tr("{n} 条操作尚未发送：{why}").format(n=waiting, why=message or tr("等待下次同步"))
        )
    if audit_left:
        reasons.append(tr("{n} 条审计记录尚未上报").format(n=audit_left))
    return tuple(reasons)
