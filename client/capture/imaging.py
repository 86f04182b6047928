"""Image clean-up for captured pages: EXIF orientation, deskew, blank pages, thumbnails.

EXIF orientation of a JPEG is recorded in `Page.rotation` (the material PDF turns the page with
/Rotate), so a photo's JPEG bytes are never re-encoded; only a mirrored orientation (2, 4, 5,
7: selfie cameras), which /Rotate cannot express, is re-encoded upright on import.

Deskew estimates a small angle (±5°) by the projection-profile method on a downscaled, binarised
copy: text lines give the sharpest row profile when they are horizontal. It is meant for
scanner output; photos from the document camera are straightened by its own software, if at
all. Blank detection flags a page for the clerk and never drops it.
"""

from __future__ import annotations

import io
import itertools

from PIL import Image, ImageFilter, ImageOps

from client.capture.pages import Page, PageKind

MAX_SKEW = 5.0  # degrees; larger angles are a page put in sideways, not skew
MIN_SKEW = 0.2  # degrees; 0.7 mm across an A4 page
_SKEW_WIDTH = 600  # px of the copy the skew is measured on (0.1° ≈ 1 px across it)
_BLANK_SIDE = 1000  # px of the copy blank detection looks at
_BLANK_MARGIN = 0.05  # scanner edges and punch holes are ignored
_BLANK_CONTRAST = 70  # grey levels darker than the paper that count as ink
_DARK_PAGE = 80  # paper darker than this is no paper
BLANK_INK_FRACTION = 0.0005  # below this share of ink pixels a page counts as blank

# Pillow calls a JPEG with a multi-picture index (phones, 3D and HDR cameras) "MPO"; its first
# picture is an ordinary JPEG.
JPEG_FORMATS = ("JPEG", "MPO")

# EXIF orientation → (clockwise degrees to upright, mirrored)
_ORIENTATION = {1: (0, False), 3: (180, False), 6: (90, False), 8: (270, False)}
_MIRRORED = {2, 4, 5, 7}


def exif_transform(image: Image.Image) -> tuple[int, bool]:
    """(clockwise degrees that make the image upright, whether it is also mirrored)."""
    try:
        orientation = image.getexif().get(0x0112, 1)
    except (OSError, ValueError, SyntaxError, TypeError, Warning):  # damaged EXIF: ignore it
        return 0, False
    if orientation in _MIRRORED:
        return 0, True
    return _ORIENTATION.get(orientation, (0, False)) if isinstance(orientation, int) else (0, False)


def turn_clockwise(image: Image.Image, degrees: int) -> Image.Image:
    """The image turned by a quarter-turn multiple, clockwise (Pillow's ROTATE_* are
    counter-clockwise)."""
    steps = {
        90: Image.Transpose.ROTATE_270,
        180: Image.Transpose.ROTATE_180,
        270: Image.Transpose.ROTATE_90,
    }
    step = steps.get(degrees % 360)
    return image.transpose(step) if step is not None else image


def to_grey(image: Image.Image) -> Image.Image:
    """8-bit greyscale; 16-bit and 32-bit images are scaled down, not clipped to white."""
    if image.mode == "L":
        return image
    if image.mode.startswith("I;16") or image.mode in ("I", "F"):
        return image.point(lambda v: v / 256).convert("L")
    return image.convert("L")


def _grey_copy(image: Image.Image, longest: int) -> Image.Image:
    grey = to_grey(image)
    factor = max(1, max(grey.size) // longest)
    return grey.reduce(factor) if factor > 1 else grey.copy()


def paper_level(grey: Image.Image) -> int:
    """The grey level of the paper: the median, as most of a document page is paper."""
    histogram = grey.histogram()
    half = (grey.width * grey.height + 1) // 2
    running = 0
    for level, count in enumerate(histogram):
        running += count
        if running >= half:
            return level
    return 255


def _ink_mask(grey: Image.Image) -> Image.Image:
    """255 where a pixel is clearly darker than the paper, else 0."""
    threshold = max(1, paper_level(grey) - _BLANK_CONTRAST)
    return grey.point(lambda v: 255 if v < threshold else 0)


def _profile_score(mask: Image.Image, angle: float) -> float:
    turned = mask.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0)
    rows = turned.resize((1, turned.height), Image.Resampling.BOX).tobytes()
    return float(sum((b - a) ** 2 for a, b in itertools.pairwise(rows)))


def estimate_skew(image: Image.Image, max_angle: float = MAX_SKEW) -> float:
    """The angle (degrees, counter-clockwise as Pillow's `rotate` takes it) that straightens
    the text lines of a scanned page; 0.0 when there is too little ink to tell."""
    width = min(_SKEW_WIDTH, image.width)
    grey = to_grey(image)
    small = grey.resize((width, max(1, round(image.height * width / image.width))))
    mask = _ink_mask(small)
    ink = mask.histogram()[255] / (mask.width * mask.height)
    if ink < BLANK_INK_FRACTION:
        return 0.0
    best = max(_frange(-max_angle, max_angle, 0.5), key=lambda a: _profile_score(mask, a))
    fine = _frange(best - 0.5, best + 0.5, 0.1)
    best = max(fine, key=lambda a: _profile_score(mask, a))
    return round(best, 1)


def _frange(start: float, stop: float, step: float) -> list[float]:
    count = round((stop - start) / step)
    return [round(start + i * step, 3) for i in range(count + 1)]


def deskew(image: Image.Image, max_angle: float = MAX_SKEW) -> Image.Image:
    """The page straightened (same size, corners filled with white); unchanged when its skew is
    below MIN_SKEW (not visible, and within the estimate's precision)."""
    angle = estimate_skew(image, max_angle)
    if abs(angle) < MIN_SKEW:
        return image
    fill: int | tuple[int, ...] = 255 if image.mode in ("L", "1") else (255,) * len(image.mode)
    source = image.convert("L") if image.mode == "1" else image
    return source.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=fill)


def is_blank(image: Image.Image) -> bool:
    """True for a page with (almost) no ink: scanner noise, dust and faint show-through do not
    count, a few lines of text do."""
    grey = _grey_copy(image, _BLANK_SIDE)
    dx, dy = round(grey.width * _BLANK_MARGIN), round(grey.height * _BLANK_MARGIN)
    inner = grey.crop((dx, dy, grey.width - dx, grey.height - dy))
    if inner.width < 3 or inner.height < 3:
        return True
    cleaned = inner.filter(ImageFilter.MedianFilter(3))
    if paper_level(cleaned) < _DARK_PAGE:
        return False  # a dark photo or a black page is not an empty sheet
    mask = _ink_mask(cleaned)
    ink = mask.histogram()[255]
    return ink < BLANK_INK_FRACTION * inner.width * inner.height


def open_page_image(page: Page, draft_px: int = 0) -> Image.Image:
    """The page's image (its frame for a TIFF), decoded; JPEGs decoded at a reduced scale
    when `draft_px` asks for no more than that many pixels on the longer side."""
    if page.kind is not PageKind.IMAGE:
        raise ValueError("PDF pages are rendered by the UI (QtPdf)")
    image = Image.open(page.source)
    try:
        if page.index:
            image.seek(page.index)
        if draft_px and image.format in JPEG_FORMATS:
            image.draft(image.mode, (draft_px, draft_px))
        image.load()
    except BaseException:
        image.close()
        raise
    return image


def thumbnail(page: Page, max_px: int) -> bytes:
    """A PNG of the page as it will appear (its rotation applied), at most `max_px` a side."""
    with open_page_image(page, draft_px=max_px) as image:
        grey = image.mode in ("1", "L", "I", "F") or image.mode.startswith("I;16")
        small = to_grey(image) if grey else image.convert("RGB")
        small.thumbnail((max_px, max_px), Image.Resampling.LANCZOS)
        small = turn_clockwise(small, page.rotation)
        out = io.BytesIO()
        small.save(out, "PNG")
        return out.getvalue()


def upright(image: Image.Image) -> Image.Image:
    """The image with any EXIF orientation applied (for display of a camera photo)."""
    return ImageOps.exif_transpose(image)
