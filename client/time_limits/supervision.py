"""A case's clock and its supervision light (电子监察), computed live: pure logic, no storage.

The clock starts on the day the application came to the window (`CaseClock.start`, the 受理
day; for a case that went through 补正 at the window, the day of the first application) and
counts working days (client/time_limits/workdays.py) after it. What the law does not count is
taken out:

- a 补正 period (行政许可法 art. 32): from the 补正告知 to the day the materials are handed in;
- art. 45 periods (听证、检验、检测、鉴定、专家评审), each with its written notice;
a pause that began on day S and ended on day E leaves out the working days in (S, E]. A pause
still open runs to today, so the remaining days stand still while it lasts.

An art. 42 extension (负责人批准, usually +10 working days) moves both the legal and the
promised due date: the applicant was told the new date in the 延期通知书.

Light rules differ between provinces, so they are settings (`LightRule`):
- `remaining` (default): red once overdue; yellow at `yellow_days` working days left or fewer,
  or (when `yellow_share` > 0) once at most that share (percent) of the limit is left;
- `supervision`: yellow once overdue, red while a 督办 stands unanswered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any

from client.errors import ClerkError
from client.i18n import translate
from client.time_limits.workdays import Light, WorkCalendar


def _t(text: str) -> str:
    return translate("supervision", text)


class ClockError(ClerkError, ValueError):
    """A pause or extension that cannot be recorded; the message says why, in Chinese."""


class PauseKind(StrEnum):
    SUPPLEMENT = "supplement"  # 补正 (art. 32)
    HEARING = "hearing"  # 听证 (art. 45)
    INSPECTION = "inspection"  # 检验
    TESTING = "testing"  # 检测
    APPRAISAL = "appraisal"  # 鉴定
    EXPERT_REVIEW = "expert_review"  # 专家评审

    @property
    def label(self) -> str:
        return _t(_PAUSE_LABELS[self])


_PAUSE_LABELS = {
    PauseKind.SUPPLEMENT: "补正",
    PauseKind.HEARING: "听证",
    PauseKind.INSPECTION: "检验",
    PauseKind.TESTING: "检测",
    PauseKind.APPRAISAL: "鉴定",
    PauseKind.EXPERT_REVIEW: "专家评审",
}
ARTICLE_45_KINDS = tuple(k for k in PauseKind if k is not PauseKind.SUPPLEMENT)


@dataclass(frozen=True)
class Pause:
    kind: PauseKind
    start: date
    end: date | None = None  # None: still running

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ClockError(
                _t("{kind}结束日期 {end} 早于开始日期 {start}").format(
                    kind=self.kind.label, end=self.end.isoformat(), start=self.start.isoformat()
                )
            )


@dataclass(frozen=True)
class Extension:
    """行政许可法 art. 42: approved by the head of the department, the reasons told in writing."""

    days: int
    approver: str
    reasons: str
    granted_on: date

    def __post_init__(self) -> None:
        if not 1 <= self.days <= 30:
            raise ClockError(_t("延长期限应为 1 至 30 个工作日"))
        if not self.approver.strip():
            raise ClockError(_t("延期须写明批准的负责人"))
        if not self.reasons.strip():
            raise ClockError(_t("延期须写明理由（将告知申请人）"))


class RuleVariant(StrEnum):
    REMAINING = "remaining"
    SUPERVISION = "supervision"


@dataclass(frozen=True)
class LightRule:
    variant: RuleVariant = RuleVariant.REMAINING
    yellow_days: int = 2  # yellow at this many working days left or fewer
    yellow_share: int = 0  # percent of the limit left at which yellow starts; 0: off

    def __post_init__(self) -> None:
        if self.yellow_days < 0 or not 0 <= self.yellow_share <= 100:
            raise ValueError("yellow_days must not be negative, yellow_share is 0-100")


@dataclass(frozen=True)
class CaseClock:
    """Everything `case_light` needs to know about one case."""

    start: date
    promised_days: int
    legal_days: int
    pauses: tuple[Pause, ...] = ()
    extensions: tuple[Extension, ...] = ()
    finished_on: date | None = None  # decided, refused or closed: the clock stopped
    open_orders: int = 0  # 督办 not answered yet
    central: Mapping[str, Any] | None = None  # the central's supervision status, as pulled


@dataclass(frozen=True)
class Due:
    promised: date
    legal: date
    paused_days: int  # working days left out so far
    extended_days: int
    provisional: bool  # a year on the way to the promised date has no notice: 调休 unknown
    missing_years: tuple[int, ...] = ()  # such years, up to the later of the two dates
    legal_provisional: bool = False


@dataclass(frozen=True)
class CaseLight:
    light: Light
    due: Due
    remaining: int  # working days left to the promised due date; negative once overdue
    paused: bool  # a pause is running: the clock stands still
    local: Light  # what this window computes
    source: str = "local"  # "local" or "central"
    reason: str = ""  # why the central's light is shown instead of the local one
    notes: tuple[str, ...] = field(default=())


# The contract's statuses, and the colour names some supervision systems send instead.
CENTRAL_LIGHTS = {"normal": Light.GREEN, "warning": Light.YELLOW, "overdue": Light.RED}
CENTRAL_LIGHTS |= {"green": Light.GREEN, "yellow": Light.YELLOW, "red": Light.RED}
CENTRAL_LABELS = {"normal": "正常", "warning": "预警", "overdue": "超期", "suspended": "暂停计时"}
CENTRAL_LABELS |= {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}
LIGHT_LABELS = {Light.GREEN: "绿灯", Light.YELLOW: "黄灯", Light.RED: "红灯"}


def light_label(light: Light) -> str:
    return _t(LIGHT_LABELS[light])


def paused_working_days(pauses: Sequence[Pause], today: date, calendar: WorkCalendar) -> int:
    """Working days left out: (start, end] of each pause, an open one running to today.
    Overlapping pauses (a 检测 during a 听证) count each day once."""
    days: set[date] = set()
    for pause in pauses:
        end = pause.end or max(today, pause.start)
        day = pause.start
        while day < end:
            day = date.fromordinal(day.toordinal() + 1)
            if calendar.is_workday(day):
                days.add(day)
    return len(days)


def due_dates(clock: CaseClock, today: date, calendar: WorkCalendar) -> Due:
    as_of = clock.finished_on or today
    paused = paused_working_days(clock.pauses, as_of, calendar)
    extended = sum(e.days for e in clock.extensions)
    promised = calendar.add_working_days(clock.start, clock.promised_days + paused + extended)
    legal = calendar.add_working_days(clock.start, clock.legal_days + paused + extended)

    def missing(until: date) -> tuple[int, ...]:
        after = date.fromordinal(clock.start.toordinal() + 1)
        return tuple(calendar.missing_years(after, until)) if until > clock.start else ()

    years = missing(max(promised, legal))
    return Due(promised, legal, paused, extended, bool(missing(promised)), years, bool(years))


def local_light(
    remaining: int, limit: int, open_orders: int, rule: LightRule, finished: bool
) -> Light:
    """The light by the rule: `remaining` working days to the due date (negative: overdue)."""
    overdue = remaining < 0
    if rule.variant is RuleVariant.SUPERVISION:
        if open_orders:
            return Light.RED
        return Light.YELLOW if overdue else Light.GREEN
    if overdue:
        return Light.RED
    if finished:
        return Light.GREEN
    if remaining <= rule.yellow_days:
        return Light.YELLOW
    if rule.yellow_share and limit and remaining * 100 <= rule.yellow_share * limit:
        return Light.YELLOW
    return Light.GREEN


def case_light(
    clock: CaseClock, rule: LightRule, today: date, calendar: WorkCalendar | None = None
) -> CaseLight:
    """The case's light today. The promised limit decides it (it is the shorter one and what
    the window promised); a finished case keeps the light it finished with (red when late)."""
    calendar = calendar or WorkCalendar()
    due = due_dates(clock, today, calendar)
    as_of = clock.finished_on or today
    paused = clock.finished_on is None and any(p.end is None for p in clock.pauses)
    if clock.finished_on is not None:
        remaining = 0 if clock.finished_on <= due.promised else -1
    else:
        remaining = calendar.working_days_between(as_of, due.promised)
        if today > due.promised:
            remaining = min(remaining, -1)
    limit = clock.promised_days + due.extended_days
    local = local_light(
        remaining, limit, clock.open_orders, rule, finished=clock.finished_on is not None
    )
    notes = []
    if paused:
        kinds = "、".join(p.kind.label for p in clock.pauses if p.end is None)
        notes.append(_t("{kinds}期间暂停计时").format(kinds=kinds))
    if due.provisional or due.legal_provisional:
        years = "、".join(str(y) for y in due.missing_years)
        notes.append(_t("{years} 年调休安排未公布，办结日期暂定").format(years=years))
    result = CaseLight(local, due, remaining, paused, local, notes=tuple(notes))
    return _with_central(result, clock.central)


def _with_central(result: CaseLight, central: Mapping[str, Any] | None) -> CaseLight:
    """The central's supervision status wins where it differs: it is what 电子监察 records."""
    if not central:
        return result
    status = str(central.get("status", ""))
    light = CENTRAL_LIGHTS.get(status)
    label = _t(CENTRAL_LABELS.get(status, status or "未知"))
    who = str(central.get("handler", "")) or _t("中心系统")
    note = str(central.get("note", ""))
    if status == "suspended" and not result.paused:
        reason = _t("中心系统记为“{label}”（{who}{note}），本窗口未登记暂停").format(
            label=label, who=who, note=f"：{note}" if note else ""
        )
        return replace(result, paused=True, source="central", reason=reason)
    if light is None or light is result.local:
        return result
    reason = _t("中心系统记为“{label}”（{who}{note}），本窗口计算为{local}").format(
        label=label, who=who, note=f"：{note}" if note else "", local=light_label(result.local)
    )
    return replace(result, light=light, source="central", reason=reason)
