"""Intake rules: who may apply, what must be received, what each decision needs.

The UI (live, per field) and the CLI (whole request) call the same functions, so the window and
automation can never disagree about what is acceptable.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from client.domain import (
    Action,
    ApplicantKind,
    IdType,
    IntakeRequest,
    MaterialForm,
    MaterialRequirement,
    MaterialSubmission,
    Party,
    Problem,
    Requirement,
    ServiceItem,
    SupplementLine,
)
from client.i18n import translate
from client.intake.id_numbers import check_id
from client.intake.phones import check_phone

PERSON_ID_TYPES = (
    IdType.RESIDENT_ID,
    IdType.PASSPORT,
    IdType.HMT_RESIDENCE_PERMIT,
    IdType.FOREIGN_PERMANENT_RESIDENCE,
)
ENTERPRISE_ID_TYPES = (IdType.USCC,)
MAX_NAME_LENGTH = 100
MAX_COPIES = 99
DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024


def _t(text: str) -> str:
    return translate("rules", text)


def id_types_for(kind: ApplicantKind) -> tuple[IdType, ...]:
    return PERSON_ID_TYPES if kind is ApplicantKind.PERSON else ENTERPRISE_ID_TYPES


def check_party(party: Party, role: str, today: dt.date | None = None) -> list[Problem]:
    """Problems with an applicant (role "applicant") or agent (role "agent")."""
    problems: list[Problem] = []
    label = _t("申请人") if role == "applicant" else _t("代理人")
    name = party.name.strip()
    if not name:
        problems.append(Problem(f"{role}.name", label + _t("姓名或名称不能为空")))
    elif len(name) > MAX_NAME_LENGTH:
        problems.append(Problem(f"{role}.name", label + _t("名称过长")))
    elif has_control_characters(name):
        problems.append(Problem(f"{role}.name", label + _t("姓名或名称含有不可见的控制字符")))
    elif message := unprintable_message(name, label + _t("姓名或名称")):
        problems.append(Problem(f"{role}.name", message))
    for key, value, what in (
        ("address", party.address, _t("地址")),
        ("legal_representative", party.legal_representative, _t("法定代表人")),
    ):
        if has_control_characters(value):
            problems.append(Problem(f"{role}.{key}", label + _t("信息含有不可见的控制字符")))
        elif message := unprintable_message(value, label + what):
            problems.append(Problem(f"{role}.{key}", message))
    if role == "agent" and party.kind is not ApplicantKind.PERSON:
        problems.append(Problem(f"{role}.kind", _t("代理人须为自然人")))
    if party.id_type not in id_types_for(party.kind):
        problems.append(Problem(f"{role}.id_type", label + _t("的证件类型与申请人类型不符")))
    else:
        result = check_id(party.id_type, party.id_number, today)
        if not result.ok:
            problems.append(Problem(f"{role}.id_number", label + _t("证件号码：") + result.message))
    phone = check_phone(party.phone)
    if not phone.ok:
        problems.append(Problem(f"{role}.phone", label + _t("联系电话：") + phone.message))
    return problems


def has_control_characters(text: str) -> bool:
    """Control and format characters (NUL, newlines, RTL overrides…) that would corrupt a
    printed document or hide what a name really says."""
    return any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text)


def unprintable_message(text: str, what: str) -> str:
    """Why `text` cannot go on paper as typed ("" when it can): the characters the document
    fonts (the main CJK font and the Ext-B fallback) lack would be dropped or print as a box,
    silently changing a name on a legal document."""
    from client.documents.fonts import unprintable_characters  # reportlab: on first use

    chars = unprintable_characters(text)
    if not chars:
        return ""
    return _t("{chars}无法打印（字库中没有这个字符），请核对{what}").format(
        chars="、".join(f"“{ch}”" for ch in chars), what=what
    )


def normalized_party(party: Party) -> Party:
    """The party with its ID number and phone in canonical form (call after check_party)."""
    return replace(
        party,
        name=party.name.strip(),
        id_number=check_id(party.id_type, party.id_number).normalized,
        phone=check_phone(party.phone).normalized,
        address=party.address.strip(),
        legal_representative=party.legal_representative.strip(),
    )


@dataclass(frozen=True)
class MaterialStatus:
    requirement: MaterialRequirement
    needed: bool  # required, or conditional and the condition applies
    complete: bool
    missing: str  # why it is not complete, for the 补正 notice; "" when complete


def material_status(
    requirement: MaterialRequirement, submission: MaterialSubmission | None
) -> MaterialStatus:
    # A conditional material nobody mentioned is taken as "condition does not apply".
    applicable = submission.applicable if submission else req_is_required(requirement)
    if requirement.requirement is Requirement.CONDITIONAL and not applicable:
        return MaterialStatus(requirement, needed=False, complete=True, missing="")
    original = submission.original if submission else False
    copies = submission.copies if submission else 0
    reasons: list[str] = []
    if requirement.form in (MaterialForm.ORIGINAL, MaterialForm.ORIGINAL_AND_COPY) and not original:
        reasons.append(_t("未提交原件"))
    wants_copies = requirement.form in (MaterialForm.COPY, MaterialForm.ORIGINAL_AND_COPY)
    if wants_copies and copies < requirement.copies:
        reasons.append(
            _t("复印件应提交{need}份，实收{got}份").format(need=requirement.copies, got=copies)
        )
    return MaterialStatus(requirement, True, not reasons, "；".join(reasons))


def req_is_required(requirement: MaterialRequirement) -> bool:
    return requirement.requirement is Requirement.REQUIRED


def materials_status(
    item: ServiceItem, submissions: Iterable[MaterialSubmission]
) -> list[MaterialStatus]:
    by_code = {s.code: s for s in submissions}
    return [material_status(req, by_code.get(req.code)) for req in item.materials]


def missing_lines(
    item: ServiceItem, submissions: Iterable[MaterialSubmission]
) -> tuple[SupplementLine, ...]:
    """Prefill for 补正告知: every needed material that is not complete, with why."""
    return tuple(
        SupplementLine(s.requirement.code, s.requirement.name, s.missing)
        for s in materials_status(item, submissions)
        if s.needed and not s.complete
    )


def check_file(
    path: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES, max_pages: int = 0
) -> str | None:
    """Why a file cannot be attached, or None: checked by content (JPEG, PNG, TIFF or PDF,
    complete, not encrypted, no active content, not a polyglot; see client.capture.safety).
    `max_pages` 0: the safety module's default."""
    # Imported here: the checks pull in Pillow and pikepdf, which start-up does not need.
    from client.capture.safety import Limits, Rejected, inspect_file

    limits = Limits(max_bytes=max_bytes)
    if max_pages:
        limits = Limits(max_bytes=max_bytes, max_pages=max_pages)
    try:
        inspect_file(path, limits)
    except Rejected as exc:
        return exc.message
    return None


def check_intake(
    request: IntakeRequest,
    item: ServiceItem | None,
    today: dt.date | None = None,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    check_files: bool = True,
    max_file_pages: int = 0,
) -> list[Problem]:
    """Every reason this request cannot be committed as it stands; empty means go.

    The window passes check_files=False while the clerk types (each file was checked when
    it was attached, and touching a network share per keystroke would freeze the screen);
    the final check before saving always reads the files again."""
    if item is None:
        return [Problem("item", _t("未找到事项：") + request.item_code)]
    problems: list[Problem] = []
    if request.applicant.kind not in item.applicant_kinds:
        problems.append(Problem("applicant.kind", _t("该事项不受理此类申请人")))
    problems += check_party(request.applicant, "applicant", today)
    if request.agent is not None:
        problems += check_party(request.agent, "agent", today)

    seen: set[str] = set()
    for sub in request.materials:
        field = f"materials.{sub.code}"
        if item.material(sub.code) is None:
            problems.append(Problem(field, _t("该事项没有此材料：") + sub.code))
        elif sub.code in seen:
            problems.append(Problem(field, _t("材料重复填写：") + sub.code))
        seen.add(sub.code)
        if not 0 <= sub.copies <= MAX_COPIES:
            problems.append(Problem(field, _t("复印件份数应在0至{max}之间").format(max=MAX_COPIES)))
        for file in sub.files if check_files else ():
            reason = check_file(Path(file), max_file_bytes, max_file_pages)
            if reason:
                problems.append(Problem(field, reason))

    if request.action is Action.ACCEPT:
        for status in materials_status(item, request.materials):
            if status.needed and not status.complete:
                problems.append(
                    Problem(
                        f"materials.{status.requirement.code}",
                        _t("材料不齐，不能受理：")
                        + status.requirement.name
                        + _t("（")
                        + status.missing
                        + _t("）"),
                    )
                )
    elif request.action is Action.SUPPLEMENT:
        if not request.reason.strip():
            problems.append(Problem("reason", _t("补正告知须填写补正说明")))
        if not request.supplement:
            problems.append(Problem("supplement", _t("补正告知须列明需补正的材料")))
        for line in request.supplement:
            if item.material(line.code) is None:
                problems.append(Problem("supplement", _t("该事项没有此材料：") + line.code))
            if not line.reason.strip():
                problems.append(Problem("supplement", _t("请写明补正理由：") + line.name))
            elif message := unprintable_message(line.reason, _t("补正理由")):
                problems.append(Problem("supplement", message))
    elif request.action is Action.REFUSE:
        problems += refusal_problems(request)
    if has_control_characters(request.reason.replace("\n", "").replace("\r", "")):
        problems.append(Problem("reason", _t("说明中含有不可见的控制字符")))
    elif message := unprintable_message(request.reason, _t("说明")):
        problems.append(Problem("reason", message))
    return problems


def refusal_problems(request: IntakeRequest) -> list[Problem]:
    """行政许可法 art. 32 ¶1: a refusal rests on 项(一) (no permit needed: 即时告知不受理) or
    项(二) (not this body's power: the applicant is told which body to apply to)."""
    problems = []
    if not request.reason.strip():
        problems.append(Problem("reason", _t("不予受理须填写理由")))
    if request.refusal_clause not in (1, 2):
        problems.append(
            Problem(
                "refusal_clause",
                _t(
                    "不予受理须选择依据：第三十二条第一款第（一）项（依法不需要取得行政许可）"
                    "或第（二）项（不属于本机关职权范围）"
                ),
            )
        )
    body = request.competent_body.strip()
    if request.refusal_clause == 2 and not body:
        problems.append(
            Problem(
                "competent_body", _t("依第（二）项不予受理的，须填写申请人应当向其申请的行政机关")
            )
        )
    elif body and (message := unprintable_message(body, _t("有关行政机关"))):
        problems.append(Problem("competent_body", message))
    return problems
