"""A clock that lies: case numbers, acceptance dates and legal time limits all come from the
system clock, and a township PC with a flat CMOS battery boots in 2009.

Three checks, each of which stops new intakes (offline/intake/transaction.py, so the window and
the CLI alike) until the clock is right:

* the year is before this release was built, or absurdly far ahead;
* the clock is behind the latest time this profile has seen (kept in `sync_state`, raised at
  each intake and when the window starts) by more than the allowed skew;
* the clock differs from the central's (its HTTP `Date`, seen on every reply while online) by
  more than the allowed skew (setting `clock.max_skew_minutes`, default 5).

The comparison with the central is kept as the offset measured at the last reply, so the CLI
uses it too. Once the central confirms the clock, the latest seen time is reset to it: a clock
that ran ahead and was corrected is not then held to its own false future. A clock corrected
while offline stays refused (against the central's last offset) until the next reply.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
from dataclasses import dataclass

from client.central.api import ServerDate
from client.errors import ClerkError
from client.i18n import translate
from offline.storage.store import Store
from offline.sync.outbox import get_state, set_state

RELEASE_YEAR = 2026  # no correct clock shows a year before this release was built
YEARS_AHEAD = 30  # nor one this far after it
LATEST_SEEN_KEY = "clock.latest_seen"
CENTRAL_KEY = "clock.central"  # {"offset_seconds": local - central, "local_at": ISO}
# The listener writes an unchanged measurement at most this often (seconds).
REWRITE_SECONDS = 600.0
REWRITE_DRIFT_SECONDS = 10.0


def _t(text: str) -> str:
    return translate("clock", text)


class ClockWrong(ClerkError):
    """The system clock cannot be trusted; no intake until it is set right."""


def _remedy() -> str:
    return _t(
        "请把电脑的日期和时间改正（Windows：设置 → 时间和语言 → 立即同步），改正后即可继续受理；"
        "如每次开机时间都不对，请联系管理员更换主板的 CMOS 电池。"
    )


def _shown(moment: dt.datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _parse(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


@dataclass(frozen=True)
class CentralOffset:
    seconds: float  # this machine's clock minus the central's, at the last reply
    local_at: dt.datetime  # this machine's clock then


def central_offset(store: Store) -> CentralOffset | None:
    with store.read() as conn:
        text = get_state(conn, CENTRAL_KEY)
    try:
        data = json.loads(text) if text else None
        if not isinstance(data, dict):
            return None
        local_at = _parse(str(data["local_at"]))
        seconds = float(data["offset_seconds"])
    except (ValueError, KeyError, TypeError):
        return None  # damaged: as if never measured
    if local_at is None or seconds != seconds:  # NaN
        return None
    return CentralOffset(seconds, local_at)


def latest_seen(store: Store) -> dt.datetime | None:
    with store.read() as conn:
        return _parse(get_state(conn, LATEST_SEEN_KEY))


def allowed_skew(store: Store) -> dt.timedelta:
    return dt.timedelta(minutes=store.settings.number("clock.max_skew_minutes"))


def clock_problem(store: Store, now: dt.datetime) -> ClockWrong | None:
    """Why the clock reading `now` cannot be trusted for an intake, or None."""
    if not RELEASE_YEAR <= now.year <= RELEASE_YEAR + YEARS_AHEAD:
        return ClockWrong(
            _t("系统时间为 {now}，不可能正确（本软件发布于 {year} 年），暂停受理。").format(
                now=_shown(now), year=RELEASE_YEAR
            ),
            _remedy(),
        )
    skew = allowed_skew(store)
    offset = central_offset(store)
    if offset is not None and abs(offset.seconds) > skew.total_seconds():
        minutes = max(1, round(abs(offset.seconds) / 60))
        where = _t("快") if offset.seconds > 0 else _t("慢")
        return ClockWrong(
            _t(
                "本机时间比中心系统{where}约 {minutes} 分钟（本机 {local}，中心 {central}），"
                "暂停受理。"
            ).format(
                where=where,
                minutes=minutes,
                local=_shown(now),
                central=_shown(now - dt.timedelta(seconds=offset.seconds)),
            ),
            _remedy(),
        )
    seen = latest_seen(store)
    if seen is not None and now < seen - skew:
        return ClockWrong(
            _t(
                "系统时间 {now} 早于本机已记录过的时间 {seen}：时钟被调回或已失准，暂停受理。"
            ).format(now=_shown(now), seen=_shown(seen)),
            _remedy(),
        )
    return None


def note_time(conn: sqlite3.Connection, now: dt.datetime) -> None:
    """Raise the latest seen time to `now` inside the caller's write transaction. Call only
    with a clock that passed `clock_problem`."""
    seen = _parse(get_state(conn, LATEST_SEEN_KEY))
    if seen is None or now > seen:
        set_state(conn, LATEST_SEEN_KEY, now.isoformat(timespec="seconds"))


def note_start(store: Store, now: dt.datetime) -> ClockWrong | None:
    """At start: check the clock and, when it is right, record it as seen."""
    problem = clock_problem(store, now)
    if problem is None:
        with store.write(durable=False) as db:
            note_time(db.conn, now)
    return problem


class CentralClockWatch:
    """Records the central's clock from each reply (CentralClient.on_date) in the profile.

    Called on the request's thread. Writes only when the offset moved or every ten minutes,
    and never inside a transaction already open on this thread (it would be nested)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._written: tuple[float, float] | None = None  # (offset, time.monotonic())

    def __call__(self, seen: ServerDate) -> None:
        offset = (seen.local - seen.central).total_seconds()
        if not -1e9 < offset < 1e9:
            return
        written = self._written
        if (
            written is not None
            and abs(written[0] - offset) < REWRITE_DRIFT_SECONDS
            and time.monotonic() - written[1] < REWRITE_SECONDS
        ):
            return
        if self.store.conn.in_transaction:
            return  # this thread is inside a write (or another is): the next reply will do
        record = {"offset_seconds": offset, "local_at": seen.local.isoformat()}
        with self.store.write(durable=False) as db:
            set_state(db.conn, CENTRAL_KEY, json.dumps(record))
            if abs(offset) <= allowed_skew(self.store).total_seconds():
                # The central vouches for this clock: it is the latest time seen, even if an
                # earlier wrong clock had recorded a later one.
                set_state(db.conn, LATEST_SEEN_KEY, seen.local.isoformat(timespec="seconds"))
        self._written = (offset, time.monotonic())
