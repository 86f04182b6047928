"""Which department a window's documents name: the training one, or the central's.

A training profile prints with resources/training/department.json. A connected profile prints
only with the department the central sent (GET /department, stored with the catalog): never the
training one, whose example address and seal must not reach an applicant. Until the central's
has been fetched, producing a document says so and asks for a sync.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import TYPE_CHECKING, Any

from client.catalog.loading import CatalogError, department_from_dict, load_department
from client.domain import Department
from client.errors import ClerkError
from client.i18n import translate
from offline.storage.store import Store

if TYPE_CHECKING:
    from client.central.api import CentralClient

log = logging.getLogger(__name__)


def _t(text: str) -> str:
    return translate("documents", text)


class DepartmentMissing(ClerkError):
    """A connected profile has no department from the central yet."""


def window_department(store: Store) -> Department:
    """The department this profile's documents print (DepartmentMissing when not fetched)."""
    if store.training:
        return load_department()
    with store.read() as conn:
        row = conn.execute("SELECT data FROM central_department WHERE id = 1").fetchone()
    if row is None:
        raise DepartmentMissing(
            _t("尚未从中心系统获取本部门信息（名称、地址、印章），不能出具文书"),
            _t("请联网后同步一次（窗口的“立即同步”，或运行 sync），再出具文书。"),
        )
    return department_from_dict(json.loads(row[0]))


def refusal_needs_chief(store: Store) -> bool:
    """The department's rule that only the 首席代表 may refuse (不予受理): the central's, for a
    connected window (before it is fetched: no rule), or the training department's."""
    try:
        return window_department(store).rules.refusal_requires_chief
    except (DepartmentMissing, CatalogError):
        return False


def store_department(store: Store, data: dict[str, Any], now: dt.datetime | None = None) -> bool:
    """Keep the central's department (already checked against the contract); True when it
    changed. A department the window cannot use (CatalogError) is refused and the stored one
    kept: the previous documents stay right rather than the next ones wrong."""
    department_from_dict(data)  # raises CatalogError, nothing is written
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    at = (now or dt.datetime.now().astimezone()).isoformat(timespec="milliseconds")
    with store.write() as db:
        row = db.conn.execute("SELECT data FROM central_department WHERE id = 1").fetchone()
        if row is not None and row[0] == text:
            return False
        db.conn.execute(
            "INSERT INTO central_department (id, data, fetched_at) VALUES (1, ?, ?)"
            " ON CONFLICT (id) DO UPDATE"
            " SET data = excluded.data, fetched_at = excluded.fetched_at",
            (text, at),
        )
    return True


def has_department(store: Store) -> bool:
    with store.read() as conn:
        return conn.execute("SELECT 1 FROM central_department WHERE id = 1").fetchone() is not None


def refresh_department(store: Store, client: CentralClient) -> bool:
    """Fetch the window's department from the central and keep it; False when the central
    has none for this window yet (404) or sent one the window cannot use (logged: a bad
    department is the central's to fix, not a reason to call the link down)."""
    from client.central.api import ProblemError
    from client.central.replies import ReplyError, checked_json

    try:
        response = client.request("GET", "/department")  # a portal, a dead link: raised
    except ProblemError as exc:
        if exc.status == 404:
            log.warning("the central has no department for this window yet")
            return False
        raise
    try:
        data = checked_json(response, "getDepartment")
    except ReplyError as exc:
        log.warning("the central's department breaks the contract: %s", exc)
        return False
    try:
        store_department(store, data)
    except CatalogError as exc:
        log.warning("the central's department was refused: %s", exc)
        return False
    return True
