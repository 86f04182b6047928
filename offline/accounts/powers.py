"""The five powers, enforced where the work is done (docs/accounts.md).

Every action of the core asks `authorize()` for the person at the window before it writes
anything; a refusal raises client.accounts.PowerRefused with the reason. The window asks
`refusal()` for the same answer to disable a button and say why in its tooltip, so the two can
never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from client.accounts import Person, Power, PowerRefused, require
from client.accounts import refusal as person_refusal
from client.domain import Action
from client.i18n import translate

if TYPE_CHECKING:
    from offline.storage.store import Store

# Settings that are the clerk's own working preferences (the capture row), not the window's
# configuration: changing them needs no 管理权.
PERSONAL_PREFIXES = ("scan.",)


def _t(text: str) -> str:
    return translate("accounts", text)


def authorize(store: Store, power: Power, what: str, chief_only: bool = False) -> Person:
    """The person at the window, if they may do `what`; raises PowerRefused otherwise."""
    return require(store.person, power, what, chief_only)


def refusal(store: Store, power: Power, what: str, chief_only: bool = False) -> str:
    """Why the person at the window may not do `what`, or "" (for buttons' tooltips)."""
    try:
        person = store.person
    except PowerRefused as exc:
        return exc.message
    return person_refusal(person, power, what, chief_only)


def intake_rule(store: Store, action: Action) -> tuple[Power, str, bool]:
    """What an intake decision needs: (power, what, chief only)."""
    if action is Action.REFUSE:
        from offline.documents.department import refusal_needs_chief

        # The window's own setting, or the rule of the department the central sent.
        chief = bool(store.settings.get("rules.refusal_needs_chief")) or refusal_needs_chief(store)
        return Power.ACCEPT, _t("不予受理"), chief
    if action is Action.SUPPLEMENT:
        return Power.ACCEPT, _t("出具补正告知"), False
    return Power.ACCEPT, _t("受理"), False


def authorize_intake(store: Store, action: Action) -> Person:
    return authorize(store, *intake_rule(store, action))


def intake_refusal(store: Store, action: Action) -> str:
    return refusal(store, *intake_rule(store, action))


def needs_manage(keys: Iterable[str]) -> bool:
    return any(not key.startswith(PERSONAL_PREFIXES) for key in keys)


def check_settings_change(store: Store, changes: dict[str, object]) -> Person:
    if needs_manage(changes):
        return authorize(store, Power.MANAGE, _t("修改窗口设置"))
    return store.person


@dataclass(frozen=True)
class Seat:
    """Who is at the window and what the window must not offer them (key → reason): the
    three intake decisions by Action value, and "settings" (窗口设置, 节假日管理)."""

    person: Person | None
    locked: bool
    refusals: dict[str, str]
    idle_minutes: int


def seat_of(store: Store) -> Seat:
    """Read on a pool thread; the window applies it to its buttons."""
    from offline.accounts.session import is_locked, person_or_none

    with store.read() as conn:
        person = person_or_none(conn, store.training)
        locked = is_locked(conn)
    refusals = {action.value: intake_refusal(store, action) for action in Action}
    refusals["settings"] = refusal(store, Power.MANAGE, _t("修改窗口设置"))
    idle = int(store.settings.get("accounts.idle_minutes"))
    return Seat(person, locked, {k: v for k, v in refusals.items() if v}, idle)
