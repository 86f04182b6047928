"""Bring the central system's catalog, holiday calendar and the window's department into the
offline store."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from client.catalog.loading import Catalog
from client.central.api import CentralClient
from client.time_limits.workdays import notice_to_dict
from offline.cases.clock import recompute_due_dates
from offline.documents.department import refresh_department
from offline.storage.store import Store


@dataclass(frozen=True)
class ReferenceSync:
    items: int
    cursor: str
    calendar_years: tuple[int, ...]  # years the central knew
    missing_years: tuple[int, ...]  # years it did not (weekends-only until it does)
    department: bool = False  # the window's department came and is kept


def sync_reference(
    store: Store, client: CentralClient, today: dt.date | None = None
) -> ReferenceSync:
    """The whole catalog (replacing the training one), and this and next year's calendar.

    The central's holiday notice for a year replaces one an administrator typed in: it is
    the official source (docs/architecture.md, Time limits). The department the documents name
    comes with it (offline/documents/department.py)."""
    page = client.catalog()
    store.replace_catalog(Catalog(version=page.cursor, items=page.items), "central")
    year = (today or dt.date.today()).year
    notices = dict(store.settings.get("calendar.notices"))
    known, missing = [], []
    for y in (year, year + 1):
        notice = client.calendar(y)
        if notice is None:
            missing.append(y)
        else:
            notices[str(y)] = notice_to_dict(notice)
            known.append(y)
    if known and notices != store.settings.get("calendar.notices"):
        store.set_settings({"calendar.notices": notices}, system=True)
        recompute_due_dates(store, "central")  # each moved case's history says so
    department = refresh_department(store, client)
    return ReferenceSync(len(page.items), page.cursor, tuple(known), tuple(missing), department)
