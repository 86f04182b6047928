"""Logging in at the window against the reference central over real sockets: who the central
says logged in, offline login after one online login (validity window, failure lockout), the
window's credentials kept across a shift change, password changes, and the CLI verbs."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from client.accounts import Power, Role
from client.catalog.loading import load_department
from client.central.api import AuthenticationError
from offline.accounts.connect import client_for, connect, login_online
from offline.accounts.login import LoginRefused, login_offline, verify_offline
from offline.accounts.password import PasswordRefused, change_password
from offline.intake.transaction import IntakeService
from offline.storage.profile import open_profile
from offline.storage.secrets import KeyringTokenStore
from offline.storage.store import Store
from tests.central.server import CentralServer
from tests.factories import accept_request
from tests.sync.support import assert_converged, engine, run_until_synced
from tests.test_cli import run

WINDOW = "W01"


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralServer]:
    with CentralServer(tmp_path / "central") as server:
        yield server


@pytest.fixture
def store(tmp_path: Path, central: CentralServer) -> Iterator[Store]:
    store = open_profile(tmp_path / "profile")
    connect(store, central.url, "clerk", "clerk-pass", WINDOW)
    yield store
    store.close()


def later(days: float = 0, minutes: float = 0) -> dt.datetime:
    return dt.datetime.now().astimezone() + dt.timedelta(days=days, minutes=minutes)


def test_the_token_answer_says_who_logged_in_and_what_they_may_do(
    store: Store, central: CentralServer
) -> None:
    clerk = store.person
    assert (clerk.name, clerk.department_name) == ("王芳", "培训县行政审批局")
    assert clerk.roles == {Role.CLERK} and clerk.powers == {Power.ACCEPT}
    chief = login_online(store, "chief", "chief-pass")
    assert store.person == chief and chief.roles == {Role.CLERK, Role.CHIEF}
    assert chief.powers == set(Power)  # the department granted its chiefs all five


def test_offline_login_after_one_online_login(store: Store) -> None:
    assert login_offline(store, "clerk", "clerk-pass").name == "王芳"
    with pytest.raises(LoginRefused, match="从未在本窗口联网登录"):
        login_offline(store, "chief", "chief-pass")


def test_offline_login_runs_out_after_the_validity_window(store: Store) -> None:
    with pytest.raises(LoginRefused, match=r"离线登录已过期.*超过了 7 天") as refused:
        login_offline(store, "clerk", "clerk-pass", later(days=7, minutes=1))
    assert "联网登录" in refused.value.remedy
    login_offline(store, "clerk", "clerk-pass", later(days=6))


def test_five_wrong_passwords_lock_the_person_out_for_fifteen_minutes(store: Store) -> None:
    for attempt in range(1, 5):
        with pytest.raises(LoginRefused, match="密码错误") as refused:
            login_offline(store, "clerk", f"wrong-{attempt}")
        assert f"还可再试 {5 - attempt} 次" in refused.value.remedy
    with pytest.raises(LoginRefused, match="连续输错 5 次"):
        login_offline(store, "clerk", "wrong-5")
    with pytest.raises(LoginRefused, match="已被锁定至"):
        login_offline(store, "clerk", "clerk-pass")  # even the right one, while locked out
    assert verify_offline(store, "clerk", "clerk-pass", later(minutes=16)).username == "clerk"
    with store.read() as conn:
        failed = conn.execute(
            "SELECT count(*) FROM audit_log WHERE action = 'account.login_failed'"
        ).fetchone()[0]
    assert failed == 5


def test_a_shift_change_keeps_the_window_credentials_and_the_queue(
    store: Store, central: CentralServer
) -> None:
    login_online(store, "chief", "chief-pass")  # once online, so offline works later
    login_online(store, "clerk", "clerk-pass")  # the morning's login: the window's tokens
    tokens = KeyringTokenStore(store).load()
    service = IntakeService(store, load_department())
    first = service.submit(accept_request(store)).case_number
    login_offline(store, "chief", "chief-pass")  # the link is down: the chief takes over
    second = service.submit(accept_request(store)).case_number
    assert KeyringTokenStore(store).load() == tokens  # offline logins leave them alone
    assert store.outbox_depth() > 0
    run_until_synced(engine(store))
    assert_converged(store, central, WINDOW)
    with store.read() as conn:
        clerks = dict(conn.execute("SELECT case_number, clerk FROM cases").fetchall())
    assert (clerks[first], clerks[second]) == ("王芳", "李强")


def test_password_change_round_trip(store: Store, central: CentralServer) -> None:
    for weak, reason in (
        ("abc123", "至少需要 8 位"),
        ("onlyletters", "字母和数字"),
        ("myclerk2026", "不能包含用户名"),
    ):
        with pytest.raises(PasswordRefused, match=reason):
            change_password(store, "clerk", "clerk-pass", weak)
    with pytest.raises(PasswordRefused, match="原密码错误"):
        change_password(store, "clerk", "not-it", "Harbour2026")
    change_password(store, "clerk", "clerk-pass", "Harbour2026")
    client = client_for(store)
    with pytest.raises(AuthenticationError):
        client.login("clerk", "clerk-pass", WINDOW)
    client.login("clerk", "Harbour2026", WINDOW)
    with pytest.raises(LoginRefused, match="密码错误"):
        login_offline(store, "clerk", "clerk-pass")
    assert login_offline(store, "clerk", "Harbour2026").username == "clerk"


def test_cli_offline_login_whoami_lock_and_password(
    tmp_path: Path, store: Store, central: CentralServer
) -> None:
    profile = store.profile
    login_online(store, "chief", "chief-pass")
    wrong = run(profile, "login", "--offline", "--username", "clerk", input="nope\n")
    assert wrong.returncode == 1 and "密码错误" in wrong.stderr
    done = run(profile, "login", "--offline", "--username", "clerk", input="clerk-pass\n")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["name"] == "王芳"
    who = json.loads(run(profile, "whoami", "--json").stdout)
    assert who["person"]["username"] == "clerk" and who["person"]["roles"] == ["clerk"]
    assert who["locked"] is False and who["window_code"] == WINDOW
    assert run(profile, "lock").returncode == 0
    assert json.loads(run(profile, "whoami", "--json").stdout)["locked"] is True
    weak = run(profile, "password", "--username", "clerk", input="clerk-pass\nshort\n")
    assert weak.returncode == 1 and "至少需要 8 位" in weak.stderr
    changed = run(profile, "password", "--username", "clerk", input="clerk-pass\nRiver2026x\n")
    assert changed.returncode == 0, changed.stderr
    again = run(profile, "login", "--offline", "--username", "clerk", input="River2026x\n")
    assert again.returncode == 0, again.stderr
