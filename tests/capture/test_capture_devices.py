"""Capture sources against real devices and files: SANE's `test` scanner, a watched folder
written to slowly, imported files good and bad."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PIL import Image

from client.capture.devices import list_scanners, open_scanner
from client.capture.devices.watched_folder import IMPORTED_DIR, REFUSED_DIR, WatchedFolderSource
from client.capture.pages import CaptureWorkspace, Page
from client.capture.safety import Limits
from client.capture.sources import (
    CaptureError,
    FileSource,
    ScanMode,
    ScanSettings,
    acquire_all,
)
from client.errors import Cancelled
from offline.storage.settings import SPEC_BY_KEY, value_problem
from tests.capture.support import FEEDER_SHEETS, PAGE_MM, sane_test_device, text_page

__all__ = ["sane_test_device"]  # the fixture, imported for pytest
pytestmark = pytest.mark.usefixtures("sane_test_device")


@pytest.fixture
def workspace(tmp_path: Path) -> CaptureWorkspace:
    return CaptureWorkspace(tmp_path / "work")


def never() -> bool:
    return False


def scan(workspace: CaptureWorkspace, settings: ScanSettings) -> list[Page]:
    source = open_scanner(settings.device, workspace)
    return acquire_all(source, settings, lambda *_: None, never)


def test_sane_lists_the_test_device(sane_test_device: str) -> None:
    devices = list_scanners()
    assert [d.id for d in devices] == [sane_test_device]
    assert "frontend-tester" in devices[0].label


@pytest.mark.parametrize(
    ("mode", "media_type", "pil_mode"),
    [
        (ScanMode.COLOR, "image/jpeg", "RGB"),
        (ScanMode.GREY, "image/jpeg", "L"),
        (ScanMode.BW, "image/png", "1"),
    ],
)
def test_sane_scans_a_flatbed_page_in_each_mode(
    workspace: CaptureWorkspace,
    sane_test_device: str,
    mode: ScanMode,
    media_type: str,
    pil_mode: str,
) -> None:
    settings = ScanSettings(device=sane_test_device, dpi=150, mode=mode, deskew=False)
    [page] = scan(workspace, settings)
    assert page.media_type == media_type and page.dpi == 150
    assert workspace.contains(page.source)
    with Image.open(page.source) as image:
        assert image.mode == pil_mode
        # 80 × 100 mm at 150 dpi
        expected = tuple(round(mm / 25.4 * 150) for mm in PAGE_MM)
        assert all(abs(a - b) <= 1 for a, b in zip(image.size, expected, strict=True))
        assert (page.width_px, page.height_px) == image.size
        assert round(image.info["dpi"][0]) == 150
        if mode is ScanMode.BW:
            histogram = image.convert("L").histogram()
            assert [level for level, n in enumerate(histogram) if n] == [0, 255]


def test_jpeg_quality_is_applied(workspace: CaptureWorkspace, sane_test_device: str) -> None:
    sizes = []
    for quality in (40, 95):
        settings = ScanSettings(device=sane_test_device, dpi=150, jpeg_quality=quality)
        [page] = scan(workspace, settings)
        sizes.append(page.source.stat().st_size)
    assert sizes[0] < sizes[1] * 0.7


def test_sane_feeder_scans_until_it_is_empty(
    workspace: CaptureWorkspace, sane_test_device: str
) -> None:
    reports: list[tuple[int, int, str]] = []
    settings = ScanSettings(device=sane_test_device, dpi=75, feeder=True, mode=ScanMode.GREY)
    source = open_scanner(sane_test_device, workspace)
    pages = acquire_all(source, settings, lambda *a: reports.append(a), never)
    assert len(pages) == FEEDER_SHEETS
    assert len({p.source for p in pages}) == FEEDER_SHEETS
    assert any("第 10 页" in text for _d, _t, text in reports)


def test_sane_scan_can_be_cancelled_midway(
    workspace: CaptureWorkspace, sane_test_device: str
) -> None:
    calls = {"n": 0}

    def cancel_after_some_lines() -> bool:
        calls["n"] += 1
        return calls["n"] > 20  # inside the first page's transfer

    settings = ScanSettings(device=sane_test_device, dpi=300, feeder=True)
    source = open_scanner(sane_test_device, workspace)
    with pytest.raises(Cancelled):
        acquire_all(source, settings, lambda *_: None, cancel_after_some_lines)
    assert list(workspace.directory.iterdir()) == []
    # The device is usable again straight away.
    assert len(scan(workspace, ScanSettings(device=sane_test_device, dpi=75))) == 1


def test_duplex_on_a_scanner_without_it_is_refused_plainly(
    workspace: CaptureWorkspace, sane_test_device: str
) -> None:
    settings = ScanSettings(device=sane_test_device, feeder=True, duplex=True)
    with pytest.raises(CaptureError, match="不支持双面扫描"):
        scan(workspace, settings)


def test_unknown_scanner_is_a_clear_error(workspace: CaptureWorkspace) -> None:
    with pytest.raises(CaptureError, match="无法打开扫描仪"):
        scan(workspace, ScanSettings(device="sane:nosuch:0"))


def test_watched_folder_takes_a_slowly_written_file_once_complete(
    tmp_path: Path, workspace: CaptureWorkspace
) -> None:
    folder = tmp_path / "scan-to"
    folder.mkdir()
    data = text_page(tmp_path / "page.jpg", "slow").read_bytes()
    source = WatchedFolderSource(folder, workspace, Limits(), settle_seconds=0.8)
    finished = threading.Event()

    def scanner_writes_slowly() -> None:
        quarter = len(data) // 4
        with open(folder / "scan0001.jpg", "wb") as out:
            for part in range(4):
                out.write(data[part * quarter : (part + 1) * quarter if part < 3 else None])
                out.flush()
                time.sleep(0.4)
        finished.set()

    writer = threading.Thread(target=scanner_writes_slowly)
    writer.start()
    taken: list[tuple[bool, Page]] = []
    deadline = time.monotonic() + 8
    while time.monotonic() < deadline:
        was_finished = finished.is_set()
        taken += [(was_finished, p) for p in source.acquire(ScanSettings(), print, never)]
        if taken and time.monotonic() > deadline - 6:
            break
        time.sleep(0.1)
    writer.join()
    for _ in range(12):  # keep watching: it is never taken again
        taken += [(True, p) for p in source.acquire(ScanSettings(), print, never)]
        time.sleep(0.1)
    assert len(taken) == 1, taken
    was_finished, page = taken[0]
    assert was_finished  # never while the scanner was still writing
    assert source.refused == []
    assert not (folder / "scan0001.jpg").exists()
    assert (folder / IMPORTED_DIR / "scan0001.jpg").read_bytes() == data
    with Image.open(page.source) as image:
        image.load()  # the whole image, not a truncated one
        assert image.size == (800, 1100)


def test_watched_folder_sets_a_refused_file_aside_and_says_why(
    tmp_path: Path, workspace: CaptureWorkspace
) -> None:
    folder = tmp_path / "scan-to"
    folder.mkdir()
    (folder / "invoice.pdf").write_bytes(b"MZ\x90\x00" + b"\x00" * 200)  # a program, renamed
    (folder / "still-copying.jpg.part").write_bytes(b"\xff\xd8\xff")
    source = WatchedFolderSource(folder, workspace, Limits(), settle_seconds=0.0)
    pages = [p for _ in range(3) for p in source.acquire(ScanSettings(), print, never)]
    assert pages == []
    assert len(source.refused) == 1 and "可执行程序" in source.refused[0]
    assert (folder / REFUSED_DIR / "invoice.pdf").exists()
    assert (folder / "still-copying.jpg.part").exists()  # partial downloads are left alone
    assert list(workspace.directory.iterdir()) == []


def test_file_source_keeps_good_files_and_explains_refused_ones(
    tmp_path: Path, workspace: CaptureWorkspace
) -> None:
    good = text_page(tmp_path / "id-card.jpg", "good")
    bad = tmp_path / "photo.jpg"
    bad.write_bytes(b"this is not a photo at all" * 10)
    source = FileSource([bad, good], workspace, Limits())
    pages = acquire_all(source, ScanSettings(), lambda *_: None, never)
    assert [p.origin for p in pages] == ["id-card.jpg"]
    assert len(source.refused) == 1
    assert "photo.jpg" in source.refused[0] and "不是图像" in source.refused[0]


def test_scan_settings_accept_only_their_choices() -> None:
    assert value_problem(SPEC_BY_KEY["scan.dpi"], 300) == ""
    assert "只能取" in value_problem(SPEC_BY_KEY["scan.dpi"], 250)
    assert "只能取" in value_problem(SPEC_BY_KEY["scan.mode"], "sepia")
    assert value_problem(SPEC_BY_KEY["scan.duplex"], True) == ""
    assert "类型" in value_problem(SPEC_BY_KEY["scan.duplex"], "yes")
    assert "之间" in value_problem(SPEC_BY_KEY["scan.jpeg_quality"], 101)


def test_imported_blank_pages_are_flagged_not_dropped(
    tmp_path: Path, workspace: CaptureWorkspace
) -> None:
    white = tmp_path / "back.jpg"
    Image.new("L", (800, 1100), 250).save(white, "JPEG", quality=90)
    text = text_page(tmp_path / "front.jpg", "front")
    source = FileSource([text, white], workspace, Limits())
    pages = acquire_all(source, ScanSettings(), lambda *_: None, never)
    assert [(p.origin, p.blank) for p in pages] == [("front.jpg", False), ("back.jpg", True)]


def test_doctor_names_the_scanners_and_a_chosen_one_that_is_gone(
    sane_test_device: str, tmp_path: Path
) -> None:
    import json
    import subprocess
    import sys

    from offline.storage.profile import open_profile

    root = Path(__file__).resolve().parents[2]
    profile = tmp_path / "profile"

    def doctor() -> dict[str, dict[str, str]]:
        result = subprocess.run(
            [sys.executable, str(root / "main.py"), "--profile", str(profile), "doctor", "--json"],
            capture_output=True,
            text=True,
            cwd=root,
            timeout=60,
        )
        return {c["name"]: c for c in json.loads(result.stdout)["checks"]}

    seen = doctor()["scanners"]
    assert seen["level"] == "ok" and "frontend-tester" in seen["message"]

    store = open_profile(profile)
    store.set_settings(
        {"scan.device": "sane:plustek:libusb:001:004", "scan.watch_folder": str(tmp_path / "gone")}
    )
    store.close()
    checks = doctor()
    assert checks["scanners"]["level"] == "warning"
    assert "sane:plustek:libusb:001:004 未找到" in checks["scanners"]["message"]
    assert "frontend-tester" in checks["scanners"]["message"]
    assert checks["watch_folder"]["level"] == "warning"


CANCEL_MANY = """
import sys
from pathlib import Path
from client.capture.devices import open_scanner
from client.capture.pages import CaptureWorkspace
from client.capture.sources import ScanSettings, acquire_all
from client.errors import Cancelled
workspace = CaptureWorkspace(Path(sys.argv[1]))
for n in range(300):
    calls = [0]
    def cancelled():
        calls[0] += 1
        return calls[0] > 5 + n % 30  # somewhere inside the page's transfer
    source = open_scanner("sane:test:0", workspace)
    try:
        acquire_all(source, ScanSettings(device="sane:test:0", dpi=300), lambda *_: None, cancelled)
    except Cancelled:
        pass
from PySide6.QtWidgets import QApplication
from PySide6.QtPrintSupport import QPrinter
app = QApplication([])
QPrinter(QPrinter.PrinterMode.HighResolution)  # loads the print plugin: dlopen, newlocale
print("printer ready")
"""


def test_many_cancelled_scans_leave_the_process_healthy(
    sane_test_device: str, tmp_path: Path
) -> None:
    """Cancelling mid-page once called sane_cancel(), and the test backend pthread_cancel()s
    its reader thread: after a few hundred cancels a glibc lock stayed taken and the print
    dialog (any library loaded later) hung the window for good."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", CANCEL_MANY, str(tmp_path / "work")],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        timeout=90,
    )
    assert result.returncode == 0, result.stderr
    assert "printer ready" in result.stdout


def test_a_feeder_batch_stopped_early_keeps_the_sheets_already_scanned(
    workspace: CaptureWorkspace, sane_test_device: str
) -> None:
    """A jam, the page limit or 取消 at sheet N must not lose sheets 1 to N-1: they have
    already gone through the feeder."""
    settings = ScanSettings(device=sane_test_device, dpi=75, feeder=True, mode=ScanMode.GREY)
    done = [0]

    def track(pages_done: int, _total: int, _text: str) -> None:
        done[0] = max(done[0], pages_done)

    with pytest.raises(Cancelled) as cancelled:
        acquire_all(
            open_scanner(sane_test_device, workspace), settings, track, lambda: done[0] >= 3
        )
    assert len(cancelled.value.partial) == 3
    assert all(page.source.is_file() for page in cancelled.value.partial)

    with pytest.raises(CaptureError, match="页数超过上限（4 页）") as too_many:
        acquire_all(open_scanner(sane_test_device, workspace), settings, track, never, max_pages=4)
    assert len(too_many.value.partial) == 4
