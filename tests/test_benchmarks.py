"""Every benchmark under tests/bench/ still runs: its --quick mode, in a process of its own.

Quick figures on a shared machine mean little, so the goals are not checked here; what is
checked is that the bench got as far as measuring its floor and printing the comparison, the
figures a reader of its output looks for.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NUMBER = r"\d+(\.\d+)?"

# bench -> lines it must print: the floor's figure, then the comparison against the goal
FIGURES: dict[str, tuple[str, ...]] = {
    "documents": (
        rf"floor: bare page, same font, same text +{NUMBER} +{NUMBER}",
        rf"slip / same-text floor = {NUMBER}x \(goal <= 3\.0x\)",
        rf"signed decision median {NUMBER} ms \(goal <= 250 ms\)",
    ),
    "history": (
        rf"status read \(read_snapshot\), median: +fresh {NUMBER} ms +history {NUMBER} ms",
        rf"history / fresh sync rate: {NUMBER}x \(goal >= 0\.9x\)",
        rf"queue screen, \d+ operations .* longest stall {NUMBER} ms \(goal <= 50 ms\)",
    ),
    "intake": (
        rf"floor: raw sqlite3, same rows +{NUMBER} +{NUMBER}",
        rf"commit p99 / floor p99 = {NUMBER}x \(goal <= 2\.0x\)",
    ),
    "ledger": (
        rf"floor: bare connection, same SQL, a month  median {NUMBER} ms",
        rf"ledger of a day: {NUMBER} ms \(goal <= 20 ms\)",
        rf"ledger of a month / floor = {NUMBER}x \(goal <= 2\.5x\)",
    ),
    "scan": (
        rf"img2pdf alone \(floor\): {NUMBER} s, {NUMBER} pages/s",
        rf"import path \(threads\) = {NUMBER} x img2pdf's rate \(goal >= 0\.8\)",
        rf"import path peak RSS = {NUMBER} MB \(goal <= 250 MB\)",
    ),
    "search": (
        rf"floor: bare sqlite3, same SQL, all kinds +p50 {NUMBER} +p99 {NUMBER} ms",
        rf"search p99, all kinds: {NUMBER} ms; worst kind {NUMBER} ms \(goal <= 20 ms\)",
        rf"search p99 / bare p99 = {NUMBER}x; worst kind {NUMBER}x \(goal <= 1\.5x\)",
    ),
    "signing": (
        rf"floor \(bare reportlab A4 page\) +median +{NUMBER} ms",
        rf"render \+ sign / floor = {NUMBER}x",
        r"goal: signed decision ≤ 250 ms median: (met|MISSED)",
    ),
    "startup": (
        rf"bare QMainWindow start +median +{NUMBER} ms",
        rf"ratio +{NUMBER}x +\(goal <= 2\.0x\)",
    ),
    "sync": (
        rf"raw keep-alive loop: +{NUMBER} s +{NUMBER} ops/s",
        rf"engine / raw rate: {NUMBER}x \(goal >= 0\.7x\)",
    ),
    "ui_stall": (
        rf"idle window \(floor\) +{NUMBER} +{NUMBER} +{NUMBER}",
        rf"longest stall while syncing: {NUMBER} ms \(goal <= 50 ms\)",
        rf"longest stall while saving an intake: {NUMBER} ms \(goal <= 50 ms\)",
    ),
    "upload": (
        rf"link reset every {NUMBER} MB \(ideal {NUMBER} s\)",
        rf"tus, \d+ KiB chunks: sent {NUMBER} MB = {NUMBER} x size .* sha256 matches",
        rf"naive single request: sent {NUMBER} MB",
    ),
}


def test_every_bench_has_a_quick_run() -> None:
    """A new bench added without a line here would rot unseen."""
    benches = {p.stem for p in (ROOT / "tests" / "bench").glob("*.py") if p.stem != "__init__"}
    assert benches == set(FIGURES)


@pytest.mark.slow
@pytest.mark.parametrize("bench", sorted(FIGURES))
def test_bench_runs_in_quick_mode(bench: str) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        # the benches' temporary profiles must not leave secrets in a real keyring
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    done = subprocess.run(
        [sys.executable, "-m", f"tests.bench.{bench}", "--quick"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for pattern in FIGURES[bench]:
        assert re.search(pattern, done.stdout), f"no line /{pattern}/ in:\n{done.stdout}"
