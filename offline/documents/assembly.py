"""Assembling a case's official document from its stored rows (offline/documents/case_rows.py):
parties, received materials, the date of its act, clock notes and handover facts.
Producing, sealing, signing and recording it is offline/documents/service.py.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

from client.catalog.loading import item_from_dict
from client.documents.data import CaseDocument, DocumentKind, DocumentMaterial
from client.domain import ApplicantKind, Department, IdType, MaterialForm, Party, SupplementLine
from client.i18n import translate
from offline.documents.case_rows import CaseRows
from offline.documents.decision_records import decision_from_row
from offline.documents.law import act_date
from offline.storage.store import Store


def _t(text: str) -> str:
    return translate("documents", text)


def assemble_document(
    store: Store,
    case_number: str,
    rows: CaseRows,
    kind: DocumentKind,
    department: Callable[[], Department],
    sealed: bool = False,
    reprint: bool = False,
) -> CaseDocument:
    """The document of `kind` for case `case_number`, read as `rows`: its parties, materials,
    dates and notes; `department` is read when the document names it."""
    labels = form_labels()
    from offline.cases.clock import clock_note

    note = clock_note(store, rows.case["case_id"], kind)
    due = rows.case["legal_due_date"] if kind is DocumentKind.EXTENSION_NOTICE else None
    decision = decision_from_row(rows.decision) if rows.decision else None
    accepted_at = dt.datetime.fromisoformat(rows.case["created_at"])
    later_at, later_by = _accepted_later(store, rows.case["case_id"], kind)
    delivered = place = method = ""
    if kind is DocumentKind.DELIVERY_RECEIPT:
        from offline.cases.handover import delivery_facts  # who received it, how, where

        delivered, place, method = delivery_facts(store, case_number)
    return CaseDocument(
        kind=kind,
        case_number=case_number,
        case_id=rows.case["case_id"],
        item=item_from_dict(json.loads(rows.case["item_snapshot"])),
        department=department(),
        applicant=_party(rows.parties["applicant"]),
        agent=_party(rows.parties["agent"]) if "agent" in rows.parties else None,
        materials=tuple(
            DocumentMaterial(
                name=m["name"],
                form_label=labels[MaterialForm(m["form"])],
                count=max(int(m["copies_received"]), 1 if m["original_received"] else 0),
                files=int(m["files"]),
            )
            for m in rows.materials
        ),
        supplement=tuple(
            SupplementLine(s["code"], s["name"], s["reason"]) for s in rows.supplement
        ),
        reason=rows.case["reason"],
        accepted_at=accepted_at,
        issued_on=act_date(
            kind, accepted_at.date(), _date(rows.case["accepted_on"]), decision, note
        ),
        clerk=rows.case["clerk"],
        window_code=rows.case["window_code"],
        due_date=_date(due or rows.case["due_date"]),
        calendar_complete=bool(rows.case["calendar_complete"]),
        decision=decision,
        training=bool(rows.case["training"]),
        sealed=sealed,
        reprint=reprint,
        clock_note=note,
        refusal_clause=int(rows.case["refusal_clause"]),
        competent_body=rows.case["competent_body"],
        delivered=delivered,
        delivery_place=place,
        delivery_method=method,
        accepted_later_at=later_at,
        accepted_later_by=later_by,
    )


def _accepted_later(
    store: Store, case_id: str, kind: DocumentKind
) -> tuple[dt.datetime | None, str]:
    """For the 受理回执 of a case accepted when its 补正 was complete: that moment and clerk."""
    if kind is not DocumentKind.ACCEPTANCE_SLIP:
        return None, ""
    with store.read() as conn:
        row = conn.execute(
            "SELECT occurred_at, actor FROM case_events WHERE case_id = ?"
            " AND kind = 'supplement.received' ORDER BY rowid DESC LIMIT 1",
            (case_id,),
        ).fetchone()
    return (dt.datetime.fromisoformat(row[0]), str(row[1])) if row else (None, "")


def form_labels() -> dict[MaterialForm, str]:
    return {
        MaterialForm.ORIGINAL: _t("原件"),
        MaterialForm.COPY: _t("复印件"),
        MaterialForm.ORIGINAL_AND_COPY: _t("原件及复印件"),
    }


def _party(row: dict[str, str]) -> Party:
    return Party(
        kind=ApplicantKind(row["kind"]),
        name=row["name"],
        id_type=IdType(row["id_type"]),
        id_number=row["id_number"],
        phone=row["phone"],
        address=row["address"],
        legal_representative=row["legal_representative"],
    )


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
