"""Benchmark: 办件查询 at 100,000 cases against the same SQL on bare indexed SQLite.

A profile gets 100k cases of history (about 400 days at 250 a day) by bulk insert of realistic
rows (cases and parties: names, valid-looking ID numbers, phones, a third with an agent, items
of the bundled catalog, every stage, due dates), not by 100k intakes. Each kind of search then
runs for many different targets through `search_cases` (what the screen and the CLI call: the
catalog lookup, the light bounds, the SQL, the result objects). The floor, measured in the same
run, interleaved: the very SQL statements that search ran (`search_statements`: the catalog
lookup, the hit-count probe, the search), on a bare sqlite3 connection to a clear copy of the
same database (so the same indexes, without the encryption at rest). Goals: p99 of every kind
≤ 20 ms and ≤ 1.5× the floor's p99.

    python -m tests.bench.search [--cases N] [--queries Q] [--quick]

--quick: 5,000 cases and 20 queries a kind, to show the bench still runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from client.domain import Stage
from client.time_limits.workdays import Light
from offline.cases.lights import LightBounds, light_rule
from offline.cases.search import CaseQuery, search_cases, search_statements
from offline.storage.db import open_file
from offline.storage.migrations import SCHEMA_CASE_SEARCH
from offline.storage.profile import open_profile
from offline.storage.store import DB_NAME, Store

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉力鹏飞宇浩然子涵"
    "欣怡梓轩雨泽思远"
)
STAGES = [
    (Stage.ACCEPTED, 10),
    (Stage.FIRST_REVIEW, 4),
    (Stage.SECOND_REVIEW, 3),
    (Stage.DECIDED, 30),
    (Stage.CLOSED, 40),
    (Stage.SUPPLEMENT_REQUESTED, 8),
    (Stage.REFUSED, 5),
]
WINDOW = "PX01"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def resident_id(rng: random.Random, born: dt.date) -> str:
    first17 = f"{rng.choice(['110105', '330102', '440304', '510107', '320106'])}{born:%Y%m%d}"
    first17 += f"{rng.randrange(1000):03d}"
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(first17))
    return first17 + "10X98765432"[total % 11]


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def build(store: Store, count: int, rng: random.Random) -> list[dict[str, Any]]:
    """`count` cases of history in one transaction; returns a sample of them for queries."""
    with store.read() as conn:
        items = conn.execute("SELECT code, name FROM catalog_items").fetchall()
    tz = dt.datetime.now().astimezone().tzinfo
    per_day = 250
    first_day = dt.date.today() - dt.timedelta(days=count // per_day + 1)
    stages = [s for s, w in STAGES for _ in range(w)]
    cases, parties, sample = [], [], []
    for n in range(count):
        day = first_day + dt.timedelta(days=n // per_day)
        seq = n % per_day + 1
        created = dt.datetime.combine(day, dt.time(8, 30), tz) + dt.timedelta(seconds=seq * 100)
        stage = rng.choice(stages)
        code, item_name = rng.choice(items)
        case_id = f"{n:08d}-0000-7000-8000-000000000000"
        due = day + dt.timedelta(days=rng.randrange(5, 40))
        number = f"{WINDOW}-{day:%Y%m%d}-{seq:04d}"
        cases.append(
            (
                case_id, number, code, item_name, "{}", stage.value, "accept", WINDOW, "clerk",
                created.isoformat(timespec="milliseconds"), day.isoformat(), due.isoformat(),
                created.isoformat(timespec="milliseconds"),
            )
        )  # fmt: skip
        applicant = (
            case_id, "applicant", "person", name(rng), "resident_id",
            resident_id(rng, dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(20000))),
            f"1{rng.choice('3578')}{rng.randrange(10**9):09d}",
        )  # fmt: skip
        parties.append(applicant)
        agent = None
        if rng.random() < 0.3:
            agent = (
                case_id, "agent", "person", name(rng), "resident_id",
                resident_id(rng, dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(15000))),
                f"13{rng.randrange(10**9):09d}",
            )  # fmt: skip
            parties.append(agent)
        if rng.random() < 0.01:
            sample.append(
                {
                    "number": number,
                    "name": applicant[3],
                    "id": applicant[5],
                    "phone": applicant[6],
                    "agent": agent[3] if agent else applicant[3],
                    "item": code,
                    "item_name": item_name,
                    "day": day,
                }
            )
    # Bulk load: the search indexes are dropped first and made again after (the same
    # statements as the migration), which is several times faster than keeping them.
    indexes = re.findall(r"CREATE INDEX (\w+) ON [^;]+;", SCHEMA_CASE_SEARCH)
    with store.write() as db:
        for index in indexes:
            db.conn.execute(f"DROP INDEX {index}")
        db.conn.executemany(
            "INSERT INTO cases (case_id, case_number, item_code, item_name, item_snapshot,"
            " stage, action, window_code, clerk, created_at, accepted_on, due_date, training,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
            cases,
        )
        db.conn.executemany(
            "INSERT INTO parties (case_id, role, kind, name, id_type, id_number, phone)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            parties,
        )
        for statement in re.findall(r"CREATE INDEX [^;]+;", SCHEMA_CASE_SEARCH):
            db.conn.execute(statement)
    with store.read() as conn:
        conn.execute("PRAGMA optimize")
    return sample


KINDS: dict[str, Callable[[dict[str, Any]], CaseQuery]] = {
    "case number": lambda s: CaseQuery(text=s["number"]),
    "number tail (date-seq)": lambda s: CaseQuery(text=s["number"][-13:]),
    "applicant name": lambda s: CaseQuery(text=s["name"]),
    "name as typed (surname)": lambda s: CaseQuery(text=s["name"][0]),
    "agent name": lambda s: CaseQuery(text=s["agent"]),
    "ID number": lambda s: CaseQuery(text=s["id"]),
    "ID last 4": lambda s: CaseQuery(text=s["id"][-4:]),
    "ID last 6": lambda s: CaseQuery(text=s["id"][-6:]),
    "phone": lambda s: CaseQuery(text=s["phone"]),
    "phone last 4": lambda s: CaseQuery(text=s["phone"][-4:]),
    "item (name typed)": lambda s: CaseQuery(text=s["item_name"][:4]),
    "item filter": lambda s: CaseQuery(item_code=s["item"]),
    "stage filter": lambda s: CaseQuery(stage=Stage.FIRST_REVIEW),
    "light filter (yellow)": lambda s: CaseQuery(light=Light.YELLOW),
    "light filter (red)": lambda s: CaseQuery(light=Light.RED),
    "date range (a week)": lambda s: CaseQuery(
        created_from=s["day"], created_to=s["day"] + dt.timedelta(days=6)
    ),
    "nothing typed (newest)": lambda s: CaseQuery(),
}


def clear_copy(store: Store, target: Path) -> Path:
    """The profile's database in clear, same pages and indexes: the floor is SQLite without
    the encryption (offline/storage/db.py), so the ratio includes SQLCipher's cost."""
    conn = open_file(store.profile / DB_NAME, store.db_key)
    try:
        conn.execute("ATTACH DATABASE ? AS bare KEY ''", (str(target),))
        conn.execute("SELECT sqlcipher_export('bare')")
        conn.execute("DETACH DATABASE bare")
    finally:
        conn.close()
    return target


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="5,000 cases: does it still run")
    args = parser.parse_args()
    count = 5_000 if args.quick else args.cases
    queries = 20 if args.quick else args.queries
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_profile(Path(tmp) / "profile")
        started = time.perf_counter()
        sample = build(store, count, rng)
        built = time.perf_counter() - started
        bare = sqlite3.connect(clear_copy(store, Path(tmp) / "bare.db"), isolation_level=None)
        print(f"{count} cases built by bulk insert in {built:.1f} s; {queries} queries a kind")
        print(f"{'':26}{'ours p50':>9}{'p99':>8}{'bare p50':>10}{'p99':>8}{'ratio':>7}{'rows':>6}")
        worst_ours = worst_ratio = 0.0
        all_ours: list[float] = []
        all_bare: list[float] = []
        for kind, make in KINDS.items():
            ours: list[float] = []
            floor: list[float] = []
            rows = 0
            for n in range(queries):
                query = make(sample[n % len(sample)])
                t0 = time.perf_counter()
                result = search_cases(store, query)
                ours.append(time.perf_counter() - t0)
                # The floor: the same statement, with the same parameters, on bare sqlite3.
                bounds = LightBounds.of(dt.date.today(), store.calendar(), light_rule(store))
                with store.read() as conn:
                    statements = search_statements(conn, query, bounds)
                t0 = time.perf_counter()
                for sql, params in statements:
                    found = bare.execute(sql, params).fetchall()
                floor.append(time.perf_counter() - t0)
                assert len(found) == len(result.hits) + int(result.more), kind
                rows += len(result.hits)
            ratio = pct(ours, 0.99) / max(pct(floor, 0.99), 1e-6)
            worst_ours = max(worst_ours, pct(ours, 0.99))
            worst_ratio = max(worst_ratio, ratio)
            all_ours += ours
            all_bare += floor
            print(
                f"{kind:26}{pct(ours, 0.5):9.2f}{pct(ours, 0.99):8.2f}"
                f"{pct(floor, 0.5):10.2f}{pct(floor, 0.99):8.2f}{ratio:6.2f}x{rows / queries:6.0f}"
            )
        print(
            f"floor: bare sqlite3, same SQL, all kinds  p50 {pct(all_bare, 0.5):.2f}"
            f"  p99 {pct(all_bare, 0.99):.2f} ms"
        )
        print(
            f"search p99, all kinds: {pct(all_ours, 0.99):.2f} ms; worst kind {worst_ours:.2f} ms"
            " (goal <= 20 ms)"
        )
        print(
            f"search p99 / bare p99 = {pct(all_ours, 0.99) / pct(all_bare, 0.99):.2f}x;"
            f" worst kind {worst_ratio:.2f}x (goal <= 1.5x)"
        )
        print(json.dumps({"cases": count, "queries_per_kind": queries}))
        bare.close()
        store.close()


if __name__ == "__main__":
    main()
