"""`cases` and `case` as a script runs them: a real subprocess on a real profile."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

from client.domain import Stage
from offline.cases.lights import case_light, light_rule
from tests.cases.support import OLD_ID, old_cases
from tests.factories import open_service

ROOT = Path(__file__).resolve().parents[2]


def run(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--profile", str(profile), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def test_cases_and_case_for_automation(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    service = open_service(profile)
    cases = old_cases(service)
    store = service.store
    with store.read() as conn:
        dues = dict(conn.execute("SELECT case_number, due_date FROM cases").fetchall())
    today = dt.date.today()
    lights = {
        n: case_light(
            Stage.ACCEPTED, dt.date.fromisoformat(d), today, store.calendar(), light_rule(store)
        )
        for n, d in dues.items()
    }
    store.close()

    done = run(profile, "cases", "--search", OLD_ID[-6:], "--json")
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert [c["case_number"] for c in found["cases"]] == [cases["old"]]
    assert found["cases"][0]["applicant"] == "欧阳明月"
    assert found["cases"][0]["applicant_id"] != OLD_ID  # masked
    assert found["more"] is False

    light = lights[cases["middle"]]
    assert light is not None
    done = run(profile, "cases", "--light", light.value, "--json")
    assert done.returncode == 0, done.stderr
    assert {c["case_number"] for c in json.loads(done.stdout)["cases"]} == {
        n for n, lit in lights.items() if lit is light
    }

    done = run(profile, "cases", "--search", "李四")  # for people: one line a case
    assert done.returncode == 0 and cases["middle"] in done.stdout and "受理" in done.stdout

    done = run(profile, "case", cases["old"], "--json")
    assert done.returncode == 0, done.stderr
    detail = json.loads(done.stdout)
    assert detail["stage"] == "accepted" and detail["light"] == lights[cases["old"]].value  # type: ignore[union-attr]
    assert detail["due_date"] == dues[cases["old"]]
    assert detail["delivery"] == "training"
    assert [s["stage"] for s in detail["timeline"] if s["done"]] == ["applied", "accepted"]


def test_bad_input_says_what_to_do_and_changes_nothing(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    open_service(profile).store.close()
    before = (profile / "chuangkou.db").read_bytes()

    done = run(profile, "cases", "--from", "2026-05-01", "--to", "2026-04-01")
    assert done.returncode == 2 and "起始日期晚于截止日期" in done.stderr
    done = run(profile, "cases", "--from", "5月1日")
    assert done.returncode == 2 and "YYYY-MM-DD" in done.stderr
    done = run(profile, "case", "PX01-20260101-9999", "--json")
    assert done.returncode == 1
    assert "未找到办件 PX01-20260101-9999" in done.stderr and "核对受理编号" in done.stderr
    assert done.stdout == ""
    assert (profile / "chuangkou.db").read_bytes() == before
