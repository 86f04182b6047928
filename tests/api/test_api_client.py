"""The API client against the reference central service over real HTTP on loopback."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from client.central.api import (
    AuthenticationError,
    CentralClient,
    MemoryTokenStore,
    NetworkError,
    ProblemError,
)
from client.central.retry import RetryPolicy
from offline.storage.profile import open_profile
from offline.sync.reference_sync import sync_reference
from tests.central.server import CentralServer


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralServer]:
    with CentralServer(tmp_path / "central") as server:
        yield server


def make_client(url: str, sleeps: list[float] | None = None) -> CentralClient:
    return CentralClient(
        url,
        MemoryTokenStore(),
        timeout=(2, 5),
        policy=RetryPolicy(base_seconds=0.01, cap_seconds=0.05, max_attempts=4),
        sleep=(sleeps.append if sleeps is not None else lambda _s: None),
    )


def test_login_catalog_and_calendar(central: CentralServer) -> None:
    client = make_client(central.url)
    tokens = client.login("clerk", "clerk-pass", "PX01")
    assert tokens.access_token and tokens.refresh_token
    page = client.catalog()
    assert any(item.code == "SCJG-0101" for item in page.items)
    assert page.items[0].pinyin_initials  # parsed into our domain type
    year = dt.date.today().year
    notice = client.calendar(2026)
    assert notice is not None and dt.date(2026, 10, 1) in notice.holidays
    assert client.calendar(year + 50) is None  # unknown year: no crash, no notice


def test_wrong_password_is_a_clear_refusal(central: CentralServer) -> None:
    with pytest.raises(ProblemError) as caught:
        make_client(central.url).login("clerk", "nope", "PX01")
    assert caught.value.status == 401 and "中心系统拒绝了请求" in str(caught.value)


def test_expired_token_is_refreshed_once_transparently(central: CentralServer) -> None:
    client = make_client(central.url)
    first = client.login("clerk", "clerk-pass", "PX01")
    central.faults.update(token_ttl=0.3)  # access tokens now last 0.3 s after issue
    time.sleep(0.4)  # so the one we hold has expired; a refreshed one is good for 0.3 s
    assert client.catalog().items
    assert client.tokens.load() != first  # a new access token was fetched


def test_unusable_refresh_token_asks_for_a_new_login(central: CentralServer) -> None:
    client = make_client(central.url)
    client.login("clerk", "clerk-pass", "PX01")
    tokens = client.tokens.load()
    assert tokens is not None
    client.tokens.save(type(tokens)("bad-access", "bad-refresh", 0))
    with pytest.raises(AuthenticationError, match="重新登录"):
        client.catalog()
    assert client.tokens.load() is None


def test_503_with_retry_after_is_retried_honouring_it(central: CentralServer) -> None:
    sleeps: list[float] = []
    client = make_client(central.url, sleeps)
    client.login("clerk", "clerk-pass", "PX01")
    central.faults.update(fail_next=2, retry_after=1)
    assert client.catalog().items
    assert len(sleeps) == 2 and all(s >= 1 for s in sleeps)


def test_no_server_is_a_network_error_after_bounded_retries() -> None:
    sleeps: list[float] = []
    client = make_client("http://127.0.0.1:9", sleeps)  # nothing serves discard here
    with pytest.raises(NetworkError, match="无法连接中心系统"):
        client.login("clerk", "clerk-pass", "PX01")
    assert len(sleeps) == 3  # max_attempts 4: three waits, then give up


def test_tls_verification_cannot_be_switched_off() -> None:
    assert make_client("https://central.invalid").session.verify is True
    bundle = CentralClient("https://x.invalid", MemoryTokenStore(), ca_bundle="/etc/ca.pem")
    assert bundle.session.verify == "/etc/ca.pem"


def test_reference_sync_replaces_the_training_catalog(
    central: CentralServer, tmp_path: Path
) -> None:
    store = open_profile(tmp_path / "profile")
    client = make_client(central.url)
    client.login("clerk", "clerk-pass", "PX01")
    result = sync_reference(store, client, dt.date(2026, 11, 22))
    assert result.items == len(store.items()) and result.items >= 12
    source = store.conn.execute("SELECT DISTINCT source FROM catalog_items").fetchall()
    assert source == [("central",)]
    assert 2026 in result.calendar_years
    assert store.calendar().knows_year(2026)
    store.close()
