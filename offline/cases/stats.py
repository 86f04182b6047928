"""Statistics of a window's cases over a period: per item and per clerk, what was received,
accepted, sent back for 补正, refused, handled at once (即办), decided and closed; how many
finished on time or late; the average working days from 受理 to 决定; and the 好差评 given in
the period (count per level, 差评率; offline/cases/rating.py).

A case belongs to the period it was received in (its `created_at`, local date). Decision and
closing times come from the local decision record, else from the central's stage events.
Whether a case is on time is `timeliness()` alone, so the supervision clock (the
electronic-supervision rules, pauses and extensions) can replace it in one place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from client.errors import ClerkError
from client.i18n import translate
from client.time_limits.workdays import WorkCalendar
from offline.cases.rating import RatingSummary, rating_summary
from offline.storage.store import Store


def _t(text: str) -> str:
    return translate("stats", text)


class PeriodKind(StrEnum):
    TODAY = "today"
    WEEK = "week"  # Monday to Sunday
    MONTH = "month"
    RANGE = "range"


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    start: dt.date
    end: dt.date  # inclusive

    @property
    def label(self) -> str:
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()} 至 {self.end.isoformat()}"


class PeriodError(ClerkError):
    """A range the clerk typed that cannot be counted."""


def period_of(kind: PeriodKind, today: dt.date) -> Period:
    """Today, this week (from Monday) or this month, each up to today."""
    if kind is PeriodKind.TODAY:
        return Period(kind, today, today)
    if kind is PeriodKind.WEEK:
        return Period(kind, today - dt.timedelta(days=today.weekday()), today)
    if kind is PeriodKind.MONTH:
        return Period(kind, today.replace(day=1), today)
    raise ValueError("a range needs its dates: use date_range()")


def date_range(start: dt.date, end: dt.date) -> Period:
    if end < start:
        raise PeriodError(
            _t("统计区间的结束日期 {end} 早于开始日期 {start}").format(end=end, start=start),
            _t("请把开始日期改为不晚于结束日期。"),
        )
    return Period(PeriodKind.RANGE, start, end)


def parse_day(text: str) -> dt.date:
    """YYYY-MM-DD as typed; anything else is a clear refusal."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise PeriodError(
            _t("日期“{text}”无法识别").format(text=text),
            _t("请按 YYYY-MM-DD 填写，如 2026-03-01。"),
        ) from None


class Timeliness(StrEnum):
    ON_TIME = "on_time"
    OVERDUE = "overdue"


def timeliness(due: dt.date | None, finished: dt.date | None, today: dt.date) -> Timeliness | None:
    """On time when decided (or closed) by the due date; overdue when decided after it, or
    still open past it; None for a case with no due date or still within it. The one place
    the supervision clock replaces (pauses, extensions, the light rules)."""
    if due is None:
        return None
    if finished is not None:
        return Timeliness.ON_TIME if finished <= due else Timeliness.OVERDUE
    return Timeliness.OVERDUE if today > due else None


@dataclass
class Counts:
    received: int = 0
    accepted: int = 0
    supplement: int = 0  # 补正告知
    refused: int = 0
    immediate: int = 0  # 即办件 accepted
    decided: int = 0
    closed: int = 0
    on_time: int = 0
    overdue: int = 0
    decision_days: list[int] = field(default_factory=list)  # 受理 → 决定, working days

    @property
    def average_days(self) -> float | None:
        if not self.decision_days:
            return None
        return round(sum(self.decision_days) / len(self.decision_days), 1)

    def to_dict(self) -> dict[str, Any]:
        return {
            "received": self.received,
            "accepted": self.accepted,
            "supplement": self.supplement,
            "refused": self.refused,
            "immediate": self.immediate,
            "decided": self.decided,
            "closed": self.closed,
            "on_time": self.on_time,
            "overdue": self.overdue,
            "average_working_days_to_decision": self.average_days,
        }


@dataclass(frozen=True)
class StatsRow:
    key: str  # item code or clerk
    name: str
    counts: Counts


@dataclass(frozen=True)
class Statistics:
    period: Period
    total: Counts
    by_item: tuple[StatsRow, ...]
    by_clerk: tuple[StatsRow, ...]
    ratings: RatingSummary | None = None  # 好差评 given in the period

    def to_dict(self) -> dict[str, Any]:
        def rows(group: Iterable[StatsRow], key: str) -> list[dict[str, Any]]:
            return [{key: r.key, "name": r.name, **r.counts.to_dict()} for r in group]

        data: dict[str, Any] = {
            "period": {
                "kind": self.period.kind.value,
                "from": self.period.start.isoformat(),
                "to": self.period.end.isoformat(),
            },
            "total": self.total.to_dict(),
            "by_item": rows(self.by_item, "item_code"),
            "by_clerk": rows(self.by_clerk, "clerk"),
        }
        if self.ratings is not None:
            data["ratings"] = self.ratings.to_dict()
        return data


@dataclass(frozen=True)
class CaseFacts:
    """What one case contributes, read in one row."""

    item_code: str
    item_name: str
    clerk: str
    action: str
    stage: str
    immediate: bool
    accepted_on: dt.date | None
    due: dt.date | None
    decided_on: dt.date | None
    decided: bool
    closed_on: dt.date | None
    closed: bool


# Decision: the local record, else the first central event saying so; closing likewise.
_FACTS = """
SELECT c.item_code, c.item_name, c.clerk, c.action, c.stage,
       coalesce(json_extract(c.item_snapshot, '$.kind'), '') = 'immediate',
       c.accepted_on, c.due_date, d.decided_on,
       (SELECT min(e.occurred_at) FROM case_events e WHERE e.case_id = c.case_id
         AND e.source = 'central' AND (e.stage IN ('decided', 'closed')
         OR e.kind = 'central.decision')),
       (SELECT min(e.occurred_at) FROM case_events e WHERE e.case_id = c.case_id
         AND e.source = 'central' AND e.stage = 'closed')
FROM cases c LEFT JOIN decisions d ON d.case_id = c.case_id
WHERE c.created_at >= ? AND c.created_at < ?
"""


def _day(text: str | None) -> dt.date | None:
    """A stored date or timestamp as the local date; None for what cannot be read."""
    if not text:
        return None
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None  # trust nothing that arrived: a bad central time counts as unknown
    return moment.astimezone().date() if moment.tzinfo else moment.date()


def read_facts(store: Store, period: Period) -> list[CaseFacts]:
    start = dt.datetime.combine(period.start, dt.time()).astimezone()
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time()).astimezone()
    with store.read() as conn:
        rows = conn.execute(_FACTS, (start.isoformat(), end.isoformat())).fetchall()
    facts = []
    for r in rows:
        decided_on = _day(r[8]) or _day(r[9])
        closed_on = _day(r[10])
        facts.append(
            CaseFacts(
                item_code=r[0],
                item_name=r[1],
                clerk=r[2],
                action=r[3],
                stage=r[4],
                immediate=bool(r[5]),
                accepted_on=_day(r[6]),
                due=_day(r[7]),
                decided_on=decided_on,
                decided=decided_on is not None or r[4] in ("decided", "closed"),
                closed_on=closed_on,
                closed=closed_on is not None or r[4] == "closed",
            )
        )
    return facts


def _add(counts: Counts, case: CaseFacts, today: dt.date, calendar: WorkCalendar) -> None:
    counts.received += 1
    if case.action == "supplement":
        counts.supplement += 1
        return
    if case.action == "refuse":
        counts.refused += 1
        return
    counts.accepted += 1
    counts.immediate += case.immediate
    counts.decided += case.decided
    counts.closed += case.closed
    if case.decided_on is not None and case.accepted_on is not None:
        counts.decision_days.append(
            max(0, calendar.working_days_between(case.accepted_on, case.decided_on))
        )
    verdict = timeliness(case.due, case.closed_on or case.decided_on, today)
    counts.on_time += verdict is Timeliness.ON_TIME
    counts.overdue += verdict is Timeliness.OVERDUE


def compute_stats(
    store: Store, period: Period, today: dt.date | None = None, calendar: WorkCalendar | None = None
) -> Statistics:
    """Reads the store: call it off the UI thread."""
    today = today or dt.date.today()
    calendar = calendar or store.calendar()
    total = Counts()
    items: dict[str, StatsRow] = {}
    clerks: dict[str, StatsRow] = {}
    for case in read_facts(store, period):
        _add(total, case, today, calendar)
        item = items.setdefault(case.item_code, StatsRow(case.item_code, case.item_name, Counts()))
        _add(item.counts, case, today, calendar)
        clerk = clerks.setdefault(case.clerk, StatsRow(case.clerk, case.clerk, Counts()))
        _add(clerk.counts, case, today, calendar)

    def ordered(rows: dict[str, StatsRow]) -> tuple[StatsRow, ...]:
        return tuple(sorted(rows.values(), key=lambda r: (-r.counts.received, r.key)))

    start = dt.datetime.combine(period.start, dt.time()).astimezone()
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time()).astimezone()
    ratings = rating_summary(store, start, end)
    return Statistics(period, total, ordered(items), ordered(clerks), ratings)
