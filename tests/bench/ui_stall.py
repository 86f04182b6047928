"""Benchmark: the longest stall of the window's event loop while it syncs 100 MB of materials.

The main window runs as in the app (offscreen), with its sync controller and engine, against
a reference central in a process of its own. A QTimer probe fires every 5 ms on the UI thread;
the longest gap between two of its ticks, less the 5 ms, is the longest the clerk's window
could not answer a key press. Floor, measured in the same run: the same probe on the same
window for the same number of seconds once syncing has ended and the engine is stopped
(what an idle window stalls anyway: timer slack, garbage collection, painting). Goal: longest
stall while syncing ≤ 50 ms.

The profile first gets --history cases already sent (bulk insert, their outbox rows done),
as a window has after months; after the sync, --intakes intakes are saved while probing.

    python -m tests.bench.ui_stall [--megabytes 100] [--cases 20] [--history 100000]
                                   [--intakes 20] [--quick]

--quick: 2 MB in 2 cases, 2,000 cases of history, 3 intakes, to show the bench still runs.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer

from client.domain import Action, IntakeRequest
from offline.intake.transaction import IntakeResult, IntakeService
from offline.sync.outbox import Outbox
from offline.sync.status import SyncSnapshot
from tests.bench.sync import central_process
from tests.conftest import MemoryKeyring
from tests.factories import FOOD_PERMIT, complete_materials, make_files, person, resident_id
from tests.helpers.history import add_history
from tests.sync.support import connected_service, queue_cases
from ui.app import UiThreadCollector, freeze_start_up_heap, install_fonts, make_application
from ui.main_window import MainWindow

GOAL_MS = 50.0
PROBE_MS = 5


class Probe:
    """Ticks every PROBE_MS on the UI thread and keeps the gaps between ticks (ms)."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.gaps: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(PROBE_MS)
        self.timer.timeout.connect(self.on_tick)

    def start(self) -> None:
        self.gaps.clear()
        self.clock.start()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        # The time since the last tick counts too: a loop blocked throughout has no tick at all.
        self.gaps.append(self.clock.nsecsElapsed() / 1e6)

    def on_tick(self) -> None:
        self.gaps.append(self.clock.nsecsElapsed() / 1e6)
        self.clock.restart()

    def stalls(self) -> tuple[float, float, float]:
        """Longest, 99th percentile and median stall beyond the probe's own interval (ms)."""
        over = sorted(max(0.0, gap - PROBE_MS) for gap in self.gaps)
        p99 = over[min(len(over) - 1, int(len(over) * 0.99))]
        return over[-1], p99, statistics.median(over)


def run_loop(seconds: float) -> None:
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def save_intakes(
    window: MainWindow, count: int, scans: Path, probe: Probe
) -> tuple[float, float, float]:
    """Intakes committed on a thread (as the write pool does), each announced to the window
    as the intake screen does (`case_saved`): what the UI thread then does (the snapshot,
    today's cases, the clock check) is what the probe sees. No slip is produced, so no
    preview opens: its PDF rendering is not a database cost."""
    service = window.service
    results: list[IntakeResult] = []
    probe.start()
    for n in range(count):
        worker = threading.Thread(
            target=lambda n=n: results.append(service.submit(one_intake(service, scans, n)))
        )
        worker.start()
        while worker.is_alive():
            run_loop(0.005)
        saved = results[-1]
        window.intake.case_saved.emit(replace(saved, documents=()))
        run_loop(0.1)
    probe.stop()
    return probe.stalls()


def one_intake(service: IntakeService, scans: Path, n: int) -> IntakeRequest:
    item = service.store.item(FOOD_PERMIT)
    assert item is not None
    files = make_files(scans, 1, 4096, prefix=f"i{n}")
    first = item.materials[0].code
    return IntakeRequest(
        item_code=FOOD_PERMIT,
        applicant=person(f"申请人{n}", resident_id(f"11010519900101{n % 1000:03d}")),
        materials=complete_materials(item, {first: files}),
        action=Action.ACCEPT,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=int, default=100)
    parser.add_argument("--cases", type=int, default=20, help="one material file each")
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--history", type=int, default=100_000, help="cases sent before")
    parser.add_argument("--intakes", type=int, default=20, help="saved while probing")
    parser.add_argument("--quick", action="store_true", help="2 MB, 2 cases: does it still run")
    args = parser.parse_args()
    if args.quick:
        args.megabytes, args.cases, args.timeout = 2, 2, 60.0
        args.history, args.intakes = 2000, 3
    keyring.set_keyring(MemoryKeyring())
    app = make_application()
    install_fonts(app)
    collector = UiThreadCollector(app)  # as the app runs: cyclic collection on the UI thread
    file_size = args.megabytes * 1024 * 1024 // args.cases
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with central_process(root / "central") as url:
            service = connected_service(root / "profile", url)
            add_history(service.store, cases=args.history)  # done rows, closed cases
            queue_cases(service, args.cases, 1, root, file_size=file_size)
            counts = Outbox(service.store).counts()
            window = MainWindow(service)  # no engine yet: start_sync below
            window.show()
            run_loop(0.5)  # first paint, the window's start-up reads
            freeze_start_up_heap()  # as run_window does once the window is shown

            probe = Probe()
            probe.start()
            start = time.perf_counter()
            drained = {"at": 0.0}

            def on_snapshot(snapshot: SyncSnapshot) -> None:
                status = snapshot.status
                if not drained["at"] and status.pending == 0 and status.bytes_pending == 0:
                    drained["at"] = time.perf_counter()

            window.start_sync()
            assert window.sync is not None
            window.sync.snapshot_changed.connect(on_snapshot)
            deadline = time.perf_counter() + args.timeout
            while not drained["at"] and time.perf_counter() < deadline:
                app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
            probe.stop()
            if not drained["at"]:
                print("the outbox did not drain in time", file=sys.stderr)
                sys.exit(1)
            sync_seconds = drained["at"] - start
            sync_stalls = probe.stalls()
            sync_ticks = len(probe.gaps)
            intake_stalls = save_intakes(window, args.intakes, root / "intakes", probe)
            window.sync.stop()

            probe.start()  # the floor: the same window, the same time, nothing to sync
            run_loop(max(sync_seconds, 1.0))  # at least a second, however fast the sync was
            probe.stop()
            idle_stalls = probe.stalls()
            window.close()
            service.store.close()
    collector.timer.stop()
    gc.unfreeze()

    print(
        f"synced {counts.pending} operations, {counts.bytes_pending / 1048576:.1f} MB "
        f"in {args.cases} files, in {sync_seconds:.1f} s ({sync_ticks} probe ticks)"
    )
    print("stall beyond the 5 ms probe    longest   p99   median (ms)")
    print(
        f"  idle window (floor)         {idle_stalls[0]:7.1f} {idle_stalls[1]:5.1f} "
        f"{idle_stalls[2]:6.1f}"
    )
    print(
        f"  while syncing               {sync_stalls[0]:7.1f} {sync_stalls[1]:5.1f} "
        f"{sync_stalls[2]:6.1f}"
    )
    print(
        f"  while saving {args.intakes} intakes  {intake_stalls[0]:7.1f} {intake_stalls[1]:5.1f} "
        f"{intake_stalls[2]:6.1f}"
    )
    print(f"profile history: {args.history} cases sent before")
    verdict = "met" if intake_stalls[0] <= GOAL_MS else "NOT met"
    print(
        f"longest stall while saving an intake: {intake_stalls[0]:.1f} ms "
        f"(goal <= {GOAL_MS:.0f} ms): {verdict}"
    )
    verdict = "met" if sync_stalls[0] <= GOAL_MS else "NOT met"
    print(
        f"longest stall while syncing: {sync_stalls[0]:.1f} ms (goal <= {GOAL_MS:.0f} ms): "
        f"{verdict}"
    )


if __name__ == "__main__":
    main()
