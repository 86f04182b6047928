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
from typing import Any, NamedTuple

from client.domain import Stage
from client.errors import ClerkError
from client.generated_ids import mask_id_number
from client.i18n import translate
from client.time_limits.workdays import Light
from offline.cases.lights import RUNNING_STAGES, LightBounds, bounds_for
from offline.storage.store import Store

DEFAULT_LIMIT = 50
# From this many hits on, walking the cases newest first beats sorting the hits (at 100k
# cases: a thousand hits sorted cost about what walking to the 50th of them costs).
BROAD = 1000
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


class CaseHit(NamedTuple):
    """One result row (a NamedTuple: a page of 50 is built in a fraction of a frozen
    dataclass's time, which showed beside sub-millisecond queries)."""

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


Reading = tuple[str, str, list[Any]]  # (table, condition on alias {t}, params)


def _readings(text: str, item_codes: list[str]) -> list[Reading]:
    """Each indexed lookup `text` may mean."""
    found: list[Reading] = []

    def add(table: str, cond: str, *params: Any) -> None:
        found.append((table, cond, list(params)))

    if CASE_NUMBER.match(text):
        add("cases", "{t}.case_number = ?", text)
        return found
    if DAY_AND_SEQUENCE.match(text):
        add("cases", "substr({t}.case_number, -13) = ?", text)
        return found
    digits = text.replace("-", "")
    if digits.isdigit() and len(digits) <= 3:
        add("cases", "substr({t}.case_number, -4) = ?", digits.zfill(4))
        return found
    if ID_LIKE.match(text):
        add("parties", "{t}.id_number = ?", text)
        if len(text) == 4:
            add("cases", "substr({t}.case_number, -4) = ?", text)
            add("parties", "substr({t}.phone, -4) = ?", text)
        if 4 <= len(text) <= 6:
            add("parties", f"substr({{t}}.id_number, -{len(text)}) = ?", text)
    if digits.isdigit() and len(digits) >= 7:
        add("parties", "{t}.phone = ?", text)
    if not text.isascii() or text.isalpha():
        add("parties", "{t}.name >= ? AND {t}.name < ?", text, text + _MAX_CHAR)
    if item_codes:
        add("cases", f"{{t}}.item_code IN ({', '.join('?' * len(item_codes))})", *item_codes)
    return found


def text_readings(text: str, item_codes: list[str]) -> list[Reading]:
    text = normalize_text(text)
    if not text:
        return []
    return _readings(text, item_codes) or [("cases", "0", [])]


def probe_sql(readings: list[Reading]) -> tuple[str, list[Any]]:
    """How many hits the readings have, counted up to BROAD (index only, stops there)."""
    union = " UNION ALL ".join(
        f"SELECT 1 FROM {table} AS r WHERE {cond.format(t='r')}" for table, cond, _ in readings
    )
    return f"SELECT count(*) FROM ({union} LIMIT ?)", [
        *(p for _, _, ps in readings for p in ps),
        BROAD,
    ]


def build_query(
    query: CaseQuery, bounds: LightBounds, readings: list[Reading], broad: bool = False
) -> tuple[str, list[Any]]:
    """The one SQL statement of a search. `readings` are what the text may mean
    (`text_readings`); `broad` says they have many hits (`probe_sql`, BROAD or more).

    Few hits: the hits first (CROSS JOIN keeps that order), each reading an index lookup,
    and only they are sorted. Many hits (a surname as it is being typed): the cases newest
    first along the created_at index, each tested, stopping at the limit. Either way the
    parties are joined for the page only."""
    where: list[str] = []
    params: list[Any] = []
    if readings and broad:
        tests = []
        for table, cond, ps in readings:
            if table == "cases":
                tests.append(cond.format(t="c"))
            else:
                tests.append(
                    f"EXISTS (SELECT 1 FROM parties AS r WHERE r.case_id = c.case_id"
                    f" AND {cond.format(t='r')})"
                )
            params += ps
        where.append("(" + " OR ".join(tests) + ")")
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
    inner = (
        "SELECT c.rowid AS rid, c.case_id, c.case_number, c.created_at, c.item_code,"
        " c.item_name, c.stage, c.due_date"
    )
    if readings and not broad:
        # UNION removes repeats; DISTINCT does for a single reading (applicant and agent
        # of one case can both match a name).
        union = " UNION ".join(
            f"SELECT DISTINCT case_id FROM {table} AS r WHERE {cond.format(t='r')}"
            for table, cond, _ in readings
        )
        inner += f" FROM ({union}) AS hit CROSS JOIN cases c ON c.case_id = hit.case_id"
        params = [p for _, _, ps in readings for p in ps] + params
    else:
        inner += " FROM cases c"
    if where:
        inner += " WHERE " + " AND ".join(where)
    # rowid breaks ties in insertion order and, unlike case_id, lets the created_at index
    # give the order without a sort.
    inner += " ORDER BY c.created_at DESC, c.rowid DESC LIMIT ?"
    params.append(query.limit + 1)
    sql = (
        "SELECT page.case_id, page.case_number, page.created_at, page.item_code,"
        " page.item_name, a.name, a.id_number, g.name, page.stage, page.due_date"
        f" FROM ({inner}) AS page"
        " JOIN parties a ON a.case_id = page.case_id AND a.role = 'applicant'"
        " LEFT JOIN parties g ON g.case_id = page.case_id AND g.role = 'agent'"
        " ORDER BY page.created_at DESC, page.rid DESC"
    )
    return sql, params


def matching_items_sql(text: str) -> tuple[str, list[Any]]:
    """Catalog items whose name contains the text or whose pinyin initials begin with it
    (a few hundred rows); ("", []) when the text cannot be an item."""
    text = normalize_text(text)
    if not text or (text.isascii() and not text.isalpha()):
        return "", []
    return (
        "SELECT code FROM catalog_items WHERE instr(name, ?) > 0 OR instr(pinyin_initials, ?) = 1"
        " OR code = ?",
        [text, text, text],
    )


def search_statements(
    conn: sqlite3.Connection, query: CaseQuery, bounds: LightBounds
) -> list[tuple[str, list[Any]]]:
    """The SQL a search runs, in order: the catalog lookup and the probe (run here, their
    answers shape the last), then the search itself (for the caller to run)."""
    item_sql, item_params = matching_items_sql(query.text)
    items = [c for (c,) in conn.execute(item_sql, item_params)] if item_sql else []
    done = [(item_sql, item_params)] if item_sql else []
    readings = text_readings(query.text, items)
    broad = False
    if readings:
        probe, probe_params = probe_sql(readings)
        broad = int(conn.execute(probe, probe_params).fetchone()[0]) >= BROAD
        done.append((probe, probe_params))
    return [*done, build_query(query, bounds, readings, broad)]


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
        statements = search_statements(conn, query, bounds)
        sql, params = statements[-1]
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
