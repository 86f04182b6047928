"""Who is at the window, read from and written to the profile (tables `accounts` and
`window_session`, offline/storage/migrations.py V4). Shared by the window and the CLI through the
database, so `main.py lock` locks a window that starts afterwards."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from client.accounts import TRAINING_PERSON, NotLoggedIn, Person, person_from_dict
from client.i18n import translate

PERSON_KEY, LOCKED_KEY = "person", "locked"


def _t(text: str) -> str:
    return translate("accounts", text)


def session_value(conn: sqlite3.Connection, key: str) -> Any:
    row = conn.execute("SELECT value FROM window_session WHERE key = ?", (key,)).fetchone()
    return json.loads(row[0]) if row else None


def set_session_value(writer: sqlite3.Connection, key: str, value: Any) -> None:
    writer.execute(
        "INSERT INTO window_session (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, json.dumps(value, ensure_ascii=False)),
    )


def known_person(conn: sqlite3.Connection, username: str) -> Person | None:
    row = conn.execute("SELECT person FROM accounts WHERE username = ?", (username,)).fetchone()
    if row is None:
        return None
    try:
        return person_from_dict(json.loads(row[0]))
    except (KeyError, TypeError, ValueError):
        return None  # a damaged row grants nothing


def person_or_none(conn: sqlite3.Connection, training: bool) -> Person | None:
    """The person logged in here; the training person in a training profile nobody logged in
    to; None when nobody is logged in at a connected window."""
    username = session_value(conn, PERSON_KEY)
    person = known_person(conn, username) if isinstance(username, str) else None
    if person is None and training:
        return TRAINING_PERSON
    return person


def person_at_window(conn: sqlite3.Connection, training: bool) -> Person:
    person = person_or_none(conn, training)
    if person is None:
        raise NotLoggedIn(
            _t("本窗口当前无人登录"), _t("请先登录（设置 → 登录中心系统，或在锁定界面登录）")
        )
    return person


def is_locked(conn: sqlite3.Connection) -> bool:
    return bool(session_value(conn, LOCKED_KEY))
