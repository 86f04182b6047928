"""People at the window: their roles and the five powers (docs/accounts.md).

Pure data, no storage: the central's token answer says who logged in (`person_from_dict`), the
offline store remembers it, and every action of the core asks `refusal()` whether this person
may do it. A refused action raises `PowerRefused`, whose message says why, in Chinese.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from client.errors import ClerkError
from client.i18n import translate


def _t(text: str) -> str:
    return translate("accounts", text)


class Role(enum.Enum):
    CLERK = "clerk"  # 窗口工作人员
    CHIEF = "chief"  # 首席代表
    ADMIN = "admin"  # 管理员
    REVIEWER = "reviewer"  # back office at the central; no power at a window

    @property
    def label(self) -> str:
        return {
            Role.CLERK: _t("窗口工作人员"),
            Role.CHIEF: _t("首席代表"),
            Role.ADMIN: _t("管理员"),
            Role.REVIEWER: _t("审核人员"),
        }[self]


class Power(enum.Enum):
    """The five powers a department delegates to its window (五权)."""

    IMMEDIATE = "immediate"  # 即办权: decide 即办件 at the window and use the seal
    ACCEPT = "accept"  # 受理权: accept, ask for supplements, refuse
    SUPERVISE = "supervise"  # 督办权: answer the supervision office
    COORDINATE = "coordinate"  # 协调权: coordinate joint cases with other departments
    MANAGE = "manage"  # 管理权: void and reprint documents, change the window's settings

    @property
    def label(self) -> str:
        return {
            Power.IMMEDIATE: _t("即办权"),
            Power.ACCEPT: _t("受理权"),
            Power.SUPERVISE: _t("督办权"),
            Power.COORDINATE: _t("协调权"),
            Power.MANAGE: _t("管理权"),
        }[self]


class PowerRefused(ClerkError, PermissionError):
    """The person at the window may not do this; the message says who, what and why."""


class NotLoggedIn(PowerRefused):
    """Nobody is logged in at a connected window."""


@dataclass(frozen=True)
class Person:
    id: str
    username: str
    name: str
    department_code: str
    department_name: str
    roles: frozenset[Role]
    powers: frozenset[Power]
    training: bool = False

    def has(self, power: Power) -> bool:
        return power in self.powers

    @property
    def is_chief(self) -> bool:
        return Role.CHIEF in self.roles

    @property
    def roles_text(self) -> str:
        return "、".join(r.label for r in sorted(self.roles, key=lambda r: r.value))


TRAINING_PERSON = Person(
    id="training",
    username="training",
    name="培训员",
    department_code="",
    department_name="",
    roles=frozenset({Role.CLERK, Role.CHIEF}),
    powers=frozenset(Power),
    training=True,
)


def refusal(person: Person, power: Power, what: str, chief_only: bool = False) -> str:
    """Why `person` may not do `what` (needing `power`, and the chief role when
    `chief_only`), in Chinese; "" when they may."""
    if power not in person.powers:
        return _t("{name} 没有{power}，不能{what}，请由首席代表或有此权限的人员办理").format(
            name=person.name, power=power.label, what=what
        )
    if chief_only and not person.is_chief:
        return _t("本部门规定{what}须由首席代表办理，{name} 不是首席代表").format(
            what=what, name=person.name
        )
    return ""


def require(person: Person, power: Power, what: str, chief_only: bool = False) -> Person:
    reason = refusal(person, power, what, chief_only)
    if reason:
        raise PowerRefused(reason)
    return person


def _enum_set(kind: type[Role] | type[Power], values: Iterable[Any]) -> frozenset[Any]:
    known = {member.value: member for member in kind}
    return frozenset(known[v] for v in values if v in known)  # unknown ones grant nothing


def person_from_dict(data: Mapping[str, Any]) -> Person:
    """The `account` of a token answer (checked against the contract before it gets here)."""
    return Person(
        id=str(data["id"]),
        username=str(data["username"]),
        name=str(data["name"]),
        department_code=str(data["department_code"]),
        department_name=str(data["department_name"]),
        roles=_enum_set(Role, data.get("roles", ())),
        powers=_enum_set(Power, data.get("powers", ())),
        training=bool(data.get("training", False)),
    )


def person_to_dict(person: Person) -> dict[str, Any]:
    return {
        "id": person.id,
        "username": person.username,
        "name": person.name,
        "department_code": person.department_code,
        "department_name": person.department_name,
        "roles": sorted(r.value for r in person.roles),
        "powers": sorted(p.value for p in person.powers),
        "training": person.training,
    }
