"""The account verbs of main.py: `login --offline`, `lock`, `whoami`, `password`.

Passwords come on stdin, never as arguments (they would show in `ps`). Each function returns
the exit code and prints its answer; a refusal is a ClerkError, which main.py prints."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from client.accounts import person_to_dict
from client.i18n import translate
from offline.accounts.login import lock, locked, login_offline
from offline.accounts.password import PasswordRefused, change_password
from offline.accounts.session import person_or_none
from offline.storage.profile import open_profile


def _t(text: str) -> str:
    return translate("accounts", text)


def add_verbs(verbs: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    verbs.add_parser("lock", help="lock the window (unlocking needs a password)")
    whoami = verbs.add_parser("whoami", help="who is logged in at this window")
    whoami.add_argument("--json", action="store_true")
    password = verbs.add_parser("password", help="change a password at the central system")
    password.add_argument("--username", required=True)


def cmd_login_offline(profile: Path, username: str) -> int:
    password = sys.stdin.readline().rstrip("\r\n")
    store = open_profile(profile)
    try:
        person = login_offline(store, username, password)
    finally:
        store.close()
    print(json.dumps({"mode": "offline", **person_to_dict(person)}, ensure_ascii=False))
    return 0


def cmd_lock(profile: Path) -> int:
    store = open_profile(profile)
    try:
        lock(store)
    finally:
        store.close()
    print(_t("窗口已锁定，解锁需要输入密码"))
    return 0


def cmd_whoami(profile: Path, as_json: bool) -> int:
    store = open_profile(profile)
    try:
        with store.read() as conn:
            person = person_or_none(conn, store.training)
        is_locked = locked(store)
        window = store.window_code
    finally:
        store.close()
    if as_json:
        answer = {
            "window_code": window,
            "locked": is_locked,
            "person": person_to_dict(person) if person else None,
        }
        print(json.dumps(answer, ensure_ascii=False))
    elif person is None:
        print(_t("窗口 {w}：无人登录").format(w=window))
    else:
        state = _t("（已锁定）") if is_locked else ""
        print(f"{window} · {person.name}（{person.username}）{person.roles_text}{state}")
    return 0 if person else 1


def cmd_password(profile: Path, username: str) -> int:
    old = sys.stdin.readline().rstrip("\r\n")
    new = sys.stdin.readline().rstrip("\r\n")
    if not new:
        raise PasswordRefused(_t("请在标准输入中给出两行：原密码、新密码"))
    store = open_profile(profile)
    try:
        change_password(store, username, old, new)
    finally:
        store.close()
    print(_t("密码已修改，下次登录（含离线登录）请使用新密码"))
    return 0
