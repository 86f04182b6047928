"""The statutory holidays of a year no holiday notice covers yet.

全国年节及纪念日放假办法 (2024 revision), art. 2: 元旦 1 day, 春节 4 days (除夕 and the first
three days of the first lunar month), 清明节 1, 劳动节 2 (May 1–2), 端午节 1, 中秋节 1 and
国庆节 3 (October 1–3). The lunar dates and the solar term of 清明 come from the `holidays`
package, which computes them for any year. What no rule fixes are the State Council's 调休
swaps (make-up workdays and bridged days), published in each year's notice: a due date counted
with these days only is provisional until that notice arrives.
"""

from __future__ import annotations

import functools
from datetime import date

try:
    import holidays as _holidays
except ImportError:  # pragma: no cover - a declared dependency; degrade to weekends only
    _holidays = None  # type: ignore[assignment]

# The days the 2024 revision fixes, by holiday: a guard against the package's own choices.
_DAYS_PER_HOLIDAY = {"元旦": 1, "农历除夕": 1, "春节": 3, "清明节": 1, "劳动节": 2}
_DAYS_PER_HOLIDAY |= {"端午节": 1, "中秋节": 1, "国庆节": 3}
FIRST_YEAR = 2025  # the 2024 revision applies from 2025-01-01


@functools.cache
def statutory_holidays(year: int) -> frozenset[date]:
    """The 13 statutory days off of `year` (no 调休), or an empty set when unknown."""
    if _holidays is None or year < FIRST_YEAR:
        return frozenset()
    table = _holidays.country_holidays("CN", years=year, observed=False, language="zh_CN")
    days: dict[str, list[date]] = {}
    for day, name in table.items():
        for part in str(name).split(";"):
            if part.strip() in _DAYS_PER_HOLIDAY:
                days.setdefault(part.strip(), []).append(day)
    if {k: len(v) for k, v in days.items()} != _DAYS_PER_HOLIDAY:
        return frozenset()  # the package changed its rules: count weekends rather than guess
    return frozenset(d for group in days.values() for d in group)
