"""The two powers that act on a case after intake: answering the supervision office (督办权)
and coordinating a joint case with other departments (协调权). Each is an audit record of the
case (synced to the central with the chain), written only for a person holding the power."""

from __future__ import annotations

from client.accounts import Power
from client.errors import ClerkError
from client.i18n import translate
from offline.accounts.powers import authorize
from offline.storage import audit
from offline.storage.store import Store

MAX_TEXT = 2000


def _t(text: str) -> str:
    return translate("accounts", text)


class CaseActionError(ClerkError, ValueError):
    """Bad input for a case action; the message says what."""


def _case_id(store: Store, case_number: str) -> str:
    with store.read() as conn:
        row = conn.execute(
            "SELECT case_id FROM cases WHERE case_number = ?", (case_number,)
        ).fetchone()
    if row is None:
        raise CaseActionError(_t("未找到办件：") + case_number)
    return str(row[0])


def _text(value: str, label: str) -> str:
    text = value.strip()
    if not text:
        raise CaseActionError(_t("请填写{label}").format(label=label))
    if len(text) > MAX_TEXT:
        raise CaseActionError(_t("{label}不能超过 {n} 字").format(label=label, n=MAX_TEXT))
    return text


def answer_supervision(store: Store, case_number: str, answer: str) -> None:
    """督办答复: the window's answer to a supervision warning on the case."""
    person = authorize(store, Power.SUPERVISE, _t("答复督办"))
    text = _text(answer, _t("答复内容"))
    case_id = _case_id(store, case_number)
    with store.write() as db:
        audit.append(
            db,
            actor=person.username,
            window_code=store.window_code,
            action="supervision.answer",
            case_id=case_id,
            details={"answer": text},
        )


def coordinate(store: Store, case_number: str, departments: list[str], note: str) -> None:
    """联办协调: ask other departments to act on a joint case."""
    person = authorize(store, Power.COORDINATE, _t("协调联办件"))
    named = [d.strip() for d in departments if d.strip()]
    if not named:
        raise CaseActionError(_t("请至少指定一个协办部门"))
    text = _text(note, _t("协调事项"))
    case_id = _case_id(store, case_number)
    with store.write() as db:
        audit.append(
            db,
            actor=person.username,
            window_code=store.window_code,
            action="case.coordinate",
            case_id=case_id,
            details={"departments": named, "note": text},
        )
