"""The `handover` verb: 出证/送达 of a decided case, in person or by post, and its 送达回证."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from client.closing.handover import ByPost, InPerson
from client.domain import IdType
from client.errors import ClerkError
from client.i18n import translate

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2
VERBS = ("handover",)


def add_verbs(verbs: Any) -> None:
    verb = verbs.add_parser("handover", help="hand a decided case over (出证), closing it")
    verb.add_argument("--case", required=True, help="case number")
    how = verb.add_mutually_exclusive_group(required=True)
    how.add_argument("--collector-id", help="ID number of whoever collects at the window")
    how.add_argument("--mail", action="store_true", help="send it by post")
    verb.add_argument(
        "--id-type",
        default=IdType.RESIDENT_ID.value,
        choices=[t.value for t in IdType],
        help="the collector's ID type (agent or legal representative)",
    )
    verb.add_argument("--agent-name", default="", help="an agent collects: the agent's name")
    verb.add_argument("--authorization", type=Path, help="the agent's 授权委托书 (PDF or image)")
    verb.add_argument(
        "--legal-representative",
        action="store_true",
        help="an enterprise's legal representative collects",
    )
    verb.add_argument("--address", default="", help="postal address (with --mail)")
    verb.add_argument("--carrier", default="", help="carrier, e.g. 中国邮政 EMS (with --mail)")
    verb.add_argument("--waybill", default="", help="waybill number (with --mail)")
    verb.add_argument("--receipt", type=Path, help="write the 送达回证 PDF here")
    verb.add_argument("--json", action="store_true")


def _t(text: str) -> str:
    return translate("handover", text)


def run(args: argparse.Namespace, profile: Path) -> int:
    from offline.cases.handover import HandoverService
    from offline.storage.profile import open_profile

    how: InPerson | ByPost
    if args.mail:
        how = ByPost(args.address, args.carrier, args.waybill)
    else:
        if args.authorization is not None and not args.agent_name:
            return _fail(_t("--authorization 须与 --agent-name 一起使用"), EXIT_USAGE)
        how = InPerson(
            args.collector_id,
            IdType(args.id_type),
            args.agent_name,
            args.authorization,
            args.legal_representative,
        )
    if args.receipt is not None and (args.receipt.is_dir() or not args.receipt.parent.is_dir()):
        return _fail(_t("输出位置无效：{path}").format(path=args.receipt), EXIT_USAGE)
    store = open_profile(profile, check=True)
    try:
        try:
            handover = HandoverService(store).hand_over(args.case, how)
        except ClerkError as exc:
            return _fail(str(exc), EXIT_USAGE)
        data = handover.to_json() | {"case_number": handover.case_number, "stage": "closed"}
        if args.receipt is not None:
            try:
                data["receipt"] = str(_write_receipt(store, handover.case_number, args.receipt))
            except (ClerkError, OSError) as exc:
                message = _t("已出证并办结，但送达回证未能生成：{why}").format(why=exc)
                hint = _t("可用 documents --case {n} --kind delivery-receipt 补打")
                return _fail(message + "\n" + hint.format(n=handover.case_number), EXIT_PROBLEM)
    finally:
        store.close()
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        print(
            _t("办件 {n} 已出证并办结：{how}").format(
                n=handover.case_number, how=handover.delivery_method
            )
        )
    return EXIT_OK


def _write_receipt(store: Any, case_number: str, out: Path) -> Path:
    from client.documents.data import DocumentKind
    from offline.documents.service import current_operator, documents_for

    service = documents_for(store)  # the central's department in connected mode
    produced = service.produce(case_number, DocumentKind.DELIVERY_RECEIPT, current_operator(store))
    out.write_bytes(store.read_document(produced.path))
    return out


def _fail(message: str, code: int) -> int:
    print(message, file=sys.stderr)
    return code
