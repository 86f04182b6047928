"""The `print` CLI verb, for administrators: a case's document or a printer test page, printed
through the same path as the window (ui/documents/printing.py → ui/document_preview.print_pdf).

    print --case N --kind KIND [--printer NAME] [--copies N]
    print --test-page a4|receipt [--printer NAME]

Printing needs a QGuiApplication; the verb makes an offscreen one, so it runs over SSH and
from a scheduled task as well as on the desktop.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2


def add_print_parser(verbs: Any) -> None:
    """Declare the verb on main.py's sub-parsers."""
    verb = verbs.add_parser("print", help="print a case's document, or a printer test page")
    what = verb.add_mutually_exclusive_group(required=True)
    what.add_argument("--case", help="case number, e.g. PX01-20261122-0001")
    what.add_argument("--test-page", choices=("a4", "receipt"), help="a test page for a printer")
    verb.add_argument("--kind", help="acceptance-slip, acceptance-notice, … (with --case)")
    verb.add_argument("--printer", default="", help="printer name (default: the profile's)")
    verb.add_argument("--copies", type=int, default=1)


def _application() -> object:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    existing = QGuiApplication.instance()
    return existing if existing is not None else QGuiApplication(sys.argv[:1])


def cmd_print(args: argparse.Namespace, profile: Path) -> int:
    from client.documents.data import DocumentKind
    from client.errors import ClerkError

    kind: DocumentKind | None = None
    if args.case:
        try:
            kind = DocumentKind(args.kind or "")
        except ValueError:
            kinds = "、".join(k.value for k in DocumentKind)
            return _fail(f"请用 --kind 指定文书种类（可选：{kinds}）", EXIT_USAGE)
    elif args.kind or args.copies != 1:
        return _fail("测试页只打印一份，不用 --kind 和 --copies", EXIT_USAGE)
    app = _application()  # noqa: F841 (must outlive the printing below)
    try:
        report = _print_document(args, profile, kind) if kind else _print_test_page(args, profile)
    except ClerkError as exc:
        return _fail(str(exc), EXIT_PROBLEM)
    print(json.dumps(report, ensure_ascii=False))
    return EXIT_OK


def _print_document(args: argparse.Namespace, profile: Path, kind: Any) -> dict[str, Any]:
    from offline.documents.service import current_operator, documents_for
    from offline.storage.profile import open_profile
    from ui.background import OpContext
    from ui.documents.printing import choose_printer, paper_for, print_file

    store = open_profile(profile)
    try:
        paper = paper_for(kind)
        printer = choose_printer(store, paper, args.printer)  # before a reprint is recorded
        service = documents_for(store)
        reprint = service.has_printed(args.case, kind)
        produced = service.produce(args.case, kind, current_operator(store), reprint)
        pdf = store.read_document(produced.path)  # documents are encrypted at rest
        sheets = print_file(pdf, printer, args.copies, OpContext(), produced.path.stem)
    finally:
        store.close()
    return {
        "case": args.case,
        "kind": kind.value,
        "printer": printer,
        "paper": paper,
        "copies": args.copies,
        "sheets": sheets,
        "print_id": produced.print_id,
        "reprint": produced.reprint,
        "document": str(produced.path),
    }


def _print_test_page(args: argparse.Namespace, profile: Path) -> dict[str, Any]:
    from offline.storage.profile import open_profile
    from ui.background import OpContext
    from ui.documents.printing import choose_printer, print_file, write_test_page

    store = open_profile(profile)
    try:
        printer = choose_printer(store, args.test_page, args.printer)
        window_code = store.window_code
    finally:
        store.close()
    with tempfile.TemporaryDirectory(prefix="chuangkou-print-") as temp:
        page = write_test_page(Path(temp), args.test_page, window_code)
        sheets = print_file(page, printer, 1, OpContext())
    return {"test_page": args.test_page, "printer": printer, "sheets": sheets}


def _fail(message: str, code: int) -> int:
    print(message, file=sys.stderr)
    return code
