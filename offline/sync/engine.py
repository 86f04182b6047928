"""The sync engine: delivers the outbox to the central system exactly once, in order per case.

See docs/architecture.md, Outbox. Every operation carries its own client-generated id as the
idempotency key (the case id for `PUT /cases`, the event id for events, the material id for
uploads and attachments), so sending one again after a dropped answer, a crash or a restart
returns the stored result instead of a duplicate. An operation is marked done only after the
server answered; there is no other state to lose.

Cases are independent: up to `sync.parallel_cases` of them are sent at once, each strictly in
its own order. How a failure is handled depends on what it says about the future:
- no answer (the link is down): nothing is counted against the operation; the engine turns
  offline and probes the central with one light request, backing off, until it answers, then
  sends everything at once;
- 408/423/425/429/5xx and 409 (in flight elsewhere, an upload locked): this operation waits
  with full-jitter backoff, or longer if the server's Retry-After says so; the other cases go on;
- any other refusal (a 4xx the server will give again): the operation is parked as 需处理 with
  the server's reason; only its own case waits, until the clerk retries it;
- 401 after one refresh: the login is gone; everything waits for the clerk to log in again.

The engine never touches Qt: it reports through a plain `on_status` callback, from its own
thread; the UI turns that into a signal.
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
    CentralError,
    NetworkError,
    ProblemError,
)
from client.central.retry import ProbePolicy, RetryPolicy
from client.central.tus import DEFAULT_CHUNK, TusUploader
from client.errors import Cancelled
from client.i18n import translate
from offline.documents.department import has_department, refresh_department
from offline.store import Store
from offline.sync.audit_sync import BATCH as AUDIT_BATCH
from offline.sync.audit_sync import push_audit, unsent_audit_records
from offline.sync.changes import CURSOR_KEY, pull_changes
from offline.sync.delivery import deliver
from offline.sync.outbox import Operation, OpState, Outbox, get_state, utc_now
from offline.sync.outcome import Cycle, Outcome, offline_message, problem_outcome
from offline.sync.retention import purge_confirmed_materials
from offline.sync.sender_lock import RETRY_SECONDS, SenderBusy, SenderLock
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
from offline.sync.verify import VerifyReport, verify_cases, verify_due

log = logging.getLogger(__name__)


def _t(text: str) -> str:
    return translate("sync", text)


REPORT_SECONDS = 0.1


class SyncEngine:
    """Pushes the outbox, pulls the changes feed, sends the audit log, applies retention.

    `run_cycle()` does one full round on the caller's thread (the `sync --once` verb);
    `start()` runs rounds on a thread of its own until `stop()`, waking when `wake()` is
    called (new work, the clerk's 立即同步, the network coming back), when a retry falls due,
    and every `pull_seconds` to fetch what the central did.
    """

    def __init__(
        self,
        store: Store,
        client: CentralClient,
        *,
        parallel: int | None = None,
        chunk_size: int | None = None,
        backoff: RetryPolicy | None = None,
        probe: ProbePolicy | None = None,
        pull_seconds: float = 60.0,
        on_status: StatusListener | None = None,
    ) -> None:
        self.store = store
        self.client = client
        self.outbox = Outbox(store)
        self.parallel = parallel or store.settings.number("sync.parallel_cases")
        kib = store.settings.number("uploads.chunk_kib")
        self.uploader = TusUploader(client, chunk_size or (kib * 1024 if kib else DEFAULT_CHUNK))
        self.backoff = backoff or RetryPolicy(base_seconds=2.0, cap_seconds=300.0)
        self.probe = probe or ProbePolicy()
        self.pull_seconds = pull_seconds
        self.on_status = on_status
        self.link = LinkState.UNKNOWN
        self.message = ""
        self._lock = threading.Lock()
        self._in_flight: set[str] = set()
        self._uploads: dict[str, UploadProgress] = {}
        self._last_report = 0.0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._probe_failures = 0
        self.audit_batch = AUDIT_BATCH
        self.last_verify: VerifyReport | None = None
        self.moved_at = time.monotonic()  # the last time anything reached the central
        self.sender = SenderLock(store.profile)  # one sender per profile, held for each round

    # --- the background thread ----------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            return
        self.outbox.reset_in_flight()
        self._thread = threading.Thread(target=self._loop, name="sync-engine", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = 10.0) -> None:
        """Stops between operations (an upload stops between chunks and resumes later)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def wake(self) -> None:
        self._wake.set()

    def sync_now(self) -> None:
        """立即同步: waiting retries fall due now and the link is probed at once."""
        self.outbox.retry_all_now()
        self._probe_failures = 0
        self.wake()

    def retry_case(self, case_id: str) -> int:
        """重试: a parked case (the cause was fixed at the central) is sent again."""
        count = self.outbox.retry_case(case_id)
        self.report()
        self.wake()
        return count

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def _loop(self) -> None:
        next_pull = 0.0
        while not self._stop.is_set():
            self._wake.clear()
            try:
                if self.link in (LinkState.OFFLINE, LinkState.UNKNOWN) and not self._probe():
                    self._probe_failures += 1
                    self._wake.wait(self.probe.delay(self._probe_failures))
                    continue
                self._probe_failures = 0
                pull = time.monotonic() >= next_pull
                report = self.run_cycle(pull=pull)
                if pull and report.link is LinkState.ONLINE:
                    next_pull = time.monotonic() + self.pull_seconds
                if report.link is LinkState.ONLINE and verify_due(self.store):
                    self._verify()
            except SenderBusy as exc:  # a `sync --once` is sending: wait for it, quietly
                self._set_link(self.link, exc.message)
                self._wake.wait(RETRY_SECONDS)
                continue
            except Exception:  # a bug must not end syncing for the rest of the day
                log.exception("sync cycle failed")
                self._set_link(self.link, _t("同步出错，稍后自动重试"))
            self._wake.wait(self._idle_seconds(next_pull))

    def _idle_seconds(self, next_pull: float) -> float:
        if self.link is LinkState.LOGGED_OUT:
            return 3600.0  # until the clerk logs in again (the login screen wakes us)
        if self.link is LinkState.OFFLINE:
            return self.probe.delay(self._probe_failures + 1)
        wait = max(0.0, next_pull - time.monotonic())
        next_due = self.outbox.counts().next_due_at
        if next_due is not None:
            wait = min(wait, max(0.0, (next_due - utc_now()).total_seconds()))
        return max(0.05, wait)

    def _probe(self) -> bool:
        """One light request: is the central there, and does it still know us?"""
        with self.store.read() as conn:
            cursor = get_state(conn, CURSOR_KEY) or ""
        params = {"limit": "1"} | ({"cursor": cursor} if cursor else {})
        try:
            self.client.call("getChanges", "GET", "/changes", params=params)
        except AuthenticationError as exc:
            logged_out = self.client.tokens.load() is None
            self._set_link(LinkState.LOGGED_OUT if logged_out else LinkState.OFFLINE, str(exc))
            return False
        except CentralError as exc:
            self._set_link(LinkState.OFFLINE, offline_message(exc))
            return False
        self._set_link(LinkState.ONLINE, "")
        return True

    def _verify(self) -> None:
        """The periodic reconciliation (sync.verify_hours); what it re-queues goes at once."""
        try:
            self.last_verify = verify_cases(self.store, self.client, lambda: self.stopping)
        except CentralError as exc:  # the link went meanwhile: the next due round tries again
            self._set_link(LinkState.OFFLINE, offline_message(exc))
            return
        log.info("verify: %s", self.last_verify.to_dict())
        self.report(force=True)  # the window shows what the check found
        if self.last_verify.resent:
            self.wake()

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
