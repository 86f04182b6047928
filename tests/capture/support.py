"""Shared by the capture tests: SANE's built-in `test` device, and real images made with Pillow.

libsane reads its configuration once per process (at `sane_init`), so the `test`-only
configuration is written once per session and SANE_CONFIG_DIR points at it before anything
initialises SANE. The test device scans its "Color pattern" picture, 80 × 100 mm, and its
document feeder holds 10 sheets per opening.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

TEST_CONF = """\
number_of_devices 1
test-picture "Color pattern"
"""
PAGE_MM = (80, 100)  # the test device's default scan area
FEEDER_SHEETS = 10


_config: list[Path] = []  # the one configuration this process's libsane was started with


@pytest.fixture(scope="session")
def sane_test_device(tmp_path_factory: pytest.TempPathFactory) -> str:
    """SANE configured with only the `test` backend; returns the device id to scan from.

    The variable stays set for the rest of the run: libsane keeps the configuration it was
    initialised with for the life of the process anyway."""
    from client.capture.devices import sane_scanner

    if not _config:
        config = tmp_path_factory.mktemp("sane")
        (config / "dll.conf").write_text("test\n")
        (config / "test.conf").write_text(TEST_CONF)
        # Fail loudly rather than scan from whatever an earlier test initialised.
        assert not sane_scanner._state["initialised"], "SANE started without the test config"
        os.environ["SANE_CONFIG_DIR"] = str(config)
        _config.append(config)
    assert os.environ.get("SANE_CONFIG_DIR") == str(_config[0])
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
