"""Benchmark: intake commit latency against raw sqlite3 inserts of the same rows.

500 intakes of 食品经营许可 with 5 small files each (valid one-page PDFs of ~4 KB, so the
content checks pass) go through IntakeService (rules and content checks, file store, then the
one transaction). The floor, measured in the same run: the very rows each intake
wrote, inserted with plain sqlite3 `executemany` in one transaction into a fresh database with
the same schema (every migration), WAL and synchronous=FULL, each right after the intake
it copies (so that both meet the same load on a shared machine). Goal: commit p99 ≤ 2× the
floor's p99.

    python -m tests.bench.intake [--intakes N] [--quick]

--quick: 10 intakes, to show the bench still runs (its figures mean little).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from offline.storage.migrations import MIGRATIONS
from tests.bench import use_test_keyring
from tests.factories import FOOD_PERMIT, accept_request, make_files, open_service

CASE_TABLES = (
    "cases",
    "parties",
    "materials",
    "material_files",
    "supplement_lines",
    "case_events",
    "outbox",
    "audit_log",
)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def open_floor(path: Path) -> sqlite3.Connection:
    """A fresh database with the store's schema and settings, nothing else on top."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    for script in MIGRATIONS:  # the schema the store has now, not the first release's
        conn.executescript(script)
    return conn


Batch = list[tuple[str, list[Any]]]


def case_rows(source: sqlite3.Connection, case_id: str) -> Batch:
    """The rows one intake wrote, as the INSERTs that would write them again."""
    batch = []
    for table in CASE_TABLES:
        cursor = source.execute(f"SELECT * FROM {table} WHERE case_id = ?", (case_id,))
        columns = [c[0] for c in cursor.description]
        rows = cursor.fetchall()
        if rows:
            marks = ", ".join("?" * len(columns))
            batch.append((f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows))
    return batch


def raw_commit(conn: sqlite3.Connection, batch: Batch) -> float:
    """The floor of one commit: the same rows (and a case number) in one transaction."""
    start = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.execute(
        "INSERT INTO case_number_sequences VALUES ('PX01', '20261122', 1)"
        " ON CONFLICT DO UPDATE SET last = last + 1"
    )
    for sql, rows in batch:
        conn.executemany(sql, rows)
    conn.execute("COMMIT")
    return time.perf_counter() - start


def raw_files(directory: Path, n: int, group: list[Path]) -> float:
    """The floor of one intake's files: write + fsync + rename + fsync(dir), no hashing."""
    directory.mkdir(exist_ok=True)
    start = time.perf_counter()
    for i, path in enumerate(group):
        data = path.read_bytes()
        tmp = directory / f"{n}-{i}.part"
        with open(tmp, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, directory / f"{n}-{i}")
        fd = os.open(directory, os.O_RDONLY)
        os.fsync(fd)
        os.close(fd)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--intakes", type=int, default=500)
    parser.add_argument("--quick", action="store_true", help="10 intakes: does it still run")
    args = parser.parse_args()
    use_test_keyring()
    count = 10 if args.quick else args.intakes
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        service = open_service(tmp / "profile")
        item = service.store.item(FOOD_PERMIT)
        assert item is not None
        base = accept_request(service.store)
        floor_db = open_floor(tmp / "raw.db")
        commit_t, files_t, whole_t, slip_t = [], [], [], []
        floor, file_floor = [], []
        for n in range(count):
            # distinct, so every file is really stored; real PDFs, so the checks pass
            files = make_files(tmp / "in", 5, size=4096, prefix=f"intake-{n}")
            first = replace(base.materials[0], files=tuple(str(p) for p in files))
            request = replace(base, materials=(first, *base.materials[1:]))
            start = time.perf_counter()
            problems = service.check(request)
            assert not problems, problems
            t_files = time.perf_counter()
            blobs = {str(p): service.store.files.put_file(p) for p in files}
            t_commit = time.perf_counter()
            result = service.commit(request, item, blobs)
            end = time.perf_counter()
            commit_t.append(end - t_commit)
            files_t.append(t_commit - t_files)
            whole_t.append(end - start)
            # Each floor right after the intake it copies, so both see the same machine.
            floor.append(raw_commit(floor_db, case_rows(service.store.conn, result.case_id)))
            file_floor.append(raw_files(tmp / "raw-files", n, files))
            if n % 25 == 0:
                s = time.perf_counter()
                service.render_slip(result.case_number)
                slip_t.append(time.perf_counter() - s)
        floor_db.close()

    print(f"{count} intakes, 5 PDF files of 4 KB each, synchronous=FULL, WAL")
    print(f"{'':34}{'p50 ms':>9}{'p99 ms':>9}")
    for label, values in (
        ("commit (one transaction)", commit_t),
        ("floor: raw sqlite3, same rows", floor),
        ("files into the store (5, fsync)", files_t),
        ("floor: raw write+fsync (5)", file_floor),
        ("whole intake (rules+files+commit)", whole_t),
        ("slip render (every 25th)", slip_t),
    ):
        print(f"{label:34}{pct(values, 0.5):9.2f}{pct(values, 0.99):9.2f}")
    print(
        f"commit p99 / floor p99 = {pct(commit_t, 0.99) / pct(floor, 0.99):.2f}x (goal <= 2.0x); "
        f"p50 ratio {statistics.median(commit_t) / statistics.median(floor):.2f}x"
    )


if __name__ == "__main__":
    main()
