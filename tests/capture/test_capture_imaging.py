"""Deskew, blank-page flags and thumbnails on synthetic scans."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw

from client.capture.imaging import deskew, estimate_skew, is_blank, thumbnail
from client.capture.pages import Page, PageKind

A4_150 = (1240, 1754)


def text_page(lines: int = 30, seed: int = 1, size: tuple[int, int] = A4_150) -> Image.Image:
    """A white page with `lines` lines of word-like blocks, as text looks from afar."""
    rng = random.Random(seed)
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    for row in range(lines):
        y = 160 + row * 48
        x = 120
        while x < size[0] - 200:
            word = rng.randint(30, 140)
            draw.rectangle((x, y, x + word, y + 22), fill=rng.randint(10, 60))
            x += word + rng.randint(14, 24)
    return image


def with_noise(
    image: Image.Image, seed: int = 2, sigma: float = 8, specks: int = 300
) -> Image.Image:
    """Scanner noise (Gaussian, sigma in grey levels) and dust specks."""
    rng = random.Random(seed)
    noisy = ImageChops.add(image, Image.effect_noise(image.size, sigma), 1.0, -128)
    draw = ImageDraw.Draw(noisy)
    for _ in range(specks):
        x, y = rng.randrange(image.width), rng.randrange(image.height)
        draw.point((x, y), fill=rng.randint(0, 120))
    return noisy


def rotated(image: Image.Image, degrees: float) -> Image.Image:
    return image.rotate(degrees, resample=Image.Resampling.BICUBIC, fillcolor=255)


@pytest.mark.parametrize("angle", [2.0, -3.5, 0.8, 4.6])
def test_skew_of_a_scanned_page_is_found_and_removed(angle: float) -> None:
    skewed = rotated(text_page(), angle)
    estimate = estimate_skew(skewed)
    assert abs(estimate + angle) <= 0.3, estimate
    straight = deskew(skewed)
    assert straight.size == skewed.size
    assert abs(estimate_skew(straight)) <= 0.3


def test_a_straight_page_is_left_alone() -> None:
    page = text_page()
    assert abs(estimate_skew(page)) <= 0.1
    assert deskew(page) is page


def test_an_empty_page_has_no_skew() -> None:
    assert estimate_skew(Image.new("L", A4_150, 255)) == 0.0


def test_a_white_page_with_scanner_noise_is_blank() -> None:
    blank = Image.new("L", A4_150, 235)
    noisy = with_noise(blank)
    # A dark scanner edge and punch holes sit in the margin.
    draw = ImageDraw.Draw(noisy)
    draw.rectangle((0, 0, 20, A4_150[1]), fill=40)
    draw.ellipse((30, 800, 70, 840), fill=20)
    assert is_blank(noisy)
    assert is_blank(Image.new("RGB", A4_150, (245, 240, 225)))  # cream paper


def test_a_page_with_a_few_lines_of_text_is_not_blank() -> None:
    assert not is_blank(text_page(lines=3))
    assert not is_blank(with_noise(text_page(lines=2)))
    assert not is_blank(text_page(lines=1).convert("RGB"))


def test_a_dark_page_is_not_taken_for_blank() -> None:
    assert not is_blank(Image.new("L", A4_150, 20))


def test_thumbnail_is_a_small_png_turned_as_the_page_will_be(tmp_path: Path) -> None:
    source = tmp_path / "scan.jpg"
    text_page(size=(1200, 1700)).save(source, "JPEG", quality=85)
    page = Page(source, PageKind.IMAGE, width_px=1200, height_px=1700, rotation=90)
    data = thumbnail(page, 200)
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        assert max(image.size) <= 200
        assert image.width > image.height  # portrait scan turned a quarter


def test_thumbnail_of_a_tiff_frame(tmp_path: Path) -> None:
    frames = [Image.new("L", (300, 400), grey) for grey in (0, 200)]
    source = tmp_path / "multi.tif"
    frames[0].save(source, "TIFF", save_all=True, append_images=frames[1:])
    data = thumbnail(Page(source, PageKind.IMAGE, index=1), 64)
    with Image.open(io.BytesIO(data)) as image:
        assert image.getpixel((10, 10)) == 200


def test_pdf_pages_have_no_thumbnail_here(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        thumbnail(Page(tmp_path / "x.pdf", PageKind.PDF), 64)
