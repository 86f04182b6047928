"""One sync round of the engine (offline/sync/engine.py), and the status it reports.

A round pushes the outbox (up to `parallel` cases at once, each in its own order), then pulls
the changes feed, sends the audit log and applies retention; how each failure is handled is
described in engine.py. `SyncRound` is the base of `SyncEngine`, which holds the state and
adds the background thread that runs rounds.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import threading
import time
from typing import Any

from client.central.api import (
    AuthenticationError,
    CentralClient,
    NetworkError,
    ProblemError,
)
from client.central.retry import RetryPolicy
from client.central.tus import TusUploader
from client.errors import Cancelled
from client.i18n import translate
from offline.documents.department import has_department, refresh_department
from offline.storage.store import Store
from offline.sync.audit_sync import BATCH as AUDIT_BATCH
from offline.sync.audit_sync import push_audit, unsent_audit_records
from offline.sync.changes import pull_changes
from offline.sync.delivery import deliver
from offline.sync.outbox import Operation, OpState, Outbox, utc_now
from offline.sync.outcome import Cycle, Outcome, offline_message, problem_outcome
from offline.sync.retention import purge_confirmed_materials
from offline.sync.sender_lock import SenderLock
from offline.sync.status import (
    CycleReport,
    LinkState,
    StatusListener,
    SyncSnapshot,
    SyncStatus,
    UploadProgress,
    read_snapshot,
    remaining_reasons,
)

log = logging.getLogger("offline.sync.engine")  # the engine's log, as before the split


def _t(text: str) -> str:
    return translate("sync", text)


REPORT_SECONDS = 0.1


class SyncRound:
    """One round on the caller's thread (`run_cycle`), and the status reports; the state is
    set up by `SyncEngine.__init__`."""

    store: Store
    client: CentralClient
    outbox: Outbox
    parallel: int
    uploader: TusUploader
    backoff: RetryPolicy
    on_status: StatusListener | None
    link: LinkState
    message: str
    audit_batch: int
    moved_at: float
    sender: SenderLock
    _lock: threading.Lock
    _in_flight: set[str]
    _uploads: dict[str, UploadProgress]
    _last_report: float
    _stop: threading.Event

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    # --- one round ----------------------------------------------------------------------

    def run_cycle(self, pull: bool = True) -> CycleReport:
        """One round, holding the profile's sender lock (SenderBusy if another has it)."""
        with self.sender.hold():
            return self._round(pull)

    def _round(self, pull: bool) -> CycleReport:
        cycle = Cycle()
        self._set_link(LinkState.SYNCING, "")
        self._push_outbox(cycle)
        changes = audit_sent = purged = 0
        if not (cycle.link_lost or cycle.logged_out or self.stopping):
            try:
                if pull:
                    changes = pull_changes(self.store, self.client, lambda: self.stopping).applied
                    if not has_department(self.store):  # connected before it was fetched
                        refresh_department(self.store, self.client)
                audit = push_audit(self.store, self.client, lambda: self.stopping, self.audit_batch)
                audit_sent = audit.sent
                if changes or audit_sent:
                    self.moved_at = time.monotonic()
                self.audit_batch = min(AUDIT_BATCH, self.audit_batch * 2)
            except AuthenticationError as exc:
                cycle.logged_out = self.client.tokens.load() is None
                self.message = str(exc)
            except NetworkError as exc:
                # A link that drops long requests may still carry short ones.
                self.audit_batch = max(1, self.audit_batch // 4)
                cycle.link_lost = True
                self.message = offline_message(exc)
            except ProblemError as exc:
                # The audit chain or the feed was refused: kept, shown, tried again next round.
                self.message = _t("审计记录或变更同步被拒绝：") + str(exc)
            purged = purge_confirmed_materials(self.store)
        if cycle.logged_out:
            link = LinkState.LOGGED_OUT
        elif cycle.link_lost:
            link = LinkState.OFFLINE
        else:
            link = LinkState.ONLINE
            if not cycle.parked and not cycle.retried:
                self.message = ""
        self._set_link(link, self.message)
        self.report(force=True)
        counts = self.outbox.counts()
        audit_left = unsent_audit_records(self.store)
        return CycleReport(
            sent=cycle.sent,
            retried=cycle.retried,
            parked=cycle.parked,
            changes=changes,
            audit_sent=audit_sent,
            purged=purged,
            link=link,
            remaining=counts.pending + audit_left,
            reasons=remaining_reasons(self.outbox, self.message, audit_left),
        )

    def _push_outbox(self, cycle: Cycle) -> None:
        with cf.ThreadPoolExecutor(self.parallel, thread_name_prefix="sync-case") as pool:
            active: dict[cf.Future[None], str] = {}
            while not self.stopping:
                free = self.parallel - len(active)
                if free > 0 and not (cycle.link_lost or cycle.logged_out):
                    busy = set(active.values())
                    for case_id in self.outbox.due_cases(utc_now(), free, busy):
                        active[pool.submit(self._push_case, case_id, cycle)] = case_id
                if not active:
                    break
                done, _ = cf.wait(active, return_when=cf.FIRST_COMPLETED)
                for future in done:
                    active.pop(future)
                    future.result()  # a bug in _push_case surfaces here

    def _push_case(self, case_id: str, cycle: Cycle) -> None:
        """Send one case's operations in order until it is done or one must wait."""
        while not (self.stopping or cycle.link_lost or cycle.logged_out):
            op = self.outbox.head(case_id)
            if op is None or op.state is OpState.PARKED:
                return
            if op.next_attempt_at is not None and op.next_attempt_at > utc_now():
                return
            with self._lock:
                self._in_flight.add(op.op_id)
            self.report()
            try:
                if not self._send_one(op, cycle):
                    return
            finally:
                with self._lock:
                    self._in_flight.discard(op.op_id)
                    uploaded = self._uploads.pop(op.op_id, None) is not None
            # An upload's end always gets through the throttle: its bar must not stay behind.
            self.report(force=uploaded)

    def _send_one(self, op: Operation, cycle: Cycle) -> bool:
        """True when the operation is done and the case may go on."""
        try:
            extra = self._deliver(op)
        except Cancelled:
            return False
        except AuthenticationError as exc:
            if self.client.tokens.load() is None:  # the refresh was refused: log in again
                cycle.logged_out = True
                self.message = str(exc)
            else:  # refreshed, yet refused once more: a race with expiry; try again soon
                cycle.retried += 1
                self.outbox.mark_retry(op, str(exc), self.backoff.delay(op.attempts + 1))
            return False
        except NetworkError as exc:
            # The link, not this operation: nothing is counted against it.
            cycle.link_lost = True
            self.message = offline_message(exc)
            return False
        except ProblemError as exc:
            return self._on_problem(op, exc, cycle)
        except OSError as exc:
            cycle.parked += 1
            self.outbox.park(
                op, _t("本地材料文件无法读取（{error}），请运行 doctor 检查").format(error=exc)
            )
            return False
        except Exception as exc:  # a bug: keep the operation, try again later
            log.exception("sending %s %s failed", op.kind, op.op_id)
            cycle.retried += 1
            self.outbox.mark_retry(
                op,
                _t("同步出错：{error}").format(error=type(exc).__name__),
                self.backoff.delay(op.attempts + 1),
            )
            return False
        self.outbox.mark_done(op, extra)
        self.moved_at = time.monotonic()
        cycle.sent += 1
        return True

    def _on_problem(self, op: Operation, exc: ProblemError, cycle: Cycle) -> bool:
        outcome = problem_outcome(op, exc)
        if outcome is Outcome.UPLOAD_AGAIN:
            self.outbox.forget_upload(op)
            cycle.retried += 1
            self.outbox.mark_retry(op, str(exc), min(5.0, self.backoff.delay(op.attempts + 1)))
        elif outcome is Outcome.RETRY:
            cycle.retried += 1
            self.outbox.mark_retry(
                op, str(exc), self.backoff.delay(op.attempts + 1, exc.retry_after)
            )
        else:
            cycle.parked += 1
            self.outbox.park(op, str(exc))
        return False

    def _deliver(self, op: Operation) -> tuple[str, tuple[Any, ...]] | None:
        """Send one operation; returns SQL to commit together with its 'done' mark."""
        name = str(op.payload.get("display_name", ""))

        def progress(sent: int, total: int) -> None:
            self.moved_at = time.monotonic()  # called only when the server's offset moved
            with self._lock:
                self._uploads[op.op_id] = UploadProgress(op.op_id, name, sent, total)
            self.report()

        return deliver(op, self.client, self.store, self.uploader, progress, lambda: self.stopping)

    # --- status -------------------------------------------------------------------------

    def _set_link(self, link: LinkState, message: str) -> None:
        changed = link is not self.link or message != self.message
        self.link, self.message = link, message
        if changed:
            self.report(force=True)

    def status(self) -> SyncStatus:
        return self.snapshot().status

    def snapshot(self) -> SyncSnapshot:
        """Status and health in one read (offline/sync/status.py)."""
        with self._lock:
            in_flight = frozenset(self._in_flight)
            uploads = tuple(self._uploads.values())
        return read_snapshot(self.store, True, self.link, self.message, in_flight, uploads)

    def report(self, force: bool = False) -> None:
        """Tell the listener; at most every REPORT_SECONDS unless `force` (link changes and
        the end of a round always get through)."""
        if self.on_status is None:
            return
        now = time.monotonic()
        with self._lock:
            if not force and now - self._last_report < REPORT_SECONDS:
                return
            self._last_report = now
        self.on_status(self.snapshot())
