"""The sync health gate (after MOSIP's registration client): a window that has not reached
the central system for too long, or holds too much unsent work, first warns the clerk and,
past a second threshold, stops taking new intakes until it has synced.

Thresholds are settings; 0 switches one off. Training mode never blocks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from client.i18n import translate
from offline.storage.store import Store
from offline.sync.outbox import Outbox, OutboxCounts, last_success, utc_now


def _t(text: str) -> str:
    return translate("health", text)


class HealthLevel(StrEnum):
    OK = "ok"
    WARN = "warn"
    BLOCK = "block"


@dataclass(frozen=True)
class SyncHealth:
    level: HealthLevel
    message: str  # for the clerk, empty when OK
    hours_unsynced: float
    pending: int


def sync_health(store: Store, now: dt.datetime | None = None) -> SyncHealth:
    """The gate as it stands now (the intake path asks before each save)."""
    if store.training:
        return SyncHealth(HealthLevel.OK, "", 0.0, 0)
    return health_from(store, Outbox(store).counts(), last_success(store), now)


def health_from(
    store: Store,
    counts: OutboxCounts,
    succeeded_at: dt.datetime | None,
    now: dt.datetime | None = None,
) -> SyncHealth:
    """The gate from outbox counts already read (offline/sync/status.py reads them once for
    the status and the gate together)."""
    if store.training:
        return SyncHealth(HealthLevel.OK, "", 0.0, 0)
    now = now or utc_now()
    hours = 0.0
    if counts.pending:
        # Unsynced since the last success, or since the oldest waiting work if that is later
        # (a window whose queue was empty is not stale however long ago it last synced).
        oldest = counts.oldest_pending_at or now
        since = max(succeeded_at or oldest, oldest)
        hours = max(0.0, (now - since).total_seconds() / 3600)
    number = store.settings.number
    block_hours, block_ops = number("sync.block_hours"), number("sync.block_ops")
    warn_hours, warn_ops = number("sync.warn_hours"), number("sync.warn_ops")
    if (block_hours and hours >= block_hours) or (block_ops and counts.pending >= block_ops):
        message = _t(
            "已 {hours} 小时未与中心系统同步（待同步 {n} 条），暂停受理新办件；"
            "请恢复网络并完成同步，或联系管理员。"
        )
        return SyncHealth(
            HealthLevel.BLOCK,
            message.format(hours=int(hours), n=counts.pending),
            hours,
            counts.pending,
        )
    if (warn_hours and hours >= warn_hours) or (warn_ops and counts.pending >= warn_ops):
        message = _t("已 {hours} 小时未与中心系统同步（待同步 {n} 条），请尽快恢复网络。")
        return SyncHealth(
            HealthLevel.WARN,
            message.format(hours=int(hours), n=counts.pending),
            hours,
            counts.pending,
        )
    return SyncHealth(HealthLevel.OK, "", hours, counts.pending)
