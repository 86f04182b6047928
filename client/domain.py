"""Typed domain values shared by every layer.

Nothing here touches Qt, SQLite or the network. Values are immutable; collections are
tuples so a value can be hashed and shared between threads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class ApplicantKind(StrEnum):
    PERSON = "person"
    ENTERPRISE = "enterprise"


class IdType(StrEnum):
    RESIDENT_ID = "resident_id"  # 居民身份证 (GB 11643)
    USCC = "uscc"  # 统一社会信用代码 (GB 32100)
    PASSPORT = "passport"  # 护照
    HMT_RESIDENCE_PERMIT = "hmt_residence_permit"  # 港澳台居民居住证
    FOREIGN_PERMANENT_RESIDENCE = "foreign_permanent_residence"  # 外国人永久居留身份证


class MaterialForm(StrEnum):
    ORIGINAL = "original"  # 原件
    COPY = "copy"  # 复印件
    ORIGINAL_AND_COPY = "original_and_copy"  # 原件及复印件


class Requirement(StrEnum):
    REQUIRED = "required"  # 必要
    CONDITIONAL = "conditional"  # 容缺/情形 (required only when the condition applies)


class ItemKind(StrEnum):
    IMMEDIATE = "immediate"  # 即办件
    PROMISED = "promised"  # 承诺件


class Action(StrEnum):
    ACCEPT = "accept"  # 受理
    SUPPLEMENT = "supplement"  # 补正告知
    REFUSE = "refuse"  # 不予受理


class Stage(StrEnum):
    """Where a case stands: 申请—受理—初审—复审—决定—办结, plus the two window exits."""

    APPLIED = "applied"
    ACCEPTED = "accepted"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    REFUSED = "refused"
    FIRST_REVIEW = "first_review"
    SECOND_REVIEW = "second_review"
    DECIDED = "decided"
    CLOSED = "closed"


@dataclass(frozen=True)
class LegalBasis:
    law: str  # e.g. 《中华人民共和国市场主体登记管理条例》
    article: str  # e.g. 第二十一条


@dataclass(frozen=True)
class MaterialRequirement:
    code: str
    name: str
    form: MaterialForm
    copies: int
    requirement: Requirement
    condition: str | None = None  # why a conditional material applies
    note: str | None = None


@dataclass(frozen=True)
class ServiceItem:
    code: str
    name: str
    department_code: str
    department_name: str
    kind: ItemKind
    legal_limit_days: int  # 法定办结时限, working days
    promised_limit_days: int  # 承诺办结时限, working days (0 for 即办件)
    fee: str  # 收费标准, e.g. 不收费
    legal_basis: tuple[LegalBasis, ...]
    materials: tuple[MaterialRequirement, ...]
    applicant_kinds: tuple[ApplicantKind, ...] = (ApplicantKind.PERSON, ApplicantKind.ENTERPRISE)
    pinyin_initials: str = ""  # filled by the catalog loader, for search
    # What the department's rule says happens when the applicant does not complete the 补正 in
    # time (e.g. "逾期未补正的，视为放弃本次申请"). 行政许可法 provides no such consequence, so
    # it is printed only for an item whose rule states one; "" prints nothing.
    supplement_consequence: str = ""

    def material(self, code: str) -> MaterialRequirement | None:
        return next((m for m in self.materials if m.code == code), None)


@dataclass(frozen=True)
class SealSettings:
    """How the department's 行政审批专用章 is drawn (docs/architecture.md, Documents)."""

    department_name: str  # along the upper arc
    seal_name: str = "行政审批专用章"  # across the lower part
    code: str = ""  # optional code along the bottom edge
    diameter_mm: float = 42.0
    color: str = "#d40000"


@dataclass(frozen=True)
class DepartmentRules:
    """What the department decided for its windows (the central's `rules`; training: none)."""

    refusal_requires_chief: bool = False  # 不予受理 only by the 首席代表
    supplement_lapse: str = ""  # a late 补正's consequence, unless the item has its own; "" = none


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    seal: SealSettings
    address: str = ""
    phone: str = ""
    query_url: str = ""  # ASCII; "{case_number}" is replaced
    rating_url: str = ""  # 好差评 later, through the slip's QR; ASCII; "{case_number}" replaced
    review_body: str = ""  # 行政复议机关
    court: str = ""  # 行政诉讼管辖法院
    rules: DepartmentRules = DepartmentRules()


@dataclass(frozen=True)
class Party:
    """An applicant (person or enterprise) or an agent (always a person)."""

    kind: ApplicantKind
    name: str
    id_type: IdType
    id_number: str
    phone: str = ""
    address: str = ""
    legal_representative: str = ""  # enterprises only


@dataclass(frozen=True)
class MaterialSubmission:
    """What the clerk received for one required material."""

    code: str
    files: tuple[str, ...] = ()  # source paths to import
    original: bool = False  # the original was shown/received
    copies: int = 0  # paper copies received
    applicable: bool = True  # for conditional materials: does the condition apply?


@dataclass(frozen=True)
class SupplementLine:
    """One line of a 补正告知: a missing or defective material and why."""

    code: str
    name: str
    reason: str


@dataclass(frozen=True)
class IntakeRequest:
    item_code: str
    applicant: Party
    materials: tuple[MaterialSubmission, ...]
    action: Action
    agent: Party | None = None
    reason: str = ""  # required for SUPPLEMENT and REFUSE
    # REFUSE: the 项 of 行政许可法 art. 32 ¶1 (1: no permit needed, 2: not this body's power)
    # and, for 项(二), the body the applicant must apply to instead.
    refusal_clause: int = 0
    competent_body: str = ""
    supplement: tuple[SupplementLine, ...] = ()  # SUPPLEMENT: the missing/defective lines
    note: str = ""


@dataclass(frozen=True)
class Problem:
    """A rule violation, with a message in Chinese for the clerk."""

    field: str  # e.g. "applicant.id_number", "materials.SCJG-0101-M01", "reason"
    message: str


@dataclass(frozen=True)
class StoredMaterial:
    code: str
    name: str
    original: bool
    copies: int
    files: tuple[tuple[str, str, int], ...] = field(default=())  # (display name, sha256, size)


@dataclass(frozen=True)
class CaseSummary:
    case_id: str
    case_number: str
    item_code: str
    item_name: str
    applicant_name: str
    stage: Stage
    action: Action
    created_at: dt.datetime
    due_date: dt.date | None
    clerk: str
    window_code: str
