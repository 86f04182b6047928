"""The central system's API over requests (contract: resources/openapi/central-v1.yaml).

Every call has connect and read timeouts and an overall deadline (client/central/deadline.py:
connect, send and the whole response; a miss is a link fault, not retried here); TLS
verification is always on (a CA bundle may replace the system store, nothing may switch it
off); bearer tokens are refreshed once on a 401; RFC 9457 problems become typed exceptions;
transient failures (network errors, 408, 429, 5xx) are retried by the one retry policy,
honouring Retry-After. Every operation of the
contract is idempotent, so a retried request never duplicates anything.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import requests

from client.accounts import Person, person_from_dict
from client.catalog.loading import item_from_dict
from client.central.deadline import deadline as request_deadline
from client.central.deadline import install as install_deadline
from client.central.retry import RetryPolicy, is_retryable_status, parse_retry_after
from client.domain import ServiceItem
from client.errors import ClerkError
from client.i18n import translate
from client.time_limits.workdays import HolidayNotice, notice_from_dict

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
PROBLEM_JSON = "application/problem+json"


def _t(text: str) -> str:
    return translate("api", text)


class CentralError(ClerkError):
    """Talking to the central system failed; the message is for the clerk, in Chinese."""


class NetworkError(CentralError):
    """No answer: refused, reset, timed out, TLS failure. Worth retrying later."""


class DeadlineExceeded(NetworkError):
    """The whole request did not finish within its deadline (a trickling server or link)."""


class ProblemError(CentralError):
    """The server answered with an RFC 9457 problem (or an error status without one)."""

    def __init__(self, status: int, type_: str, title: str, detail: str) -> None:
        super().__init__(
            _t("中心系统拒绝了请求（{status}）：{text}").format(status=status, text=detail or title)
        )
        self.status = status
        self.type = type_
        self.title = title
        self.detail = detail
        self.retry_after: float | None = None


class AuthenticationError(ProblemError):
    """The login is no longer valid (401 after one refresh): the clerk must log in again."""


@dataclass(frozen=True)
class Tokens:
    access_token: str
    refresh_token: str
    expires_at: float  # time.time() seconds


class TokenStore(Protocol):
    def load(self) -> Tokens | None: ...
    def save(self, tokens: Tokens | None) -> None: ...


class MemoryTokenStore:
    def __init__(self) -> None:
        self.tokens: Tokens | None = None

    def load(self) -> Tokens | None:
        return self.tokens

    def save(self, tokens: Tokens | None) -> None:
        self.tokens = tokens


@dataclass(frozen=True)
class ServerDate:
    """The central's clock as its HTTP `Date` header gave it, and this machine's clock at the
    moment the central stamped it (estimated; both timezone-aware)."""

    central: dt.datetime
    local: dt.datetime


def parse_http_date(value: str | None) -> dt.datetime | None:
    """An RFC 9110 `Date` header as an aware datetime; None for anything else."""
    if not value or len(value) > 64:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return parsed if parsed.tzinfo is not None else None


@dataclass(frozen=True)
class CatalogPage:
    items: tuple[ServiceItem, ...]
    removed: tuple[str, ...]
    cursor: str


class CentralClient:
    def __init__(
        self,
        base_url: str,
        tokens: TokenStore,
        *,
        ca_bundle: str | None = None,
        timeout: tuple[float, float] = (5.0, 30.0),
        deadline: float = 60.0,
        policy: RetryPolicy | None = None,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.tokens = tokens
        self.timeout = timeout
        self.deadline = deadline  # seconds for one request, connect to the body's last byte
        self.policy = policy or RetryPolicy()
        self.session = session or requests.Session()
        self.session.verify = ca_bundle or True  # never False
        install_deadline(self.session)
        # Passed with every request as well: requests lets REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE
        # override `session.verify` (not a per-request value), so the configured CA always
        # wins; with none configured, the environment's bundle (else certifi's) is used.
        self.ca_bundle = ca_bundle or ""
        self.sleep = sleep
        self._refresh_lock = threading.Lock()  # sync workers share one login
        # The central's clock, from the Date header of the latest reply that had one; the
        # listener (if any) is called with it on the thread that made the request.
        self.last_date: ServerDate | None = None
        self.on_date: Callable[[ServerDate], None] | None = None

    # --- auth -----------------------------------------------------------------------------

    def login(self, username: str, password: str, window_code: str) -> Tokens:
        return self.login_person(username, password, window_code)[0]

    def login_person(self, username: str, password: str, window_code: str) -> tuple[Tokens, Person]:
        """Log in; the tokens (kept in the token store) and who the central says logged in."""
        body = {"username": username, "password": password, "window_code": window_code}
        data = self.call("login", "POST", "/auth/token", json=body, auth=False)
        person = person_from_dict(data["account"])
        if person.username != username:
            from client.central.replies import contract_error

            raise contract_error("login：account/username " + _t("与发送的不一致"))
        return self._take_tokens(data), person

    def change_password(self, username: str, old_password: str, new_password: str) -> None:
        """The central's rules decide; a refusal is a ProblemError (422 weak-password, 401)."""
        from client.central.replies import contract_error, success_statuses

        body = {"username": username, "old_password": old_password, "new_password": new_password}
        response = self.request("POST", "/auth/password", json=body, auth=False)
        if response.status_code not in success_statuses("changePassword"):
            raise contract_error(f"changePassword：HTTP {response.status_code}")

    def refresh(self) -> Tokens:
        current = self.tokens.load()
        if current is None or not current.refresh_token:
            raise AuthenticationError(401, "", _t("未登录"), _t("请先登录中心系统"))
        body = {"refresh_token": current.refresh_token}
        try:
            data = self.call("refresh", "POST", "/auth/refresh", json=body, auth=False)
        except ProblemError as exc:
            if exc.status in (400, 401, 422):
                self.tokens.save(None)
                raise AuthenticationError(
                    401, exc.type, exc.title, _t("登录已失效，请重新登录")
                ) from exc
            raise
        return self._take_tokens(data, keep_refresh=current.refresh_token)

    def _take_tokens(self, data: Any, keep_refresh: str = "") -> Tokens:
        tokens = Tokens(
            access_token=str(data["access_token"]),
            refresh_token=str(data.get("refresh_token") or keep_refresh),
            expires_at=time.time() + float(data.get("expires_in", 0)),
        )
        self.tokens.save(tokens)
        return tokens

    # --- the one request path -------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: bytes | None = None,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        auth: bool = True,
    ) -> requests.Response:
        """Send with retries for transient failures and one refresh on 401."""
        refreshed = False
        attempt = 0
        while True:
            attempt += 1
            token = self._access_token() if auth else None
            try:
                response = self._send(method, path, json, data, params, headers, token)
            except NetworkError as exc:
                # A missed deadline is not tried again here: no request waits longer than it.
                if isinstance(exc, DeadlineExceeded) or not self.policy.should_retry(attempt):
                    raise
                self.sleep(self.policy.delay(attempt))
                continue
            self._check_link(response, method)
            if response.status_code == 401 and auth and not refreshed:
                refreshed = True
                self._refresh_after(token)
                continue
            if response.ok:
                return response
            problem = _problem(response)
            if is_retryable_status(response.status_code) and self.policy.should_retry(attempt):
                self.sleep(self.policy.delay(attempt, problem.retry_after))
                continue
            if response.status_code == 401 and auth:
                # The refresh just worked, so the login stands (the new token expired on the
                # way, or the clocks disagree): keep the tokens, let the caller try later.
                raise AuthenticationError(
                    401, problem.type, problem.title, _t("登录已失效，请重新登录")
                )
            raise problem

    def call(self, operation: str, method: str, path: str, **options: Any) -> Any:
        """`request`, then the reply checked against `operation` of the contract (status,
        Content-Type, JSON, schema); its body. A reply that fails raises ReplyError."""
        from client.central.replies import checked_json

        return checked_json(self.request(method, path, **options), operation)

    def _check_link(self, response: requests.Response, method: str) -> None:
        """A portal, a redirect or an error page is a link fault, whatever the operation."""
        from client.central.replies import link_fault

        fault = link_fault(response, self.base_url, method)
        if fault is not None:
            response.close()
            raise fault

    def _access_token(self) -> str:
        tokens = self.tokens.load()
        if tokens is None:
            raise AuthenticationError(401, "", _t("未登录"), _t("请先登录中心系统"))
        return tokens.access_token

    def _refresh_after(self, used: str | None) -> None:
        """Refresh once for everyone: a thread that finds the token already replaced by
        another thread's refresh simply uses the new one."""
        with self._refresh_lock:
            current = self.tokens.load()
            if current is not None and current.access_token != used:
                return
            self.refresh()

    def _send(
        self,
        method: str,
        path: str,
        json: Any,
        data: bytes | None,
        params: Mapping[str, str] | None,
        headers: Mapping[str, str] | None,
        token: str | None,
    ) -> requests.Response:
        all_headers = {"Accept": "application/json, application/problem+json"}
        if token is not None:
            all_headers["Authorization"] = f"Bearer {token}"
        all_headers.update(headers or {})
        if self.ca_bundle and not os.path.isfile(self.ca_bundle):
            raise NetworkError(
                _t("CA 证书文件不存在或无法读取：{path}，请检查 CA 证书设置").format(
                    path=self.ca_bundle
                )
            )
        sent = dt.datetime.now().astimezone()
        with request_deadline(self.deadline) as watch:
            try:
                response = self.session.request(
                    method,
                    f"{self.base_url}{API_PREFIX}{path}",
                    json=json,
                    data=data,
                    params=params,
                    headers=all_headers,
                    timeout=watch.timeout(self.timeout),
                    stream=True,
                    verify=self.ca_bundle or True,
                )
                response.content  # noqa: B018 - the whole body, within the deadline
            except requests.exceptions.RequestException as exc:
                if watch.expired:
                    raise DeadlineExceeded(
                        _t("中心系统没有在 {seconds} 秒内完成应答（网络过慢或中断）").format(
                            seconds=round(self.deadline)
                        )
                    ) from exc
                if isinstance(exc, requests.exceptions.SSLError):
                    raise NetworkError(
                        _t("无法建立安全连接（证书校验失败），请检查 CA 证书设置")
                    ) from exc
                raise NetworkError(
                    _t("无法连接中心系统：{error}").format(error=type(exc).__name__)
                ) from exc
        self._note_date(response, sent)
        return response

    def _note_date(self, response: requests.Response, sent: dt.datetime) -> None:
        central = parse_http_date(response.headers.get("Date"))
        if central is None:
            return
        # The server stamped Date between our first byte out and its headers in (`elapsed`):
        # the midpoint, as NTP does. Not the end of the body, which a slow link can stretch
        # to minutes and make a right clock look fast.
        seen = ServerDate(central, sent + response.elapsed / 2)
        self.last_date = seen
        if self.on_date is not None:
            try:
                self.on_date(seen)
            except Exception:  # a listener's failure must never fail the request
                log.warning("Date listener failed", exc_info=True)

    # --- reference data -------------------------------------------------------------------

    def catalog(self, since: str | None = None) -> CatalogPage:
        params = {"since": since} if since else None
        data = self.call("getCatalog", "GET", "/catalog", params=params)
        return CatalogPage(
            items=tuple(item_from_dict(item) for item in data["items"]),
            removed=tuple(str(code) for code in data.get("removed", ())),
            cursor=str(data["cursor"]),
        )

    def calendar(self, year: int) -> HolidayNotice | None:
        """The year's holiday arrangement, or None when the central does not know it yet."""
        try:
            data = self.call("getCalendar", "GET", f"/calendar/{year}")
        except ProblemError as exc:
            if exc.status == 404:
                return None
            raise
        from client.central.replies import same

        same("getCalendar", data, year=year)
        return notice_from_dict(data)


def _problem(response: requests.Response) -> ProblemError:
    status = response.status_code
    data: dict[str, Any] = {}
    if response.headers.get("Content-Type", "").startswith(PROBLEM_JSON):
        try:
            parsed = response.json()
            data = parsed if isinstance(parsed, dict) else {}
        except ValueError:
            data = {}
    cls = AuthenticationError if status == 401 else ProblemError
    problem = cls(
        status,
        str(data.get("type", "about:blank")),
        str(data.get("title", response.reason or "")),
        str(data.get("detail", "")),
    )
    problem.retry_after = parse_retry_after(response.headers.get("Retry-After"))
    return problem
