"""Soak: 200 cases with 3 small materials each, synced through a storm of random faults
(connection resets, 503 + Retry-After, responses dropped after commit, expiring tokens, a
stalled link, a central restart). It must converge in bounded time with nothing lost and
nothing duplicated."""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path

import pytest

from offline.intake.transaction import IntakeService
from offline.sync.outbox import Outbox
from tests.central.server import CentralServer
from tests.helpers.proxy import FaultProxy
from tests.sync.support import (
    assert_converged,
    central_rows,
    connected_service,
    engine,
    queue_cases,
)

pytestmark = pytest.mark.slow  # left out of tests/check.sh; the full suite runs it

CASES, FILES = 200, 3


def parked(service: IntakeService) -> list[str]:
    return [e.op.last_error for e in Outbox(service.store).entries() if e.op.last_error][:5]


class Storm:
    """Every 0.2 s one random fault, from a seeded generator so a failure can be replayed."""

    def __init__(self, central: CentralServer, proxy: FaultProxy, seed: int) -> None:
        self.central, self.proxy = central, proxy
        self.random = random.Random(seed)
        self.stop = threading.Event()
        self.faults: list[str] = []
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        while not self.stop.wait(0.2):
            fault = self.random.choice(["reset", "503", "drop", "token", "stall", "calm", "calm"])
            self.faults.append(fault)
            faults = self.central.faults
            self.proxy.reset_every_bytes = 0
            if fault == "reset":
                self.proxy.reset_every_bytes = self.random.choice([2_000, 20_000, 60_000])
            elif fault == "503":
                faults.update(fail_next=self.random.randint(1, 5), retry_after=1)
            elif fault == "drop":
                faults.update(drop_next=self.random.randint(1, 3))
            elif fault == "token":
                faults.update(token_ttl=0.5)
            elif fault == "stall":
                self.proxy.stall = True
                self.stop.wait(self.random.uniform(0.3, 1.5))
                self.proxy.stall = False
            else:
                faults.update(token_ttl=None)

    def calm(self) -> None:
        self.stop.set()
        self.thread.join()
        self.proxy.reset_every_bytes = 0
        self.proxy.stall = False
        self.central.faults.clear()


@pytest.mark.timeout(600)
def test_soak_200_cases_through_random_faults(tmp_path: Path) -> None:
    central = CentralServer(tmp_path / "central").start()
    try:
        service = connected_service(tmp_path / "profile", central.url)
        case_ids = queue_cases(service, CASES, FILES, tmp_path, file_size=3000)
        with FaultProxy("127.0.0.1", central.port) as proxy:
            sync = engine(service.store, proxy.url, chunk_size=64 * 1024)
            storm = Storm(central, proxy, seed=20261122)
            started = time.monotonic()
            storm.thread.start()
            sync.start()
            try:
                # Halfway, the central itself goes down and comes back on the same port.
                while len(central_rows(central, "SELECT 1 FROM cases")) < CASES // 2:
                    assert time.monotonic() - started < 120, (sync.status(), parked(service))
                    time.sleep(0.1)
                central.stop()
                time.sleep(1.0)
                central = CentralServer(tmp_path / "central", port=central.port).start()
                storm.central = central
                time.sleep(3.0)  # more storm against the restarted central
                storm.calm()
                deadline = started + 180
                while True:
                    status = sync.status()
                    if status.pending == 0 and status.audit_pending == 0:
                        break
                    assert time.monotonic() < deadline, (status, parked(service))
                    time.sleep(0.1)
                taken = time.monotonic() - started
            finally:
                storm.calm()
                sync.stop()
        assert set(storm.faults) >= {"reset", "503", "drop", "token", "stall"}
        assert_converged(service.store, central)
        assert len(case_ids) == CASES
        print(f"soak converged in {taken:.1f} s with {len(storm.faults)} faults")
    finally:
        central.stop()
