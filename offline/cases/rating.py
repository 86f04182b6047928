"""好差评 at the window: the applicant's rating of a case, and the 差评 the chief follows up.

One rating per case (GB/T 39735 counts one evaluation per 办件): a second one is refused, so
the statistics and the central never have to choose between two. The rating row, its case
event, the `rating` outbox operation (without a stage: a rating moves no case) and the audit
record are one transaction. A 差评 (score <= 2) must carry its reason and stays flagged for
the chief representative (the 预警 panel) until they mark it handled; that follow-up (整改/回访)
is reported to the central too, as a `rating.handled` event naming the rating's event.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from client.accounts import Person, Power, require
from client.closing.rating import (
    REASON_MAX,
    Channel,
    Level,
    RatingError,
    checked_reason,
    is_bad,
    level_of,
)
from client.domain import Stage
from client.generated_ids import uuid7
from client.i18n import translate
from offline.cases.events import stamp
from offline.storage import audit
from offline.storage.store import Store

# A rating is of a service received: the case must have been accepted (受理) at the window.
RATEABLE_STAGES = frozenset(
    {Stage.ACCEPTED, Stage.FIRST_REVIEW, Stage.SECOND_REVIEW, Stage.DECIDED, Stage.CLOSED}
)


def _t(text: str) -> str:
    return translate("rating", text)


@dataclass(frozen=True)
class Rating:
    rating_id: str
    case_id: str
    case_number: str
    score: int
    level: Level
    reason: str
    channel: Channel
    rated_at: str
    recorded_by: str
    flagged: bool
    handled_by: str | None
    handled_at: str | None

    @property
    def open_flag(self) -> bool:
        return self.flagged and self.handled_at is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rating_id": self.rating_id,
            "case_number": self.case_number,
            "score": self.score,
            "level": self.level.value,
            "level_label": self.level.label,
            "reason": self.reason,
            "channel": self.channel.value,
            "rated_at": self.rated_at,
            "recorded_by": self.recorded_by,
            "bad": self.flagged,
            "handled_by": self.handled_by,
            "handled_at": self.handled_at,
        }


_SELECT = (
    "SELECT r.rating_id, r.case_id, c.case_number, r.score, r.level, r.reason, r.channel,"
    " r.rated_at, r.recorded_by, r.flagged, r.handled_by, r.handled_at"
    " FROM case_ratings r JOIN cases c USING (case_id)"
)


def _rating(row: Any) -> Rating:
    return Rating(
        row[0],
        row[1],
        row[2],
        int(row[3]),
        Level(row[4]),
        row[5],
        Channel(row[6]),
        row[7],
        row[8],
        bool(row[9]),
        row[10],
        row[11],
    )


def case_rating(store: Store, case_number: str) -> Rating | None:
    with store.read() as conn:
        row = conn.execute(_SELECT + " WHERE c.case_number = ?", (case_number.strip(),))
        found = row.fetchone()
    return _rating(found) if found else None


def open_bad_ratings(store: Store) -> list[Rating]:
    """差评 the chief representative has not marked handled, oldest first."""
    with store.read() as conn:
        rows = conn.execute(
            _SELECT + " WHERE r.flagged = 1 AND r.handled_at IS NULL ORDER BY r.rated_at"
        ).fetchall()
    return [_rating(r) for r in rows]


def rate_case(
    store: Store,
    case_number: str,
    score: int,
    reason: str = "",
    now: dt.datetime | None = None,
    channel: Channel = Channel.WINDOW,
) -> Rating:
    """Record the applicant's rating; the person at the window is the actor."""
    level = level_of(score)
    text = checked_reason(score, reason)
    person = store.person  # raises NotLoggedIn: a rating is recorded by someone
    now = now or dt.datetime.now().astimezone()
    with store.write() as db:
        conn = db.conn
        row = conn.execute(
            "SELECT case_id, stage FROM cases WHERE case_number = ?", (case_number.strip(),)
        ).fetchone()
        if row is None:
            raise RatingError(_t("未找到办件：{n}").format(n=case_number))
        case_id, stage = str(row[0]), str(row[1])
        if stage not in RATEABLE_STAGES:
            raise RatingError(
                _t("办件 {n} 未受理，不能评价").format(n=case_number),
                _t("好差评针对已受理的办件；补正或不予受理的申请请在受理后评价"),
            )
        earlier = conn.execute(
            "SELECT level, rated_at FROM case_ratings WHERE case_id = ?", (case_id,)
        ).fetchone()
        if earlier:
            raise RatingError(
                _t("办件 {n} 已于 {at} 评价为“{level}”，每个办件只能评价一次").format(
                    n=case_number,
                    at=earlier[1][:16].replace("T", " "),
                    level=Level(earlier[0]).label,
                )
            )
        rating_id, at = uuid7(), stamp(now)
        flagged = is_bad(score)
        conn.execute(
            "INSERT INTO case_ratings (rating_id, case_id, score, level, reason, channel,"
            " rated_at, recorded_by, flagged) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (rating_id, case_id, score, level.value, text, channel.value, at, person.name, flagged),
        )
        payload = {"score": score, "level": level.value, "reason": text}
        payload |= {"channel": channel.value, "rated_at": at}
        _queue_event(conn, rating_id, case_id, "rating", stage, payload, person.name, at)
        audit.append(
            db,
            actor=person.username,
            window_code=store.window_code,
            action="case.rating",
            case_id=case_id,
            details=payload | {"bad": flagged},
            at=now,
        )
    rating = case_rating(store, case_number)
    assert rating is not None
    return rating


def _queue_event(
    conn: Any,
    event_id: str,
    case_id: str,
    kind: str,
    stage: str,
    payload: dict[str, Any],
    actor: str,
    at: str,
) -> None:
    """The history row and the `event.post` operation. The body has no `stage`: the central
    sets a case's stage from an event's stage, and a rating (or its follow-up) must never move
    it back."""
    conn.execute(
        "INSERT INTO case_events"
        " (event_id, case_id, kind, stage, payload, actor, occurred_at, source)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 'local')",
        (event_id, case_id, kind, stage, json.dumps(payload, ensure_ascii=False), actor, at),
    )
    body = {"event_id": event_id, "kind": kind, "occurred_at": at, "actor": actor, **payload}
    conn.execute(
        "INSERT INTO outbox (op_id, case_id, kind, payload, created_at, updated_at)"
        " VALUES (?, ?, 'event.post', ?, ?, ?)",
        (uuid7(), case_id, json.dumps(body, ensure_ascii=False), at, at),
    )


def handle_bad_rating(
    store: Store, case_number: str, note: str, operator: Person, now: dt.datetime | None = None
) -> Rating:
    """The chief representative has followed up a 差评 (督办权): it leaves the 预警 panel, and
    the follow-up is queued for the central (`rating.handled`) in the same transaction."""
    require(operator, Power.SUPERVISE, _t("处理差评"), chief_only=True)
    text = " ".join(note.split())
    if not text:
        raise RatingError(_t("处理差评须写明跟进情况"))
    if len(text) > REASON_MAX:  # the central takes at most as much (RatingHandledFields)
        raise RatingError(_t("跟进情况过长（最多 {n} 字）").format(n=REASON_MAX))
    now = now or dt.datetime.now().astimezone()
    with store.write() as db:
        row = db.conn.execute(
            "SELECT r.rating_id, r.case_id, c.stage FROM case_ratings r JOIN cases c"
            " USING (case_id)"
            " WHERE c.case_number = ? AND r.flagged = 1 AND r.handled_at IS NULL",
            (case_number.strip(),),
        ).fetchone()
        if row is None:
            raise RatingError(_t("办件 {n} 没有待处理的差评").format(n=case_number))
        rating_id, case_id, stage = str(row[0]), str(row[1]), str(row[2])
        at = stamp(now)
        db.conn.execute(
            "UPDATE case_ratings SET handled_by = ?, handled_at = ?, handled_note = ?"
            " WHERE rating_id = ?",
            (operator.name, at, text, rating_id),
        )
        # The rating's own event id is its rating_id: the central finds the rating by it.
        payload = {"rating_event_id": rating_id, "note": text, "handled_at": at}
        _queue_event(db.conn, uuid7(), case_id, "rating.handled", stage, payload, operator.name, at)
        audit.append(
            db,
            actor=operator.username,
            window_code=store.window_code,
            action="case.rating_handled",
            case_id=case_id,
            details={"rating_id": rating_id, "note": text},
            at=now,
        )
    rating = case_rating(store, case_number)
    assert rating is not None
    return rating


@dataclass(frozen=True)
class RatingSummary:
    """The ratings given in a period: how many per level and the 差评率 (bad / all)."""

    per_level: dict[Level, int]

    @property
    def total(self) -> int:
        return sum(self.per_level.values())

    @property
    def bad(self) -> int:
        return sum(n for level, n in self.per_level.items() if is_bad(level.score))

    @property
    def bad_rate(self) -> float | None:
        """Percent, one decimal; None when nobody rated."""
        return round(100 * self.bad / self.total, 1) if self.total else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "per_level": {level.value: self.per_level[level] for level in Level},
            "bad": self.bad,
            "bad_rate_percent": self.bad_rate,
        }


def rating_summary(store: Store, start: dt.datetime, end: dt.datetime) -> RatingSummary:
    """Ratings with start <= rated_at < end (aware datetimes, compared as stored text)."""
    with store.read() as conn:
        rows = conn.execute(
            "SELECT level, count(*) FROM case_ratings WHERE rated_at >= ? AND rated_at < ?"
            " GROUP BY level",
            (start.isoformat(), end.isoformat()),
        ).fetchall()
    counts = dict.fromkeys(Level, 0)
    for level, n in rows:
        counts[Level(level)] = int(n)
    return RatingSummary(counts)


def summary_text(summary: RatingSummary) -> str:
    """One line for the statistics: 好差评 per level and the 差评率."""
    if not summary.total:
        return _t("好差评：本期暂无评价")
    levels = "，".join(f"{level.label} {summary.per_level[level]}" for level in Level)
    return _t("好差评：共 {total} 条（{levels}），差评率 {rate}%").format(
        total=summary.total, levels=levels, rate=summary.bad_rate
    )
