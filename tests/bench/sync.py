"""Benchmark: draining the outbox to the reference central on loopback.

Both centrals run as processes of their own (`python -m tests.central`), as a real central
would, so the client's figures are the client's. Floor, measured in the same run: a raw loop
on one keep-alive `requests.Session` sending the very same payloads (same bodies, same
Idempotency-Keys, in outbox order) to a second fresh central, with nothing else to do — no
database reads, no marking done, no retry bookkeeping. The engine sends to its own fresh
central with its default parallelism (or --parallel N). Goal: engine rate ≥ 0.7 × raw rate.

    python -m tests.bench.sync [--operations 2000] [--parallel N] [--quick]

--quick: 30 operations (both centrals still start), to show the bench still runs.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import keyring
import requests

from client.domain import Action, IntakeRequest
from offline.intake.transaction import IntakeService
from offline.sync.outbox import Outbox
from tests.central.server import free_port
from tests.conftest import MemoryKeyring
from tests.factories import FOOD_PERMIT, complete_materials, person, resident_id
from tests.sync.support import WINDOW, connected_service, engine

GOAL = 0.7


def queue_operations(service: IntakeService, operations: int) -> int:
    """Accepted cases without files: 3 operations each (case, apply event, accept event)."""
    item = service.store.item(FOOD_PERMIT)
    assert item is not None
    for n in range((operations + 2) // 3):
        request = IntakeRequest(
            item_code=FOOD_PERMIT,
            applicant=person(f"申请人{n}", resident_id(f"11010519900101{n % 1000:03d}")),
            materials=complete_materials(item),
            action=Action.ACCEPT,
        )
        service.commit(request, item, {})
    return Outbox(service.store).counts().pending


@contextlib.contextmanager
def central_process(data: Path) -> Iterator[str]:
    """A reference central in a process of its own; yields its base URL."""
    port = free_port()
    command = [sys.executable, "-m", "tests.central", "--port", str(port), "--data", str(data)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("the reference central did not start")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)


def raw_loop(url: str, payloads: list[tuple[str, str, dict, dict]]) -> float:
    session = requests.Session()
    login = {"username": "clerk", "password": "clerk-pass", "window_code": WINDOW}
    api = f"{url}/api/v1"
    token = session.post(f"{api}/auth/token", json=login, timeout=10).json()
    session.headers["Authorization"] = f"Bearer {token['access_token']}"
    start = time.perf_counter()
    for method, path, body, headers in payloads:
        response = session.request(method, api + path, json=body, headers=headers)
        response.raise_for_status()
    return time.perf_counter() - start


def outbox_requests(service: IntakeService) -> list[tuple[str, str, dict, dict]]:
    with service.store.read() as conn:
        rows = conn.execute("SELECT case_id, kind, payload FROM outbox ORDER BY seq").fetchall()
    requests_: list[tuple[str, str, dict, dict]] = []
    for case_id, kind, text in rows:
        body = json.loads(text)
        if kind == "case.put":
            requests_.append(("PUT", f"/cases/{case_id}", body, {}))
        else:
            key = {"Idempotency-Key": body["event_id"]}
            requests_.append(("POST", f"/cases/{case_id}/events", body, key))
    return requests_


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--operations", type=int, default=2000)
    parser.add_argument("--parallel", type=int, default=0, help="default: the setting (4)")
    parser.add_argument("--quick", action="store_true", help="30 operations: does it still run")
    args = parser.parse_args()
    if args.quick:
        args.operations = 30
    keyring.set_keyring(MemoryKeyring())  # the login's tokens, as on a desktop with a keyring
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with (
            central_process(root / "raw-central") as raw_central,
            central_process(root / "engine-central") as engine_central,
        ):
            service = connected_service(root / "profile", engine_central)
            count = queue_operations(service, args.operations)
            payloads = outbox_requests(service)

            raw_seconds = raw_loop(raw_central, payloads)

            options = {"parallel": args.parallel} if args.parallel else {}
            sync = engine(service.store, **options)
            start = time.perf_counter()
            report = sync.run_cycle(pull=False)
            engine_seconds = time.perf_counter() - start
            assert report.remaining == 0, report.reasons

    raw_rate, engine_rate = count / raw_seconds, count / engine_seconds
    ratio = engine_rate / raw_rate
    print(f"operations: {count} (cases, apply and accept events; no files)")
    print(f"raw keep-alive loop:  {raw_seconds:6.2f} s  {raw_rate:7.0f} ops/s")
    print(
        f"sync engine ({sync.parallel} cases in parallel): {engine_seconds:6.2f} s"
        f"  {engine_rate:7.0f} ops/s (incl. {report.audit_sent} audit records)"
    )
    verdict = "met" if ratio >= GOAL else "NOT met"
    print(f"engine / raw rate: {ratio:.2f}x (goal >= {GOAL}x): {verdict}")


if __name__ == "__main__":
    main()
