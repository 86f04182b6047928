"""Benchmark: the 用印登记簿 at 100,000 cases against the same SQL on bare SQLite.

A profile gets 100k cases of history (tests/bench/search.py's bulk build) and two ledger rows a
case (the slip and the notice; one in ten decided cases a sealed decision; one in fifty prints
voided). `read_ledger` (what the window and the CLI call) then reads a day, a week and a month;
the floor, measured in the same run, interleaved, is the very same SQL statement on a bare
connection to the same (SQLCipher) file, same key and indexes. A month is also exported to CSV.
Goals: a day ≤ 20 ms, a month ≤ 2.5× the floor (the rows become objects), and the month's
export under a second.

    python -m tests.bench.ledger [--cases N] [--rounds R] [--quick]

--quick: 5,000 cases and 5 rounds, to show the bench still runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from pathlib import Path

from offline.documents.ledger import DECISION_KINDS, LEDGER_SQL, day_bound, export_csv, read_ledger
from offline.storage.db import open_file
from offline.storage.profile import open_profile
from offline.storage.store import DB_NAME, Store
from tests.bench.search import build


def add_prints(store: Store, rng: random.Random) -> int:
    with store.read() as conn:
        cases = conn.execute("SELECT case_id, created_at, stage FROM cases").fetchall()
    rows: list[tuple[str, str, str, int, str, str | None]] = []
    for n, (case_id, created, stage) in enumerate(cases):
        at = dt.datetime.fromisoformat(created)
        for k, kind in enumerate(("acceptance-slip", "acceptance-notice")):
            stamp = (at + dt.timedelta(seconds=k + 1)).isoformat(timespec="milliseconds")
            rows.append((f"{n:08d}-{k:04d}-7000-8000-000000000000", case_id, kind, 0, stamp, None))
        if stage in ("decided", "closed") and rng.random() < 0.1:
            stamp = (at + dt.timedelta(days=5)).isoformat(timespec="milliseconds")
            rows.append((f"{n:08d}-0009-7000-8000-000000000000", case_id, "approval-decision", 1,
                         stamp, None))  # fmt: skip
        if rng.random() < 0.02:
            stamp = (at + dt.timedelta(seconds=60)).isoformat(timespec="milliseconds")
            rows.append((f"{n:08d}-0008-7000-8000-000000000000", case_id, "acceptance-notice", 0,
                         stamp, f"{n:08d}-0001-7000-8000-000000000000"))  # fmt: skip
    with store.write() as db:
        db.conn.executemany(
            "INSERT INTO document_prints (print_id, case_id, kind, action, sealed, signed,"
            " operator, window_code, at, sha256, voids, reason) VALUES"
            " (?, ?, ?, CASE WHEN ?6 IS NULL THEN 'print' ELSE 'void' END, ?4, ?4, '王芳',"
            " 'PX01', ?5, NULL, ?6, CASE WHEN ?6 IS NULL THEN '' ELSE '打印错位' END)",
            [(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows],
        )
    with store.read() as conn:
        conn.execute("PRAGMA optimize")
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="5,000 cases: does it still run")
    args = parser.parse_args()
    count = 5_000 if args.quick else args.cases
    rounds = 5 if args.quick else args.rounds
    rng = random.Random(14)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_profile(Path(tmp) / "profile")
        started = time.perf_counter()
        build(store, count, rng)
        prints = add_prints(store, rng)
        print(f"{count} cases, {prints} ledger rows built in {time.perf_counter() - started:.1f} s")
        with store.read() as conn:
            newest = conn.execute("SELECT max(created_at) FROM cases").fetchone()[0]
        last = dt.date.fromisoformat(newest[:10])
        # The floor: the same SQL on a bare connection to the same (encrypted) database.
        bare = open_file(store.profile / DB_NAME, store.db_key)
        spans = {"day": 0, "week": 6, "month": 29}
        print(f"{'':8}{'ours median':>12}{'bare median':>13}{'ratio':>7}{'rows':>8}")
        results: dict[str, tuple[float, float]] = {}
        for span, days in spans.items():
            ours, floor, rows = [], [], 0
            for n in range(rounds):
                end = last - dt.timedelta(days=n % 7)
                start = end - dt.timedelta(days=days)
                t0 = time.perf_counter()
                rows = len(read_ledger(store, start, end))
                ours.append(time.perf_counter() - t0)
                sql = LEDGER_SQL.format(sealed="")
                bounds = (day_bound(start), day_bound(end + dt.timedelta(days=1)))
                t0 = time.perf_counter()
                bare.execute(sql, (*DECISION_KINDS, *bounds)).fetchall()
                floor.append(time.perf_counter() - t0)
            mine, base = statistics.median(ours) * 1000, statistics.median(floor) * 1000
            results[span] = (mine, base)
            print(f"{span:8}{mine:>10.1f} ms{base:>11.1f} ms{mine / base:>6.1f}x{rows:>8}")
        month = read_ledger(store, last - dt.timedelta(days=29), last)
        t0 = time.perf_counter()
        export_csv(month, Path(tmp) / "ledger.csv")
        export_s = time.perf_counter() - t0
        day, (mine, base) = results["day"][0], results["month"]
        print(f"floor: bare connection, same SQL, a month  median {base:.1f} ms")
        print(f"ledger of a day: {day:.1f} ms (goal <= 20 ms)")
        print(f"ledger of a month / floor = {mine / base:.1f}x (goal <= 2.5x)")
        print(f"export of a month ({len(month)} rows) to CSV: {export_s:.2f} s (goal <= 1 s)")
        bare.close()
        store.close()


if __name__ == "__main__":
    main()
