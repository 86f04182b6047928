"""Working-day limits: the 2026 calendar, unknown years, admin notices, lights (no Qt)."""

from __future__ import annotations

from datetime import date

import pytest

from client.time_limits.workdays import (
    Deadline,
    HolidayNotice,
    HolidayNoticeError,
    Light,
    LightRule,
    WorkCalendar,
    compute_deadline,
    format_holiday_notice,
    notice_from_dict,
    notice_to_dict,
    parse_holiday_notice,
    remaining_working_days,
    supervision_light,
)

D = date.fromisoformat

# An illustrative 2027 notice as an administrator would type it (not the real State Council text).
NOTICE_2027_TEXT = """\
# 2027 年节假日安排
休 2027-01-01
休 2027-02-06 至 2027-02-13   # 春节
班 2027-02-14
休 2027-10-01..2027-10-07
班 2027-09-26
班 2027-10-09
"""


@pytest.fixture
def calendar() -> WorkCalendar:
    return WorkCalendar({})


@pytest.fixture
def calendar_2027() -> WorkCalendar:
    return WorkCalendar({2027: parse_holiday_notice(2027, NOTICE_2027_TEXT)})


# --- 2026, from the package --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-02-13", True),  # Friday before Spring Festival
        ("2026-02-14", True),  # Saturday, make-up workday
        ("2026-02-15", False),
        ("2026-02-18", False),  # Wednesday inside the holiday
        ("2026-02-23", False),  # Monday, last day off
        ("2026-02-24", True),
        ("2026-02-28", True),  # Saturday, make-up workday
        ("2026-09-20", True),  # Sunday, make-up workday
        ("2026-09-25", False),  # Friday, 中秋节 (off 09-25..09-27)
        ("2026-10-01", False),
        ("2026-10-05", False),  # Monday inside National Day
        ("2026-10-07", False),
        ("2026-10-08", True),
        ("2026-10-10", True),  # Saturday, make-up workday
        ("2026-10-11", False),  # ordinary Sunday
    ],
)
def test_2026_facts(calendar: WorkCalendar, day: str, expected: bool) -> None:
    assert calendar.knows_year(2026)
    assert calendar.is_workday(D(day)) is expected


def test_twenty_days_across_national_day(calendar: WorkCalendar) -> None:
    # Accepted Friday 2026-09-25 (中秋节 itself; 09-25..09-27 are off, so accepting on Thursday
    # 09-24 gives the same date). Counting from the next working day:
    #   09-28 Mon 1, 09-29 2, 09-30 3, [10-01..10-07 off], 10-08 Thu 4, 10-09 Fri 5,
    #   10-10 Sat (make-up) 6, 10-12..10-16 7-11, 10-19..10-23 12-16, 10-26 17, 10-27 18,
    #   10-28 19, 10-29 Thu 20.
    deadline = compute_deadline(D("2026-09-25"), 20, calendar)
    assert deadline == Deadline(due=D("2026-10-29"), calendar_complete=True, missing_years=())
    assert calendar.working_days_between(D("2026-09-25"), D("2026-10-29")) == 20
    assert compute_deadline(D("2026-09-24"), 20, calendar).due == D("2026-10-29")


def test_zero_days_is_same_day(calendar: WorkCalendar) -> None:
    assert calendar.add_working_days(D("2026-10-03"), 0) == D("2026-10-03")
    deadline = compute_deadline(D("2027-03-01"), 0, calendar)  # 即办件: no calendar consulted
    assert deadline == Deadline(D("2027-03-01"), True, ())


def test_clock_starts_on_next_working_day(calendar: WorkCalendar) -> None:
    assert calendar.add_working_days(D("2026-10-14"), 1) == D("2026-10-15")  # Wed -> Thu
    assert calendar.add_working_days(D("2026-10-16"), 1) == D("2026-10-19")  # Fri -> Mon
    assert calendar.add_working_days(D("2026-09-24"), 1) == D("2026-09-28")  # over 中秋节
    assert calendar.add_working_days(D("2026-02-13"), 1) == D("2026-02-14")  # make-up Saturday
    assert calendar.add_working_days(D("2026-09-30"), 1) == D("2026-10-08")  # over National Day


def test_accepted_on_a_holiday(calendar: WorkCalendar) -> None:
    # A hall open on 2026-10-03 (holiday): the first counted day is still 10-08.
    assert calendar.add_working_days(D("2026-10-03"), 1) == D("2026-10-08")
    assert calendar.add_working_days(D("2026-10-03"), 3) == D("2026-10-10")


def test_negative_counts_rejected(calendar: WorkCalendar) -> None:
    with pytest.raises(ValueError):
        calendar.add_working_days(D("2026-10-03"), -1)
    with pytest.raises(ValueError):
        compute_deadline(D("2026-10-03"), 5, calendar, paused_days=-1)


def test_paused_days_extend_the_deadline(calendar: WorkCalendar) -> None:
    # 20 days from 2026-09-25 end on 10-29 (Thu); 3 days of 补正 add 10-30, 11-02, 11-03.
    deadline = compute_deadline(D("2026-09-25"), 20, calendar, paused_days=3)
    assert deadline.due == D("2026-11-03")
    assert deadline.due == calendar.add_working_days(D("2026-09-25"), 23)


def test_package_can_be_switched_off() -> None:
    weekends_only = WorkCalendar({}, use_package=False)
    assert not weekends_only.knows_year(2026)
    assert weekends_only.is_workday(D("2026-10-01"))  # Thursday
    assert not weekends_only.is_workday(D("2026-10-10"))  # Saturday


# --- 2027: unknown, then entered by an administrator ----------------------------------------


def test_2027_without_notice_counts_statutory_holidays(calendar: WorkCalendar) -> None:
    # No notice for 2027 yet: the 13 days the 全国年节及纪念日放假办法 fixes are still days off,
    # the lunar ones computed (除夕 2027-02-05); only the 调休 swaps are unknown.
    assert not calendar.knows_year(2027)
    assert not calendar.is_workday(D("2027-01-01"))  # 元旦, a Friday
    assert not calendar.is_workday(D("2027-02-05"))  # 除夕, a Friday
    assert not calendar.is_workday(D("2027-02-08"))  # 春节 day 3, a Monday
    assert calendar.is_workday(D("2027-02-09"))  # the bridge days are the notice's to give
    assert not calendar.is_workday(D("2027-06-09"))  # 端午
    assert not calendar.is_workday(D("2027-09-15"))  # 中秋
    assert not calendar.is_workday(D("2027-10-01")) and calendar.is_workday(D("2027-10-04"))
    assert calendar.missing_years(D("2026-12-01"), D("2028-01-05")) == [2027, 2028]
    # Thursday 2027-02-04 + 5: 02-05..02-08 are off, 02-09..02-12 and 02-15; provisional.
    deadline = compute_deadline(D("2027-02-04"), 5, calendar)
    assert deadline == Deadline(D("2027-02-15"), False, (2027,))


def test_2027_with_admin_notice(calendar_2027: WorkCalendar) -> None:
    assert calendar_2027.knows_year(2027)
    assert not calendar_2027.is_workday(D("2027-01-01"))
    assert not calendar_2027.is_workday(D("2027-02-08"))  # Monday inside 春节
    assert calendar_2027.is_workday(D("2027-02-14"))  # Sunday, make-up
    assert calendar_2027.is_workday(D("2027-02-15"))
    # Friday 2027-02-05 + 5: 02-14 Sun (make-up) 1, 02-15..02-18 2-5.
    deadline = compute_deadline(D("2027-02-05"), 5, calendar_2027)
    assert deadline == Deadline(D("2027-02-18"), True, ())


def test_notice_wins_over_package() -> None:
    # An administrator's correction for a year the package knows replaces the package's answer.
    notice = parse_holiday_notice(2026, "休 2026-09-21\n")
    calendar = WorkCalendar({2026: notice})
    assert not calendar.is_workday(D("2026-09-21"))
    assert not calendar.is_workday(D("2026-09-20"))  # the package's make-up Sunday is gone
    with pytest.raises(ValueError):
        WorkCalendar({2027: notice})


def test_deadline_across_the_year_end(calendar: WorkCalendar, calendar_2027: WorkCalendar) -> None:
    # Thursday 2026-12-24 + 10: 12-25 1, 12-28..12-31 2-5, then 2027.
    # Unknown 2027 still skips 元旦 (statutory): 01-04..01-08 are 6-10, provisionally.
    assert compute_deadline(D("2026-12-24"), 10, calendar) == Deadline(
        D("2027-01-08"), False, (2027,)
    )
    # With the notice 01-01 is off: 01-04..01-08 6-10.
    assert compute_deadline(D("2026-12-24"), 10, calendar_2027) == Deadline(
        D("2027-01-08"), True, ()
    )
    # Ending on 12-31 touches no unknown year.
    assert compute_deadline(D("2026-12-24"), 5, calendar).calendar_complete


# --- parsing and formatting --------------------------------------------------------------------


def test_parse_notice() -> None:
    notice = parse_holiday_notice(2027, NOTICE_2027_TEXT)
    assert notice.year == 2027
    assert len(notice.holidays) == 1 + 8 + 7
    assert D("2027-02-06") in notice.holidays and D("2027-02-13") in notice.holidays
    assert notice.workdays == {D("2027-02-14"), D("2027-09-26"), D("2027-10-09")}


def test_parse_accepts_full_width_input() -> None:
    notice = parse_holiday_notice(
        2027, "休　２０２７－１０－０１　至　２０２７－１０－０２\n班2027/9/26"
    )
    assert notice.holidays == {D("2027-10-01"), D("2027-10-02")}
    assert notice.workdays == {D("2027-09-26")}


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("休 2027-01-01\n\n休 2027-02-30", 3),  # no such date
        ("# header\n休 2027-13-01", 2),
        ("休 二〇二七年一月一日", 1),
        ("休 2026-12-31", 1),  # outside the year
        ("休 2027-12-30 至 2028-01-02", 1),
        ("休 2027-10-01 至 2027-10-07\n班 2027-10-07", 2),  # both 休 and 班
        ("班 2027-10-07\n休 2027-10-01 .. 2027-10-07", 2),
        ("休 2027-01-01\n放 2027-02-06", 2),  # unknown keyword
        ("休息 2027-01-01", 1),
        ("2027-01-01", 1),
        ("休", 1),
        ("休 2027-10-07 至 2027-10-01", 1),  # reversed range
        ("休 2027-10-01 至 2027-10-03 至 2027-10-05", 1),
    ],
)
def test_parse_errors_name_the_line(text: str, line: int) -> None:
    with pytest.raises(HolidayNoticeError) as info:
        parse_holiday_notice(2027, text)
    assert info.value.line == line
    assert f"第 {line} 行" in str(info.value)


def test_conflict_message_names_the_other_line() -> None:
    with pytest.raises(HolidayNoticeError, match="第 1 行已登记为“休”"):
        parse_holiday_notice(2027, "休 2027-10-01 至 2027-10-07\n班 2027-10-03")


def test_format_round_trip() -> None:
    notice = parse_holiday_notice(2027, NOTICE_2027_TEXT)
    text = format_holiday_notice(notice)
    assert parse_holiday_notice(2027, text) == notice
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    assert lines == [
        "休 2027-01-01",
        "休 2027-02-06 至 2027-02-13",
        "班 2027-02-14",
        "班 2027-09-26",
        "休 2027-10-01 至 2027-10-07",
        "班 2027-10-09",
    ]
    empty = HolidayNotice(2028, frozenset(), frozenset())
    assert parse_holiday_notice(2028, format_holiday_notice(empty)) == empty


def test_dict_round_trip() -> None:
    notice = parse_holiday_notice(2027, NOTICE_2027_TEXT)
    data = notice_to_dict(notice)
    assert data["workdays"] == ["2027-02-14", "2027-09-26", "2027-10-09"]
    assert notice_from_dict(data) == notice


@pytest.mark.parametrize(
    "data",
    [
        {"holidays": []},
        {"year": "2027"},
        {"year": 2027, "holidays": "2027-01-01"},
        {"year": 2027, "holidays": [20270101]},
        {"year": 2027, "holidays": ["2027-02-30"]},
        {"year": 2027, "holidays": ["2026-12-31"]},
        {"year": 2027, "holidays": ["2027-01-01"], "workdays": ["2027-01-01"]},
    ],
)
def test_dict_errors(data: dict[str, object]) -> None:
    with pytest.raises(HolidayNoticeError):
        notice_from_dict(data)


# --- lights ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "remaining", "light"),
    [
        ("2026-10-23", 4, Light.GREEN),  # Friday: 10-26..10-29 remain
        ("2026-10-24", 4, Light.GREEN),  # Saturday
        ("2026-10-26", 3, Light.GREEN),
        ("2026-10-27", 2, Light.YELLOW),  # threshold reached: 10-28, 10-29
        ("2026-10-28", 1, Light.YELLOW),
        ("2026-10-29", 0, Light.YELLOW),  # due today
        ("2026-10-30", -1, Light.RED),
        ("2026-10-31", -1, Light.RED),  # Saturday: overdue by one working day
        ("2026-11-02", -2, Light.RED),
    ],
)
def test_lights(calendar: WorkCalendar, today: str, remaining: int, light: Light) -> None:
    due = D("2026-10-29")
    assert remaining_working_days(due, D(today), calendar) == remaining
    assert supervision_light(due, D(today), calendar, LightRule()) is light


def test_light_threshold_is_a_setting(calendar: WorkCalendar) -> None:
    due = D("2026-10-29")
    assert supervision_light(due, D("2026-10-28"), calendar, LightRule(0)) is Light.GREEN
    assert supervision_light(due, D("2026-10-29"), calendar, LightRule(0)) is Light.YELLOW
    assert supervision_light(due, D("2026-10-23"), calendar, LightRule(5)) is Light.YELLOW
    # Over National Day only working days count: 09-30 to 10-08 is one day left.
    assert remaining_working_days(D("2026-10-08"), D("2026-09-30"), calendar) == 1
    with pytest.raises(ValueError):
        LightRule(-1)
