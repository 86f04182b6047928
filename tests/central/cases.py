"""Cases and their events (with Idempotency-Key)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header
from fastapi import Path as PathParam
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    model_validator,
)
from starlette.responses import JSONResponse

from tests.central.auth import Principal, Who
from tests.central.bodies import Body
from tests.central.immediate import DecisionBody, check_decide, store_decision
from tests.central.problems import ProblemError
from tests.central.store import canonical, digest, now_iso

UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
Stage = Literal[
    "applied",
    "accepted",
    "supplement_requested",
    "refused",
    "first_review",
    "second_review",
    "decided",
    "closed",
]

router = APIRouter(tags=["cases"])
CaseId = Annotated[str, PathParam(pattern=UUID_PATTERN)]


def _aware_datetime(value: str) -> str:
    parsed = dt.datetime.fromisoformat(value)  # ValueError becomes a validation error
    if parsed.tzinfo is None:
        raise ValueError("a date-time needs a UTC offset")
    return value


DateTime = Annotated[str, AfterValidator(_aware_datetime)]
Uuid = Annotated[str, Field(pattern=UUID_PATTERN)]


class Party(Body):
    model_config = ConfigDict(extra="allow")

    kind: Literal["person", "enterprise"]
    name: str = Field(min_length=1)
    id_type: Literal[
        "resident_id", "uscc", "passport", "hmt_residence_permit", "foreign_permanent_residence"
    ]
    id_number: str = Field(min_length=1)
    phone: str = ""
    address: str = ""
    legal_representative: str = ""


class CaseInput(Body):
    model_config = ConfigDict(extra="allow")

    case_id: Uuid
    case_number: str = Field(min_length=1)
    item_code: str = Field(min_length=1)
    window_code: str = Field(min_length=1)
    clerk: str = Field(min_length=1)
    created_at: DateTime
    applicant: Party
    agent: Party | None = None


class RefusalFields(BaseModel):
    """The contract's RefusalFields: 不予受理 says why, under which 项 of 行政许可法 art. 32 ¶1
    (1: no permit needed, 2: not this body's power), and for 2 the body to apply to."""

    model_config = ConfigDict(extra="allow")

    reason: StrictStr = Field(pattern=r"\S")
    refusal_clause: StrictInt = Field(ge=1, le=2)
    competent_body: StrictStr = ""

    @model_validator(mode="after")
    def _clause_two_names_the_body(self) -> RefusalFields:
        if self.refusal_clause == 2 and not self.competent_body.strip():
            raise ValueError("refusal_clause 2 needs the competent_body to apply to")
        return self


class EventInput(Body):
    model_config = ConfigDict(extra="allow")

    event_id: Uuid
    kind: Literal[
        "apply",
        "accept",
        "supplement",
        "refuse",
        "decide",
        "certify",
        "supplement.received",
        "pause.start",
        "pause.end",
        "extension",
        "supervision.reply",
        "urge",
        "rating",
        "rating.handled",
    ]
    stage: Stage | None = None
    occurred_at: DateTime
    actor: str = Field(min_length=1)
    decision: DecisionBody | None = None  # kind decide (tests/central/immediate.py)

    @model_validator(mode="after")
    def _kind_fields(self) -> EventInput:
        from tests.central import ratings  # it imports this module

        if self.kind == "refuse":
            RefusalFields.model_validate(self.model_extra or {})
        if self.kind == "rating":
            ratings.check_rating(self.model_extra or {})
        if self.kind == "rating.handled":
            ratings.check_rating_handled(self.model_extra or {})
        return self


def dump(model: BaseModel) -> dict[str, Any]:
    """What the client sent (no defaults filled in), as JSON values."""
    return model.model_dump(mode="json", exclude_unset=True)


def _json(value: str | None) -> Any:
    return json.loads(value) if value else None


def case_view(conn: sqlite3.Connection, case_id: str) -> dict[str, Any]:
    from tests.central.handovers import handover_view  # it imports this module

    row = conn.execute("SELECT * FROM cases WHERE case_id = ?", (case_id,)).fetchone()
    events = conn.execute("SELECT response FROM events WHERE case_id = ? ORDER BY seq", (case_id,))
    materials = conn.execute(
        "SELECT response FROM materials WHERE case_id = ? ORDER BY rowid", (case_id,)
    )
    ratings = conn.execute("SELECT data FROM ratings WHERE case_id = ? ORDER BY seq", (case_id,))
    return {
        "case_id": row["case_id"],
        "window_code": row["window_code"],
        "stage": row["stage"],
        "received_at": row["received_at"],
        "updated_at": row["updated_at"],
        "case": json.loads(row["body"]),
        "events": [json.loads(r[0]) for r in events],
        "materials": [json.loads(r[0]) for r in materials],
        "decision": _json(row["decision"]),
        "supervision": _json(row["supervision"]),
        "ratings": [json.loads(r[0]) for r in ratings],
        "handover": handover_view(conn, case_id),
    }


def case_row(conn: sqlite3.Connection, who: Principal, case_id: str) -> sqlite3.Row:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM cases WHERE case_id = ? AND window_code = ?", (case_id, who.window_code)
    ).fetchone()
    if row is None:
        raise ProblemError(404, "case-not-found", "No such case", f"Case {case_id}.")
    return row


@router.put("/cases/{case_id}")
def put_case(case_id: CaseId, body: CaseInput, who: Who) -> JSONResponse:
    data = dump(body)
    if data["case_id"] != case_id:
        raise ProblemError(422, "invalid-request", "Invalid request", "case_id differs from path.")
    if data["window_code"] != who.window_code:
        raise ProblemError(403, "window-mismatch", "Not this window's case", "window_code.")
    text = canonical(data)

    def existing(conn: sqlite3.Connection) -> JSONResponse | None:
        row = conn.execute("SELECT body FROM cases WHERE case_id = ?", (case_id,)).fetchone()
        if row is None:
            return None
        if row["body"] != text:
            raise ProblemError(
                409, "case-conflict", "Case exists with other content", f"Case {case_id}."
            )
        return JSONResponse(case_view(conn, case_id), status_code=200)

    store = who.context.store
    with store.read() as conn:
        answer = existing(conn)
    if answer is not None:
        return answer
    who.context.faults.pause()
    with store.write() as conn:
        answer = existing(conn)  # a concurrent PUT of the same case may have won
        if answer is not None:
            return answer
        stamp = now_iso()
        conn.execute(
            "INSERT INTO cases (case_id, window_code, case_number, item_code, body, stage,"
            " received_at, updated_at) VALUES (?, ?, ?, ?, ?, 'applied', ?, ?)",
            (case_id, who.window_code, data["case_number"], data["item_code"], text, stamp, stamp),
        )
        return JSONResponse(case_view(conn, case_id), status_code=201)


@router.get("/cases/{case_id}")
def get_case(case_id: CaseId, who: Who) -> dict[str, Any]:
    with who.context.store.read() as conn:
        case_row(conn, who, case_id)
        return case_view(conn, case_id)


@router.post("/cases/{case_id}/events")
def post_event(
    case_id: CaseId,
    body: EventInput,
    who: Who,
    idempotency_key: Annotated[str, Header(pattern=UUID_PATTERN)],
) -> JSONResponse:
    data = dump(body)
    if data["event_id"] != idempotency_key:
        raise ProblemError(
            422, "idempotency-key-mismatch", "Idempotency-Key is not the event id", ""
        )
    request_hash = digest("POST", case_id, who.window_code, canonical(data))
    store = who.context.store
    with store.write() as conn:  # claim the key, or answer from it
        key = conn.execute(
            "SELECT * FROM idempotency_keys WHERE key = ?", (idempotency_key,)
        ).fetchone()
        if key is not None:
            return _from_key(key, request_hash)
        case = case_row(conn, who, case_id)
        if data["kind"] == "decide":
            check_decide(conn, case, data)
        conn.execute(
            "INSERT INTO idempotency_keys (key, window_code, request_hash, state, created_at)"
            " VALUES (?, ?, ?, 'in_flight', ?)",
            (idempotency_key, who.window_code, request_hash, now_iso()),
        )
    try:
        who.context.faults.pause()
        with store.write() as conn:
            handover = None
            if data["kind"] == "certify":
                from tests.central import handovers  # it imports this module

                handover = handovers.check_certify(conn, case_id, data)
            response = {
                "event_id": data["event_id"],
                "case_id": case_id,
                "kind": data["kind"],
                "stage": data.get("stage"),
                "occurred_at": data["occurred_at"],
                "actor": data["actor"],
                "received_at": now_iso(),
                "body": data,
            }
            text = json.dumps(response, ensure_ascii=False)
            conn.execute(
                "INSERT INTO events (event_id, case_id, response) VALUES (?, ?, ?)",
                (data["event_id"], case_id, text),
            )
            if data["kind"] == "supervision.reply":
                from tests.central.orders import record_reply  # it imports this module

                record_reply(conn, case_id, data)
            if data["kind"] in ("rating", "rating.handled"):
                from tests.central import ratings  # it imports this module

                if data["kind"] == "rating":
                    ratings.record_rating(conn, case_id, response)
                else:
                    ratings.record_rating_handled(conn, case_id, response)
            if data["kind"] == "decide":
                store_decision(conn, case_id, data)
            if handover is not None:
                handovers.record_handover(conn, case_id, handover)
            if data.get("stage"):
                conn.execute(
                    "UPDATE cases SET stage = ?, updated_at = ? WHERE case_id = ?",
                    (data["stage"], response["received_at"], case_id),
                )
            conn.execute(
                "UPDATE idempotency_keys SET state = 'done', status = 201, response = ?"
                " WHERE key = ?",
                (text, idempotency_key),
            )
    except BaseException:
        with store.write() as conn:  # the request failed: the key may be used again
            conn.execute("DELETE FROM idempotency_keys WHERE key = ?", (idempotency_key,))
        raise
    return JSONResponse(response, status_code=201)


def _from_key(key: sqlite3.Row, request_hash: str) -> JSONResponse:
    if key["request_hash"] != request_hash:
        raise ProblemError(
            422,
            "idempotency-key-reused",
            "Idempotency-Key reused with another request",
            "The key was first used with a different body.",
        )
    if key["state"] == "in_flight":
        raise ProblemError(
            409,
            "idempotency-key-in-flight",
            "A request with this Idempotency-Key is still in progress",
            "Retry later.",
            {"Retry-After": "1"},
        )
    return JSONResponse(
        json.loads(key["response"]),
        status_code=key["status"],
        headers={"Idempotent-Replayed": "true"},
    )
