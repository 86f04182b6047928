"""People for tests: a clerk and a chief as the reference central describes them, seated at a
profile as an online login would (offline/accounts/login.py, the real verifier)."""

from __future__ import annotations

from client.accounts import Person, Power, Role
from offline.accounts.login import remember_online_login
from offline.storage.store import Store

CLERK = Person(
    id="c1",
    username="clerk",
    name="王芳",
    department_code="XZSP",
    department_name="培训县行政审批局",
    roles=frozenset({Role.CLERK}),
    powers=frozenset({Power.ACCEPT}),
)
CHIEF = Person(
    id="c2",
    username="chief",
    name="李强",
    department_code="XZSP",
    department_name="培训县行政审批局",
    roles=frozenset({Role.CLERK, Role.CHIEF}),
    powers=frozenset(Power),
)
PASSWORDS = {"clerk": "clerk-pass", "chief": "chief-pass"}


def seat(store: Store, person: Person = CLERK) -> Person:
    """`person` logged in at `store`'s window, as after an online login."""
    remember_online_login(store, person, PASSWORDS.get(person.username, "pass-1234"))
    return person
