"""Changing a password against the central (POST /auth/password, the central's rules decide),
then the offline verifier, so the next offline login takes the new password."""

from __future__ import annotations

import json

from client.central.api import ProblemError
from client.errors import ClerkError
from client.i18n import translate
from offline.accounts.verifier import make_verifier
from offline.storage.store import Store


def _t(text: str) -> str:
    return translate("accounts", text)


class PasswordRefused(ClerkError):
    """The new password breaks a rule, or the old one is wrong; the message says which."""


RULES = "密码至少 8 位，须同时包含字母和数字，不能包含用户名，不能与原密码相同"

# The central's `detail` of a 422 weak-password, in Chinese (anything else: the rules in full).
DETAILS = {
    "The password must have at least 8 characters.": "新密码至少需要 8 位",
    "The password must contain both letters and digits.": "新密码须同时包含字母和数字",
    "The password must not contain the user name.": "新密码不能包含用户名",
    "The new password must differ from the old one.": "新密码不能与原密码相同",
}


def change_password(store: Store, username: str, old: str, new: str) -> None:
    from offline.accounts.connect import client_for

    if store.training:
        raise PasswordRefused(_t("培训模式没有中心系统，不能修改密码"))
    if not (username and old and new):
        raise PasswordRefused(_t("请填写用户名、原密码和新密码"))
    try:
        client_for(store).change_password(username, old, new)
    except ProblemError as exc:
        if exc.status == 401:
            raise PasswordRefused(_t("原密码错误，密码未修改")) from exc
        if exc.status in (400, 422):
            reason = _t(DETAILS.get(exc.detail, RULES))
            raise PasswordRefused(_t("中心系统不接受新密码：") + reason, _t(RULES)) from exc
        raise
    verifier = json.dumps(make_verifier(new))
    with store.write() as db:
        db.conn.execute(
            "UPDATE accounts SET verifier = ?, failures = 0, locked_until = NULL"
            " WHERE username = ?",
            (verifier, username),
        )
