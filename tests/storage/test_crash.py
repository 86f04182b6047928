"""Crash safety: SIGKILL in the middle of a burst of intakes loses nothing it reported and
never reuses a case number."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.helpers.profile_db import open_db
from tests.test_cli import ROOT, food_request, run

# One process doing intake after intake, as a batch script would, printing each result.
# With PAUSE, the intake after the first `after` ones stops inside its transaction (rows
# written, COMMIT not yet issued) and says so, so the kill lands exactly there.
BURST = """
import sys, time
sys.path.insert(0, {root!r})
import main
from offline.storage import audit
real_append, calls = audit.append, [0]
def append(*args, **kwargs):
    result = real_append(*args, **kwargs)
    if not kwargs["action"].startswith("intake."):
        return result  # e.g. the slip's document.print, after the case committed
    calls[0] += 1
    if {pause} and calls[0] == {after} + 1:
        print("IN_TRANSACTION", flush=True)
        time.sleep(60)
    return result
audit.append = append
for _ in range(10_000):
    main.main(["--profile", {profile!r}, "intake", "--json", {request!r}])
    sys.stdout.flush()
"""


def burst_until_killed(
    profile: Path, request: Path, after: int, rng: random.Random, in_transaction: bool
) -> list[dict]:
    code = BURST.format(
        root=str(ROOT),
        profile=str(profile),
        request=str(request),
        after=after,
        pause=in_transaction,
    )
    errors = profile.parent / "driver-stderr.txt"
    reported: list[dict] = []
    with (
        errors.open("w") as stderr,
        subprocess.Popen(
            [sys.executable, "-u", "-c", code],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            cwd=ROOT,
        ) as proc,
    ):
        assert proc.stdout is not None
        try:
            while len(reported) < after:
                line = proc.stdout.readline()
                assert line, errors.read_text()
                reported.append(json.loads(line))
            if in_transaction:
                assert proc.stdout.readline().strip() == "IN_TRANSACTION"
            else:
                time.sleep(rng.uniform(0, 0.05))  # land somewhere inside the next intake
        finally:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
    return reported


def count_cases(profile: Path) -> int:
    if not (profile / "chuangkou.db").exists():
        return 0
    conn = open_db(profile / "chuangkou.db")
    try:
        return int(conn.execute("SELECT count(*) FROM cases").fetchone()[0])
    finally:
        conn.close()


def test_sigkill_mid_burst_loses_nothing_reported(tmp_path: Path) -> None:
    rng = random.Random(20261122)
    profile = tmp_path / "p"
    request = food_request(tmp_path)
    reported: list[dict] = []
    # Kills at random points, and kills with rows written but COMMIT not reached.
    for in_transaction in (False, True, False, True):
        after = rng.randint(2, 5)
        before = count_cases(profile)
        reported += burst_until_killed(profile, request, after, rng, in_transaction)
        if in_transaction:  # exactly the reported cases committed; the killed one left nothing
            assert count_cases(profile) == before + after

    doctor = run(profile, "doctor", "--json")
    assert doctor.stdout, doctor.stderr
    checks = {c["name"]: c for c in json.loads(doctor.stdout)["checks"]}
    assert checks["database"]["level"] == "ok", checks["database"]["message"]

    conn = open_db(profile / "chuangkou.db")
    stored = dict(conn.execute("SELECT case_id, case_number FROM cases"))
    # Every reported case is there (a random kill may also leave a case that committed just
    # before its JSON was printed: that is saved, not lost).
    assert {c["case_id"] for c in reported} <= set(stored)
    for case in reported:
        assert stored.get(case["case_id"]) == case["case_number"]
    # Every committed case is whole: its outbox operations and audit record are there too.
    for case_id in stored:
        ops = conn.execute("SELECT count(*) FROM outbox WHERE case_id = ?", (case_id,)).fetchone()
        assert ops[0] == 4  # case.put, one material.upload, two event.post
        intake_records = conn.execute(
            "SELECT count(*) FROM audit_log WHERE case_id = ? AND action LIKE 'intake.%'",
            (case_id,),
        ).fetchone()[0]
        assert intake_records == 1
    conn.close()

    again = run(profile, "intake", "--json", str(request))
    assert again.returncode == 0, again.stderr
    new_number = json.loads(again.stdout)["case_number"]
    assert new_number not in {c["case_number"] for c in reported}
    assert new_number not in stored.values()
