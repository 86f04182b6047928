"""What every handler needs: the configuration, the database and the fault switches."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from starlette.requests import Request

from tests.central.faults import Faults
from tests.central.locks import UploadLocks
from tests.central.store import Store

ROLES = ("clerk", "reviewer", "admin")


@dataclass(frozen=True)
class User:
    name: str
    password: str
    role: str  # clerk (window calls), reviewer (+ back office), admin (+ fault switches)


DEFAULT_USERS = (
    User("clerk", "clerk-pass", "clerk"),
    User("reviewer", "reviewer-pass", "reviewer"),
    User("admin", "admin-pass", "admin"),
)


def parse_user(spec: str) -> User:
    """`NAME:PASSWORD:ROLE`, as given on the command line."""
    name, sep, rest = spec.partition(":")
    password, sep2, role = rest.rpartition(":")
    if not (sep and sep2 and name and password) or role not in ROLES:
        raise ValueError(f"expected NAME:PASSWORD:ROLE with ROLE in {ROLES}, got {spec!r}")
    return User(name, password, role)


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


class Context:
    def __init__(self, config: Config, faults: Faults | None = None) -> None:
        self.config = config
        self.faults = faults or Faults()
        self.store = Store(config.data_dir)
        self.users = {u.name: u for u in config.users}
        self.upload_locks = UploadLocks()  # one PATCH at a time per upload


def context(request: Request) -> Context:
    ctx: Context = request.app.state.context
    return ctx
