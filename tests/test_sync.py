"""The sync engine against the reference central over real sockets: every test ends with the
central holding exactly what the window holds (tests/sync_support.assert_converged)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from offline.outbox import Outbox
from offline.sync import LinkState
from tests.central.server import CentralServer
from tests.sync_support import assert_converged, connected_service, engine, queue_cases


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralServer]:
    with CentralServer(tmp_path / "central") as server:
        yield server


def test_one_cycle_delivers_cases_events_materials_and_audit(
    central: CentralServer, tmp_path: Path
) -> None:
    service = connected_service(tmp_path / "profile", central.url)
    queue_cases(service, 5, 2, tmp_path)
    assert Outbox(service.store).counts().pending == 5 * (1 + 2 + 2)

    report = engine(service.store).run_cycle()

    assert report.complete, report.reasons
    assert report.sent == 25 and report.link is LinkState.ONLINE
    assert_converged(service.store, central)
