"""Imported files are checked by content: bad ones are refused with a Chinese reason and leave
nothing behind; good ones become pages in the capture workspace."""

from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path

import pytest

from client.capture.pages import CaptureWorkspace, PageKind
from client.capture.safety import Limits, Rejected, display_name, import_file, inspect_file
from client.intake.rules import check_file
from tests.capture.corpus import BAD, GOOD, Bad, Good
from tests.capture.sample_files import jpeg_bytes, write

CJK = re.compile(r"[\u4e00-\u9fff]")
RANDOM_NAME = re.compile(r"[0-9a-f]{24}\.(jpg|png|tif|pdf)")


def snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else ""
        for p in sorted(root.rglob("*"))
    }


@pytest.fixture
def workspace(tmp_path: Path) -> CaptureWorkspace:
    return CaptureWorkspace(tmp_path / "work")


@pytest.mark.parametrize("case", BAD, ids=[c.id for c in BAD])
def test_bad_input_is_refused_with_a_chinese_reason_and_nothing_is_kept(
    case: Bad, tmp_path: Path, workspace: CaptureWorkspace
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    path = case.build(inputs)
    before = snapshot(tmp_path / "work")

    started = time.perf_counter()
    with pytest.raises(Rejected) as refused:
        import_file(path, workspace, case.limits)
    elapsed = time.perf_counter() - started

    message = str(refused.value)
    assert CJK.search(message), message
    assert case.reason in message, message
    shown = case.shown or path.name
    assert shown in message, message
    assert not re.search(r"[\x00-\x1f\u200b-\u200f\u202a-\u202e\ufeff]", message), repr(message)
    assert snapshot(tmp_path / "work") == before  # the workspace is exactly as it was
    assert list(workspace.directory.iterdir()) == []
    assert elapsed < 2.0, f"took {elapsed:.2f} s"
    if case.limits == Limits(max_bytes=case.limits.max_bytes):  # the commit-time check agrees
        assert check_file(path, case.limits.max_bytes) is not None


def test_the_corpus_is_large_enough() -> None:
    assert len(BAD) >= 30


def test_a_multi_thousand_page_pdf_is_refused_quickly(
    tmp_path: Path, workspace: CaptureWorkspace
) -> None:
    case = next(c for c in BAD if c.id == "PDF of 5000 pages")
    path = case.build(tmp_path)
    started = time.perf_counter()
    with pytest.raises(Rejected, match="PDF 有 5000 页，超过上限 500 页"):
        import_file(path, workspace, Limits())
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize("case", GOOD, ids=[c.id for c in GOOD])
def test_good_input_becomes_pages_in_the_workspace(
    case: Good, tmp_path: Path, workspace: CaptureWorkspace
) -> None:
    path = case.build(tmp_path / "in")
    pages = import_file(path, workspace, Limits())

    assert len(pages) == case.pages
    assert [p.index for p in pages] == list(range(case.pages))
    assert {p.media_type for p in pages} == {case.media_type}
    expected_kind = PageKind.PDF if case.media_type == "application/pdf" else PageKind.IMAGE
    assert {p.kind for p in pages} == {expected_kind}
    assert {p.origin for p in pages} == {display_name(path.name)}
    for page in pages:
        assert page.source.parent == workspace.directory
        assert RANDOM_NAME.fullmatch(page.source.name), page.source.name
        assert page.width_px > 0 and page.height_px > 0
    assert [p.name for p in workspace.directory.iterdir()] == [pages[0].source.name]
    assert check_file(path) is None


def test_a_camera_trailer_is_cut_off_and_the_image_kept_byte_for_byte(
    tmp_path: Path, workspace: CaptureWorkspace
) -> None:
    image = jpeg_bytes()
    path = write(tmp_path, "phone.jpg", image + jpeg_bytes((60, 40)))
    (page,) = import_file(path, workspace, Limits())
    assert page.source.read_bytes() == image


def test_a_png_named_pdf_is_taken_for_what_it_is(tmp_path: Path) -> None:
    path = next(c for c in GOOD if c.id == "PNG named .pdf").build(tmp_path)
    inspected = inspect_file(path, Limits())
    assert inspected.media_type == "image/png"
    assert inspected.pages[0].width == 240


def test_check_file_keeps_the_house_message_format(tmp_path: Path) -> None:
    """Reason, full-width colon, the file's name: the intake screen shows these as they are."""
    empty = write(tmp_path, "empty.pdf", b"")
    assert check_file(tmp_path / "missing.pdf") == "文件不存在：missing.pdf"
    assert check_file(tmp_path) == f"不是普通文件（可能是文件夹或设备）：{tmp_path.name}"
    assert check_file(empty) == "文件为空：empty.pdf"
    big = write(tmp_path, "big.jpg", jpeg_bytes((800, 800)))
    message = check_file(big, max_bytes=1024 * 1024 // 512)
    assert (
        message is not None and message.startswith("文件过大（") and message.endswith("：big.jpg")
    )


def test_display_names_are_cleaned_and_shortened() -> None:
    assert display_name("报告\u202efdp.exe") == "报告?fdp.exe"
    assert display_name("a\n\tb") == "a??b"
    assert display_name("") == "（无名文件）"
    long = display_name("a" * 300 + ".pdf")
    assert len(long) <= 60 and long.endswith("a.pdf") and "…" in long


def test_a_file_that_changes_after_import_does_not_change_the_page(
    tmp_path: Path, workspace: CaptureWorkspace
) -> None:
    """What was checked is exactly what is kept: the copy, not the original."""
    path = write(tmp_path, "scan.jpg", jpeg_bytes())
    (page,) = import_file(path, workspace, Limits())
    path.write_bytes(b"MZ\x90\x00 swapped for something else")
    assert page.source.read_bytes() == jpeg_bytes()


def test_exif_rotation_is_recorded_not_applied(tmp_path: Path, workspace: CaptureWorkspace) -> None:
    from PIL import Image

    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / "photo.jpg"
    Image.new("L", (400, 300), 128).save(path, "JPEG", exif=exif.tobytes())
    (page,) = import_file(path, workspace, Limits())
    assert page.rotation == 90
    assert (page.width_px, page.height_px) == (400, 300)
    assert page.upright_size == (300, 400)
    assert page.source.read_bytes() == path.read_bytes()  # not re-encoded


def test_refusals_do_not_depend_on_warnings_being_errors(tmp_path: Path) -> None:
    """pytest turns warnings into errors; the app does not. Pillow reports some damage (a
    decompression bomb below twice its limit, corrupt EXIF) only as a warning, so the whole
    corpus is checked again in a process where warnings are ignored."""
    import json
    import subprocess
    import sys

    script = """
import json, sys
from pathlib import Path
from client.capture.pages import CaptureWorkspace
from client.capture.safety import Rejected, import_file
from tests.capture.corpus import BAD
root = Path(sys.argv[1])
accepted = []
for n, case in enumerate(BAD):
    inputs = root / f"in{n}"
    inputs.mkdir()
    try:
        import_file(case.build(inputs), CaptureWorkspace(root / "work"), case.limits)
        accepted.append(case.id)
    except Rejected as exc:
        if case.reason not in str(exc):
            accepted.append(case.id + ": " + str(exc))
print(json.dumps(accepted, ensure_ascii=False))
"""
    done = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", script, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_many_files_are_imported_in_order_with_refusals_in_place(
    tmp_path: Path, workspace: CaptureWorkspace
) -> None:
    from client.capture.importing import import_files

    paths = []
    for n in range(9):
        data = b"not a picture" * 10 if n == 4 else jpeg_bytes((100 + n, 120))
        paths.append(write(tmp_path / "in", f"{n}.jpg", data))
    results = list(import_files(paths, workspace, Limits(), workers=3))

    assert [r.path for r in results] == paths
    assert [r.refused is not None for r in results] == [n == 4 for n in range(9)]
    assert [r.pages[0].width_px for r in results if r.pages] == [
        100 + n for n in range(9) if n != 4
    ]
    assert "扩展名是 .jpg" in str(results[4].refused)


def test_stopping_a_batch_import_skips_the_files_not_started(
    tmp_path: Path, workspace: CaptureWorkspace
) -> None:
    from client.capture.importing import import_files

    paths = [write(tmp_path / "in", f"{n}.jpg", jpeg_bytes()) for n in range(40)]
    batch = import_files(paths, workspace, Limits(), workers=2)
    first = next(batch)
    batch.close()
    assert first.pages
    assert len(list(workspace.directory.iterdir())) < 10


def test_imported_blank_pages_are_flagged_not_dropped(
    tmp_path: Path, workspace: CaptureWorkspace
) -> None:
    from PIL import Image

    from tests.capture.test_capture_imaging import text_page, with_noise

    frames = [text_page(lines=3), with_noise(Image.new("L", (1240, 1754), 240)), text_page()]
    tiff = tmp_path / "stack.tif"
    frames[0].save(tiff, "TIFF", save_all=True, append_images=frames[1:])
    jpeg = tmp_path / "empty.jpg"
    frames[1].save(jpeg, "JPEG", quality=85)
    letter = tmp_path / "letter.jpg"
    frames[0].save(letter, "JPEG", quality=85)

    pages = [*import_file(tiff, workspace, Limits()), *import_file(jpeg, workspace, Limits())]
    pages += import_file(letter, workspace, Limits())
    assert [p.blank for p in pages] == [False, True, False, True, False]
