"""What an official document of a case says: the values the renderers lay out.

The offline layer assembles a `CaseDocument` from the store; renderers never query anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from client.domain import Department, LegalBasis, Party, ServiceItem, SupplementLine


class DocumentKind(StrEnum):
    ACCEPTANCE_NOTICE = "acceptance-notice"  # 受理通知书 (A4)
    ACCEPTANCE_SLIP = "acceptance-slip"  # 受理回执 (80 mm)
    SUPPLEMENT_NOTICE = "supplement-notice"  # 补正材料通知书 (一次性告知书)
    REFUSAL_NOTICE = "refusal-notice"  # 不予受理通知书
    APPROVAL_DECISION = "approval-decision"  # 准予行政许可决定书
    DENIAL_DECISION = "denial-decision"  # 不予行政许可决定书
    DELIVERY_RECEIPT = "delivery-receipt"  # 送达回证
    PAUSE_NOTICE = "pause-notice"  # 听证、检验、检测、鉴定、专家评审告知书 (art. 45)
    EXTENSION_NOTICE = "extension-notice"  # 延期通知书 (art. 42)

    @property
    def is_decision(self) -> bool:
        return self in (DocumentKind.APPROVAL_DECISION, DocumentKind.DENIAL_DECISION)


@dataclass(frozen=True)
class DocumentMaterial:
    name: str
    form_label: str  # 原件 / 复印件 / 原件及复印件
    count: int  # paper copies (1 for an original)
    files: int  # scanned files kept


@dataclass(frozen=True)
class Decision:
    """The permit decision (决定) as the back office made it."""

    approved: bool
    document_number: str  # 文号, e.g. 培审批许〔2026〕15号
    content: str  # what is permitted (准予) or the decision text
    legal_basis: tuple[LegalBasis, ...]
    reasons: str  # why (required for 不予)
    decided_on: dt.date
    handler: str
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None


@dataclass(frozen=True)
class ClockNote:
    """What a pause notice or 延期通知书 tells the applicant (client/documents/clock_notices)."""

    pause_kind: str = ""  # 听证 / 检验 / 检测 / 鉴定 / 专家评审
    start: dt.date | None = None
    end: dt.date | None = None  # None: not known yet
    reasons: str = ""
    days: int = 0  # extension: working days added
    approver: str = ""


@dataclass(frozen=True)
class CaseDocument:
    kind: DocumentKind
    case_number: str
    case_id: str
    item: ServiceItem
    department: Department  # the issuing department (its seal, address, remedies bodies)
    applicant: Party
    agent: Party | None
    materials: tuple[DocumentMaterial, ...]  # what the window received
    supplement: tuple[SupplementLine, ...]  # 补正: each missing/defective material and why
    reason: str  # the clerk's note: refusal reasons, or the 补正 explanation
    accepted_at: dt.datetime  # when the case was registered at the window
    issued_on: dt.date  # the document's date: its act's (受理, 补正, decision…), not the print's
    clerk: str
    window_code: str
    due_date: dt.date | None
    calendar_complete: bool
    decision: Decision | None
    training: bool  # stamp 培训样本 on every page
    sealed: bool  # draw the department's seal (only for a user with the seal permission)
    reprint: bool = False  # mark 补打
    supplement_days: int = 5  # working days the applicant has to hand in what is missing
    # 送达回证 only: the document handed over (e.g. "准予行政许可决定书（培审批许〔2026〕15号）";
    # "" means the case's decision), where and how. "" uses the department's address and
    # 直接送达.
    delivered: str = ""
    delivery_place: str = ""
    delivery_method: str = ""
    clock_note: ClockNote | None = None  # pause notice and 延期通知书 only
    # 不予受理通知书 only: the 项 of 行政许可法 art. 32 ¶1 (1 or 2; 0 for a refusal recorded
    # before the 项 was asked) and, for 项(二), the body to apply to.
    refusal_clause: int = 0
    competent_body: str = ""
    # A case accepted once its 补正 was complete: when and by whom (the 受理回执 says so).
    accepted_later_at: dt.datetime | None = None
    accepted_later_by: str = ""
