"""Benchmark: PAdES signing of a one-page A4 decision, beside a bare reportlab page.

A representative 准予行政许可决定书 (title, 文号, ~400 Chinese characters of body in paragraphs,
the bundled WenQuanYi Zen Hei font embedded as a subset) is rendered with reportlab and signed
with a training certificate (RSA-2048, PKCS#12 decrypted on every call, as the offline layer
does). The floor, measured in the same run: a bare reportlab A4 page with one line in the same
font. Goal: a signed decision (render + sign) ≤ 250 ms median.

    python -m tests.bench.signing [--runs N] [--quick]

--quick: 3 runs each, to show the bench still runs (its figures mean little).
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pyhanko.pdf_utils.reader import PdfFileReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from client.documents.fontfiles import font_source
from client.documents.signing import SigningIdentity, sign_pdf
from client.documents.training_seal import make_training_identity
from client.resources import resource

FONT = "Bench-WQY"
DEPARTMENT = "某某县市场监督管理局"
BODY = (
    "某某餐饮管理有限公司：",
    "你单位于二〇二五年三月十二日提出的食品经营许可申请，本机关已于同日受理。经审查，你单位提交的"
    "申请材料齐全、符合法定形式，经营场所、设施设备、人员配备及食品安全管理制度符合《中华人民共和国"
    "食品安全法》第三十三条、第三十五条及《食品经营许可和备案管理办法》第十一条规定的条件。",
    "根据《中华人民共和国行政许可法》第三十八条第一款的规定，本机关决定准予你单位食品经营许可，"
    "经营项目为预包装食品销售（含冷藏冷冻食品）、热食类食品制售、冷食类食品制售，许可证编号为"
    "JY23701000012345，有效期自二〇二五年三月十七日至二〇三〇年三月十六日。",
    "你单位应当在许可范围内依法从事食品经营活动，并在经营场所显著位置悬挂食品经营许可证正本。",
    "如不服本决定，可以在收到本决定书之日起六十日内向某某县人民政府申请行政复议，或者在六个月内"
    "依法向某某县人民法院提起行政诉讼。",
)


def register_font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        path = resource("fonts", "wqy-zenhei.ttf.gz")
        pdfmetrics.registerFont(TTFont(FONT, font_source(path)))


def bare_page() -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setFont(FONT, 16)
    canvas.drawString(28 * mm, A4[1] - 40 * mm, "准予行政许可决定书")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def decision_page() -> bytes:
    title = ParagraphStyle("title", fontName=FONT, fontSize=22, leading=32, alignment=1)
    number = ParagraphStyle("number", fontName=FONT, fontSize=16, leading=28, alignment=1)
    body = ParagraphStyle(
        "body", fontName=FONT, fontSize=16, leading=26, firstLineIndent=32, wordWrap="CJK"
    )
    right = ParagraphStyle("right", parent=body, alignment=2)
    story = [
        Paragraph("准予行政许可决定书", title),
        Paragraph("某市监许准字〔2025〕第0312号", number),
        Spacer(1, 6 * mm),
        *(Paragraph(text, body) for text in BODY),
        Spacer(1, 4 * mm),
        Paragraph(DEPARTMENT, right),
        Paragraph("二〇二五年三月十七日", right),
    ]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, topMargin=37 * mm, bottomMargin=35 * mm, leftMargin=28 * mm,
        rightMargin=26 * mm,
    )  # fmt: skip
    doc.build(story)
    return buffer.getvalue()


def sign(pdf: bytes, identity: SigningIdentity) -> bytes:
    return sign_pdf(
        pdf, identity, reason="准予行政许可", location="某某县政务服务中心", signer_name=DEPARTMENT
    )


def timed(action: Callable[[], object], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--quick", action="store_true", help="3 runs: does it still run")
    args = parser.parse_args()
    if args.quick:
        args.runs = 3
    register_font()
    with tempfile.TemporaryDirectory() as tmp:
        identity = make_training_identity(Path(tmp), DEPARTMENT, b"bench passphrase")
        decision = decision_page()
        chars = sum(len(text) for text in BODY)
        sign(decision, identity)  # warm-up: imports, font subsetting caches
        bare_page()
        floor = timed(bare_page, args.runs)
        render = timed(decision_page, args.runs)
        signing = timed(lambda: sign(decision, identity), args.runs)
        total = timed(lambda: sign(decision_page(), identity), args.runs)
    pages = PdfFileReader(io.BytesIO(decision)).root["/Pages"]["/Count"]
    size = len(decision)
    print(f"decision: {pages} A4 page, {chars} body characters, {size} bytes; runs={args.runs}")
    print(f"  floor (bare reportlab A4 page)  median {statistics.median(floor):7.1f} ms")
    for label, samples in (
        ("render decision", render),
        ("sign only", signing),
        ("render + sign", total),
    ):
        print(
            f"  {label:<31} median {statistics.median(samples):7.1f} ms"
            f"   p95 {pct(samples, 0.95):7.1f} ms"
        )
    ratio = statistics.median(total) / statistics.median(floor)
    print(f"render + sign / floor = {ratio:.1f}x")
    verdict = "met" if statistics.median(total) <= 250 else "MISSED"
    print(f"goal: signed decision ≤ 250 ms median: {verdict}")


if __name__ == "__main__":
    main()
