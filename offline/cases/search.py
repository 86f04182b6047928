"""办件查询: every case of this window, any date, found through one text and a few filters.

The text is read for what it can be (a case number or its tail, a name, an ID number or its
last 4-6 characters, a phone or its last 4 digits, an item); each reading is one indexed
lookup (migration SCHEMA_CASE_SEARCH), the hits are joined to their cases newest first and cut
at the limit. `build_query` is the whole SQL, so the benchmark runs exactly it on bare SQLite.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from client.domain import Stage
from client.errors import ClerkError
from client.generated_ids import mask_id_number
from client.i18n import translate
from client.workdays import Light
from offline.cases.lights import RUNNING_STAGES, LightBounds, bounds_for
from offline.store import Store

DEFAULT_LIMIT = 50
MAX_TEXT = 60
CASE_NUMBER = re.compile(r"^[A-Z0-9]{1,5}-\d{8}-\d{4,}$")
DAY_AND_SEQUENCE = re.compile(r"^\d{8}-\d{4}$")
ID_LIKE = re.compile(r"^[0-9A-Z]{4,}$")
_MAX_CHAR = "\U0010ffff"
_FULL_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}  # ０-９ Ａ-Ｚ … as ASCII


class SearchError(ClerkError, ValueError):
    """A filter that cannot be searched for."""


@dataclass(frozen=True)
class CaseQuery:
    text: str = ""
    item_code: str = ""
    stage: Stage | None = None
    light: Light | None = None
    created_from: dt.date | None = None  # inclusive, local days
    created_to: dt.date | None = None  # inclusive
    limit: int = DEFAULT_LIMIT


@dataclass(frozen=True)
class CaseHit:
    case_id: str
    case_number: str
    created_at: dt.datetime
    item_code: str
    item_name: str
    applicant_name: str
    applicant_id: str  # masked
    agent_name: str
    stage: Stage
    due_date: dt.date | None
    light: Light | None


@dataclass(frozen=True)
class SearchResult:
    hits: tuple[CaseHit, ...]
    more: bool  # there are older matches beyond the limit


def normalize_text(text: str) -> str:
    """What the clerk typed, trimmed, ASCII in upper case, full-width digits made ASCII."""
    text = text.strip()[:MAX_TEXT]
    text = text.translate(_FULL_WIDTH)
    return text.replace(" ", "").upper()  # CJK has no case; letters of an ID number do


def _readings(text: str, item_codes: list[str]) -> list[tuple[str, list[Any]]]:
    """Each indexed lookup `text` may mean, as (SELECT case_id ..., params)."""
    found: list[tuple[str, list[Any]]] = []

    def add(sql: str, *params: Any) -> None:
        found.append((sql, list(params)))

    if CASE_NUMBER.match(text):
        add("SELECT case_id FROM cases WHERE case_number = ?", text)
        return found
    if DAY_AND_SEQUENCE.match(text):
        add("SELECT case_id FROM cases WHERE substr(case_number, -13) = ?", text)
        return found
    digits = text.replace("-", "")
    if digits.isdigit() and len(digits) <= 3:
        add("SELECT case_id FROM cases WHERE substr(case_number, -4) = ?", digits.zfill(4))
        return found
    if ID_LIKE.match(text):
        add("SELECT case_id FROM parties WHERE id_number = ?", text)
        if len(text) == 4:
            add("SELECT case_id FROM cases WHERE substr(case_number, -4) = ?", text)
            add("SELECT case_id FROM parties WHERE substr(phone, -4) = ?", text)
        if 4 <= len(text) <= 6:
            add(f"SELECT case_id FROM parties WHERE substr(id_number, -{len(text)}) = ?", text)
    if digits.isdigit() and len(digits) >= 7:
        add("SELECT case_id FROM parties WHERE phone = ?", text)
    if not text.isascii() or text.isalpha():
        add("SELECT case_id FROM parties WHERE name >= ? AND name < ?", text, text + _MAX_CHAR)
    if item_codes:
        marks = ", ".join("?" * len(item_codes))
        add(f"SELECT case_id FROM cases WHERE item_code IN ({marks})", *item_codes)
    return found


def build_query(
    query: CaseQuery, bounds: LightBounds, item_codes: list[str]
) -> tuple[str, list[Any]]:
    """The one SQL statement of a search: `item_codes` are the items whose name the text
    matches (read from the catalog first, see `matching_items`)."""
    where: list[str] = []
    params: list[Any] = []
    if query.item_code:
        where.append("c.item_code = ?")
        params.append(query.item_code)
    if query.stage is not None:
        where.append("c.stage = ?")
        params.append(query.stage.value)
    if query.light is not None:
        low, high = bounds.due_range(query.light)
        where.append(f"c.stage IN ({', '.join('?' * len(RUNNING_STAGES))})")
        params += [s.value for s in RUNNING_STAGES]
        where.append("c.due_date IS NOT NULL")
        if low is not None:
            where.append("c.due_date >= ?")
            params.append(low)
        if high is not None:
            where.append("c.due_date <= ?")
            params.append(high)
    if query.created_from is not None:
        where.append("c.created_at >= ?")
        params.append(_day_start(query.created_from))
    if query.created_to is not None:
        where.append("c.created_at < ?")
        params.append(_day_start(query.created_to + dt.timedelta(days=1)))
    select = (
        "SELECT c.case_id, c.case_number, c.created_at, c.item_code, c.item_name, a.name,"
        " a.id_number, g.name, c.stage, c.due_date"
    )
    joins = (
        " JOIN parties a ON a.case_id = c.case_id AND a.role = 'applicant'"
        " LEFT JOIN parties g ON g.case_id = c.case_id AND g.role = 'agent'"
    )
    text = normalize_text(query.text)
    readings = _readings(text, item_codes) if text else []
    if text and not readings:
        readings = [("SELECT case_id FROM cases WHERE 0", [])]
    if readings:
        # The hits first (CROSS JOIN keeps that order): each reading is an index lookup, and
        # only the matching cases are then sorted, never a walk through the whole history.
        union = " UNION ".join(sql for sql, _ in readings)
        hit_params = [p for _, ps in readings for p in ps]
        sql = f"{select} FROM ({union}) AS hit CROSS JOIN cases c ON c.case_id = hit.case_id"
        params = hit_params + params
    else:
        sql = f"{select} FROM cases c"
    sql += joins
    if where:
        sql += " WHERE " + " AND ".join(where)
    # rowid breaks ties in insertion order and, unlike case_id, lets the created_at index
    # give the order without a sort.
    sql += " ORDER BY c.created_at DESC, c.rowid DESC LIMIT ?"
    params.append(query.limit + 1)
    return sql, params


def matching_items(conn: sqlite3.Connection, text: str) -> list[str]:
    """Catalog items whose name or pinyin initials contain the text (a few hundred rows)."""
    text = normalize_text(text)
    if not text or (text.isascii() and not text.isalpha()):
        return []
    rows = conn.execute(
        "SELECT code FROM catalog_items WHERE instr(name, ?) > 0 OR instr(pinyin_initials, ?) = 1"
        " OR code = ?",
        (text, text, text),
    )
    return [code for (code,) in rows]


def search_cases(
    store: Store, query: CaseQuery, today: dt.date | None = None, bounds: LightBounds | None = None
) -> SearchResult:
    if query.created_from and query.created_to and query.created_from > query.created_to:
        raise SearchError(translate("cases", "起始日期晚于截止日期，请重新选择日期范围。"))
    if query.limit < 1:
        raise SearchError(translate("cases", "每页条数须大于零。"))
    if bounds is None:
        bounds = bounds_for(store, today or dt.date.today())
    with store.read() as conn:
        sql, params = build_query(query, bounds, matching_items(conn, query.text))
        rows = conn.execute(sql, params).fetchall()
    hits = tuple(_hit(row, bounds) for row in rows[: query.limit])
    return SearchResult(hits, more=len(rows) > query.limit)


def _hit(row: tuple[Any, ...], bounds: LightBounds) -> CaseHit:
    stage = Stage(row[8])
    due = dt.date.fromisoformat(row[9]) if row[9] else None
    return CaseHit(
        case_id=row[0],
        case_number=row[1],
        created_at=dt.datetime.fromisoformat(row[2]),
        item_code=row[3],
        item_name=row[4],
        applicant_name=row[5],
        applicant_id=mask_id_number(row[6]),
        agent_name=row[7] or "",
        stage=stage,
        due_date=due,
        light=bounds.light(stage, due),
    )


def _day_start(day: dt.date) -> str:
    return dt.datetime.combine(day, dt.time()).astimezone().isoformat()
