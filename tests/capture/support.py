"""Shared by the capture tests: SANE's built-in `test` device, and real images made with Pillow.

libsane reads its configuration once per process (at `sane_init`), so tests/conftest.py
writes the `test`-only configuration and points SANE_CONFIG_DIR at it before any test runs,
in every test process. The test device scans its "Color pattern" picture, 80 × 100 mm, and
its document feeder holds 10 sheets per opening.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

SANE_TEST_CONF = """\
number_of_devices 1
test-picture "Color pattern"
"""
PAGE_MM = (80, 100)  # the test device's default scan area
FEEDER_SHEETS = 10


@pytest.fixture(scope="session")
def sane_test_device() -> str:
    """The device id of SANE's `test` scanner, the only one the tests' SANE knows."""
    config = Path(os.environ["SANE_CONFIG_DIR"])
    assert (config / "dll.conf").read_text() == "test\n", "SANE without the test config"
    return "sane:test:0"


def text_page(path: Path, label: str, size: tuple[int, int] = (800, 1100)) -> Path:
    """A white page with black bars and a label: not blank, easy to tell apart."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    for row in range(8):
        y = 120 + row * 110
        draw.rectangle((80, y, size[0] - 80 - row * 40, y + 30), fill="black")
    draw.text((80, 40), label, fill="black")
    image.save(path, "JPEG", quality=90, dpi=(100, 100))
    return path
