"""The `rate` verb, wired into main.py:

rate --case N --score 1-5 [--reason TEXT] [--json]

Records the applicant's 好差评 exactly as the window's dialog does (offline/cases/rating.py);
a 差评 (1 or 2) needs --reason. Refused input exits 2 with the reason in Chinese.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from client.errors import ClerkError

EXIT_OK, EXIT_USAGE = 0, 2
VERBS = ("rate",)


def add_verbs(verbs: Any) -> None:
    rate = verbs.add_parser("rate", help="record the applicant's rating (好差评) of a case")
    rate.add_argument("--case", required=True, help="case number, e.g. W01-20261122-0001")
    rate.add_argument("--score", required=True, type=int, help="5 非常满意 … 1 非常不满意")
    rate.add_argument("--reason", default="", help="why (required for a score of 1 or 2)")
    rate.add_argument("--json", action="store_true")


def run(args: argparse.Namespace, profile: Path) -> int:
    from offline.cases.rating import rate_case
    from offline.storage.profile import open_profile

    store = open_profile(profile, check=True)
    try:
        rating = rate_case(store, args.case, args.score, args.reason)
    except ClerkError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    finally:
        store.close()
    if args.json:
        print(json.dumps(rating.to_dict(), ensure_ascii=False, indent=1))
    else:
        print(f"{rating.case_number}\t{rating.level.label}\t{rating.reason}")
    return EXIT_OK
