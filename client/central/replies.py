"""Every reply is checked against the contract before anyone acts on it.

A township Wi-Fi portal, a hotel login page, a proxy's error page or a server that is not the
central at all can answer `200` to anything. What such an answer says is not what the central
said, so it must never count as a success: a reply is accepted only when its status is one the
operation declares, its `Content-Type` is JSON (problem+json for errors), its body parses and
validates against the operation's schema in resources/openapi/central-v1.yaml, and what it
names (case, event, material, upload, audit chain tip) is what was sent. Anything else raises
`ReplyError`, a `NetworkError`: the engine treats it as a link fault (offline, back off, probe
again), never as done, and never as a refusal that would park an operation.

The schemas are validated with jsonschema (Draft 2020-12, which OpenAPI 3.1 uses); the spec is
parsed once per process. A case reply with 20 events and materials validates in well under a
millisecond (docs/replies.md has the figures).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import requests

from client.central.api import PROBLEM_JSON, NetworkError
from client.central.retry import is_retryable_status
from client.errors import ClerkError
from client.i18n import translate
from client.resources import resource

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from referencing import Registry

SPEC_URI = "urn:chuangkou:central-v1"
JSON = "application/json"
PORTAL = "网络需要认证（可能是 Wi-Fi 登录页），请在浏览器中完成登录"
TUS_VERSION = "1.0.0"
_DIGITS = re.compile(r"^[0-9]+$")
_UPLOAD_PATH = re.compile(r"/uploads/[0-9a-f]{32}$")
# operationId → the list in its reply whose entries the caller validates with `schema_problem`
ENTRIES_CHECKED_ONE_BY_ONE = {"getChanges": "changes"}


def _t(text: str) -> str:
    return translate("replies", text)


class ReplyError(NetworkError, ClerkError):
    """The answer is not the central's as the contract describes it: a fault of the link
    (portal, proxy, another server, a damaged reply), so nothing is marked done."""

    def __init__(self, message: str, remedy: str = "") -> None:
        ClerkError.__init__(self, message, remedy)


def portal_error() -> ReplyError:
    return ReplyError(_t(PORTAL))


def contract_error(what: str) -> ReplyError:
    return ReplyError(
        _t("中心系统的答复不符合接口约定（{what}），按连接故障处理，稍后自动重试").format(what=what)
    )


# --- the spec ------------------------------------------------------------------------------


@functools.cache
def _spec() -> dict[str, Any]:
    import yaml  # here and below: imported on the first reply, off the window's start

    with open(resource("openapi", "central-v1.yaml"), encoding="utf-8") as f:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 20 ms, not 150
        spec: dict[str, Any] = yaml.load(f, Loader=loader)  # a safe loader
    return spec


@functools.cache
def _registry() -> Registry[Any]:
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    spec: Resource[Any] = Resource.from_contents(_spec(), default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource(SPEC_URI, spec)
    return registry


@functools.cache
def _operations() -> dict[str, dict[str, Any]]:
    """operationId → its responses, from the spec's paths."""
    found: dict[str, dict[str, Any]] = {}
    for item in _spec()["paths"].values():
        for method, operation in item.items():
            if isinstance(operation, dict) and "operationId" in operation:
                found[operation["operationId"]] = {"method": method, **operation}
    return found


@functools.cache
def _validator(operation: str, status: int) -> Draft202012Validator | None:
    """The validator of `operation`'s JSON body at `status`; None when it has no body."""
    from jsonschema import Draft202012Validator

    response = _operations()[operation]["responses"][str(status)]
    schema = response.get("content", {}).get(JSON, {}).get("schema")
    if schema is None:
        return None
    ref = schema.get("$ref", "")
    root = {"$ref": SPEC_URI + ref} if ref.startswith("#") else schema
    return Draft202012Validator(
        root, registry=_registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


@functools.cache
def _schema_validator(name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(
        {"$ref": f"{SPEC_URI}#/components/schemas/{name}"},
        registry=_registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def schema_problem(name: str, value: Any) -> str:
    """Where `value` breaks the contract's schema `name` ("" when it conforms)."""
    error = next(iter(_schema_validator(name).iter_errors(value)), None)
    if error is None:
        return ""
    where = "/".join(str(p) for p in error.absolute_path) or "body"
    return f"{name}: {where}: {error.message}"[:300]


def success_statuses(operation: str) -> frozenset[int]:
    return frozenset(
        int(s) for s in _operations()[operation]["responses"] if s.isdigit() and s.startswith("2")
    )


# --- any reply ------------------------------------------------------------------------------


def _media_type(response: requests.Response) -> str:
    return response.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()


def link_fault(response: requests.Response, base_url: str, method: str) -> ReplyError | None:
    """What is wrong with any reply whatever the operation, or None: a redirect elsewhere
    (portals redirect to their login page), 511, an HTML page, an error that is not a
    problem+json (the central answers every error that way; retryable statuses from a proxy
    in front of it are left to the retry policy)."""
    status, media = response.status_code, _media_type(response)
    if response.history or _origin(response.url) != _origin(base_url):
        return portal_error()
    if status == 511 or status == 407:
        return portal_error()
    if media in ("text/html", "application/xhtml+xml"):
        return portal_error() if status < 500 else contract_error(f"HTTP {status}，HTML 页面")
    if response.ok or is_retryable_status(status) or method.upper() == "HEAD":
        return None
    if media != PROBLEM_JSON:
        return contract_error(f"HTTP {status}，{media or _t('无内容类型')}")
    return None


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def checked_json(response: requests.Response, operation: str) -> Any:
    """The body of a successful reply to `operation`, checked: status, type, JSON, schema."""
    status = response.status_code
    if status not in success_statuses(operation):
        raise contract_error(f"{operation}：HTTP {status}")
    media = _media_type(response)
    if media != JSON:
        raise contract_error(f"{operation}：{media or _t('无内容类型')}")
    try:
        data = response.json()
    except ValueError:
        raise contract_error(f"{operation}：{_t('不是有效的 JSON')}") from None
    validator = _validator(operation, status)
    if validator is not None:
        # A page's entries are the reader's to check one by one (offline/sync/changes.py):
        # one bad entry must not make the whole page, and every page after it, a link fault.
        item_list = ENTRIES_CHECKED_ONE_BY_ONE.get(operation)
        envelope = data
        if item_list and isinstance(data, dict) and isinstance(data.get(item_list), list):
            envelope = {**data, item_list: []}
        error = next(iter(validator.iter_errors(envelope)), None)
        if error is not None:
            where = "/".join(str(p) for p in error.absolute_path) or "body"
            raise contract_error(f"{operation}：{where} {_t('不符合约定')}")
    return data


def same(operation: str, reply: Mapping[str, Any], **sent: Any) -> None:
    """Identity: the reply names what was sent (same ids, same sha256, same size)."""
    for key, value in sent.items():
        if reply.get(key) != value:
            raise contract_error(f"{operation}：{key} {_t('与发送的不一致')}")


# --- tus replies (no JSON body: the headers are the answer) ---------------------------------


def checked_tus(response: requests.Response, operation: str) -> requests.Response:
    """tusCreate, tusOffset, tusPatch: declared status, Tus-Resumable, a sane offset and, for
    a creation, a Location that is an upload of this central."""
    status, headers = response.status_code, response.headers
    if status not in success_statuses(operation):
        raise contract_error(f"{operation}：HTTP {status}")
    if headers.get("Tus-Resumable") != TUS_VERSION:
        raise contract_error(f"{operation}：Tus-Resumable")
    if operation in ("tusOffset", "tusPatch") and not _DIGITS.match(
        headers.get("Upload-Offset", "")
    ):
        raise contract_error(f"{operation}：Upload-Offset")
    if operation == "tusOffset" and not _DIGITS.match(headers.get("Upload-Length", "")):
        raise contract_error(f"{operation}：Upload-Length")
    if operation == "tusCreate" and not _UPLOAD_PATH.search(
        urlsplit(headers.get("Location", "")).path
    ):
        raise contract_error(f"{operation}：Location")
    return response


def checked_offset(response: requests.Response, sent_from: int, sent_bytes: int) -> int:
    """A PATCH's new offset: within what this PATCH could have moved it to."""
    offset = int(checked_tus(response, "tusPatch").headers["Upload-Offset"])
    if not sent_from <= offset <= sent_from + sent_bytes:
        raise contract_error("tusPatch：Upload-Offset")
    return offset
