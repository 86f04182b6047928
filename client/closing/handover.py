"""出证 / 送达: who may collect a case's decision, and what a postal handover needs.

Plain rules on plain values (no store): the collector in person is the applicant (a person,
matched by ID number), an enterprise's legal representative, or an agent holding a 授权委托书;
by post the address, the carrier and the waybill number are required. Each refusal is a
HandoverRefused with the clerk's message and what to do about it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from client.domain import ApplicantKind, IdType, Party
from client.errors import ClerkError
from client.i18n import translate
from client.intake.id_numbers import check_id, normalize_id


def _t(text: str) -> str:
    return translate("handover", text)


class HandoverRefused(ClerkError, ValueError):
    """The handover does not fit the case or the input is incomplete; nothing was written."""


class HandoverMethod(StrEnum):
    IN_PERSON = "in_person"  # 直接送达 at the window
    MAIL = "mail"  # 邮寄送达


class CollectorRole(StrEnum):
    APPLICANT = "applicant"
    LEGAL_REPRESENTATIVE = "legal_representative"
    AGENT = "agent"

    @property
    def label(self) -> str:
        return {
            CollectorRole.APPLICANT: _t("申请人本人"),
            CollectorRole.LEGAL_REPRESENTATIVE: _t("法定代表人"),
            CollectorRole.AGENT: _t("委托代理人"),
        }[self]


@dataclass(frozen=True)
class InPerson:
    """What the clerk typed for a collection at the window. An agent gives a name and the
    scanned or imported 授权委托书 (a PDF or an image)."""

    collector_id: str
    collector_id_type: IdType = IdType.RESIDENT_ID
    agent_name: str = ""
    authorization: Path | None = None
    legal_representative: bool = False  # for an enterprise: its legal representative collects


@dataclass(frozen=True)
class ByPost:
    address: str
    carrier: str
    waybill: str


@dataclass(frozen=True)
class Collector:
    role: CollectorRole
    name: str
    id_type: IdType
    id_number: str  # normalized


WAYBILL = re.compile(r"^[A-Z0-9][A-Z0-9-]{4,38}[A-Z0-9]$")
MIN_ADDRESS = 6


def collector_of(applicant: Party, given: InPerson) -> Collector:
    """Who collects, or HandoverRefused saying why this person may not."""
    number = normalize_id(given.collector_id)
    if not number:
        raise HandoverRefused(_t("请填写领取人的证件号码"), _t("核验领取人的身份证件后录入号码"))
    agent_name = given.agent_name.strip()
    if applicant.kind is ApplicantKind.PERSON and number == normalize_id(applicant.id_number):
        return Collector(CollectorRole.APPLICANT, applicant.name, applicant.id_type, number)
    if not agent_name and not given.legal_representative:
        if applicant.kind is ApplicantKind.PERSON:
            raise HandoverRefused(
                _t("领取人证件号码与申请人{name}的证件号码不符，不能出证").format(
                    name=applicant.name
                ),
                _t("请核对证件；由他人代领的，须填写代理人姓名并扫描或导入授权委托书"),
            )
        raise HandoverRefused(
            _t("申请单位的决定须由其法定代表人或持授权委托书的代理人领取"),
            _t("请选择法定代表人领取，或填写代理人姓名并扫描或导入授权委托书"),
        )
    check = check_id(given.collector_id_type, number)
    if not check.ok:
        raise HandoverRefused(
            _t("领取人证件号码有误：{why}").format(why=check.message),
            _t("请核对领取人的身份证件"),
        )
    if given.legal_representative and not agent_name:
        if applicant.kind is not ApplicantKind.ENTERPRISE:
            raise HandoverRefused(_t("申请人是个人，没有法定代表人"))
        if not applicant.legal_representative.strip():
            raise HandoverRefused(
                _t("办件未登记申请单位的法定代表人，不能由法定代表人领取"),
                _t("请由持授权委托书的代理人领取"),
            )
        return Collector(
            CollectorRole.LEGAL_REPRESENTATIVE,
            applicant.legal_representative.strip(),
            given.collector_id_type,
            check.normalized,
        )
    if not agent_name:
        raise HandoverRefused(_t("请填写代理人姓名"))
    if given.authorization is None:
        raise HandoverRefused(
            _t("代理人领取须提交申请人的授权委托书"),
            _t("请扫描或导入授权委托书后再出证"),
        )
    return Collector(CollectorRole.AGENT, agent_name, given.collector_id_type, check.normalized)


def checked_post(given: ByPost) -> ByPost:
    """The postal handover with its values cleaned, or HandoverRefused."""
    address = " ".join(given.address.split())
    carrier = " ".join(given.carrier.split())
    waybill = normalize_id(given.waybill)
    if len(address) < MIN_ADDRESS:
        raise HandoverRefused(
            _t("请填写完整的邮寄地址"), _t("写明省、市、区县、街道和门牌号，以及收件人")
        )
    if not carrier:
        raise HandoverRefused(_t("请填写承运的快递或邮政企业，例如中国邮政 EMS"))
    if not WAYBILL.match(waybill):
        raise HandoverRefused(
            _t("运单号“{n}”有误").format(n=given.waybill.strip()),
            _t("运单号由 6–40 位字母、数字组成，请照快递面单填写"),
        )
    return ByPost(address, carrier, waybill)


def delivery_method_text(
    method: HandoverMethod, collector: Collector | None, post: ByPost | None
) -> str:
    """送达方式 as the 送达回证 prints it: who received it, how, and by post with what."""
    if method is HandoverMethod.MAIL and post is not None:
        return _t("邮寄送达（{carrier}，运单号 {waybill}）").format(
            carrier=post.carrier, waybill=post.waybill
        )
    if collector is None or collector.role is CollectorRole.APPLICANT:
        name = collector.name if collector else ""
        return _t("直接送达，申请人{name}本人领取").format(name=name)
    if collector.role is CollectorRole.LEGAL_REPRESENTATIVE:
        return _t("直接送达，法定代表人{name}领取").format(name=collector.name)
    return _t("直接送达，委托代理人{name}凭授权委托书领取").format(name=collector.name)
