"""Benchmark: the documents of a real case, each against a floor measured in the same run.

- 受理回执 (80 mm slip) render time vs a bare reportlab page in the same embedded font (goal
  ≤ 3×), two floors: one line of text, and every character the slip prints drawn as plain
  lines (embedding a subset of ~250 CJK glyphs is most of the cost, whatever the layout);
- a sealed, signed 准予行政许可决定书 produced end to end through DocumentService (assemble from
  the store, render, seal, PAdES-sign, write, ledger + audit) (goal ≤ 250 ms median).

    python -m tests.bench.documents [--runs N] [--quick]

--quick: 3 runs each, to show the bench still runs (its figures mean little).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from client.catalog.loading import load_department
from client.documents.data import Decision, DocumentKind
from client.documents.fonts import register_fonts
from client.documents.official import render_document
from client.domain import LegalBasis
from offline.documents.service import DocumentService, current_operator
from offline.documents.signing_keys import identity_for
from tests.bench import use_test_keyring
from tests.factories import accept_request, open_service


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    fn()  # warm: fonts registered, modules imported
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def bare_page(font: str, lines: list[str]) -> bytes:
    """The least reportlab can do: the lines drawn one under another, no layout at all."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(226.77, 12 * len(lines) + 40))
    canvas.setFont(font, 9)
    for n, line in enumerate(lines):
        canvas.drawString(10, 12 * len(lines) + 20 - 12 * n, line)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def text_lines(pdf: bytes) -> list[str]:
    done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return [line for line in done.stdout.decode().splitlines() if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--quick", action="store_true", help="3 runs: does it still run")
    args = parser.parse_args()
    use_test_keyring()
    runs = 3 if args.quick else args.runs
    with tempfile.TemporaryDirectory() as tmp:
        service = open_service(Path(tmp) / "profile")
        store = service.store
        item = store.item("SCJG-0201")
        assert item is not None
        number = service.commit(accept_request(store), item, {}).case_number
        department = load_department()
        documents = DocumentService(store, department, lambda: identity_for(store, department))
        today = dt.date.today()
        documents.record_decision(
            number,
            Decision(
                True,
                "培审批食许〔2026〕9号",
                "准予从事食品销售经营活动",
                (LegalBasis("《中华人民共和国食品安全法》", "第三十五条"),),
                "",
                today,
                "周审批",
            ),
        )
        font = register_fonts().body
        slip_doc = documents.case_document(number, DocumentKind.ACCEPTANCE_SLIP)
        operator = current_operator(store)
        one_line = ["受理回执 PX01-20261122-0001"]
        same_text = text_lines(render_document(slip_doc))  # every character the slip prints
        floor = timed(lambda: bare_page(font, one_line), runs)
        floor_text = timed(lambda: bare_page(font, same_text), runs)
        slip = timed(lambda: render_document(slip_doc), runs)
        decision = timed(
            lambda: documents.produce(number, DocumentKind.APPROVAL_DECISION, operator, True), runs
        )
        store.close()
    med = statistics.median
    print(f"{'':44}{'median ms':>10}{'p95 ms':>9}")
    for label, values in (
        ("floor: bare page, same font, one line", floor),
        ("floor: bare page, same font, same text", floor_text),
        ("受理回执 (80 mm slip) render", slip),
        ("准予决定书: assemble+render+seal+sign+ledger", decision),
    ):
        p95 = sorted(values)[int(0.95 * (len(values) - 1))]
        print(f"{label:44}{med(values):10.1f}{p95:9.1f}")
    print(
        f"slip / one-line floor = {med(slip) / med(floor):.2f}x; "
        f"slip / same-text floor = {med(slip) / med(floor_text):.2f}x (goal <= 3.0x); "
        f"signed decision median {med(decision):.0f} ms (goal <= 250 ms)"
    )


if __name__ == "__main__":
    main()
