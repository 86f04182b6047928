"""Benchmark: cold start to the main window shown, against a bare PySide6 QMainWindow start.

Each sample is a new process (imports, Qt start-up, font registration, opening the profile)
timed from spawn until the window has been painted once. Goal: median ≤ 2× the bare start.

    python -m tests.bench.startup [--runs N] [--quick]

--quick: one sample each, to show the bench still runs (its figures mean little).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench import use_test_keyring

ROOT = Path(__file__).resolve().parents[2]

BARE = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1280, 760)
window.show()
QTimer.singleShot(0, lambda: (print("window shown", flush=True), app.quit()))
app.exec()
"""


def time_process(args: list[str]) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    elapsed = time.perf_counter() - start
    assert "window shown" in done.stdout, done.stderr
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="one sample: does it still run")
    args = parser.parse_args()
    use_test_keyring()
    runs = 1 if args.quick else args.runs
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        app = [sys.executable, str(ROOT / "main.py"), "--profile", str(profile), "--smoke-test"]
        first = time_process(app)  # creates the database and loads the training catalog
        bare = [time_process([sys.executable, "-c", BARE]) for _ in range(runs)]
        ours = [time_process(app) for _ in range(runs)]
    bare_ms, ours_ms = statistics.median(bare) * 1000, statistics.median(ours) * 1000
    print(f"bare QMainWindow start   median {bare_ms:7.0f} ms  (n={runs})")
    print(f"Chuangkou main window    median {ours_ms:7.0f} ms  (n={runs})")
    print(f"first start, new profile         {first * 1000:7.0f} ms")
    print(f"ratio                            {ours_ms / bare_ms:7.2f}x  (goal <= 2.0x)")


if __name__ == "__main__":
    main()
