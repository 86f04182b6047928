"""A case's clock from the store: its pauses, extensions and open 督办, the light rule from the
settings, the lights of many cases at once, and due dates recomputed when a calendar arrives.

The stored `cases.due_date` (promised) and `cases.legal_due_date` are kept equal to what
`client.time_limits.supervision.due_dates` computes after every change of the clock (a pause
ends, an extension, a new year's notice), so lists and searches can read them; the light
itself is always computed live, because it depends on today.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from client.documents.data import ClockNote, DocumentKind
from client.time_limits.supervision import (
    CaseClock,
    CaseLight,
    Extension,
    LightRule,
    Pause,
    PauseKind,
    RuleVariant,
    case_light,
    due_dates,
)
from client.time_limits.workdays import WorkCalendar
from offline.cases.events import record_event
from offline.storage.store import Store

RUNNING_STAGES = ("accepted", "first_review", "second_review")
FINISHED_STAGES = ("decided", "closed")


def light_rule(store: Store) -> LightRule:
    settings = store.settings
    return LightRule(
        variant=RuleVariant(settings.text("supervision.rule")),
        yellow_days=settings.number("supervision.yellow_days"),
        yellow_share=settings.number("supervision.yellow_share"),
    )


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None


def _clock_from(
    row: sqlite3.Row | tuple[Any, ...],
    pauses: Iterable[Pause],
    extensions: Iterable[Extension],
    open_orders: int,
) -> CaseClock | None:
    """From a row of (stage, accepted_on, clock_start, item_snapshot, updated_at, supervision)."""
    stage, accepted_on, clock_start, snapshot, updated_at, supervision = row
    start = _date(clock_start) or _date(accepted_on)
    if start is None or stage not in RUNNING_STAGES + FINISHED_STAGES:
        return None  # not accepted (补正 awaited, refused): no clock runs
    item = json.loads(snapshot)
    return CaseClock(
        start=start,
        promised_days=int(item.get("promised_limit_days", 0)),
        legal_days=int(item.get("legal_limit_days", item.get("promised_limit_days", 0))),
        pauses=tuple(pauses),
        extensions=tuple(extensions),
        finished_on=_date(updated_at) if stage in FINISHED_STAGES else None,
        open_orders=open_orders,
        central=json.loads(supervision) if supervision else None,
    )


# A case handed over (办结) stopped its clock on the day of its decision, not of the handover:
# closing it rewrites updated_at, so the decision's date is read for a closed case.
_CASE_COLUMNS = (
    "stage, accepted_on, clock_start, item_snapshot, CASE WHEN stage = 'closed' THEN"
    " coalesce((SELECT d.decided_on FROM decisions d WHERE d.case_id = cases.case_id),"
    " updated_at) ELSE updated_at END, supervision"
)


def read_clocks(conn: sqlite3.Connection, case_ids: list[str]) -> dict[str, CaseClock]:
    """The clocks of these cases (those that have one), in four queries whatever their number."""
    if not case_ids:
        return {}
    marks = ",".join("?" * len(case_ids))
    pauses: dict[str, list[Pause]] = {}
    for case_id, kind, start, end in conn.execute(
        f"SELECT case_id, kind, started_on, ended_on FROM case_pauses WHERE case_id IN ({marks})"
        " ORDER BY started_on",
        case_ids,
    ):
        pauses.setdefault(case_id, []).append(Pause(PauseKind(kind), _d(start), _date(end)))
    extensions: dict[str, list[Extension]] = {}
    for case_id, days, approver, reasons, granted in conn.execute(
        "SELECT case_id, days, approver, reasons, granted_on FROM case_extensions"
        f" WHERE case_id IN ({marks}) ORDER BY granted_on",
        case_ids,
    ):
        extensions.setdefault(case_id, []).append(Extension(days, approver, reasons, _d(granted)))
    orders = dict(
        conn.execute(
            "SELECT case_id, count(*) FROM supervision_orders"
            f" WHERE answer IS NULL AND case_id IN ({marks}) GROUP BY case_id",
            case_ids,
        ).fetchall()
    )
    clocks = {}
    for row in conn.execute(
        f"SELECT case_id, {_CASE_COLUMNS} FROM cases WHERE case_id IN ({marks})", case_ids
    ):
        case_id = row[0]
        clock = _clock_from(
            tuple(row[1:]),
            pauses.get(case_id, ()),
            extensions.get(case_id, ()),
            int(orders.get(case_id, 0)),
        )
        if clock is not None:
            clocks[case_id] = clock
    return clocks


def _d(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def case_lights(store: Store, case_ids: list[str], today: dt.date) -> dict[str, CaseLight]:
    """The light of each case that has a clock (for lists: one read, no per-case queries)."""
    with store.read() as conn:
        clocks = read_clocks(conn, case_ids)
    rule, calendar = light_rule(store), store.calendar()
    return {cid: case_light(clock, rule, today, calendar) for cid, clock in clocks.items()}


def light_of(store: Store, case_id: str, today: dt.date) -> CaseLight | None:
    return case_lights(store, [case_id], today).get(case_id)


def watched_case_ids(conn: sqlite3.Connection) -> list[str]:
    """Cases whose clock runs, or that carry an unanswered 督办 (the 预警 panel's scope)."""
    marks = ",".join("?" * len(RUNNING_STAGES))
    rows = conn.execute(
        f"SELECT case_id FROM cases WHERE stage IN ({marks}) UNION"
        " SELECT case_id FROM supervision_orders WHERE answer IS NULL",
        RUNNING_STAGES,
    ).fetchall()
    return [r[0] for r in rows]


def store_due_dates(
    conn: sqlite3.Connection, case_id: str, calendar: WorkCalendar, today: dt.date
) -> tuple[str | None, str | None, bool] | None:
    """Write the case's computed due dates into `cases`; returns (old promised, old legal,
    changed), or None when the case has no clock."""
    clock = read_clocks(conn, [case_id]).get(case_id)
    if clock is None:
        return None
    due = due_dates(clock, today, calendar)
    old = conn.execute(
        "SELECT due_date, legal_due_date, calendar_complete FROM cases WHERE case_id = ?",
        (case_id,),
    ).fetchone()
    new = (due.promised.isoformat(), due.legal.isoformat(), int(not due.provisional))
    changed = tuple(old) != new
    if changed:
        conn.execute(
            "UPDATE cases SET due_date = ?, legal_due_date = ?, calendar_complete = ?"
            " WHERE case_id = ?",
            (*new, case_id),
        )
    return old[0], old[1], changed


def recompute_due_dates(store: Store, source: str, now: dt.datetime | None = None) -> int:
    """A year's holiday notice arrived (`source`: "central" or "admin"): every running case's
    due dates are counted again; each case whose dates moved gets a `clock.recomputed` event
    in its history (local: the central counts with its own calendar). Returns how many moved."""
    now = now or dt.datetime.now().astimezone()
    calendar = store.calendar()
    moved = 0
    with store.write() as db:
        conn = db.conn
        marks = ",".join("?" * len(RUNNING_STAGES))
        rows = conn.execute(
            f"SELECT case_id, stage, clerk FROM cases WHERE stage IN ({marks})", RUNNING_STAGES
        ).fetchall()
        for case_id, stage, _clerk in rows:
            result = store_due_dates(conn, case_id, calendar, now.date())
            if result is None or not result[2]:
                continue
            new = conn.execute(
                "SELECT due_date, legal_due_date, calendar_complete FROM cases WHERE case_id = ?",
                (case_id,),
            ).fetchone()
            payload = {
                "source": source,
                "old_due_date": result[0],
                "due_date": new[0],
                "old_legal_due_date": result[1],
                "legal_due_date": new[1],
                "provisional": not new[2],
            }
            record_event(conn, case_id, "clock.recomputed", stage, payload, "系统", now, False)
            moved += 1
    return moved


def clock_document_kinds(store: Store, case_number: str) -> list[DocumentKind]:
    """The clock's notices a case can have: a pause notice once an art. 45 pause is recorded,
    the 延期通知书 once extended."""
    with store.read() as conn:
        pauses, extensions = conn.execute(
            "SELECT (SELECT count(*) FROM case_pauses p WHERE p.case_id = c.case_id"
            " AND p.kind != 'supplement'), (SELECT count(*) FROM case_extensions e"
            " WHERE e.case_id = c.case_id) FROM cases c WHERE c.case_number = ?",
            (case_number,),
        ).fetchone() or (0, 0)
    kinds = [DocumentKind.PAUSE_NOTICE] if pauses else []
    return kinds + ([DocumentKind.EXTENSION_NOTICE] if extensions else [])


def clock_note(store: Store, case_id: str, kind: DocumentKind) -> ClockNote | None:
    """What the latest art. 45 pause or the extension says, for its notice."""
    with store.read() as conn:
        if kind is DocumentKind.PAUSE_NOTICE:
            row = conn.execute(
                "SELECT kind, started_on, ended_on, reason FROM case_pauses WHERE case_id = ?"
                " AND kind != 'supplement' ORDER BY started_on DESC, recorded_at DESC LIMIT 1",
                (case_id,),
            ).fetchone()
            if row is None:
                return None
            label = PauseKind(row[0]).label
            return ClockNote(label, _d(row[1]), _date(row[2]), row[3])
        if kind is DocumentKind.EXTENSION_NOTICE:
            row = conn.execute(
                "SELECT days, approver, reasons, granted_on FROM case_extensions"
                " WHERE case_id = ? ORDER BY granted_on DESC LIMIT 1",
                (case_id,),
            ).fetchone()
            if row is None:
                return None
            return ClockNote(start=_d(row[3]), reasons=row[2], days=row[0], approver=row[1])
    return None
