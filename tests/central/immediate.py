"""The `decide` event: a 即办 decision made at the window, stored on the case as its decision.

Checked before the event's idempotency key is claimed, so a refused event leaves nothing
behind and the same key may be sent again once the case allows it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from typing import Any

from pydantic import Field

from tests.central.bodies import Body
from tests.central.problems import ProblemError

# Something other than what JSON Schema's (ECMAScript's) \s calls white space: the contract
# says `pattern: '\S'` for the reasons of a 不予, and Python's str.strip() strips more.
NOT_BLANK = re.compile(
    r"[^\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]"
)


class LegalBasisBody(Body):
    law: str
    article: str


class DecisionBody(Body):
    """The contract's Decision."""

    approved: bool
    document_number: str = Field(min_length=1)
    content: str
    legal_basis: list[LegalBasisBody] = Field(default_factory=list)
    reasons: str
    decided_on: dt.date
    handler: str
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None


def check_decide(conn: sqlite3.Connection, case: sqlite3.Row, data: dict[str, Any]) -> None:
    """Only an accepted case of an 即办 item (when the central knows the item) may be decided,
    with a decision whose 文号 no other case holds; a 不予 needs its reasons."""
    decision = data.get("decision")
    if not isinstance(decision, dict):
        raise ProblemError(422, "invalid-request", "A decide event needs its decision", "")
    if data.get("stage", "decided") != "decided":
        raise ProblemError(422, "invalid-request", "A decide event moves the case to decided", "")
    if not decision["approved"] and not NOT_BLANK.search(str(decision["reasons"])):
        raise ProblemError(422, "invalid-request", "A refusal needs its reasons", "")
    if case["stage"] != "accepted":
        raise ProblemError(
            409,
            "invalid-transition",
            "Only an accepted case can be decided at the window",
            f"The case is at {case['stage']}.",
        )
    item = conn.execute(
        "SELECT data FROM catalog_items WHERE code = ?", (case["item_code"],)
    ).fetchone()
    kind = json.loads(item["data"]).get("kind") if item and item["data"] else None
    if kind is not None and kind != "immediate":
        raise ProblemError(
            409,
            "not-immediate",
            "Not an immediate item",
            f"Item {case['item_code']} is decided by the back office, not at the window.",
        )
    taken = conn.execute(
        "SELECT 1 FROM cases WHERE json_extract(decision, '$.document_number') = ?",
        (decision["document_number"],),
    ).fetchone()
    if taken:
        raise ProblemError(
            409, "document-number-taken", "文号 already used", decision["document_number"]
        )


def store_decision(conn: sqlite3.Connection, case_id: str, data: dict[str, Any]) -> None:
    conn.execute(
        "UPDATE cases SET decision = ? WHERE case_id = ?",
        (json.dumps(data["decision"], ensure_ascii=False), case_id),
    )
