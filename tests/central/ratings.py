"""好差评 on the reference central: a `rating` event's fields checked (RatingFields in the
contract), accepted at any stage after 受理, and kept per case (GET /cases/{id} `ratings`)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, model_validator

from tests.central.cases import DateTime
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
