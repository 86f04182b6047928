"""Reading everything a case's documents need, in one read."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from offline.storage.store import Store


@dataclass(frozen=True)
class CaseRows:
    case: dict[str, Any]
    parties: dict[str, dict[str, Any]]  # by role: applicant, agent
    materials: list[dict[str, Any]]  # received ones only, with a "files" count
    supplement: list[dict[str, Any]]
    decision: dict[str, Any] | None


def _dicts(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def read_case(store: Store, case_number: str) -> CaseRows | None:
    with store.read() as conn:
        cases = _dicts(conn.execute("SELECT * FROM cases WHERE case_number = ?", (case_number,)))
        if not cases:
            return None
        case = cases[0]
        key = (case["case_id"],)
        parties = {
            p["role"]: p
            for p in _dicts(conn.execute("SELECT * FROM parties WHERE case_id = ?", key))
        }
        materials = _dicts(
            conn.execute(
                "SELECT m.*, count(f.file_id) AS files FROM materials m LEFT JOIN material_files f"
                " ON f.case_id = m.case_id AND f.material_code = m.code WHERE m.case_id = ?"
                " AND m.code != 'handover.authorization'"
                " GROUP BY m.code HAVING m.original_received OR m.copies_received > 0"
                " OR count(f.file_id) > 0 ORDER BY m.rowid",
                key,
            )
        )
        supplement = _dicts(
            conn.execute("SELECT * FROM supplement_lines WHERE case_id = ? ORDER BY position", key)
        )
        decisions = _dicts(conn.execute("SELECT * FROM decisions WHERE case_id = ?", key))
    return CaseRows(case, parties, materials, supplement, decisions[0] if decisions else None)
