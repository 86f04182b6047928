"""What the law decides about a document, not the clerk: whether it carries the seal and which
date it bears (docs/documents-law.md)."""

from __future__ import annotations

import datetime as dt

from client.documents.data import ClockNote, Decision, DocumentKind

# 行政许可法 art. 32 ¶2: the written notices of 受理, 补正 and 不予受理 "应当加盖本行政机关专用
# 印章和注明日期". The pause (art. 45) and extension (art. 42) notices and the 送达回证 need no
# seal: they use GB/T 9704's unsealed signature (7.3.5.2).
ARTICLE_32_KINDS = frozenset(
    {
        DocumentKind.ACCEPTANCE_NOTICE,
        DocumentKind.ACCEPTANCE_SLIP,
        DocumentKind.SUPPLEMENT_NOTICE,
        DocumentKind.REFUSAL_NOTICE,
    }
)


def is_sealed(kind: DocumentKind) -> bool:
    """Whether this document carries the department's seal (the law decides, not the clerk)."""
    return kind.is_decision or kind in ARTICLE_32_KINDS


def act_date(
    kind: DocumentKind,
    registered: dt.date,
    accepted: dt.date | None,
    decision: Decision | None,
    note: ClockNote | None,
) -> dt.date:
    """The date the document carries: its act's, never the day it is printed (补打 included).

    补正 and 不予受理 are decided at the window when the case is registered, and so is 受理 —
    unless the case was accepted later, when the 补正 was completed (`accepted_on`); a decision
    is dated its decided_on and so is the 送达回证 that accompanies it; a pause or extension
    notice is dated its event.
    """
    if kind in (DocumentKind.ACCEPTANCE_NOTICE, DocumentKind.ACCEPTANCE_SLIP):
        return accepted or registered
    # Without the decision or the event the renderer refuses the document with its reason.
    if kind.is_decision or kind is DocumentKind.DELIVERY_RECEIPT:
        return decision.decided_on if decision else registered
    if kind in (DocumentKind.PAUSE_NOTICE, DocumentKind.EXTENSION_NOTICE):
        return note.start if note and note.start else registered
    return registered
