"""A clock that lies stops new intakes, in the service (so the CLI too) and in the window,
until it is right: a year before this release, a clock set back behind what the profile has
already seen, a clock that differs from the central's HTTP Date by more than five minutes."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from client.catalog.loading import load_department
from offline.accounts.connect import client_for
from offline.intake.transaction import IntakeRejected, IntakeResult, IntakeService
from offline.storage import clock
from offline.storage.profile import open_profile
from offline.storage.store import Store
from offline.sync.outbox import set_state
from tests.central.server import CentralServer
from tests.factories import accept_request, open_main_window
from tests.intake.test_ui_intake import fill_complete
from tests.test_cli import food_request, run, snapshot


def now() -> dt.datetime:
    return dt.datetime.now().astimezone()


def at(moment: Callable[[], dt.datetime], store: Store) -> IntakeService:
    return IntakeService(store, load_department(), clock=moment)


def cases(store: Store) -> int:
    return int(store.conn.execute("SELECT count(*) FROM cases").fetchone()[0])


def refused(service: IntakeService) -> str:
    with pytest.raises(IntakeRejected) as caught:
        service.submit(accept_request(service.store))
    (problem,) = [p for p in caught.value.problems if p.field == "clock"]
    assert "CMOS" in problem.message  # what to do about it, not only what is wrong
    return problem.message


def accepted(service: IntakeService) -> IntakeResult:
    return service.submit(accept_request(service.store))


def test_a_pc_that_boots_in_2009_takes_no_intake(tmp_path: Path) -> None:
    store = open_profile(tmp_path / "p")
    message = refused(at(lambda: dt.datetime(2009, 1, 1, 8, 0).astimezone(), store))
    assert "2009-01-01 08:00" in message and "不可能正确" in message
    assert cases(store) == 0
    assert accepted(at(now, store)).case_number


def test_a_clock_set_back_is_refused_until_it_is_right_again(tmp_path: Path) -> None:
    store = open_profile(tmp_path / "p")
    accepted(at(now, store))  # the profile has now seen today's time
    two_hours_ago = now() - dt.timedelta(hours=2)
    message = refused(at(lambda: two_hours_ago, store))
    assert "早于本机已记录过的时间" in message and two_hours_ago.strftime("%H:%M") in message
    assert cases(store) == 1
    # A small step back (an NTP correction) is within the allowed skew.
    accepted(at(lambda: now() - dt.timedelta(minutes=2), store))
    assert cases(store) == 2


class LyingCentral:
    """A loopback HTTP server whose replies carry `Date` shifted by `shift` (or a `date`
    header given verbatim): the central's clock as this client sees it."""

    def __init__(self) -> None:
        self.shift = dt.timedelta()
        self.date: str | None = None
        self.body_delay = 0.0  # seconds between the headers and the body (a slow link)
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = json.dumps({"changes": [], "cursor": "0"}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.flush()
                time.sleep(owner.body_delay)
                self.wfile.write(body)

            def date_time_string(self, timestamp: float | None = None) -> str:
                if owner.date is not None:
                    return owner.date
                central = dt.datetime.now(dt.UTC) + owner.shift
                return email.utils.format_datetime(central, usegmt=True)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def lying() -> Iterator[LyingCentral]:
    server = LyingCentral()
    yield server
    server.close()


def test_a_clock_off_from_the_central_is_refused_until_it_agrees(
    tmp_path: Path, lying: LyingCentral
) -> None:
    store = open_profile(tmp_path / "p")
    service = at(now, store)
    client = client_for(store, url=lying.url)

    lying.shift = dt.timedelta(minutes=10)  # the central is ten minutes ahead of this PC
    client.request("GET", "/changes", auth=False)
    message = refused(service)
    assert "本机时间比中心系统慢约 10 分钟" in message
    assert cases(store) == 0

    lying.date = "yesterday, around noon"  # nonsense is ignored, not taken as a time
    client.request("GET", "/changes", auth=False)
    assert "慢约 10 分钟" in refused(service)

    lying.date, lying.shift = None, dt.timedelta(minutes=3)  # within the allowed five
    client.request("GET", "/changes", auth=False)
    assert accepted(service).case_number
    store.set_setting("clock.max_skew_minutes", 2)
    assert "慢约 3 分钟" in refused(service)


def test_a_slow_reply_does_not_make_a_right_clock_look_fast(
    tmp_path: Path, lying: LyingCentral
) -> None:
    store = open_profile(tmp_path / "p")
    lying.body_delay = 2.0  # the body trickles in long after the central stamped Date
    client_for(store, url=lying.url).request("GET", "/changes", auth=False)
    offset = clock.central_offset(store)
    assert offset is not None and abs(offset.seconds) < 1.5  # Date has whole seconds


def test_a_clock_that_ran_ahead_is_released_once_the_central_confirms_it(
    tmp_path: Path, lying: LyingCentral
) -> None:
    store = open_profile(tmp_path / "p")
    # Offline, a clock three hours fast cannot be caught, and the profile records its time...
    accepted(at(lambda: now() + dt.timedelta(hours=3), store))
    # ...so once set right it is behind what was seen,
    assert "早于本机已记录过的时间" in refused(at(now, store))
    # until the central's Date vouches for it.
    client_for(store, url=lying.url).request("GET", "/changes", auth=False)
    assert accepted(at(now, store)).case_number


def test_the_real_centrals_date_is_recorded_at_login(tmp_path: Path) -> None:
    from tests.sync.support import connected_service

    with CentralServer(tmp_path / "central") as central:
        service = connected_service(tmp_path / "p", central.url)
    offset = clock.central_offset(service.store)
    assert offset is not None and abs(offset.seconds) < 5
    assert accepted(service).case_number


def set_latest_seen(profile: Path, moment: dt.datetime) -> None:
    store = open_profile(profile)
    with store.write() as db:
        set_state(db.conn, clock.LATEST_SEEN_KEY, moment.isoformat(timespec="seconds"))
    store.close()


def test_the_cli_refuses_an_intake_on_a_clock_set_back(tmp_path: Path) -> None:
    profile = tmp_path / "p"
    set_latest_seen(profile, now() + dt.timedelta(days=2))
    before = snapshot(profile)
    result = run(profile, "intake", "--json", str(food_request(tmp_path)))
    assert result.returncode == 2, result.stderr
    assert "早于本机已记录过的时间" in result.stderr and "CMOS" in result.stderr
    assert snapshot(profile) == before


def test_the_window_shows_a_clock_set_back_and_takes_no_intake(
    qtbot: QtBot, tmp_path: Path
) -> None:
    profile = tmp_path / "profile"
    set_latest_seen(profile, now() + dt.timedelta(days=2))
    window = open_main_window(qtbot, profile)
    qtbot.waitUntil(window.clock_label.isVisible, timeout=5000)
    assert "早于本机已记录过的时间" in window.clock_label.text()
    assert "CMOS" in window.clock_label.toolTip()

    fill_complete(qtbot, window)
    qtbot.mouseClick(window.intake.accept_button, Qt.MouseButton.LeftButton)

    def refusal() -> QMessageBox | None:
        boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
        return boxes[0] if boxes else None

    qtbot.waitUntil(lambda: refusal() is not None, timeout=10000)
    box = refusal()
    assert box is not None and "早于本机已记录过的时间" in box.text()
    assert cases(window.store) == 0
