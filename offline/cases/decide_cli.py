"""The `decide` verb: an 即办件 decided at the window by the 首席代表, and its sealed decision.

Exit codes: 0 decided (and printed when --out was given); 1 refused for want of a power, or
the decision was recorded but could not be printed; 2 the case or the input does not allow it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from client.i18n import translate

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2
VERBS = ("decide",)


def _t(text: str) -> str:
    return translate("cases", text)


def add_verbs(verbs: Any) -> None:
    decide = verbs.add_parser("decide", help="decide an accepted 即办件 now (chief only)")
    decide.add_argument("--case", required=True, help="case number, e.g. W01-20261122-0001")
    outcome = decide.add_mutually_exclusive_group(required=True)
    outcome.add_argument("--approve", action="store_true", help="准予行政许可")
    outcome.add_argument("--deny", action="store_true", help="不予行政许可 (needs --reason)")
    decide.add_argument("--reason", default="", help="reasons (required with --deny)")
    decide.add_argument("--content", default="", help="what is permitted or decided")
    decide.add_argument("--out", type=Path, help="also write the sealed decision (PDF) here")


def _fail(message: str, code: int) -> int:
    print(message, file=sys.stderr)
    return code


def run(args: argparse.Namespace, profile: Path) -> int:
    from client.accounts import PowerRefused
    from offline.cases.immediate import ImmediateRefused, decide_immediate
    from offline.documents.department import DepartmentMissing, window_department
    from offline.documents.service import DocumentError, current_operator, documents_for
    from offline.storage.profile import open_profile

    if args.out is not None and (args.out.is_dir() or not args.out.parent.is_dir()):
        return _fail(_t("输出位置无效：{path}").format(path=args.out), EXIT_USAGE)
    store = open_profile(profile, check=True)
    try:
        try:
            department = window_department(store)  # the central's, or the training one
        except DepartmentMissing as exc:
            return _fail(str(exc), EXIT_PROBLEM)
        try:
            done = decide_immediate(
                store, department, args.case, args.approve, args.reason, args.content
            )
        except PowerRefused as exc:
            return _fail(str(exc), EXIT_PROBLEM)
        except ImmediateRefused as exc:
            return _fail(str(exc), EXIT_USAGE)
        result: dict[str, Any] = {
            "case_number": done.case_number,
            "approved": done.approved,
            "document_number": done.document_number,
            "stage": "decided",
            "document": None,
        }
        if args.out is not None:
            service = documents_for(store)  # the window's department and signing key
            try:
                produced = service.produce(
                    done.case_number, done.document_kind, current_operator(store)
                )
                args.out.write_bytes(store.read_document(produced.path))
            except (DocumentError, OSError) as exc:
                print(json.dumps(result, ensure_ascii=False))
                message = _t("决定已记录（{number}），但决定书未能生成：{error}").format(
                    number=done.document_number, error=exc
                )
                hint = _t("可稍后用 documents --case {n} --kind {kind} 补出").format(
                    n=done.case_number, kind=done.document_kind.value
                )
                return _fail(f"{message}\n{hint}", EXIT_PROBLEM)
            result["document"] = str(args.out)
        print(json.dumps(result, ensure_ascii=False))
        return EXIT_OK
    finally:
        store.close()
