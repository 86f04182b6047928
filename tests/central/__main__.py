"""`python -m tests.central --port P --data DIR [--user NAME:PASSWORD:ROLE[,ROLE...] ...]
[--auto-advance SECONDS] [--department FILE | --no-department]`: the reference central in
the foreground until Ctrl+C. FILE is a department in the contract's `Department` shape."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import uvicorn

from tests.central.app import create_app
from tests.central.context import DEFAULT_USERS, Config, Context, parse_user


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.central", description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--data", type=Path, required=True, help="database and uploads")
    parser.add_argument(
        "--user",
        action="append",
        default=[],
        metavar="NAME:PASSWORD:ROLE[,ROLE...]",
        help="ROLE is clerk, chief, reviewer or admin; repeatable"
        " (default: clerk, chief=clerk+chief, reviewer, admin)",
    )
    parser.add_argument("--auto-advance", type=float, metavar="SECONDS")
    parser.add_argument("--access-ttl", type=float, default=900.0, metavar="SECONDS")
    parser.add_argument("--upload-ttl", type=float, default=24 * 3600.0, metavar="SECONDS")
    department = parser.add_mutually_exclusive_group()
    department.add_argument("--department", type=Path, metavar="FILE", help="GET /department")
    department.add_argument("--no-department", action="store_true", help="GET /department: 404")
    args = parser.parse_args(argv)
    try:
        users = tuple(parse_user(u) for u in args.user) or DEFAULT_USERS
    except ValueError as exc:
        parser.error(str(exc))
    args.data.mkdir(parents=True, exist_ok=True)
    config = Config(
        data_dir=args.data,
        users=users,
        auto_advance=args.auto_advance,
        access_ttl=args.access_ttl,
        upload_ttl=args.upload_ttl,
    )
    if args.no_department:
        config.department = None
    elif args.department:
        config.department = json.loads(args.department.read_text(encoding="utf-8"))
    app = create_app(Context(config))
    print(f"reference central on http://{args.host}:{args.port}/api/v1", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, http="h11", ws="none", proxy_headers=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
