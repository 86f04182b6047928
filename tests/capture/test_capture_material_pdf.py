"""One PDF per material: pages in the clerk's order and rotation, read back with poppler."""

from __future__ import annotations

import io
import random
import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageDraw

from client.capture.material_pdf import build_material_pdf
from client.capture.pages import CaptureWorkspace, Page, PageSet
from client.capture.safety import Limits, import_file
from client.errors import Cancelled
from tests.capture.sample_files import digits_pdf, write

MARK = 0.18  # the black mark covers this share of the page, at its upright top left


def marked(size: tuple[int, int], grey: int) -> Image.Image:
    """A page of one grey level with a black mark at its top left corner."""
    image = Image.new("L", size, grey)
    w, h = size
    ImageDraw.Draw(image).rectangle((0, 0, int(w * MARK), int(h * MARK)), fill=0)
    return image


def save(image: Image.Image, path: Path, fmt: str, **options: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, fmt, **options)
    return path


def render(pdf: Path, page: int, tmp: Path) -> Image.Image:
    prefix = tmp / f"render-{page}"
    pages = ["-f", str(page), "-l", str(page)]
    subprocess.run(
        ["pdftoppm", "-r", "24", "-gray", *pages, "-singlefile", str(pdf), str(prefix)], check=True
    )
    with Image.open(f"{prefix}.pgm") as image:
        return image.copy()


def corner_with_mark(image: Image.Image) -> str:
    """Which corner is black: "top-left", "top-right", "bottom-left" or "bottom-right"."""
    w, h = image.size
    dx, dy = max(1, int(w * MARK / 3)), max(1, int(h * MARK / 3))
    corners = {
        "top-left": (dx, dy),
        "top-right": (w - 1 - dx, dy),
        "bottom-left": (dx, h - 1 - dy),
        "bottom-right": (w - 1 - dx, h - 1 - dy),
    }
    dark = [name for name, xy in corners.items() if image.getpixel(xy) < 60]  # type: ignore[operator]
    assert len(dark) == 1, dark
    return dark[0]


def centre(image: Image.Image) -> int:
    value = image.getpixel((image.width // 2, image.height // 2))
    assert isinstance(value, int)
    return value


def pdfinfo(pdf: Path) -> str:
    done = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True, check=True
    )
    assert done.stderr == "", done.stderr
    return done.stdout


def page_rotations(pdf: Path) -> list[int]:
    lines = [line for line in pdfinfo(pdf).splitlines() if " rot:" in line]
    return [int(line.split()[-1]) for line in lines]


def page_text(pdf: Path, page: int) -> str:
    done = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


@pytest.fixture
def workspace(tmp_path: Path) -> CaptureWorkspace:
    return CaptureWorkspace(tmp_path / "work")


def test_pages_come_out_in_the_clerks_order_and_rotation(
    tmp_path: Path, workspace: CaptureWorkspace
) -> None:
    inputs = tmp_path / "in"
    photo = save(marked((600, 800), 200), inputs / "a.jpg", "JPEG", quality=90, dpi=(100, 100))
    scan = save(marked((600, 800), 120), inputs / "c.png", "PNG")
    frames = [marked((500, 700), grey) for grey in (60, 160)]
    tiff = inputs / "d.tif"
    frames[0].save(tiff, "TIFF", save_all=True, append_images=frames[1:])
    letter = write(inputs, "b.pdf", digits_pdf("12"))
    pages = PageSet()
    for path in (photo, letter, scan, tiff):
        pages.append(import_file(path, workspace, Limits()))
    assert len(pages) == 6  # a, 1, 2, c, tiff-0, tiff-1

    pages.rotate(0, 90)
    pages.move(3, 1)  # c before the letter
    pages.rotate(3, 90)  # letter page "2"
    pages.delete(4)  # tiff frame 0
    out = tmp_path / "material.pdf"
    result = build_material_pdf(pages.pages, out)

    assert result.page_count == 5 and result.path == out
    assert f"Pages:           {5}" in pdfinfo(out)
    assert page_rotations(out) == [90, 0, 0, 90, 0]
    assert [page_text(out, n) for n in (3, 4)] == ["1", "2"]
    first = render(out, 1, tmp_path)
    assert first.width > first.height  # portrait photo turned a quarter clockwise
    assert corner_with_mark(first) == "top-right"
    assert abs(centre(first) - 200) < 12
    second = render(out, 2, tmp_path)
    assert second.height > second.width and corner_with_mark(second) == "top-left"
    assert abs(centre(second) - 120) < 6
    fourth = render(out, 4, tmp_path)
    assert fourth.width > fourth.height  # A4 portrait letter page turned
    last = render(out, 5, tmp_path)
    assert corner_with_mark(last) == "top-left" and abs(centre(last) - 160) < 6
    # The photo's size follows its resolution: 600 × 800 px at 100 dpi is 432 × 576 pt.
    assert "Page    1 size:  432 x 576 pts" in pdfinfo(out)


def test_jpeg_bytes_are_embedded_unchanged(tmp_path: Path, workspace: CaptureWorkspace) -> None:
    colour = Image.new("RGB", (640, 480), (30, 90, 200))
    photo = save(colour, tmp_path / "photo.jpg", "JPEG", quality=80)
    grey = save(marked((300, 400), 90), tmp_path / "grey.jpg", "JPEG", quality=70)
    # A phone's multi-picture JPEG (MPF): the second picture is cut off on import.
    phone = tmp_path / "phone.jpg"
    colour.save(phone, "MPO", save_all=True, append_images=[Image.new("RGB", (64, 48))])
    pages = [import_file(path, workspace, Limits())[0] for path in (photo, grey, phone)]
    out = build_material_pdf(pages, tmp_path / "m.pdf").path

    with pikepdf.open(out) as pdf:
        assert pdf.get_warnings() == []
        for page, source in zip(pdf.pages, (photo, grey, phone), strict=True):
            image = page.Resources.XObject.Im0
            assert image.Filter == pikepdf.Name.DCTDecode
            embedded = image.read_raw_bytes()
            if source is phone:
                assert embedded == source.read_bytes()[: len(embedded)]
                assert len(embedded) < source.stat().st_size
            else:
                assert embedded == source.read_bytes()


def exif(orientation: int) -> bytes:
    tags = Image.Exif()
    tags[0x0112] = orientation
    return tags.tobytes()


@pytest.mark.parametrize(
    ("orientation", "stored"),
    [
        (6, Image.Transpose.ROTATE_90),  # sensor turned: view by turning 90° clockwise
        (3, Image.Transpose.ROTATE_180),
        (8, Image.Transpose.ROTATE_270),
        (2, Image.Transpose.FLIP_LEFT_RIGHT),  # mirrored (a selfie camera)
        (5, Image.Transpose.TRANSPOSE),
    ],
)
def test_a_photo_with_exif_orientation_ends_up_upright(
    orientation: int,
    stored: Image.Transpose,
    tmp_path: Path,
    workspace: CaptureWorkspace,
) -> None:
    upright = marked((600, 800), 180)
    photo = save(upright.transpose(stored), tmp_path / "photo.jpg", "JPEG", exif=exif(orientation))
    pages = import_file(photo, workspace, Limits())
    out = build_material_pdf(pages, tmp_path / "m.pdf").path

    view = render(out, 1, tmp_path)
    assert view.height > view.width
    assert corner_with_mark(view) == "top-left"
    if orientation in (3, 6, 8):  # turned by /Rotate: the JPEG is not re-encoded
        with pikepdf.open(out) as pdf:
            assert pdf.pages[0].Resources.XObject.Im0.read_raw_bytes() == photo.read_bytes()


def test_imported_pdf_pages_are_copied_alone_with_their_rotation(
    tmp_path: Path, workspace: CaptureWorkspace
) -> None:
    """Two pages of a ten-page PDF: only their own content comes along (each page carries a
    large image of its own), a page's own /Rotate adds to the clerk's."""
    source = pikepdf.Pdf.open(io.BytesIO(digits_pdf("0123456789")))
    noise = random.Random(7)
    for number, page in enumerate(source.pages):
        data = bytes(noise.getrandbits(8) for _ in range(120 * 120))
        xobject = source.make_stream(
            data, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=120, Height=120,
            ColorSpace=pikepdf.Name.DeviceGray, BitsPerComponent=8,
        )  # fmt: skip
        page.add_resource(xobject, pikepdf.Name.XObject, pikepdf.Name(f"/Noise{number}"))
    source.pages[7].Rotate = 90
    path = tmp_path / "ten.pdf"
    source.save(path)
    pages = import_file(path, workspace, Limits())
    chosen = [pages[3], pages[7].rotated(90)]
    out = build_material_pdf(chosen, tmp_path / "m.pdf")

    assert [page_text(out.path, n) for n in (1, 2)] == ["3", "7"]
    assert page_rotations(out.path) == [0, 180]
    assert out.size < path.stat().st_size * 0.35


def test_annotations_are_flattened_or_dropped(tmp_path: Path, workspace: CaptureWorkspace) -> None:
    """A stamp with an appearance prints as before; no link or other annotation survives."""
    pdf = pikepdf.Pdf.open(io.BytesIO(digits_pdf("4")))
    helvetica = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
    )
    appearance = pdf.make_stream(
        b"BT /Helv 24 Tf 5 10 Td (APPROVED) Tj ET",
        Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form, BBox=[0, 0, 200, 40],
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(Helv=helvetica)),
    )  # fmt: skip
    stamp = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Stamp, Rect=[50, 50, 250, 90], F=4,
        AP=pikepdf.Dictionary(N=appearance),
    )  # fmt: skip
    link = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 50, 50],
        A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://phish.example/")),
    )  # fmt: skip
    annots = pikepdf.Array([pdf.make_indirect(stamp), pdf.make_indirect(link)])
    pdf.pages[0].Annots = pdf.make_indirect(annots)
    path = tmp_path / "stamped.pdf"
    pdf.save(path)
    out = build_material_pdf(import_file(path, workspace, Limits()), tmp_path / "m.pdf").path

    assert "APPROVED" in page_text(out, 1)
    with pikepdf.open(out) as result:
        assert "/Annots" not in result.pages[0].obj
    assert b"phish.example" not in out.read_bytes()


def inheriting_pdf(path: Path) -> Path:
    """A page whose box, resources and rotation all live on its parent /Pages node (qpdf and
    reportlab never write that, older producers do)."""
    from client.capture.pdfwriter import PdfStreamWriter

    with open(path, "wb") as out:
        writer = PdfStreamWriter(out)
        catalog, tree, page, content, font = (writer.reserve() for _ in range(5))
        text = b"BT /F1 200 Tf 100 150 Td (8) Tj ET"
        writer.write_stream(content, b"", len(text), [text])
        writer.write_object(font, b"<</Type /Font /Subtype /Type1 /BaseFont /Helvetica>>")
        writer.write_object(
            page, b"<</Type /Page /Parent %d 0 R /Contents %d 0 R>>" % (tree, content)
        )
        writer.write_object(
            tree,
            b"<</Type /Pages /Kids [%d 0 R] /Count 1 /MediaBox [0 0 300 500] /Rotate 270"
            b" /Resources <</Font <</F1 %d 0 R>> >> >>" % (page, font),
        )
        writer.write_object(catalog, b"<</Type /Catalog /Pages %d 0 R>>" % tree)
        writer.finish(catalog)
    return path


def test_inherited_page_attributes_are_resolved(
    tmp_path: Path, workspace: CaptureWorkspace
) -> None:
    path = inheriting_pdf(tmp_path / "inherit.pdf")
    assert page_text(path, 1) == "8"
    (imported,) = import_file(path, workspace, Limits())
    assert (imported.width_px, imported.height_px) == (500, 300)  # as displayed
    out = build_material_pdf([imported.rotated(90)], tmp_path / "m.pdf").path

    assert page_text(out, 1) == "8"
    assert page_rotations(out) == [0]  # 270 inherited + 90 by the clerk
    assert "Page    1 size:  300 x 500 pts" in pdfinfo(out)


def test_progress_is_reported_per_page_and_the_hash_describes_the_file(
    tmp_path: Path, workspace: CaptureWorkspace
) -> None:
    import hashlib

    path = write(tmp_path, "three.pdf", digits_pdf("123"))
    pages = import_file(path, workspace, Limits())
    reports: list[tuple[int, int]] = []
    result = build_material_pdf(
        pages, tmp_path / "m.pdf", progress=lambda d, t: reports.append((d, t))
    )
    assert reports == [(1, 3), (2, 3), (3, 3)]
    data = result.path.read_bytes()
    assert result.size == len(data)
    assert result.sha256 == hashlib.sha256(data).hexdigest()


def test_a_cancelled_build_leaves_the_previous_file_and_no_debris(
    tmp_path: Path, workspace: CaptureWorkspace
) -> None:
    pages = import_file(write(tmp_path, "five.pdf", digits_pdf("12345")), workspace, Limits())
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "m.pdf"
    out.write_bytes(b"the previous version")
    done: list[int] = []

    with pytest.raises(Cancelled) as cancelled:
        build_material_pdf(
            pages, out, progress=lambda d, _t: done.append(d), cancelled=lambda: len(done) >= 2
        )
    assert isinstance(cancelled.value, Cancelled)
    assert done == [1, 2]
    assert out.read_bytes() == b"the previous version"
    assert [p.name for p in out_dir.iterdir()] == ["m.pdf"]


def test_an_empty_page_list_is_a_programming_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        build_material_pdf([], tmp_path / "m.pdf")
    assert not (tmp_path / "m.pdf").exists()


def test_lossless_images_stay_lossless(tmp_path: Path, workspace: CaptureWorkspace) -> None:
    """PNG and 1-bit pages are stored with Flate: the pixels read back exactly."""
    rng = random.Random(3)
    pattern = Image.new("L", (64, 48))
    pattern.putdata([rng.randrange(256) for _ in range(64 * 48)])
    bits = pattern.point(lambda v: 255 if v > 127 else 0).convert("1")
    pages: list[Page] = []
    for image, name in ((pattern, "p.png"), (bits, "b.png")):
        pages += import_file(save(image, tmp_path / name, "PNG"), workspace, Limits())
    out = build_material_pdf(pages, tmp_path / "m.pdf").path

    with pikepdf.open(out) as pdf:
        for page, image in zip(pdf.pages, (pattern, bits), strict=True):
            # the stubs type every attribute of an Object as Object; Im0 is a Stream
            xobject = pikepdf.PdfImage(page.Resources.XObject.Im0)  # type: ignore[arg-type]
            assert xobject.as_pil_image().tobytes() == image.tobytes()


def test_sixteen_bit_scans_keep_their_grey_levels(
    tmp_path: Path, workspace: CaptureWorkspace
) -> None:
    source = save(Image.new("I;16", (200, 300), 32768), tmp_path / "deep.png", "PNG")
    (page,) = import_file(source, workspace, Limits())
    out = build_material_pdf([page], tmp_path / "m.pdf").path
    assert abs(centre(render(out, 1, tmp_path)) - 128) < 4


BUILD_AND_REPORT_PEAK = """
import sys
from pathlib import Path
from client.capture.material_pdf import build_material_pdf
from client.capture.pages import Page, PageKind

def peak_kib():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])

files = sorted(Path(sys.argv[1]).glob("*.jpg"))[: int(sys.argv[2])]
pages = [Page(f, PageKind.IMAGE, dpi=150) for f in files]
before = peak_kib()
build_material_pdf(pages, Path(sys.argv[3]))
print(peak_kib() - before)
"""


def test_memory_does_not_grow_with_the_page_count(tmp_path: Path) -> None:
    """Peak memory while building 60 pages of ~1 MB each is that of building 10."""
    import sys

    scans = tmp_path / "scans"
    scans.mkdir()
    for n in range(60):
        Image.effect_noise((1000, 1000), 60 + n).save(scans / f"{n:02d}.jpg", "JPEG", quality=95)
    data = sum(f.stat().st_size for f in scans.iterdir())
    assert data > 40 * 1024 * 1024

    def growth(count: int) -> int:
        out = tmp_path / f"{count}.pdf"
        command = [sys.executable, "-c", BUILD_AND_REPORT_PEAK, str(scans), str(count), str(out)]
        done = subprocess.run(
            command, capture_output=True, text=True, check=True, cwd=Path(__file__).parents[2]
        )
        return int(done.stdout) * 1024

    small, large = growth(10), growth(60)
    assert large - small < 8 * 1024 * 1024, (small, large)  # img2pdf: + the 50 pages' bytes
