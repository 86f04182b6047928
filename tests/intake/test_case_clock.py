"""A case's clock and light (client/time_limits/supervision.py) on the real 2026 calendar
(chinese-calendar: Spring Festival 02-15..02-23 with make-up Saturday 02-14; National Day
10-01..10-07 with make-up Sunday 09-20 and Saturday 10-10) and on 2027, which no notice covers
yet."""

from __future__ import annotations

from datetime import date

import pytest

from client.time_limits.supervision import (
    CaseClock,
    ClockError,
    Extension,
    LightRule,
    Pause,
    PauseKind,
    RuleVariant,
    case_light,
    due_dates,
)
from client.time_limits.workdays import Light, WorkCalendar, parse_holiday_notice

D = date.fromisoformat
CAL = WorkCalendar()
DEFAULT = LightRule()


def light(clock: CaseClock, today: str, rule: LightRule = DEFAULT) -> Light:
    return case_light(clock, rule, D(today), CAL).light


def test_spring_festival_2026_skipped_and_make_up_saturday_counted() -> None:
    # Thursday 02-12 + 5: 02-13 (1), Saturday 02-14 make-up (2), 02-24..02-26 (3-5).
    clock = CaseClock(start=D("2026-02-12"), promised_days=5, legal_days=20)
    due = due_dates(clock, D("2026-02-12"), CAL)
    assert due.promised == D("2026-02-26")
    # 20: 02-24..02-28 (Saturday 02-28 is the second make-up day) 3-7, then three weeks.
    assert due.legal == D("2026-03-18")
    assert not due.provisional
    # During the holiday the clock stands: 3 working days left on 02-16 as on 02-14.
    assert case_light(clock, DEFAULT, D("2026-02-14"), CAL).remaining == 3
    assert case_light(clock, DEFAULT, D("2026-02-20"), CAL).remaining == 3


def test_supplement_pause_over_national_day_is_left_out() -> None:
    # Application Thursday 09-24 with a 补正告知; materials handed in Tuesday 09-29.
    # Without the pause, 5 days end 10-09 (09-28, 09-29, 09-30, 10-08, 10-09); the 2 working
    # days of 补正 (09-28, 09-29) move it to Saturday 10-10 (make-up) and Monday 10-12.
    plain = CaseClock(start=D("2026-09-24"), promised_days=5, legal_days=10)
    assert due_dates(plain, D("2026-09-24"), CAL).promised == D("2026-10-09")
    pause = Pause(PauseKind.SUPPLEMENT, D("2026-09-24"), D("2026-09-29"))
    clock = CaseClock(start=D("2026-09-24"), promised_days=5, legal_days=10, pauses=(pause,))
    due = due_dates(clock, D("2026-10-08"), CAL)
    assert (due.promised, due.paused_days) == (D("2026-10-12"), 2)
    # The same as counting 5 from the day the materials came in, as art. 32 counts.
    assert due.promised == CAL.add_working_days(D("2026-09-29"), 5)


def test_article_45_pause_freezes_the_light_and_then_moves_the_due_date() -> None:
    # Accepted 10-08 (Thu), 5 days: due 10-14 (10-09, 10-10, 10-12, 10-13, 10-14).
    running = Pause(PauseKind.HEARING, D("2026-10-12"))  # 听证 from Monday, still going
    clock = CaseClock(start=D("2026-10-08"), promised_days=5, legal_days=20, pauses=(running,))
    on_12 = case_light(clock, DEFAULT, D("2026-10-12"), CAL)
    on_20 = case_light(clock, DEFAULT, D("2026-10-20"), CAL)
    # Without the pause 10-20 is overdue; with it the clock stands at 10-12's 2 days left.
    assert light(CaseClock(D("2026-10-08"), 5, 20), "2026-10-20") is Light.RED
    assert on_12.remaining == on_20.remaining == 2
    assert on_20.paused and on_20.light is Light.YELLOW
    assert "听证期间暂停计时" in on_20.notes
    # The hearing ends Friday 10-16: 10-13..10-16 (4 working days) are left out.
    ended = Pause(PauseKind.HEARING, D("2026-10-12"), D("2026-10-16"))
    clock = CaseClock(start=D("2026-10-08"), promised_days=5, legal_days=20, pauses=(ended,))
    assert due_dates(clock, D("2026-10-20"), CAL).promised == D("2026-10-20")
    assert light(clock, "2026-10-20") is Light.YELLOW
    assert light(clock, "2026-10-21") is Light.RED


def test_overlapping_pauses_count_each_day_once() -> None:
    pauses = (
        Pause(PauseKind.HEARING, D("2026-10-12"), D("2026-10-16")),
        Pause(PauseKind.TESTING, D("2026-10-14"), D("2026-10-19")),
    )
    clock = CaseClock(start=D("2026-10-08"), promised_days=5, legal_days=20, pauses=pauses)
    assert due_dates(clock, D("2026-10-30"), CAL).paused_days == 5  # 10-13..10-16, 10-19


def test_article_42_extension_adds_ten_working_days() -> None:
    extension = Extension(10, "王局长", "需现场核查", D("2026-10-20"))
    clock = CaseClock(D("2026-09-24"), 5, 20, extensions=(extension,))
    due = due_dates(clock, D("2026-10-20"), CAL)
    # 中秋 09-25 and 国庆 are skipped, make-up Saturday 10-10 counted.
    assert due.legal == CAL.add_working_days(D("2026-09-24"), 30) == D("2026-11-12")
    assert due.promised == CAL.add_working_days(D("2026-09-24"), 15) == D("2026-10-22")
    assert light(CaseClock(D("2026-09-24"), 5, 20), "2026-10-20") is Light.RED
    assert light(clock, "2026-10-20") is Light.YELLOW  # 10-21, 10-22 left
    with pytest.raises(ClockError, match="负责人"):
        Extension(10, " ", "理由", D("2026-10-20"))
    with pytest.raises(ClockError, match="理由"):
        Extension(10, "王局长", "", D("2026-10-20"))


def test_remaining_rule_thresholds() -> None:
    # Accepted 10-08, 5 days, due 10-14 (Wed).
    clock = CaseClock(D("2026-10-08"), 5, 20)
    two = LightRule(yellow_days=2)
    assert [light(clock, d, two) for d in ("2026-10-09", "2026-10-10", "2026-10-12")] == [
        Light.GREEN,  # 4 left
        Light.GREEN,  # 3 left
        Light.YELLOW,  # 2 left
    ]
    assert light(clock, "2026-10-14", two) is Light.YELLOW  # the due day itself: 0 left
    assert light(clock, "2026-10-15", two) is Light.RED
    assert light(clock, "2026-10-10", LightRule(yellow_days=3)) is Light.YELLOW
    # A share of the limit: yellow at 60 % of 5 days = 3 days left (days rule off).
    share = LightRule(yellow_days=0, yellow_share=60)
    assert light(clock, "2026-10-09", share) is Light.GREEN  # 4 left: 80 %
    assert light(clock, "2026-10-10", share) is Light.YELLOW  # 3 left: 60 %
    assert light(clock, "2026-10-14", share) is Light.YELLOW
    assert light(clock, "2026-10-15", share) is Light.RED


def test_supervision_rule_yellow_overdue_red_unanswered_order() -> None:
    rule = LightRule(variant=RuleVariant.SUPERVISION)
    clock = CaseClock(D("2026-10-08"), 5, 20)
    assert light(clock, "2026-10-14", rule) is Light.GREEN  # due today, not late yet
    assert light(clock, "2026-10-15", rule) is Light.YELLOW  # overdue
    ordered = CaseClock(D("2026-10-08"), 5, 20, open_orders=1)
    assert light(ordered, "2026-10-09", rule) is Light.RED  # a 督办 stands unanswered
    assert light(ordered, "2026-10-09") is Light.GREEN  # the default rule ignores it


def test_finished_case_keeps_whether_it_was_on_time() -> None:
    on_time = CaseClock(D("2026-10-08"), 5, 20, finished_on=D("2026-10-13"))
    late = CaseClock(D("2026-10-08"), 5, 20, finished_on=D("2026-10-16"))
    assert light(on_time, "2026-12-01") is Light.GREEN
    assert light(late, "2026-12-01") is Light.RED


def test_central_status_wins_and_says_why() -> None:
    central = {"status": "overdue", "handler": "县电子监察中心", "note": "超承诺时限"}
    clock = CaseClock(D("2026-10-08"), 5, 20, central=central)
    shown = case_light(clock, DEFAULT, D("2026-10-09"), CAL)
    assert (shown.light, shown.local, shown.source) == (Light.RED, Light.GREEN, "central")
    assert "县电子监察中心" in shown.reason and "本窗口计算为绿灯" in shown.reason
    same = CaseClock(D("2026-10-08"), 5, 20, central={"status": "normal", "handler": "x"})
    assert case_light(same, DEFAULT, D("2026-10-09"), CAL).source == "local"


def test_2027_due_dates_count_statutory_holidays_and_are_provisional() -> None:
    # Thursday 2027-09-30, 5 days: 国庆 10-01..10-03 (statutory); 10-04.. are working days
    # until the 2027 notice says otherwise: 10-04..10-08.
    clock = CaseClock(D("2027-09-30"), 5, 20)
    shown = case_light(clock, DEFAULT, D("2027-09-30"), CAL)
    assert shown.due.promised == D("2027-10-08")
    assert shown.due.provisional and shown.due.missing_years == (2027,)
    assert "2027 年调休安排未公布，办结日期暂定" in shown.notes
    # The notice arrives (休 10-01..10-07, 班 09-26 and 10-09): 10-08, 10-09, 10-11..10-13.
    notice = parse_holiday_notice(
        2027, "休 2027-10-01 至 2027-10-07\n班 2027-09-26\n班 2027-10-09\n"
    )
    known = WorkCalendar({2027: notice})
    due = due_dates(clock, D("2027-09-30"), known)
    assert (due.promised, due.provisional) == (D("2027-10-13"), False)


def test_pause_cannot_end_before_it_starts() -> None:
    with pytest.raises(ClockError, match="早于开始日期"):
        Pause(PauseKind.APPRAISAL, D("2026-10-12"), D("2026-10-09"))
