"""Logging people in at the window: online (the central says who they are), offline (the
verifier kept since their last online login), locking and unlocking (docs/accounts.md).

The window's own credentials — the tokens of the last online login, in offline/storage/secrets.py —
are not the person: an offline login or a lock leaves them alone, so the sync engine keeps
sending whoever is at the window.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from client.accounts import Person, person_to_dict
from client.errors import ClerkError
from client.i18n import translate
from offline.accounts.session import (
    LOCKED_KEY,
    PERSON_KEY,
    is_locked,
    known_person,
    person_or_none,
    set_session_value,
)
from offline.accounts.verifier import check_password, make_verifier
from offline.storage import audit
from offline.storage.store import Store

if TYPE_CHECKING:
    import sqlite_utils

MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)

Clock = Callable[[], dt.datetime]


def _t(text: str) -> str:
    return translate("accounts", text)


def _now() -> dt.datetime:
    return dt.datetime.now().astimezone()


class LoginRefused(ClerkError):
    """An offline login or an unlock that is not allowed; the message says why."""


def _stamp(at: dt.datetime) -> str:
    return at.isoformat(timespec="seconds")


def remember_online_login(
    store: Store, person: Person, password: str, now: dt.datetime | None = None
) -> None:
    """After the central accepted `person`: keep who they are and a verifier for offline
    logins, and make them the person at the window (unlocked)."""
    now = now or _now()
    verifier = json.dumps(make_verifier(password))  # about 0.3 s: before the transaction
    with store.write() as db:
        db.conn.execute(
            "INSERT INTO accounts (username, person, verifier, online_at, failures, locked_until)"
            " VALUES (?, ?, ?, ?, 0, NULL) ON CONFLICT (username) DO UPDATE SET"
            " person = excluded.person, verifier = excluded.verifier,"
            " online_at = excluded.online_at, failures = 0, locked_until = NULL",
            (
                person.username,
                json.dumps(person_to_dict(person), ensure_ascii=False),
                verifier,
                _stamp(now),
            ),
        )
        _take_window(store, db, person, "online", now)


def _take_window(
    store: Store, db: sqlite_utils.Database, person: Person, mode: str, now: dt.datetime
) -> None:
    with store.read() as conn:
        before = person_or_none(conn, store.training)
    set_session_value(db.conn, PERSON_KEY, person.username)
    set_session_value(db.conn, LOCKED_KEY, False)
    details: dict[str, str] = {"mode": mode}
    if before is not None and before.username != person.username:
        details["previous"] = before.username  # a shift change
    audit.append(
        db,
        actor=person.username,
        window_code=store.window_code,
        action="account.login",
        details=details,
        at=now,
    )


def login_offline(
    store: Store, username: str, password: str, now: dt.datetime | None = None
) -> Person:
    """Log `username` in without the central; raises LoginRefused (unknown here, locked out,
    the validity window has run out, wrong password — counted)."""
    now = now or _now()
    person = verify_offline(store, username, password, now)
    with store.write() as db:
        _take_window(store, db, person, "offline", now)
    return person


def verify_offline(store: Store, username: str, password: str, now: dt.datetime) -> Person:
    """The checks of an offline login, with the failure counter; changes nobody's session."""
    with store.read() as conn:
        row = conn.execute(
            "SELECT verifier, online_at, failures, locked_until FROM accounts WHERE username = ?",
            (username,),
        ).fetchone()
        person = known_person(conn, username)
    if row is None or person is None or not row[0]:
        raise LoginRefused(
            _t("{user} 从未在本窗口联网登录过，不能离线登录").format(user=username),
            _t("请在网络恢复后联网登录一次"),
        )
    verifier, online_at, failures, locked_until = row
    if locked_until and now < dt.datetime.fromisoformat(locked_until):
        until = dt.datetime.fromisoformat(locked_until).astimezone(now.tzinfo)
        raise LoginRefused(
            _t("密码连续输错 {n} 次，{user} 已被锁定至 {until}").format(
                n=MAX_FAILURES, user=username, until=f"{until:%H:%M}"
            ),
            _t("请稍后再试，或联网登录"),
        )
    days = int(store.settings.get("accounts.offline_days"))
    last = dt.datetime.fromisoformat(online_at)
    if now - last > dt.timedelta(days=days):
        raise LoginRefused(
            _t("离线登录已过期：{user} 上次联网登录是 {at}，超过了 {days} 天").format(
                user=username, at=f"{last:%Y-%m-%d %H:%M}", days=days
            ),
            _t("请在网络恢复后联网登录，之后可再离线登录 {days} 天").format(days=days),
        )
    if not check_password(json.loads(verifier), password):
        failures = int(failures) + 1
        lock = _stamp(now + LOCKOUT) if failures >= MAX_FAILURES else None
        with store.write() as db:
            db.conn.execute(
                "UPDATE accounts SET failures = ?, locked_until = ? WHERE username = ?",
                (0 if lock else failures, lock, username),
            )
            audit.append(
                db,
                actor=username,
                window_code=store.window_code,
                action="account.login_failed",
                details={"mode": "offline", "failures": failures, "locked": bool(lock)},
                at=now,
            )
        left = MAX_FAILURES - failures
        raise LoginRefused(
            _t("密码错误") if lock is None else _t("密码连续输错 {n} 次").format(n=MAX_FAILURES),
            _t("还可再试 {n} 次").format(n=left)
            if lock is None
            else _t("{user} 已被锁定 {m} 分钟").format(
                user=username, m=int(LOCKOUT.total_seconds() // 60)
            ),
        )
    if failures or locked_until:
        with store.write() as db:
            db.conn.execute(
                "UPDATE accounts SET failures = 0, locked_until = NULL WHERE username = ?",
                (username,),
            )
    return person


def lock(store: Store, now: dt.datetime | None = None) -> None:
    """Lock the window: the person stays, nothing is lost; unlocking needs a password."""
    now = now or _now()
    with store.write() as db:
        set_session_value(db.conn, LOCKED_KEY, True)
        audit.append(
            db,
            actor=store.actor,
            window_code=store.window_code,
            action="account.lock",
            details={},
            at=now,
        )


def locked(store: Store) -> bool:
    with store.read() as conn:
        return is_locked(conn)


def unlock(store: Store, username: str, password: str, now: dt.datetime | None = None) -> Person:
    """Unlock with a password checked offline: the same person, or another (a shift change).
    A training window with nobody logged in unlocks for the training person without one."""
    with store.read() as conn:
        current = person_or_none(conn, store.training)
    if current is not None and current.training and username == current.username:
        with store.write() as db:
            set_session_value(db.conn, LOCKED_KEY, False)
        return current
    return login_offline(store, username, password, now)
