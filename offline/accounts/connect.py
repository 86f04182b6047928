"""Switching a window to connected mode: log in, remember the central, sync reference data.

Shared by the `login` CLI verb and the login dialog, so both do exactly the same."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from client.accounts import Person
from client.central.api import CentralClient, NetworkError
from client.central.retry import RetryPolicy
from client.errors import ClerkError
from client.generated_ids import WINDOW_CODE
from client.i18n import translate
from offline.accounts.login import remember_online_login
from offline.storage.clock import CentralClockWatch
from offline.storage.secrets import KeyringTokenStore, SecretStoreUnavailable
from offline.storage.store import Store
from offline.sync.audit_sync import start_audit_after_current
from offline.sync.engine import SyncEngine
from offline.sync.reference_sync import ReferenceSync, sync_reference
from offline.sync.status import StatusListener


class ConnectRefused(ClerkError, ValueError):
    """The profile or the input cannot be switched; the message is for the administrator."""


@dataclass(frozen=True)
class Connected:
    url: str
    username: str
    window_code: str
    reference: ReferenceSync


# The sync engine keeps its own persistent backoff per operation; inside one request only a
# quick second try, so a dead link is noticed in seconds and no worker sleeps for minutes.
SYNC_REQUEST_POLICY = RetryPolicy(base_seconds=0.2, cap_seconds=1.0, max_attempts=2)


def client_for(
    store: Store,
    url: str | None = None,
    ca_bundle: str | None = None,
    policy: RetryPolicy | None = None,
) -> CentralClient:
    client = CentralClient(
        url or store.settings.text("central.url"),
        KeyringTokenStore(store),
        ca_bundle=(ca_bundle if ca_bundle is not None else store.settings.text("central.ca_bundle"))
        or None,
        policy=policy,
        deadline=float(store.settings.number("sync.request_deadline_seconds")),
    )
    client.on_date = CentralClockWatch(store)  # the intake's clock check compares with it
    return client


def url_problem(url: str) -> str:
    """Why `url` may not be used as the central's address ("" when it may): https://, or
    http:// to this computer only (a central on loopback, as in tests), never a password in
    clear over a network."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return translate("connect", "中心系统地址应以 https:// 开头")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        return translate(
            "connect",
            "中心系统地址必须使用 https://（http:// 会明文传送密码，只允许本机地址）",
        )
    return ""


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def connect(
    store: Store,
    url: str,
    username: str,
    password: str,
    window_code: str,
    ca_bundle: str = "",
) -> Connected:
    url = url.strip().rstrip("/")
    problem = url_problem(url)
    if problem:
        raise ConnectRefused(problem)
    if ca_bundle and not Path(ca_bundle).is_file():
        raise ConnectRefused(
            translate("connect", "CA 证书文件不存在或无法读取：{path}").format(path=ca_bundle)
        )
    if not WINDOW_CODE.match(window_code):
        raise ConnectRefused(translate("connect", "窗口编号应为 1–5 位大写字母或数字"))
    if not password:
        raise ConnectRefused(translate("connect", "请输入密码"))
    with store.read() as conn:
        training_cases = conn.execute("SELECT count(*) FROM cases WHERE training = 1").fetchone()[0]
    if store.keys.local:  # no protecting keyring here: nothing secret may be kept
        raise SecretStoreUnavailable(
            translate(
                "connect",
                "这个配置目录是在没有受保护系统密钥库的电脑上建立的培训目录，不能转为联网使用",
            ),
            translate(
                "connect",
                "请在有系统密钥库（Windows 凭据管理器、GNOME 密钥环或 KWallet）的电脑上，"
                "用新的配置目录登录。",
            ),
        )
    if training_cases:
        # Training cases must never reach a real central system through the outbox.
        raise ConnectRefused(
            translate(
                "connect",
                "此配置目录中有 {n} 件培训办件，不能转为联网模式；"
                "请为联网使用新的配置目录（--profile）。",
            ).format(n=training_cases)
        )
    client = client_for(store, url, ca_bundle)
    _tokens, person = client.login_person(username, password, window_code)
    if store.training:  # the first connection: the central chain starts with its record
        with store.write() as db:
            start_audit_after_current(db.conn)
    store.set_settings(
        {"central.url": url, "central.ca_bundle": ca_bundle, "window.code": window_code},
        actor=username,
        system=True,
    )
    remember_online_login(store, person, password)
    return Connected(url, username, window_code, sync_reference(store, client))


def login_online(store: Store, username: str, password: str) -> Person:
    """A person logs in at a window already connected (a shift change, an unlock while the
    link is up): the central checks the password; their tokens become the window's."""
    if store.training:
        raise ConnectRefused(translate("connect", "培训模式没有中心系统，请用离线登录"))
    if not password:
        raise ConnectRefused(translate("connect", "请输入密码"))
    client = client_for(store)
    _tokens, person = client.login_person(username, password, store.window_code)
    remember_online_login(store, person, password)
    return person


def sign_in(store: Store, username: str, password: str) -> Person:
    """The lock screen's login. The same person unlocks with the offline verifier; another
    person (a shift change) logs in online while the link is up, else offline."""
    from offline.accounts.login import unlock
    from offline.accounts.session import person_or_none

    with store.read() as conn:
        current = person_or_none(conn, store.training)
    if store.training or (current is not None and current.username == username):
        return unlock(store, username, password)
    try:
        return login_online(store, username, password)
    except NetworkError:
        return unlock(store, username, password)


def engine_for(store: Store, on_status: StatusListener | None = None, **options: Any) -> SyncEngine:
    """The sync engine for a connected profile, with the profile's central and login."""
    client = client_for(store, policy=SYNC_REQUEST_POLICY)
    return SyncEngine(store, client, on_status=on_status, **options)
