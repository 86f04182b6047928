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

This module holds the engine's state and its background thread; one round, and the status it
reports, is offline/sync/rounds.py.
"""

from __future__ import annotations

import logging
import threading
import time

from client.central.api import AuthenticationError, CentralClient, CentralError
from client.central.retry import ProbePolicy, RetryPolicy
from client.central.tus import DEFAULT_CHUNK, TusUploader
from client.i18n import translate
from offline.storage.store import Store
from offline.sync.audit_sync import BATCH as AUDIT_BATCH
from offline.sync.changes import CURSOR_KEY
from offline.sync.outbox import Outbox, get_state, utc_now
from offline.sync.outcome import offline_message
from offline.sync.rounds import SyncRound
from offline.sync.sender_lock import RETRY_SECONDS, SenderBusy, SenderLock
from offline.sync.status import LinkState, StatusListener, UploadProgress
from offline.sync.verify import VerifyReport, verify_cases, verify_due

log = logging.getLogger(__name__)


def _t(text: str) -> str:
    return translate("sync", text)


class SyncEngine(SyncRound):
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
