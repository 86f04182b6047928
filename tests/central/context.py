"""What every handler needs: the configuration, the database and the fault switches."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.requests import Request

from tests.central.faults import Faults
from tests.central.locks import UploadLocks
from tests.central.store import Store

# clerk (窗口工作人员: window calls), chief (首席代表: a clerk with the powers the department
# granted), reviewer (+ back office), admin (+ fault switches)
ROLES = ("clerk", "chief", "reviewer", "admin")
POWERS = ("immediate", "accept", "supervise", "coordinate", "manage")
ROLE_POWERS: dict[str, tuple[str, ...]] = {"clerk": ("accept",), "admin": ("manage",)}


@dataclass(frozen=True)
class User:
    name: str
    password: str
    roles: tuple[str, ...]
    display_name: str = ""  # the person's name; the user name when empty

    @property
    def role(self) -> str:
        """The roles as the token table keeps them: comma-separated."""
        return ",".join(self.roles)


DEFAULT_USERS = (
    User("clerk", "clerk-pass", ("clerk",), "王芳"),
    User("chief", "chief-pass", ("clerk", "chief"), "李强"),
    User("reviewer", "reviewer-pass", ("reviewer",), "赵敏"),
    User("admin", "admin-pass", ("admin",), "陈静"),
)


def parse_user(spec: str) -> User:
    """`NAME:PASSWORD:ROLE[,ROLE…]`, as given on the command line."""
    name, sep, rest = spec.partition(":")
    password, sep2, role_list = rest.rpartition(":")
    roles = tuple(r.strip() for r in role_list.split(","))
    if not (sep and sep2 and name and password) or not all(r in ROLES for r in roles):
        raise ValueError(
            f"expected NAME:PASSWORD:ROLE[,ROLE...] with ROLE in {ROLES}, got {spec!r}"
        )
    return User(name, password, roles)


@dataclass
class Config:
    data_dir: Path
    users: tuple[User, ...] = DEFAULT_USERS
    access_ttl: float = 900.0  # seconds
    refresh_ttl: float = 12 * 3600.0
    upload_ttl: float = 24 * 3600.0  # an unfinished upload expires this long after its last PATCH
    max_upload_size: int = 1 << 30
    # A PATCH that finds its upload locked asks the holder to let go and waits this long.
    lock_takeover_seconds: float = 5.0
    # A PATCH body on which nothing arrived for this long is abandoned (its lock released).
    body_idle_seconds: float = 30.0
    auto_advance: float | None = None  # seconds between automatic back-office steps
    catalog_file: Path | None = None  # default: resources/catalog/training.json
    department_code: str = "XZSP"  # every user's department (one department per central)
    department_name: str = "培训县行政审批局"
    chief_powers: tuple[str, ...] = POWERS  # what the department granted its chiefs
    # GET /department (tests/central/department.py); None: not configured, 404
    department: dict[str, Any] | None = field(default_factory=lambda: default_department())


def default_department() -> dict[str, Any]:
    from tests.central.department import default_department as default

    return default()


class Context:
    def __init__(self, config: Config, faults: Faults | None = None) -> None:
        self.config = config
        self.faults = faults or Faults()
        self.store = Store(config.data_dir)
        self.users = {u.name: u for u in config.users}  # a password change replaces one
        self.upload_locks = UploadLocks()  # one PATCH at a time per upload


def context(request: Request) -> Context:
    ctx: Context = request.app.state.context
    return ctx
