"""A fallback font for rare characters (生僻字) the main document fonts lack (docs/architecture.md,
Documents).

The bundled FandolFang and FandolSong cover GB 2312 and little more (no 堃 喆 镕), and no main
font covers CJK Ext-B (U+20000…), yet such characters occur in names and must print as real
glyphs. Text is split into runs: each run is drawn in the main font when it has the glyph, else
in the first fallback that has it: the bundled WenQuanYi Zen Hei (GBK, Ext-A), then Windows'
own SimSun-ExtB (every Windows 10/11) and SimSun-ExtG (some Windows 11), then HanaMinB
(GlyphWiki's Hanazono Mincho B, plane 2) from the system (Linux: the fonts-hanazono package),
then the copy in resources/fonts. No build ships that copy (12 MiB for what the system provides,
as Windows provides SimSun-ExtB); a checkout has it. Fallbacks are registered only when a
document actually needs them; one whose file is absent is skipped.
"""

from __future__ import annotations

import functools
import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from client.documents.fontfiles import font_source
from client.documents.fonts import windows_font_dirs
from client.resources import resource


@dataclass(frozen=True)
class Fallback:
    name: str  # reportlab font name
    filename: str
    where: str  # "windows": Windows' font folders; "system": SYSTEM_FONT_DIRS; else bundled


# In the order they are tried; of two with one name the first found serves. CK-WQYZenHei is
# also the bundled heading font (client/documents/fonts.py registers it under the same name).
FALLBACKS = (
    Fallback("CK-WQYZenHei", "wqy-zenhei.ttf.gz", "bundled"),
    Fallback("CK-SimSunExtB", "simsunb.ttf", "windows"),
    Fallback("CK-SimSunExtG", "SimsunExtG.ttf", "windows"),
    Fallback("CK-HanaMinB", "HanaMinB.ttf", "system"),
    Fallback("CK-HanaMinB", "HanaMinB.ttf.xz", "bundled"),
)
# Where Linux distributions install HanaMinB: Debian/Ubuntu (fonts-hanazono), Fedora
# (hanazono-fonts), and a user's own font folder.
SYSTEM_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/hanazono"),
    Path("/usr/share/fonts/hanazono"),
    Path.home() / ".local" / "share" / "fonts",
)
# Where else fonts live on Linux (fontconfig's usual folders): searched once per process for a
# fallback's file when SYSTEM_FONT_DIRS lacks it (UOS, Kylin, openSUSE, a hand-copied font).
SYSTEM_FONT_ROOTS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local" / "share" / "fonts",
    Path.home() / ".fonts",
)
INSTALL_HINT_LINUX = "sudo apt install fonts-hanazono"

_coverage: dict[str, frozenset[int]] = {}
_failed: set[tuple[str, Path]] = set()


def _glyphs(font_name: str) -> frozenset[int]:
    """The code points a registered TrueType font maps to a glyph."""
    cached = _coverage.get(font_name)
    if cached is None:
        face = pdfmetrics.getFont(font_name).face
        cached = frozenset(face.charToGlyph)
        _coverage[font_name] = cached
    return cached


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with code points beyond U+FFFF as UTF-16 surrogate pairs.

    reportlab writes <2003E> for U+2003E, which is not UTF-16BE: text extraction, search and
    copy-paste then lose the character although it prints.
    """
    text: str = _reportlab_cmap(fontname, [min(code, 0xFFFF) for code in subset])
    for index, code in enumerate(subset):
        if code > 0xFFFF:
            utf16 = chr(code).encode("utf-16-be").hex().upper()
            text = text.replace(f"<{index:02X}> <FFFF>", f"<{index:02X}> <{utf16}>", 1)
    return text


_reportlab_cmap = ttfonts.makeToUnicodeCMap


def install_to_unicode_fix() -> None:
    """Make reportlab's embedded fonts map supplementary-plane characters correctly. Idempotent."""
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap


def fallback_files() -> dict[str, Path]:
    """reportlab name: file of each fallback present here, in the order they are tried."""
    found: dict[str, Path] = {}
    for fallback in FALLBACKS:
        if fallback.where == "windows":
            paths = [folder / fallback.filename for folder in windows_font_dirs()]
        elif fallback.where == "system":
            paths = [folder / fallback.filename for folder in SYSTEM_FONT_DIRS]
            paths += _found_under(SYSTEM_FONT_ROOTS, fallback.filename)
        else:
            paths = [resource("fonts", fallback.filename)]
        path = next((p for p in paths if p.is_file()), None)
        if path is not None:
            found.setdefault(fallback.name, path)
    return found


@functools.lru_cache(maxsize=16)
def _found_under(roots: tuple[Path, ...], filename: str) -> tuple[Path, ...]:
    """The first file called `filename` below `roots` (a walk of a few hundred folders at
    most, once per process: a font installed while the window runs counts after a restart)."""
    for root in roots:
        for folder, _dirs, files in os.walk(root):
            if filename in files:
                return (Path(folder) / filename,)
    return ()


def has_plane_2_fallback() -> bool:
    """Whether some fallback here prints CJK Ext-B and beyond (every one but Zen Hei does)."""
    return any(name != "CK-WQYZenHei" for name in fallback_files())


def fallback_font(name: str, path: Path) -> str | None:
    """Register a fallback on first use; None when its file is unusable."""
    install_to_unicode_fix()
    if name in pdfmetrics.getRegisteredFontNames():
        return name
    if (name, path) in _failed:
        return None
    try:
        pdfmetrics.registerFont(TTFont(name, font_source(path)))
    except (TTFError, OSError, ValueError):
        _failed.add((name, path))
        return None
    return name


def has_glyph(font_name: str, char: str) -> bool:
    return char.isspace() or ord(char) in _glyphs(font_name)


def runs(text: str, font_name: str) -> Iterator[tuple[str, str]]:
    """(font, text) runs: characters the main font lacks go to the fallback font.

    A character no font has stays in the main font (it prints as the font's .notdef box,
    which at least shows that something is missing).
    """
    main_covers = _glyphs(font_name)
    present: dict[str, Path] | None = None  # looked up once per text, and only when needed

    def font_of(char: str) -> str:
        nonlocal present
        if char.isspace() or ord(char) in main_covers:
            return font_name
        if present is None:
            present = fallback_files()
        for name, path in present.items():
            if name != font_name and fallback_font(name, path) and ord(char) in _glyphs(name):
                return name
        return font_name

    for font, chars in itertools.groupby(text, key=font_of):
        yield font, "".join(chars)


def markup(text: str, font_name: str) -> str:
    """Paragraph markup for plain `text`: escaped, rare characters wrapped in <font name=…>."""
    parts = []
    for font, run in runs(text, font_name):
        if font == font_name:
            parts.append(escape(run))
        else:
            parts.append(f'<font name="{font}">{escape(run)}</font>')
    return "".join(parts)


def width(text: str, font_name: str, size: float) -> float:
    return sum(float(stringWidth(run, font, size)) for font, run in runs(text, font_name))


def draw_string(
    canvas: Any, x: float, y: float, text: str, font_name: str, size: float, align: str = "left"
) -> None:
    """canvas.drawString with the fallback chain; `align` is left, centre or right."""
    total = width(text, font_name, size)
    if align == "centre":
        x -= total / 2
    elif align == "right":
        x -= total
    for font, run in runs(text, font_name):
        canvas.setFont(font, size)
        canvas.drawString(x, y, run)
        x += float(stringWidth(run, font, size))
