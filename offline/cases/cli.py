"""The `cases` and `case` verbs: 办件查询 and one case's detail, for people and automation."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from client.domain import Stage
from client.i18n import translate
from client.time_limits.workdays import Light
from offline.cases.labels import delivery_label, light_label, stage_label

if TYPE_CHECKING:
    from offline.cases.search import CaseHit

EXIT_OK, EXIT_USAGE = 0, 2
VERBS = ("cases", "case")


def add_verbs(verbs: Any) -> None:
    cases = verbs.add_parser("cases", help="find cases of this window (any date)")
    cases.add_argument("--search", default="", help="case number or tail, name, ID, phone, item")
    cases.add_argument("--light", choices=[light.value for light in Light])
    cases.add_argument("--stage", choices=[stage.value for stage in Stage])
    cases.add_argument(
        "--awaiting-handover",
        action="store_true",
        help="待出证: decided, not yet handed over (the same as --stage decided)",
    )
    cases.add_argument("--item", default="", help="item code")
    cases.add_argument("--from", dest="created_from", type=_date, help="YYYY-MM-DD")
    cases.add_argument("--to", dest="created_to", type=_date, help="YYYY-MM-DD")
    cases.add_argument("--limit", type=int, default=50)
    cases.add_argument("--json", action="store_true")
    case = verbs.add_parser("case", help="one case in full: timeline, light, delivery")
    case.add_argument("number", help="case number, e.g. W01-20261122-0001")
    case.add_argument("--json", action="store_true")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            translate("cases", "日期应写作 YYYY-MM-DD，例如 2026-11-22")
        ) from None


def run(args: argparse.Namespace, profile: Path) -> int:
    from offline.cases.detail import case_detail, detail_to_json
    from offline.cases.search import CaseQuery, SearchError, search_cases
    from offline.storage.profile import open_profile

    store = open_profile(profile, check=True)
    try:
        if args.verb == "case":
            from offline.cases.handover import handover_of

            data = detail_to_json(case_detail(store, args.number))
            found = handover_of(store, args.number)
            data["handover"] = found.to_json() if found else None
            if args.json:
                from offline.cases.rating import case_rating

                rating = case_rating(store, args.number)
                _print(data | {"rating": rating.to_dict() if rating else None})
            else:
                print(_detail_text(data))
            return EXIT_OK
        if args.awaiting_handover:
            args.stage = Stage.DECIDED.value
        query = CaseQuery(
            text=args.search,
            item_code=args.item,
            stage=Stage(args.stage) if args.stage else None,
            light=Light(args.light) if args.light else None,
            created_from=args.created_from,
            created_to=args.created_to,
            limit=args.limit,
        )
        try:
            result = search_cases(store, query)
        except SearchError as exc:
            print(str(exc), file=sys.stderr)
            return EXIT_USAGE
        if args.json:
            _print({"cases": [_hit_json(h) for h in result.hits], "more": result.more})
        else:
            for hit in result.hits:
                print(_hit_text(hit))
            if result.more:
                print(translate("cases", "（还有更早的办件，请加 --limit 或缩小条件）"))
        return EXIT_OK
    finally:
        store.close()


def _print(data: dict[str, Any]) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=1))


def _hit_json(hit: CaseHit) -> dict[str, Any]:
    return {
        "case_number": hit.case_number,
        "created_at": hit.created_at.isoformat(),
        "item_code": hit.item_code,
        "item_name": hit.item_name,
        "applicant": hit.applicant_name,
        "applicant_id": hit.applicant_id,
        "agent": hit.agent_name,
        "stage": hit.stage.value,
        "due_date": hit.due_date.isoformat() if hit.due_date else None,
        "light": hit.light.value if hit.light else None,
    }


def _hit_text(hit: CaseHit) -> str:
    due = hit.due_date.isoformat() if hit.due_date else "—"
    return "  ".join(
        (
            hit.case_number,
            f"{hit.created_at:%Y-%m-%d %H:%M}",
            hit.applicant_name,
            hit.item_name,
            stage_label(hit.stage),
            due,
            light_label(hit.light),
        )
    )


def _detail_text(data: dict[str, Any]) -> str:
    lines = [
        f"{data['case_number']}  {data['item_name']}  {stage_label(Stage(data['stage']))}",
        translate("cases", "申请人：{name}").format(name=data["parties"]["applicant"]["name"]),
        translate("cases", "办结期限：{due}  {light}").format(
            due=data["due_date"] or "—",
            light=light_label(Light(data["light"]) if data["light"] else None),
        ),
        translate("cases", "上报状态：{state}").format(state=delivery_label(data["delivery"])),
    ]
    if data.get("handover"):
        handover = data["handover"]
        lines.append(
            translate("cases", "出证：{at}  {how}").format(
                at=handover["handed_over_at"][:16].replace("T", " "),
                how=handover["delivery_method"],
            )
        )
    for step in data["timeline"]:
        mark = "●" if step["done"] else "○"
        label = stage_label(Stage(step["stage"]))
        lines.append(f"  {mark} {label}  {step['handler']}  {step['at'][:16]}  {step['opinion']}")
    return "\n".join(lines)
