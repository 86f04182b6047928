"""Separator sheets: printed by us, scanned (simulated: rasterised, skewed, noisy, JPEG), and
sorted back into materials."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw

from client.capture.pages import Page, PageKind
from client.capture.separators import render_separator_sheets, separator_code, split_stack
from client.catalog.loading import load_training_catalog
from client.domain import ServiceItem
from client.errors import Cancelled

FOOD = "SCJG-0201"
M01, M02, M03 = (f"{FOOD}-M0{n}" for n in (1, 2, 3))


@pytest.fixture(scope="module")
def item() -> ServiceItem:
    found = load_training_catalog().item(FOOD)
    assert found is not None
    return found


def scanned(image: Image.Image, path: Path, angle: float, seed: int) -> Page:
    """What a sheet-fed scanner makes of a page: slightly turned, noisy, JPEG."""
    grey = image.convert("L").rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    grey = ImageChops.add(grey, Image.effect_noise(grey.size, 6), 1.0, -128)
    rng = random.Random(seed)
    draw = ImageDraw.Draw(grey)
    for _ in range(200):
        draw.point((rng.randrange(grey.width), rng.randrange(grey.height)), fill=rng.randint(0, 90))
    grey.save(path, "JPEG", quality=75, dpi=(200, 200))
    return Page(path, PageKind.IMAGE, width_px=grey.width, height_px=grey.height, dpi=200)


def content_page(label: str, size: tuple[int, int] = (1654, 2339)) -> Image.Image:
    image = Image.new("L", size, 250)
    draw = ImageDraw.Draw(image)
    draw.text((150, 120), label, fill=0, font_size=60)
    for row in range(25):
        y = 300 + row * 70
        draw.line((150, y, size[0] - 150 - (row % 5) * 90, y), fill=30, width=6)
    return image


def rasterise(pdf: Path, tmp: Path, prefix: str) -> list[Image.Image]:
    subprocess.run(["pdftoppm", "-r", "200", "-gray", str(pdf), str(tmp / prefix)], check=True)
    images = []
    for path in sorted(tmp.glob(f"{prefix}-*.pgm")):
        with Image.open(path) as image:
            images.append(image.copy())
    return images


def test_a_scanned_stack_is_sorted_by_its_separator_sheets(
    item: ServiceItem, tmp_path: Path
) -> None:
    sheets_pdf = tmp_path / "sheets.pdf"
    assert render_separator_sheets(item, [M01, M02, M03], sheets_pdf) == 3
    sheets = dict(zip((M01, M02, M03), rasterise(sheets_pdf, tmp_path, "sheet"), strict=True))

    plan: list[tuple[str, Image.Image]] = [
        ("stray", content_page("stray")),  # before any sheet
        ("sep", sheets[M01]),
        ("m01-a", content_page("m01-a")),
        ("m01-b", content_page("m01-b")),
        ("sep", sheets[M03]),
        ("m03-a", content_page("m03-a")),
        ("sep", sheets[M02]),
        ("m02-a", content_page("m02-a")),
        ("m02-b", content_page("m02-b")),
        ("m02-c", content_page("m02-c")),
    ]
    stack = [
        scanned(image, tmp_path / f"{n:02d}-{label}.jpg", angle=(-1.5, 0.7, 1.2)[n % 3], seed=n)
        for n, (label, image) in enumerate(plan)
    ]
    reports: list[tuple[int, int]] = []
    split = split_stack(stack, item, progress=lambda d, t: reports.append((d, t)))

    def labels(pages: tuple[Page, ...]) -> list[str]:
        return [p.source.stem.split("-", 1)[1] for p in pages]

    assert [g.material_code for g in split.groups] == [M01, M03, M02]
    assert labels(split.pages_for(M01)) == ["m01-a", "m01-b"]
    assert labels(split.pages_for(M03)) == ["m03-a"]
    assert labels(split.pages_for(M02)) == ["m02-a", "m02-b", "m02-c"]
    assert labels(split.unassigned) == ["stray"]
    assert split.separator_count == 3
    assert split.groups[0].material_name == "食品经营许可申请书"
    assert any("1 页不在任何分隔页之后" in p for p in split.problems)
    assert reports[-1] == (10, 10) and len(reports) == 10


def test_a_sheet_of_another_item_is_reported_and_its_pages_kept(
    item: ServiceItem, tmp_path: Path
) -> None:
    catalog = load_training_catalog()
    other = next(i for i in catalog.items if i.code != FOOD and i.materials)
    foreign_pdf = tmp_path / "foreign.pdf"
    render_separator_sheets(other, [other.materials[0].code], foreign_pdf)
    (foreign_sheet,) = rasterise(foreign_pdf, tmp_path, "foreign")
    stack = [
        scanned(foreign_sheet, tmp_path / "0.jpg", 0.5, 0),
        scanned(content_page("x"), tmp_path / "1.jpg", 0.0, 1),
    ]
    split = split_stack(stack, item)
    assert split.groups == ()
    assert split.unassigned == (stack[1],)
    assert any(other.materials[0].code in p and "不属于本事项" in p for p in split.problems)


def test_duplex_backs_are_sheets_too_and_an_empty_material_is_reported(
    item: ServiceItem, tmp_path: Path
) -> None:
    pdf = tmp_path / "duplex.pdf"
    assert render_separator_sheets(item, [M01, M02], pdf, duplex=True) == 4
    front1, back1, front2, back2 = rasterise(pdf, tmp_path, "duplex")
    stack = [
        scanned(front1, tmp_path / "0.jpg", 0.3, 0),
        scanned(back1, tmp_path / "1.jpg", 0.3, 1),
        scanned(front2, tmp_path / "2.jpg", -0.4, 2),
        scanned(back2, tmp_path / "3.jpg", -0.4, 3),
        scanned(content_page("p"), tmp_path / "4.jpg", 0.0, 4),
    ]
    split = split_stack(stack, item)
    assert split.separator_count == 4
    assert split.pages_for(M02) == (stack[4],)
    assert split.pages_for(M01) == ()
    assert any("食品经营许可申请书" in p and "没有材料页" in p for p in split.problems)


def test_other_barcodes_on_a_page_do_not_make_it_a_separator(tmp_path: Path) -> None:
    """A business licence carries a QR code of its own."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from client.documents.barcodes import draw_code128, draw_qr

    pdf = tmp_path / "licence.pdf"
    canvas = Canvas(str(pdf), pagesize=A4)
    draw_qr(canvas, 200, 400, "https://gsxt.example.gov.cn/91350100M000100Y43", 150)
    draw_code128(canvas, 100, 200, "CK-SEPARATE", 300, 60)
    canvas.save()
    (licence,) = rasterise(pdf, tmp_path, "licence")
    page = scanned(licence, tmp_path / "licence.jpg", 0.0, 0)
    assert separator_code(page) is None
    assert separator_code(Page(tmp_path / "licence.pdf", PageKind.PDF)) is None


def test_sheets_carry_the_material_name_and_the_instruction(
    item: ServiceItem, tmp_path: Path
) -> None:
    pdf = tmp_path / "sheets.pdf"
    render_separator_sheets(item, None, pdf)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.replace("\n", "")
    for material in item.materials:
        assert material.name in text
    assert text.count("请将本页放在该材料第一页之前") == len(item.materials)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts  # every font embedded
    with pytest.raises(ValueError):
        render_separator_sheets(item, ["NOPE-1"], tmp_path / "x.pdf")


def test_sorting_can_be_cancelled(item: ServiceItem, tmp_path: Path) -> None:
    pages = [scanned(content_page(str(n)), tmp_path / f"{n}.jpg", 0, n) for n in range(3)]
    with pytest.raises(Cancelled):
        split_stack(pages, item, cancelled=lambda: True)
