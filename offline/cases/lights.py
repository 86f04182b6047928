"""The one place the case screens take a supervision light from.

The clock and the light rules are being reworked (pauses, extensions, rule variants); whatever
they become, `case_light` is the only call the search and the detail make, and `LightBounds`
is the same rule turned into due-date ranges so the light filter stays an index lookup.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from client.domain import Stage
from client.time_limits.workdays import Light, LightRule, WorkCalendar, supervision_light
from offline.storage.store import Store

# A light only means something while the case is still running against its limit.
RUNNING_STAGES: tuple[Stage, ...] = (Stage.ACCEPTED, Stage.FIRST_REVIEW, Stage.SECOND_REVIEW)
_ONE_DAY = dt.timedelta(days=1)


_BOUNDS: dict[tuple[dt.date, int, str], LightBounds] = {}


def bounds_for(store: Store, today: dt.date) -> LightBounds:
    """LightBounds of `today` under the profile's calendar and rule, computed once per day and
    settings (the working-day arithmetic costs more than an indexed search)."""
    rule = light_rule(store)
    notices = json.dumps(store.settings.get("calendar.notices"), sort_keys=True)
    key = (today, rule.yellow_when_remaining_at_most, notices)
    found = _BOUNDS.get(key)
    if found is None:
        if len(_BOUNDS) > 16:
            _BOUNDS.clear()
        found = _BOUNDS[key] = LightBounds.of(today, store.calendar(), rule)
    return found


def light_rule(store: Store) -> LightRule:
    return LightRule(yellow_when_remaining_at_most=store.settings.number("supervision.yellow_days"))


def case_light(
    stage: Stage, due: dt.date | None, today: dt.date, calendar: WorkCalendar, rule: LightRule
) -> Light | None:
    """The case's light today, or None for a case without one (finished, refused, paused,
    or an immediate case without a due date)."""
    if due is None or stage not in RUNNING_STAGES:
        return None
    return supervision_light(due, today, calendar, rule)


@dataclass(frozen=True)
class LightBounds:
    """`case_light` as due-date ranges for one day: red before `today`, yellow up to
    `yellow_until`, green after. Computed once per query, so no row needs the calendar."""

    today: dt.date
    yellow_until: dt.date

    @classmethod
    def of(cls, today: dt.date, calendar: WorkCalendar, rule: LightRule) -> LightBounds:
        # The (N+1)th working day after today is the first due date with N+1 days left.
        first_green = calendar.add_working_days(today, rule.yellow_when_remaining_at_most + 1)
        return cls(today, first_green - _ONE_DAY)

    def light(self, stage: Stage, due: dt.date | None) -> Light | None:
        if due is None or stage not in RUNNING_STAGES:
            return None
        if due < self.today:
            return Light.RED
        return Light.YELLOW if due <= self.yellow_until else Light.GREEN

    def due_range(self, light: Light) -> tuple[str | None, str | None]:
        """Inclusive (low, high) ISO due dates of the cases with this light; None is open."""
        if light is Light.RED:
            return None, (self.today - _ONE_DAY).isoformat()
        if light is Light.YELLOW:
            return self.today.isoformat(), self.yellow_until.isoformat()
        return (self.yellow_until + _ONE_DAY).isoformat(), None
