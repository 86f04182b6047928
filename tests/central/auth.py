"""Tokens: opaque random strings, stored as their sha256, bound to a user and a window."""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import Field
from starlette.requests import Request

from tests.central.bodies import Body
from tests.central.context import POWERS, ROLE_POWERS, Context, User, context
from tests.central.problems import ProblemError
from tests.central.store import digest

router = APIRouter(prefix="/auth", tags=["auth"])


@dataclass(frozen=True)
class Principal:
    username: str
    role: str  # comma-separated roles
    window_code: str
    context: Context

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(self.role.split(","))


class TokenRequest(Body):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=200)
    window_code: str = Field(min_length=1, max_length=50)


class PasswordRequest(Body):
    username: str = Field(min_length=1, max_length=100)
    old_password: str = Field(min_length=1, max_length=200)
    new_password: str = Field(min_length=1, max_length=200)


class RefreshRequest(Body):
    refresh_token: str = Field(min_length=1, max_length=200)


def _unauthorized(slug: str, title: str, detail: str = "") -> ProblemError:
    challenge = 'Bearer realm="chuangkou"'
    if slug in ("invalid-token", "token-expired"):
        challenge += ', error="invalid_token"'
    return ProblemError(401, slug, title, detail, {"WWW-Authenticate": challenge})


def issue_tokens(ctx: Context, user: User, window_code: str) -> dict[str, Any]:
    access, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = time.time()
    cfg = ctx.config
    with ctx.store.write() as conn:
        for token, kind, ttl in (
            (access, "access", cfg.access_ttl),
            (refresh, "refresh", cfg.refresh_ttl),
        ):
            conn.execute(
                "INSERT INTO tokens (token_hash, kind, username, role, window_code, issued_at,"
                " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (digest(token), kind, user.name, user.role, window_code, now, now + ttl),
            )
    expires_in = cfg.access_ttl
    if ctx.faults.token_ttl is not None:
        expires_in = min(expires_in, ctx.faults.token_ttl)
    return {
        "access_token": access,
        "refresh_token": refresh,
        "token_type": "Bearer",
        "expires_in": int(expires_in),
        "account": account(ctx, user),
    }


def account(ctx: Context, user: User) -> dict[str, Any]:
    """Who logged in: the person, their roles and the powers those roles carry here."""
    cfg = ctx.config
    powers: set[str] = set()
    for role in user.roles:
        powers.update(cfg.chief_powers if role == "chief" else ROLE_POWERS.get(role, ()))
    return {
        "id": hashlib.sha256(f"user:{user.name}".encode()).hexdigest()[:16],
        "username": user.name,
        "name": user.display_name or user.name,
        "department_code": cfg.department_code,
        "department_name": cfg.department_name,
        "roles": list(user.roles),
        "powers": [p for p in POWERS if p in powers],
    }


def password_problem(username: str, password: str) -> str:
    """The central's password rules; the reason a new password is refused, or ""."""
    if len(password) < 8:
        return "The password must have at least 8 characters."
    if not (re.search(r"[A-Za-z]", password) and re.search(r"[0-9]", password)):
        return "The password must contain both letters and digits."
    if username.casefold() in password.casefold():
        return "The password must not contain the user name."
    return ""


def _lookup(ctx: Context, token: str, kind: str) -> tuple[str, str, str]:
    """(username, role, window_code) of a valid token; raises 401 otherwise."""
    with ctx.store.read() as conn:
        row = conn.execute(
            "SELECT username, role, window_code, issued_at, expires_at FROM tokens"
            " WHERE token_hash = ? AND kind = ?",
            (digest(token), kind),
        ).fetchone()
    if row is None:
        raise _unauthorized("invalid-token", "Invalid token", f"Unknown {kind} token.")
    expires_at = row["expires_at"]
    if kind == "access" and ctx.faults.token_ttl is not None:
        expires_at = min(expires_at, row["issued_at"] + ctx.faults.token_ttl)
    if time.time() >= expires_at:
        raise _unauthorized("token-expired", "Token expired", f"The {kind} token has expired.")
    if row["username"] not in ctx.users:
        raise _unauthorized("invalid-token", "Invalid token", "The user no longer exists.")
    return row["username"], row["role"], row["window_code"]


def _check_password(ctx: Context, username: str, password: str) -> User:
    user = ctx.users.get(username)
    given = password.encode("utf-8")  # compare_digest refuses non-ASCII str
    if user is None or not secrets.compare_digest(user.password.encode("utf-8"), given):
        raise _unauthorized("invalid-credentials", "Wrong user name or password")
    return user


@router.post("/token")
def login(body: TokenRequest, ctx: Annotated[Context, Depends(context)]) -> dict[str, Any]:
    user = _check_password(ctx, body.username, body.password)
    return issue_tokens(ctx, user, body.window_code)


@router.post("/password", status_code=204)
def change_password(body: PasswordRequest, ctx: Annotated[Context, Depends(context)]) -> None:
    user = _check_password(ctx, body.username, body.old_password)
    problem = password_problem(user.name, body.new_password)
    if not problem and body.new_password == body.old_password:
        problem = "The new password must differ from the old one."
    if problem:
        raise ProblemError(422, "weak-password", "Password refused", problem)
    ctx.users[user.name] = replace(user, password=body.new_password)


@router.post("/refresh")
def refresh(body: RefreshRequest, ctx: Annotated[Context, Depends(context)]) -> dict[str, Any]:
    username, _role, window_code = _lookup(ctx, body.refresh_token, "refresh")
    return issue_tokens(ctx, ctx.users[username], window_code)


def principal(request: Request) -> Principal:
    """The dependency behind every authenticated call."""
    ctx = context(request)
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _unauthorized("unauthorized", "Authentication required", "Send a Bearer token.")
    username, role, window_code = _lookup(ctx, token.strip(), "access")
    return Principal(username, role, window_code, ctx)


def require_role(*roles: str) -> Callable[[Request], Principal]:
    """A dependency that also checks the role; admin may do everything."""

    def check(request: Request) -> Principal:
        who = principal(request)
        if "admin" not in who.roles and not set(who.roles) & set(roles):
            raise ProblemError(403, "forbidden", "Forbidden", f"Needs role {' or '.join(roles)}.")
        return who

    return check


Who = Annotated[Principal, Depends(principal)]
