"""The `stats` verb, wired into main.py:

stats [--period today|week|month] [--from DATE --to DATE] [--json] [--export FILE]

A range given by --from/--to wins over --period; one end alone runs to today (or from the
first case). --export writes CSV or XLSX by the file's suffix.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from client.i18n import translate

if TYPE_CHECKING:
    from offline.cases.stats import Statistics

EXIT_OK, EXIT_USAGE = 0, 2
EARLIEST = dt.date(2000, 1, 1)


def _t(text: str) -> str:
    return translate("stats", text)


def add_verb(verbs: Any) -> None:
    stats = verbs.add_parser("stats", help="counts per item and clerk over a period")
    stats.add_argument("--period", choices=["today", "week", "month"], default="today")
    stats.add_argument("--from", dest="date_from", metavar="DATE", help="YYYY-MM-DD")
    stats.add_argument("--to", dest="date_to", metavar="DATE", help="YYYY-MM-DD")
    stats.add_argument("--json", action="store_true")
    stats.add_argument("--export", type=Path, metavar="FILE", help=".csv or .xlsx")


def text_report(stats: Statistics) -> str:
    from offline.cases.stats_export import table

    lines = [_t("统计区间：{label}").format(label=stats.period.label)]
    for by, title in (("item", _t("按事项")), ("clerk", _t("按受理人"))):
        header, rows = table(stats, by)
        lines += ["", title, "\t".join(header)]
        lines += ["\t".join(str(v) for v in row) for row in rows]
    if stats.ratings is not None:
        from offline.cases.rating import summary_text

        lines += ["", summary_text(stats.ratings)]
    return "\n".join(lines)


def run(args: argparse.Namespace, profile: Path) -> int:
    # Loaded here, not at main.py's start: the window's start-up pays for none of it.
    from offline.cases.stats import (
        PeriodError,
        PeriodKind,
        compute_stats,
        date_range,
        parse_day,
        period_of,
    )
    from offline.cases.stats_export import ExportError, export
    from offline.storage.profile import open_profile

    today = dt.date.today()
    try:
        if args.date_from or args.date_to:
            start = parse_day(args.date_from) if args.date_from else EARLIEST
            end = parse_day(args.date_to) if args.date_to else today
            period = date_range(start, end)
        else:
            period = period_of(PeriodKind(args.period), today)
    except PeriodError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    store = open_profile(profile, check=True)
    try:
        stats = compute_stats(store, period, today)
    finally:
        store.close()
    if args.export:
        try:
            export(stats, args.export)
        except ExportError as exc:
            print(str(exc), file=sys.stderr)
            return EXIT_USAGE
    if args.json:
        print(json.dumps(stats.to_dict(), ensure_ascii=False, indent=2))
    elif not args.export:
        print(text_report(stats))
    return EXIT_OK
