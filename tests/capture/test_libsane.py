"""The ctypes binding against SANE's `test` backend: the frame layouts a real scanner may send
(16-bit samples, colour in three passes) still become an ordinary page image."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from client.capture.devices import libsane, sane_scanner
from tests.capture.support import PAGE_MM, sane_test_device

__all__ = ["sane_test_device"]  # the fixture, imported for pytest


@pytest.fixture
def handle(sane_test_device: str) -> Iterator[libsane.Handle]:
    with sane_scanner._LOCK:
        device = sane_scanner._module().open(sane_test_device.removeprefix("sane:"))
    yield device
    with sane_scanner._LOCK:  # the backend keeps option values per process: put them back
        if device.options["three-pass"].is_active():
            device.set("three-pass", False)
        device.set("mode", "Color")
        device.set("depth", 8)
        device.close()


def scan(device: libsane.Handle) -> tuple[str, tuple[int, int], list[Any]]:
    with sane_scanner._LOCK:
        image = sane_scanner._read_page(device, lambda _done, _total: None)
        device.cancel()
    extrema = image.getextrema()
    bands = list(extrema) if image.mode == "RGB" else [extrema]
    return image.mode, image.size, bands


def page_of(size: tuple[int, int], dpi: int) -> bool:
    """80 × 100 mm at `dpi`, to the pixel (backends round the line count either way)."""
    expected = (PAGE_MM[0] / 25.4 * dpi, PAGE_MM[1] / 25.4 * dpi)
    return all(abs(a - b) <= 1 for a, b in zip(size, expected, strict=True))


def test_options_read_back_typed(handle: libsane.Handle) -> None:
    assert handle.options["mode"].constraint == ["Gray", "Color"]
    assert handle.options["depth"].constraint == [1, 8, 16]
    low, high, _step = handle.options["resolution"].constraint
    assert (low, high) == (1.0, 1200.0)
    handle.set("resolution", 75)
    assert handle.get("resolution") == 75.0
    with pytest.raises(libsane.SaneStatusError):
        handle.set("mode", "Sepia")


def test_sixteen_bit_grey_becomes_an_eight_bit_page(handle: libsane.Handle) -> None:
    handle.set("resolution", 50)
    handle.set("mode", "Gray")
    handle.set("depth", 16)
    mode, size, [(low, high)] = scan(handle)
    assert mode == "L" and page_of(size, 50)
    assert low < 40 and high > 120  # the picture's dark and light areas, not noise or black


def test_colour_in_three_passes_is_merged(handle: libsane.Handle) -> None:
    handle.set("resolution", 50)
    handle.set("mode", "Color")
    handle.set("three-pass", True)
    mode, size, bands = scan(handle)
    assert mode == "RGB" and page_of(size, 50)
    assert all(high == 255 and low == 0 for low, high in bands)
