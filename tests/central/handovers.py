"""出证/送达 at the reference central: a `certify` event is taken only for a decided case, its
handover is checked against the contract's Handover and stored, and the case becomes closed."""

from __future__ import annotations

import json
import sqlite3
from typing import Any, Literal

from pydantic import Field, ValidationError, model_validator

from tests.central.bodies import Body
from tests.central.cases import DateTime
from tests.central.problems import ProblemError

WAYBILL_PATTERN = r"^[A-Z0-9][A-Z0-9-]{4,38}[A-Z0-9]$"
UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


class Collector(Body):
    role: Literal["applicant", "legal_representative", "agent"]
    name: str = Field(min_length=1)
    id_type: Literal[
        "resident_id", "uscc", "passport", "hmt_residence_permit", "foreign_permanent_residence"
    ]
    id_number: str = Field(min_length=1)


class Mail(Body):
    address: str = Field(min_length=1)
    carrier: str = Field(min_length=1)
    waybill: str = Field(pattern=WAYBILL_PATTERN)


class Handover(Body):
    method: Literal["in_person", "mail"]
    delivered: str = Field(min_length=1)
    handed_over_at: DateTime
    recorded_by: str = Field(min_length=1)
    collector: Collector | None = None
    authorization_material_id: str | None = Field(default=None, pattern=UUID_PATTERN)
    mail: Mail | None = None

    @model_validator(mode="after")
    def _complete(self) -> Handover:
        if self.method == "in_person" and self.collector is None:
            raise ValueError("an in_person handover needs its collector")
        if self.method == "mail" and self.mail is None:
            raise ValueError("a mail handover needs mail")
        agent = self.collector is not None and self.collector.role == "agent"
        if agent and not self.authorization_material_id:
            raise ValueError("an agent collects with an authorization_material_id")
        return self


def check_certify(conn: sqlite3.Connection, case_id: str, data: dict[str, Any]) -> str:
    """The handover of a certify event as canonical JSON, or the problem that refuses it."""
    try:
        handover = Handover.model_validate(data.get("handover"))
    except ValidationError as exc:
        raise ProblemError(
            422, "invalid-request", "Invalid certify event", str(exc.errors()[0]["msg"])
        ) from None
    if data.get("stage") != "closed":
        raise ProblemError(422, "invalid-request", "Invalid certify event", "stage: closed.")
    stage = conn.execute("SELECT stage FROM cases WHERE case_id = ?", (case_id,)).fetchone()[0]
    if stage == "closed":
        raise ProblemError(
            409,
            "case-already-closed",
            "The case is already closed",
            f"Case {case_id} was closed before this handover arrived.",
        )
    if stage != "decided":
        raise ProblemError(
            409,
            "case-not-decided",
            "Only a decided case can be handed over",
            f"The case is at {stage}.",
        )
    return json.dumps(handover.model_dump(mode="json", exclude_none=True), ensure_ascii=False)


def record_handover(conn: sqlite3.Connection, case_id: str, handover: str) -> None:
    conn.execute("INSERT INTO handovers (case_id, data) VALUES (?, ?)", (case_id, handover))


def handover_view(conn: sqlite3.Connection, case_id: str) -> Any:
    row = conn.execute("SELECT data FROM handovers WHERE case_id = ?", (case_id,)).fetchone()
    return json.loads(row[0]) if row else None
