"""Working-day time limits (行政许可法 art. 82: holidays excluded, make-up workdays counted).

Sources, in order of precedence for a year (docs/architecture.md, Time limits):
1. a `HolidayNotice` for that year — the State Council's notice, received from the central
   calendar or entered by an administrator (节假日管理);
2. the `chinese_calendar` package, for the years it ships data for (1.11.0: 2004–2026);
3. the statutory holidays of the 全国年节及纪念日放假办法
   (client/time_limits/statutory_holidays.py) on top of Monday–Friday: only that year's 调休
   swaps are unknown. This must never raise, because a case accepted in December may run into
   a year whose notice is not published yet; callers learn about it through
   `Deadline.calendar_complete` (False: the due date is provisional) and show
   "暂定，待公布调休安排".
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from client.errors import ClerkError
from client.i18n import translate
from client.time_limits.statutory_holidays import statutory_holidays

try:
    import chinese_calendar as _chinese_calendar  # type: ignore[import-untyped, unused-ignore]
except ImportError:  # pragma: no cover - a declared dependency; degrade to weekends only
    _chinese_calendar = None

_ONE_DAY = timedelta(days=1)


@functools.lru_cache(maxsize=16384)  # every light of every list asks about the same days
def _package_is_workday(day: date) -> bool | None:
    """The package's answer for `day`, or None when it has no data for that year."""
    if _chinese_calendar is None:
        return None
    try:
        return bool(_chinese_calendar.is_workday(day))
    except NotImplementedError:  # "no available data for year ..."
        return None


@functools.cache
def _package_knows_year(year: int) -> bool:
    return _package_is_workday(date(year, 1, 1)) is not None


def _is_weekday(day: date) -> bool:
    return day.weekday() < 5


# --- holiday notices ---------------------------------------------------------------------------


class HolidayNoticeError(ClerkError, ValueError):
    """A holiday notice that cannot be used; the message is user-facing Chinese text."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class HolidayNotice:
    """One year's 节假日安排: days off, and make-up workdays (调休上班)."""

    year: int
    holidays: frozenset[date] = field(default_factory=frozenset)
    workdays: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        outside = sorted(d for d in self.holidays | self.workdays if d.year != self.year)
        if outside:
            raise HolidayNoticeError(
                translate("workdays", "日期 {date} 不在 {year} 年内").format(
                    date=outside[0].isoformat(), year=self.year
                )
            )
        both = sorted(self.holidays & self.workdays)
        if both:
            raise HolidayNoticeError(
                translate("workdays", "日期 {date} 不能既放假又上班").format(
                    date=both[0].isoformat()
                )
            )


_KEYWORD_RE = re.compile(r"^([^\d\s]*)\s*(.*)$")
_RANGE_SPLIT_RE = re.compile(r"\s*(?:至|\.\.)\s*")
_DATE_RE = re.compile(r"^(\d{4})(?:-|/|年)(\d{1,2})(?:-|/|月)(\d{1,2})日?$")
_HOLIDAY, _WORKDAY = "休", "班"


def _line_error(line_no: int, message: str, **values: object) -> HolidayNoticeError:
    prefix = translate("workdays", "第 {line} 行：").format(line=line_no)
    return HolidayNoticeError(prefix + message.format(**values), line=line_no)


def _parse_date(text: str, line_no: int) -> date:
    match = _DATE_RE.match(text)
    try:
        if match is None:
            raise ValueError(text)
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise _line_error(
            line_no,
            translate("workdays", "日期“{text}”无效，应写作 2027-10-01"),
            text=text,
        ) from None


def _parse_dates(text: str, line_no: int) -> list[date]:
    parts = _RANGE_SPLIT_RE.split(text)
    if not text or len(parts) > 2 or not all(parts):
        raise _line_error(
            line_no,
            translate("workdays", "应写作“休 2027-10-01”或“休 2027-10-01 至 2027-10-07”"),
        )
    first = _parse_date(parts[0], line_no)
    last = _parse_date(parts[-1], line_no)
    if last < first:
        raise _line_error(
            line_no,
            translate("workdays", "结束日期 {last} 早于开始日期 {first}"),
            first=first.isoformat(),
            last=last.isoformat(),
        )
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def parse_holiday_notice(year: int, text: str) -> HolidayNotice:
    """Parse the administrator's text: one `休 DATE [至 DATE]` or `班 DATE` per line.

    `..` also separates a range; `#` starts a comment. Full-width characters typed through a
    Chinese input method (２０２７－１０－０１, full-width spaces) are normalised first.
    """
    kinds: dict[date, tuple[str, int]] = {}
    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = unicodedata.normalize("NFKC", raw).split("#", 1)[0].strip()
        if not line:
            continue
        match = _KEYWORD_RE.match(line)
        assert match is not None  # the pattern matches any string
        keyword, rest = match[1], match[2].strip()
        if keyword not in (_HOLIDAY, _WORKDAY):
            raise _line_error(
                line_no,
                translate("workdays", "无法识别“{text}”，每行应以“休”或“班”开头"),
                text=line,
            )
        for day in _parse_dates(rest, line_no):
            if day.year != year:
                raise _line_error(
                    line_no,
                    translate("workdays", "日期 {date} 不在 {year} 年内"),
                    date=day.isoformat(),
                    year=year,
                )
            previous = kinds.get(day)
            if previous is not None and previous[0] != keyword:
                raise _line_error(
                    line_no,
                    translate("workdays", "日期 {date} 在第 {other} 行已登记为“{kind}”"),
                    date=day.isoformat(),
                    other=previous[1],
                    kind=previous[0],
                )
            kinds.setdefault(day, (keyword, line_no))
    return HolidayNotice(
        year=year,
        holidays=frozenset(d for d, (k, _) in kinds.items() if k == _HOLIDAY),
        workdays=frozenset(d for d, (k, _) in kinds.items() if k == _WORKDAY),
    )


def _runs(days: Iterable[date]) -> list[tuple[date, date]]:
    """Consecutive dates collapsed into inclusive (first, last) runs."""
    runs: list[tuple[date, date]] = []
    for day in sorted(days):
        if runs and runs[-1][1] + _ONE_DAY == day:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def format_holiday_notice(notice: HolidayNotice) -> str:
    """The text `parse_holiday_notice` reads back to an equal notice, in date order."""
    entries = [(run, _HOLIDAY) for run in _runs(notice.holidays)]
    entries += [(run, _WORKDAY) for run in _runs(notice.workdays)]
    header = translate("workdays", "{year} 年节假日安排（休：放假；班：调休上班）")
    lines = ["# " + header.format(year=notice.year)]
    for (first, last), keyword in sorted(entries):
        if first == last:
            lines.append(f"{keyword} {first.isoformat()}")
        else:
            lines.append(f"{keyword} {first.isoformat()} 至 {last.isoformat()}")
    return "\n".join(lines) + "\n"


def notice_to_dict(notice: HolidayNotice) -> dict[str, object]:
    return {
        "year": notice.year,
        "holidays": sorted(d.isoformat() for d in notice.holidays),
        "workdays": sorted(d.isoformat() for d in notice.workdays),
    }


def notice_from_dict(data: Mapping[str, object]) -> HolidayNotice:
    """Inverse of `notice_to_dict`; raises HolidayNoticeError on malformed data."""
    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 1 <= year <= 9999:
        raise HolidayNoticeError(translate("workdays", "节假日安排缺少有效的年份"))

    def dates(key: str) -> frozenset[date]:
        values = data.get(key, [])
        if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
            raise HolidayNoticeError(translate("workdays", "节假日安排的日期列表格式错误"))
        try:
            return frozenset(date.fromisoformat(v) for v in values)
        except ValueError as exc:
            raise HolidayNoticeError(
                translate("workdays", "节假日安排含无效日期：{error}").format(error=exc)
            ) from None

    return HolidayNotice(year=year, holidays=dates("holidays"), workdays=dates("workdays"))


# --- the calendar ------------------------------------------------------------------------------


class WorkCalendar:
    """Answers "is this a working day?" from notices, then the package, then weekends."""

    def __init__(
        self, notices: Mapping[int, HolidayNotice] | None = None, use_package: bool = True
    ) -> None:
        self._notices = dict(notices or {})
        for year, notice in self._notices.items():
            if notice.year != year:
                raise ValueError(f"notice for {notice.year} filed under {year}")
        self._use_package = use_package

    def knows_year(self, year: int) -> bool:
        return year in self._notices or (self._use_package and _package_knows_year(year))

    def is_workday(self, day: date) -> bool:
        notice = self._notices.get(day.year)
        if notice is not None:
            if day in notice.holidays:
                return False
            return day in notice.workdays or _is_weekday(day)
        if self._use_package:
            answer = _package_is_workday(day)
            if answer is not None:
                return answer
            if day in statutory_holidays(day.year):
                return False
        return _is_weekday(day)

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day strictly after `start` (the 受理 day); n=0 gives `start`."""
        if n < 0:
            raise ValueError("n must not be negative")
        day = start
        while n > 0:
            day += _ONE_DAY
            if self.is_workday(day):
                n -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; when end < start, minus those in (end, start]."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start
        while day < end:
            day += _ONE_DAY
            count += self.is_workday(day)
        return count

    def missing_years(self, start: date, end: date) -> list[int]:
        """Years from start to end (inclusive, either order) that no source knows."""
        low, high = sorted((start.year, end.year))
        return [year for year in range(low, high + 1) if not self.knows_year(year)]


@dataclass(frozen=True)
class Deadline:
    due: date
    calendar_complete: bool
    missing_years: tuple[int, ...] = ()


def compute_deadline(
    accepted_on: date, limit_days: int, calendar: WorkCalendar, paused_days: int = 0
) -> Deadline:
    """Due date for a limit in working days, extended by the working days spent in 补正.

    Only the days actually counted, (accepted_on, due], decide whether the calendar was complete:
    a 即办件 (limit 0) consults no calendar at all.
    """
    if limit_days < 0 or paused_days < 0:
        raise ValueError("limit_days and paused_days must not be negative")
    due = calendar.add_working_days(accepted_on, limit_days + paused_days)
    missing = calendar.missing_years(accepted_on + _ONE_DAY, due) if due > accepted_on else []
    return Deadline(due=due, calendar_complete=not missing, missing_years=tuple(missing))


# --- supervision lights ------------------------------------------------------------------------


class Light(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


@dataclass(frozen=True)
class LightRule:
    yellow_when_remaining_at_most: int = 2

    def __post_init__(self) -> None:
        if self.yellow_when_remaining_at_most < 0:
            raise ValueError("yellow_when_remaining_at_most must not be negative")


def remaining_working_days(due: date, today: date, calendar: WorkCalendar) -> int:
    """Working days left, today excluded and the due day included; negative once overdue."""
    return calendar.working_days_between(today, due)


def supervision_light(due: date, today: date, calendar: WorkCalendar, rule: LightRule) -> Light:
    if today > due:
        return Light.RED
    if remaining_working_days(due, today, calendar) <= rule.yellow_when_remaining_at_most:
        return Light.YELLOW
    return Light.GREEN
