"""好差评 on the reference central: a `rating` event's fields checked (RatingFields in the
contract), accepted at any stage after 受理, and kept per case (GET /cases/{id} `ratings`); the
chief's follow-up of a 差评 (`rating.handled`, RatingHandledFields) kept on its rating."""

from __future__ import annotations

import json
import sqlite3
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, model_validator

from tests.central.cases import DateTime, Uuid
from tests.central.problems import ProblemError

NOT_ACCEPTED = ("applied", "supplement_requested", "refused")


class RatingFields(BaseModel):
    model_config = ConfigDict(extra="allow")

    score: StrictInt = Field(ge=1, le=5)
    level: Literal[
        "very_satisfied", "satisfied", "basically_satisfied", "dissatisfied", "very_dissatisfied"
    ]
    reason: StrictStr = Field(default="", max_length=500)
    channel: Literal["window", "qr"]
    rated_at: DateTime

    @model_validator(mode="after")
    def _bad_needs_reason(self) -> RatingFields:
        if self.score <= 2 and ("reason" not in self.model_fields_set or not self.reason):
            raise ValueError("a rating of 2 or less (差评) needs a reason")
        return self


def check_rating(fields: dict[str, Any]) -> None:
    """Raises ValueError (a 422) when the fields do not make a rating."""
    RatingFields.model_validate(fields)


def record_rating(conn: sqlite3.Connection, case_id: str, event: dict[str, Any]) -> None:
    """Inside the event's transaction: refused before 受理, else kept beside the events."""
    stage = conn.execute("SELECT stage FROM cases WHERE case_id = ?", (case_id,)).fetchone()[0]
    if stage in NOT_ACCEPTED:
        raise ProblemError(
            409, "case-not-accepted", "Case not accepted", f"Case {case_id} is {stage}."
        )
    body = event["body"]
    rating = {
        "event_id": event["event_id"],
        "score": body["score"],
        "level": body["level"],
        "reason": body.get("reason", ""),
        "channel": body["channel"],
        "rated_at": body["rated_at"],
        "received_at": event["received_at"],
        "actor": event["actor"],
    }
    conn.execute(
        "INSERT INTO ratings (event_id, case_id, data) VALUES (?, ?, ?)",
        (event["event_id"], case_id, json.dumps(rating, ensure_ascii=False)),
    )


class RatingHandledFields(BaseModel):
    model_config = ConfigDict(extra="allow")

    rating_event_id: Uuid
    note: StrictStr = Field(min_length=1, max_length=500, pattern=r"\S")
    handled_at: DateTime


def check_rating_handled(fields: dict[str, Any]) -> None:
    """Raises ValueError (a 422) when the fields do not make a follow-up."""
    RatingHandledFields.model_validate(fields)


def record_rating_handled(conn: sqlite3.Connection, case_id: str, event: dict[str, Any]) -> None:
    """Inside the event's transaction: the follow-up of a 差评 received for this case, once."""
    body = event["body"]
    rating_event_id = body["rating_event_id"]
    row = conn.execute(
        "SELECT data FROM ratings WHERE event_id = ? AND case_id = ?", (rating_event_id, case_id)
    ).fetchone()
    if row is None:
        raise ProblemError(
            409,
            "rating-not-found",
            "No such rating for this case",
            f"Case {case_id} has received no rating {rating_event_id}.",
        )
    rating = json.loads(row[0])
    if rating["score"] > 2:
        raise ProblemError(
            409, "rating-not-bad", "Not a 差评", f"Rating {rating_event_id} is not a 差评."
        )
    if rating.get("handled"):
        raise ProblemError(
            409,
            "rating-already-handled",
            "The 差评 was already followed up",
            f"Rating {rating_event_id} was handled at {rating['handled']['handled_at']}.",
        )
    rating["handled"] = {
        "note": body["note"],
        "handled_at": body["handled_at"],
        "actor": event["actor"],
        "received_at": event["received_at"],
    }
    conn.execute(
        "UPDATE ratings SET data = ? WHERE event_id = ?",
        (json.dumps(rating, ensure_ascii=False), rating_event_id),
    )
