"""Catalog (with a cursor) and holiday calendars: the reference data a window syncs."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi import Path as PathParam

from client.catalog.loading import item_to_dict, load_catalog
from client.resources import resource
from tests.central.auth import Who
from tests.central.problems import ProblemError
from tests.central.store import Store

try:
    import chinese_calendar
except ImportError:  # pragma: no cover - a dependency of the client
    chinese_calendar = None

router = APIRouter(tags=["reference"])


def seed_catalog(store: Store, catalog_file: Path | None) -> None:
    """Load the training catalog (or the given file) into an empty database."""
    with store.read() as conn:
        if conn.execute("SELECT 1 FROM catalog_items LIMIT 1").fetchone():
            return
    path = catalog_file or resource("catalog", "training.json")
    catalog = load_catalog(json.loads(path.read_text(encoding="utf-8")))
    with store.write() as conn:
        for item in catalog.items:
            put_item(store, conn, item_to_dict(item))


def put_item(
    store: Store, conn: sqlite3.Connection, item: dict[str, Any] | None, code: str = ""
) -> int:
    """Add, change or (item None) withdraw an item; returns its new cursor position."""
    seq = store.next_value(conn, "catalog")
    data = json.dumps(item, ensure_ascii=False) if item is not None else None
    conn.execute(
        "INSERT INTO catalog_items (code, data, seq) VALUES (?, ?, ?)"
        " ON CONFLICT (code) DO UPDATE SET data = excluded.data, seq = excluded.seq",
        (item["code"] if item is not None else code, data, seq),
    )
    return seq


def parse_cursor(cursor: str) -> int:
    """Our cursors are sequence numbers; anything else (or beyond SQLite's integers) is 400."""
    if not cursor:
        return 0
    if not (cursor.isascii() and cursor.isdigit()) or int(cursor) >= 1 << 63:
        raise ProblemError(400, "invalid-cursor", "Invalid cursor", "Pass a cursor we gave you.")
    return int(cursor)


@router.get("/catalog")
def get_catalog(who: Who, since: Annotated[str, Query(max_length=64)] = "") -> dict[str, Any]:
    after = parse_cursor(since)
    with who.context.store.read() as conn:
        rows = conn.execute(
            "SELECT code, data, seq FROM catalog_items WHERE seq > ? ORDER BY seq", (after,)
        ).fetchall()
        top = conn.execute("SELECT coalesce(max(seq), 0) FROM catalog_items").fetchone()[0]
    return {
        "items": [json.loads(r["data"]) for r in rows if r["data"] is not None],
        "removed": [r["code"] for r in rows if r["data"] is None and after],
        "cursor": str(max(top, after)),
    }


def package_calendar(year: int) -> dict[str, Any] | None:
    """The year's arrangement from the chinese_calendar package, when it knows the year."""
    if chinese_calendar is None:
        return None
    day, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    holidays, workdays = [], []
    try:
        while day <= end:
            on_holiday, _name = chinese_calendar.get_holiday_detail(day)
            is_workday = chinese_calendar.is_workday(day)
            if on_holiday and _name is not None and not is_workday:
                holidays.append(day.isoformat())
            elif is_workday and day.weekday() >= 5:
                workdays.append(day.isoformat())
            day += dt.timedelta(days=1)
    except NotImplementedError:  # no data for that year
        return None
    return {"year": year, "holidays": holidays, "workdays": workdays}


@router.get("/calendar/{year}")
def get_calendar(year: Annotated[int, PathParam(ge=1, le=9999)], who: Who) -> dict[str, Any]:
    with who.context.store.read() as conn:
        row = conn.execute("SELECT data FROM calendars WHERE year = ?", (year,)).fetchone()
    if row is not None:
        stored: dict[str, Any] = json.loads(row["data"])
        return stored
    found = package_calendar(year) if 1900 < year < 2200 else None
    if found is None:
        raise ProblemError(
            404, "unknown-year", "No holiday arrangement for this year", f"Year {year}."
        )
    return found
