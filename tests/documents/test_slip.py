"""The 受理回执 PDF, checked with independent tools: poppler (pdftotext, pdffonts, pdfinfo,
pdftoppm) and zbar (zbarimg). A missing tool fails the test: the slip is not verified without it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from client.documents import fonts
from client.documents.barcodes import draw_code128, draw_qr, qr_drawing
from client.documents.fontfiles import font_bytes
from client.documents.fonts import FontError, fonts_report, register_fonts, select_fonts
from client.documents.slip import SlipData, SlipMaterial, render_acceptance_slip
from client.resources import resource

CASE_NUMBER = "SCJG-20250312-0001"
QUERY_URL = "https://zwfw.example.gov.cn/q?case={case_number}"
EXPECTED_URL = f"https://zwfw.example.gov.cn/q?case={CASE_NUMBER}"

MATERIALS = (
    SlipMaterial("公司登记（备案）申请书", "原件", 1, 4),
    SlipMaterial("公司章程", "原件", 1, 12),
    SlipMaterial("股东、发起人的主体资格文件或自然人身份证件", "复印件", 2, 2),
    SlipMaterial("法定代表人、董事、监事和经理的任职文件及身份证件", "原件及复印件", 1, 6),
    SlipMaterial("住所使用证明（房屋所有权证或租赁合同）", "复印件", 1, 3),
    SlipMaterial("委托书及委托代理人身份证件", "原件", 1, 0),
)

SLIP = SlipData(
    case_number=CASE_NUMBER,
    case_id="01958a3c-7d2e-7b41-9c3a-5e8f2d1b4a60",
    item_code="SCJG-0101",
    item_name="有限责任公司设立登记",
    hall_department="某某县市场监督管理局",
    applicant_name="张秀英",
    applicant_id_masked="110101********1234",
    agent_name="李建国",
    materials=MATERIALS,
    accepted_at=dt.datetime(2025, 3, 12, 9, 41),
    clerk="王芳",
    window_code="A05",
    promised_limit_days=3,
    due_date=dt.date(2025, 3, 17),
    calendar_complete=True,
    query_url=QUERY_URL,
    hall_address="某某县政务服务中心二楼A区（人民路88号）",
    hall_phone="0531-12345678",
    training=False,
)


def run(*args: str) -> str:
    tool = shutil.which(args[0])
    assert tool, f"{args[0]} is required to verify documents (poppler-utils / zbar-tools)"
    done = subprocess.run([tool, *args[1:]], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, f"{args[0]} failed: {done.stderr}"
    return done.stdout


def write(tmp_path: Path, data: SlipData, name: str = "slip.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(render_acceptance_slip(data))
    return path


def text_of(pdf: Path) -> str:
    return run("pdftotext", "-enc", "UTF-8", str(pdf), "-")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_size(pdf: Path) -> tuple[float, float]:
    match = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", run("pdfinfo", str(pdf)))
    assert match, "pdfinfo printed no page size"
    return float(match[1]), float(match[2])


def symbols(pdf: Path, tmp_path: Path) -> list[str]:
    """What zbar decodes from the page rendered at 200 dpi."""
    png = tmp_path / "page"
    run("pdftoppm", "-r", "200", "-png", "-singlefile", str(pdf), str(png))
    return sorted(
        run(
            "zbarimg",
            "-q",
            "--raw",
            "-Sdisable",
            "-Scode128.enable",
            "-Sqrcode.enable",
            str(png) + ".png",
        ).splitlines()
    )


def test_text_carries_every_field(tmp_path: Path) -> None:
    text = text_of(write(tmp_path, SLIP))
    flat = squeeze(text)
    for value in (
        CASE_NUMBER,
        "受理回执",
        "某某县市场监督管理局",
        "有限责任公司设立登记",
        "SCJG-0101",
        "张秀英",
        "110101********1234",
        "李建国",
        "王芳",
        "A05",
        "2025年3月12日09:41",
        "3个工作日",
        "2025年3月17日",
        "0531-12345678",
        SLIP.case_id,
    ):
        assert squeeze(value) in flat, value
    for material in MATERIALS:
        assert squeeze(material.name) in flat, material.name
    assert "原件及复印件1份·扫描件6份" in flat
    assert "节假日安排缺失" not in flat
    assert "培训" not in text


def test_fonts_are_embedded_subsets(tmp_path: Path) -> None:
    rows = run("pdffonts", str(write(tmp_path, SLIP))).splitlines()[2:]
    assert rows, "the slip uses no fonts?"
    for row in rows:
        name, *_, emb, sub, _uni, _obj, _gen = row.split()
        assert (emb, sub) == ("yes", "yes"), row
        assert re.match(r"[A-Z]{6}\+", name), row


def test_barcode_and_qr_decode(tmp_path: Path) -> None:
    assert symbols(write(tmp_path, SLIP), tmp_path) == sorted([CASE_NUMBER, EXPECTED_URL])


def test_zbar_names_the_symbologies(tmp_path: Path) -> None:
    pdf = write(tmp_path, dataclasses.replace(SLIP, training=True))
    png = tmp_path / "typed"
    run("pdftoppm", "-r", "200", "-png", "-singlefile", str(pdf), str(png))
    lines = run("zbarimg", "-q", str(png) + ".png").splitlines()
    assert sorted(lines) == [f"CODE-128:{CASE_NUMBER}", f"QR-Code:{EXPECTED_URL}"]


def test_training_slip_is_marked(tmp_path: Path) -> None:
    pdf = write(tmp_path, dataclasses.replace(SLIP, training=True))
    text = text_of(pdf)
    assert text.count("培训模式 · 不具法律效力") == 2
    assert "培训" in run("pdfinfo", str(pdf))  # the PDF title says 培训样本 too


def test_page_is_80_mm_wide_and_grows_with_materials(tmp_path: Path) -> None:
    width, height = page_size(write(tmp_path, SLIP))
    assert width == pytest.approx(80 * 72 / 25.4, abs=0.01)
    longer = dataclasses.replace(SLIP, materials=MATERIALS * 3)
    long_width, long_height = page_size(write(tmp_path, longer, "long.pdf"))
    assert long_width == width
    assert long_height > height + 12 * 2 * 12  # twelve more materials, two lines each


def test_metadata(tmp_path: Path) -> None:
    info = run("pdfinfo", str(write(tmp_path, SLIP)))
    assert re.search(r"^Title:\s+受理回执$", info, re.M)
    assert re.search(r"^Author:\s+某某县市场监督管理局$", info, re.M)
    assert re.search(rf"^Subject:\s+{CASE_NUMBER}$", info, re.M)


def test_output_is_deterministic() -> None:
    assert render_acceptance_slip(SLIP) == render_acceptance_slip(SLIP)


def test_immediate_item_and_incomplete_calendar(tmp_path: Path) -> None:
    immediate = squeeze(text_of(write(tmp_path, dataclasses.replace(SLIP, promised_limit_days=0))))
    assert "即办件，当场办结" in immediate
    assert "预计办结日期" not in immediate
    guessed = dataclasses.replace(SLIP, calendar_complete=False, agent_name="")
    flat = squeeze(text_of(write(tmp_path, guessed, "guessed.pdf")))
    assert "2025年3月17日（暂定：调休安排未公布，已按法定节假日计算）" in flat
    assert "代理人：" not in flat


def test_no_line_starts_with_closing_punctuation(tmp_path: Path) -> None:
    # The comma moves one character further along in each name, so one of them falls exactly
    # where the wrap would start a new line; each name also ends with 。
    base = "企业名称预先核准通知书或者市场主体名称自主申报告知书以及其他相关证明文件"
    names = [base[:k] + "，" + base[k:] + "（复印件加盖公章）。" for k in range(12, 30)]
    materials = tuple(SlipMaterial(name, "复印件", 1, 1) for name in names)
    text = text_of(write(tmp_path, dataclasses.replace(SLIP, materials=materials)))
    for name in names:
        assert squeeze(name) in squeeze(text)
    starts = [line for line in text.splitlines() if line and line[0] in "，。、；：！？）》”"]
    assert starts == []


def test_qr_payload_must_be_ascii(tmp_path: Path) -> None:
    canvas = Canvas(str(tmp_path / "qr.pdf"))
    with pytest.raises(ValueError):
        draw_qr(canvas, 0, 0, "https://example.gov.cn/查询?id=1", 20 * mm)
    with pytest.raises(ValueError):
        qr_drawing("张三", 20 * mm)
    with pytest.raises(ValueError):
        render_acceptance_slip(dataclasses.replace(SLIP, query_url="https://例子.cn/{case_number}"))


def test_code128_refuses_unreadable_bars(tmp_path: Path) -> None:
    canvas = Canvas(str(tmp_path / "bars.pdf"))
    with pytest.raises(ValueError):
        draw_code128(canvas, 0, 0, CASE_NUMBER, 40 * mm, 10 * mm)  # about 0.18 mm per module
    with pytest.raises(ValueError):
        draw_code128(canvas, 0, 0, "受理", 70 * mm, 10 * mm)
    with pytest.raises(ValueError):
        render_acceptance_slip(dataclasses.replace(SLIP, case_number="SJ-" + "AB-" * 12))


def test_fonts_registration_is_idempotent_and_reported(tmp_path: Path) -> None:
    assert register_fonts() is register_fonts()
    report = fonts_report()
    assert any("FandolFang-Regular.ttf.gz" in line for line in report)
    assert any("wqy-zenhei.ttf.gz" in line for line in report)
    assert any("FandolSong-Regular.ttf.gz" in line for line in report)
    assert "页码字体：CK-FandolSong" in report  # no Windows 宋体 here
    with pytest.raises(FontError):
        select_fonts([tmp_path], tmp_path)  # no Windows fonts, no bundled font


def test_windows_fonts_are_preferred(tmp_path: Path) -> None:
    bundled = resource("fonts")
    windows = tmp_path / "Fonts"
    windows.mkdir()
    zen_hei = font_bytes(bundled / "wqy-zenhei.ttf.gz")
    (windows / "simhei.ttf").write_bytes(zen_hei)  # stands in for 黑体
    fonts = select_fonts([windows], bundled)
    assert fonts.heading == "CK-SimHei"
    assert fonts.body == "CK-FandolFang"  # no 仿宋: the bundled one
    assert fonts.title == "CK-FandolSongBold"  # Windows has no 小标宋
    assert fonts.song == "CK-FandolSong"  # no 宋体: the bundled one
    (windows / "simfang.ttf").write_bytes(zen_hei)  # stands in for 仿宋
    (windows / "simsun.ttc").write_bytes(zen_hei)  # stands in for 宋体
    chosen = select_fonts([windows], bundled)
    assert (chosen.body, chosen.song) == ("CK-FangSong", "CK-SimSun")


def test_fonts_report_raises_without_any_font(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts, "_registered", None)
    monkeypatch.setattr(fonts, "windows_font_dirs", lambda: [tmp_path])
    monkeypatch.setattr(fonts, "resource", lambda *parts: tmp_path.joinpath(*parts))
    with pytest.raises(FontError, match=r"FandolFang-Regular\.ttf\.gz"):
        fonts.fonts_report()
    with pytest.raises(FontError):
        fonts.register_fonts()


def test_rare_name_characters_and_reprint_mark(tmp_path: Path) -> None:
    """A name with a CJK Ext-B character prints through the fallback font; a reprint says 补打."""
    pdf = write(tmp_path, dataclasses.replace(SLIP, applicant_name="𠀾小明", reprint=True))
    text = squeeze(text_of(pdf))
    assert "𠀾小明" in text
    assert "补打" in text
    fonts = run("pdffonts", str(pdf))
    assert "HanaMinB" in fonts
