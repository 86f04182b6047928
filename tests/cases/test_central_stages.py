"""The detail and the lists show what the central's back office did, after a real sync with the
reference central advancing cases on its own (--auto-advance)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from offline.accounts.connect import client_for
from offline.cases.detail import case_detail
from offline.sync.changes import pull_changes
from tests.cases.support import cell_text, tree_text
from tests.central.server import CentralServer
from tests.factories import accept_request
from tests.sync.support import central_rows, connected_service, engine, run_until_synced, wait_for
from ui.background import serial_pool
from ui.cases.detail_dialog import CaseDetailDialog
from ui.intake.today_cases import TodayCases

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralServer]:
    with CentralServer(tmp_path / "central", auto_advance=0.1) as server:
        yield server


def test_the_detail_shows_the_centrals_stages_after_a_sync(
    qtbot: QtBot, central: CentralServer, tmp_path: Path
) -> None:
    service = connected_service(tmp_path / "profile", central.url)
    store = service.store
    number = service.submit(accept_request(store)).case_number
    # Queued, not delivered: the detail must not pretend otherwise.
    assert case_detail(store, number).delivery.value == "pending"

    run_until_synced(engine(store))
    wait_for(
        lambda: central_rows(central, "SELECT stage FROM cases")[0][0] == "decided",
        what="the back office to decide",
    )
    pull_changes(store, client_for(store))

    dialog = CaseDetailDialog(service, number, serial_pool())
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=5000)
    rows = [
        [tree_text(dialog.timeline.topLevelItem(i), c) for c in range(5)]
        for i in range(dialog.timeline.topLevelItemCount())
    ]
    assert [r[0] for r in rows] == ["● 申请", "● 受理", "● 初审", "● 复审", "● 决定", "○ 办结"]
    assert [r[1] for r in rows[2:5]] == ["auto-reviewer"] * 3
    assert [r[4] for r in rows] == ["本窗口", "本窗口", "中心", "中心", "中心", ""]
    assert rows[4][2] == "经审查，准予行政许可。"  # the decision's content as its opinion
    assert dialog.delivery.text() == "已送达中心"
    assert "决定" in dialog.header.text()

    today = TodayCases(store)
    qtbot.addWidget(today)
    today.refresh()  # read on the pool
    qtbot.waitUntil(lambda: today.item(0, 4) is not None, timeout=5000)
    assert cell_text(today.item(0, 4)) == "决定"  # no longer 受理

    # The same for automation, read by a process of its own.
    done = subprocess.run(
        [
            sys.executable,
            "main.py",
            "--profile",
            str(tmp_path / "profile"),
            "case",
            number,
            "--json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ),  # the test keyring (tests/conftest.py): the profile's data key
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["stage"] == "decided" and data["delivery"] == "delivered"
    assert data["light"] is None  # decided: no longer running against the limit
    assert data["due_date"]
    assert [s["stage"] for s in data["timeline"] if s["done"]] == [
        "applied",
        "accepted",
        "first_review",
        "second_review",
        "decided",
    ]
