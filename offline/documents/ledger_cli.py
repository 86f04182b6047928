"""The `ledger` verb (用印登记簿), wired into main.py:

ledger [--from DATE --to DATE] [--sealed] [--json] [--export FILE.csv]

The same rows as the window's ledger (offline/documents/ledger.py): every print, reprint and
void in the range, oldest first; --sealed keeps the sealed ones only. One end alone runs to
today (or from the first print).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from client.errors import ClerkError
from client.i18n import translate

EXIT_OK, EXIT_USAGE = 0, 2
VERBS = ("ledger",)


def add_verbs(verbs: Any) -> None:
    ledger = verbs.add_parser("ledger", help="the seal-use ledger (用印登记簿)")
    ledger.add_argument("--from", dest="date_from", type=_date, metavar="DATE", help="YYYY-MM-DD")
    ledger.add_argument("--to", dest="date_to", type=_date, metavar="DATE", help="YYYY-MM-DD")
    ledger.add_argument("--sealed", action="store_true", help="sealed documents only")
    ledger.add_argument("--json", action="store_true")
    ledger.add_argument("--export", type=Path, metavar="FILE", help="write CSV (UTF-8, BOM)")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            translate("documents", "日期应写作 YYYY-MM-DD，例如 2026-11-22")
        ) from None


def run(args: argparse.Namespace, profile: Path) -> int:
    from offline.documents.ledger import export_csv, read_ledger, row_values
    from offline.storage.profile import open_profile

    store = open_profile(profile, check=True)
    try:
        rows = read_ledger(store, args.date_from, args.date_to, sealed_only=args.sealed)
        if args.export:
            export_csv(rows, args.export)
    except ClerkError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    finally:
        store.close()
    if args.json:
        print(json.dumps({"rows": [r.to_dict() for r in rows]}, ensure_ascii=False, indent=1))
    elif not args.export:
        for row in rows:
            print("\t".join(row_values(row)))
    return EXIT_OK
