"""Benchmark: what a long history costs. A profile holding 100,000 cases already sent (their
outbox rows done, built by bulk insert: tests/helpers/history.py) against a fresh profile,
in the same run, with the same work queued:

- the status read (`read_snapshot`, what every engine report and the status bar cost),
  median of repeated reads, history vs fresh;
- sync throughput: one engine round draining the same number of operations to a reference
  central of its own (a process, as in tests/bench/sync.py), history vs fresh (goal ≥ 0.9×);
- the queue screen opened on 60,000 pending operations (30,000 cases): time to the first
  rows, and the longest stall of the event loop while it opens and is scrolled to the end
  (goal ≤ 50 ms; the QTreeWidget it replaced froze the window 2.9 s).

    python -m tests.bench.history [--history 100000] [--operations 2000] [--queue 60000]
                                  [--quick]

--quick: 2,000 cases of history, 30 operations, 3,000 queued: does it still run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring

from offline.storage.profile import open_profile
from offline.storage.store import Store
from offline.sync.status import read_snapshot
from tests.bench.sync import central_process, queue_operations
from tests.bench.ui_stall import Probe, run_loop
from tests.conftest import MemoryKeyring
from tests.helpers.history import add_history
from tests.sync.support import connected_service, engine

THROUGHPUT_GOAL = 0.9
STALL_GOAL_MS = 50.0


def status_read_ms(store: Store, reads: int = 50) -> float:
    times = []
    for _ in range(reads):
        start = time.perf_counter()
        read_snapshot(store, running=True)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def drain_seconds(store: Store) -> float:
    sync = engine(store)
    start = time.perf_counter()
    report = sync.run_cycle(pull=False)
    seconds = time.perf_counter() - start
    assert report.remaining == 0, report.reasons
    return seconds


def queue_screen(root: Path, operations: int) -> tuple[float, float, int]:
    """(ms to the first rows, longest stall in ms, rows at the end) on a training profile."""
    from ui.app import UiThreadCollector, freeze_start_up_heap, install_fonts, make_application
    from ui.sync.queue_screen import QueueScreen

    app = make_application()
    install_fonts(app)
    collector = UiThreadCollector(app)
    store = open_profile(root / "queue")
    add_history(store, cases=0, pending=operations // 2)
    freeze_start_up_heap()  # as the app does once its window is shown
    probe = Probe()
    probe.start()
    start = time.perf_counter()
    screen = QueueScreen(store, None)
    screen.show()
    model = screen.model
    while model.rowCount() == 0:
        run_loop(0.001)
    first_ms = (time.perf_counter() - start) * 1000
    while not model.data_.complete:
        screen.view.scrollToBottom()
        run_loop(0.02)
    run_loop(0.1)
    probe.stop()
    rows = model.rowCount()
    screen.close()
    store.close()
    collector.timer.stop()
    return first_ms, probe.stalls()[0], rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--history", type=int, default=100_000, help="cases already sent")
    parser.add_argument("--operations", type=int, default=2000, help="queued in both profiles")
    parser.add_argument("--queue", type=int, default=60_000, help="operations in the queue screen")
    parser.add_argument("--quick", action="store_true", help="small sizes: does it still run")
    args = parser.parse_args()
    if args.quick:
        args.history, args.operations, args.queue = 2000, 30, 3000
    keyring.set_keyring(MemoryKeyring())
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with (
            central_process(root / "fresh-central") as fresh_url,
            central_process(root / "history-central") as history_url,
        ):
            fresh = connected_service(root / "fresh", fresh_url)
            old = connected_service(root / "history", history_url)
            built = time.perf_counter()
            add_history(old.store, cases=args.history)
            built_seconds = time.perf_counter() - built
            count = queue_operations(fresh, args.operations)
            assert queue_operations(old, args.operations) == count
            fresh_read, history_read = status_read_ms(fresh.store), status_read_ms(old.store)
            fresh_seconds = drain_seconds(fresh.store)
            history_seconds = drain_seconds(old.store)
            fresh.store.close()
            old.store.close()
        first_ms, longest, rows = queue_screen(root, args.queue)

    ratio = fresh_seconds / history_seconds
    print(
        f"history: {args.history} cases sent ({2 * args.history} done operations),"
        f" built in {built_seconds:.1f} s; {count} operations queued in each profile"
    )
    print(
        f"status read (read_snapshot), median:  fresh {fresh_read:.2f} ms"
        f"  history {history_read:.2f} ms  ratio {history_read / fresh_read:.2f}x"
    )
    print(
        f"sync: fresh {count / fresh_seconds:.0f} ops/s, history {count / history_seconds:.0f}"
        f" ops/s"
    )
    verdict = "met" if ratio >= THROUGHPUT_GOAL else "NOT met"
    print(f"history / fresh sync rate: {ratio:.2f}x (goal >= {THROUGHPUT_GOAL}x): {verdict}")
    verdict = "met" if longest <= STALL_GOAL_MS else "NOT met"
    print(
        f"queue screen, {args.queue} operations ({rows} rows): first rows in {first_ms:.0f} ms,"
        f" longest stall {longest:.1f} ms (goal <= {STALL_GOAL_MS:.0f} ms): {verdict}"
    )


if __name__ == "__main__":
    main()
