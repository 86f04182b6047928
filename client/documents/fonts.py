"""Embeddable CJK fonts for reportlab, and Chinese line-breaking rules (docs/architecture.md,
Documents).

reportlab embeds only TrueType-outline fonts (CFF fonts such as Noto Sans CJK OTF are refused),
and it embeds them as subsets, so a receipt carries only the glyphs it prints. The Windows
standard fonts are preferred where present (仿宋 for body text, 黑体 for headings, 宋体 as a
second choice for body); otherwise the bundled WenQuanYi Zen Hei serves both roles.
"""

from __future__ import annotations

import bisect
import os
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import textsplit
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import paragraph

from client.errors import ClerkError
from client.i18n import translate
from client.resources import resource

# Characters that must not start a line (GB/T 15834 punctuation and closing brackets). reportlab's
# CJK wrap hangs such a character at the end of the previous line instead.
CJK_CANNOT_START = "，。、；：！？）》〉」』】〕〗〙｝］”’…％‰℃"

# A glyph every usable font must have: 中 and the digits/letters of case numbers.
_PROBE = "中国0A"


class FontError(ClerkError, RuntimeError):
    """No embeddable CJK font could be found: documents cannot be printed."""


@dataclass(frozen=True)
class FontSet:
    """The reportlab font names documents use, and the files behind them."""

    body: str  # running text (仿宋, else 宋体, else the bundled font)
    heading: str  # titles and labels (黑体, else the bundled font)
    files: tuple[Path, ...]  # the font files registered, for diagnostics


@dataclass(frozen=True)
class _Candidate:
    key: str  # reportlab font name suffix
    label: str  # shown in the doctor report
    filename: str
    bundled: bool = False


_FANGSONG = _Candidate("FangSong", "仿宋", "simfang.ttf")
_HEI = _Candidate("SimHei", "黑体", "simhei.ttf")
_SONG = _Candidate("SimSun", "宋体", "simsun.ttc")
_BUNDLED = _Candidate("WQYZenHei", "文泉驿正黑", "wqy-zenhei.ttc", bundled=True)

_BODY_ORDER = (_FANGSONG, _SONG, _BUNDLED)
_HEADING_ORDER = (_HEI, _BUNDLED)

_registered: FontSet | None = None


def windows_font_dirs() -> list[Path]:
    """%WINDIR%\\Fonts and the per-user font folder, where those variables are set."""
    dirs: list[Path] = []
    windir = os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT")
    if windir:
        dirs.append(Path(windir) / "Fonts")
    local = os.environ.get("LOCALAPPDATA")
    if local:
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return dirs


def _locate(candidate: _Candidate, windows_dirs: Sequence[Path], bundled_dir: Path) -> Path | None:
    dirs = [bundled_dir] if candidate.bundled else list(windows_dirs)
    for folder in dirs:
        path = folder / candidate.filename
        if path.is_file():
            return path
    return None


def _load(candidate: _Candidate, path: Path) -> str | None:
    """Register the font under a stable name; None when reportlab cannot embed it."""
    name = f"CK-{candidate.key}"
    if name in pdfmetrics.getRegisteredFontNames():
        return name
    try:
        font = TTFont(name, str(path), subfontIndex=0)
    except (TTFError, OSError):
        return None
    if any(ord(ch) not in font.face.charToGlyph for ch in _PROBE):
        return None  # e.g. Droid Sans Fallback has no Latin letters or digits
    pdfmetrics.registerFont(font)
    # <b>/<i> in paragraph markup must not fail: map every style to the same face.
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(name, bold, italic, name)
    return name


def _first_loadable(
    order: Sequence[_Candidate], windows_dirs: Sequence[Path], bundled_dir: Path
) -> tuple[str, Path] | None:
    for candidate in order:
        path = _locate(candidate, windows_dirs, bundled_dir)
        if path is None:
            continue
        name = _load(candidate, path)
        if name is not None:
            return name, path
    return None


def select_fonts(windows_dirs: Sequence[Path], bundled_dir: Path) -> FontSet:
    """Register the preferred body and heading fonts found in these folders."""
    body = _first_loadable(_BODY_ORDER, windows_dirs, bundled_dir)
    if body is None:
        raise FontError(
            translate(
                "documents",
                "未找到可嵌入的中文 TrueType 字体：请安装仿宋（simfang.ttf）或宋体（simsun.ttc），"
                "或恢复程序自带的 resources/fonts/wqy-zenhei.ttc。",
            )
        )
    heading = _first_loadable(_HEADING_ORDER, windows_dirs, bundled_dir) or body
    files = tuple(dict.fromkeys((body[1], heading[1])))
    return FontSet(body=body[0], heading=heading[0], files=files)


def install_cjk_line_breaking() -> None:
    """Extend reportlab's cannot-start set so no line starts with ，。；：！？）》” etc.

    `reportlab.platypus.paragraph` imported its own reference to the string, so both module
    attributes are replaced. Idempotent.
    """
    extra = "".join(ch for ch in CJK_CANNOT_START if ch not in textsplit.ALL_CANNOT_START)
    if extra:
        textsplit.ALL_CANNOT_START = textsplit.ALL_CANNOT_START + extra
    paragraph.ALL_CANNOT_START = textsplit.ALL_CANNOT_START


def register_fonts() -> FontSet:
    """Register the document fonts with reportlab once per process and return their names.

    Raises FontError when no embeddable CJK font exists at all.
    """
    global _registered
    install_cjk_line_breaking()
    if _registered is None:
        _registered = select_fonts(windows_font_dirs(), resource("fonts"))
    return _registered


def fonts_report() -> list[str]:
    """One line per font file looked for, then the fonts documents will use (for `doctor`).

    Raises FontError, listing where it looked, when no embeddable CJK font exists.
    """
    windows_dirs = windows_font_dirs()
    bundled_dir = resource("fonts")
    lines: list[str] = []
    for candidate in (_FANGSONG, _HEI, _SONG, _BUNDLED):
        path = _locate(candidate, windows_dirs, bundled_dir)
        origin = (
            translate("documents", "程序自带")
            if candidate.bundled
            else translate("documents", "Windows 字体")
        )
        where = str(path) if path else translate("documents", "未找到")
        lines.append(f"{candidate.label}（{candidate.filename}，{origin}）：{where}")
    try:
        fonts = register_fonts()
    except FontError as exc:
        raise FontError("\n".join([str(exc), *lines])) from exc
    lines.append(translate("documents", "正文字体：{name}").format(name=fonts.body))
    lines.append(translate("documents", "标题字体：{name}").format(name=fonts.heading))
    return lines


# --- what the documents can print -----------------------------------------------------------

_coverage_lock = threading.Lock()
_main_coverage: frozenset[int] | None = None
_fallback_ranges: tuple[tuple[int, ...], tuple[int, ...]] | None = None  # (starts, ends)


def _main_fonts_coverage() -> frozenset[int] | None:
    """Code points every main document font has (body and heading: a name may be printed in
    either); None when no document font exists at all (`doctor` reports that)."""
    global _main_coverage
    if _main_coverage is None:
        try:
            fonts = register_fonts()
        except FontError:
            return None
        faces = [
            pdfmetrics.getFont(name).face for name in dict.fromkeys((fonts.body, fonts.heading))
        ]
        _main_coverage = frozenset.intersection(*(frozenset(f.charToGlyph) for f in faces))
    return _main_coverage


def read_cmap_ranges(path: Path) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The (start, end) code point ranges of a TrueType file's format-12 Unicode cmap, read
    from the cmap table alone (the 30 MB Ext-B font is never loaded whole for this).
    Empty when the file is missing, unreadable or has no such table."""
    import struct

    try:
        with path.open("rb") as font:
            _version, tables = struct.unpack(">IH", font.read(6))
            font.seek(12)
            directory = font.read(16 * tables)
            offset = next(
                struct.unpack_from(">I", directory, 16 * i + 8)[0]
                for i in range(tables)
                if directory[16 * i : 16 * i + 4] == b"cmap"
            )
            font.seek(offset)
            _cmap_version, subtables = struct.unpack(">HH", font.read(4))
            records = [struct.unpack(">HHI", font.read(8)) for _ in range(subtables)]
            for platform, encoding, sub_offset in records:
                if (platform, encoding) not in ((3, 10), (0, 4), (0, 6)):
                    continue
                font.seek(offset + sub_offset)
                form, _reserved, _length, _language, groups = struct.unpack(">HHIII", font.read(16))
                if form != 12 or groups > 1_000_000:
                    continue
                data = font.read(12 * groups)
                triples = [struct.unpack_from(">III", data, 12 * g) for g in range(groups)]
                triples.sort()
                return tuple(t[0] for t in triples), tuple(t[1] for t in triples)
    except (OSError, struct.error, StopIteration):
        pass
    return (), ()


def _fallback_covers(code: int) -> bool:
    global _fallback_ranges
    if _fallback_ranges is None:
        from client.documents.fontchain import FALLBACK_FILE

        _fallback_ranges = read_cmap_ranges(resource("fonts", FALLBACK_FILE))
    starts, ends = _fallback_ranges
    index = bisect.bisect_right(starts, code) - 1
    return index >= 0 and code <= ends[index]


def load_printable_coverage() -> None:
    """Read the fonts' cmaps now (a fraction of a second): the window calls this on a pool
    thread at start, so its live checks never wait for the disk."""
    with _coverage_lock:
        _main_fonts_coverage()
        _fallback_covers(0)


def unprintable_characters(text: str) -> list[str]:
    """The distinct characters of `text`, in order, that no document font can print (they
    would vanish from the paper or print as an empty box). Whitespace and control characters
    are not reported here: the rules refuse control characters with their own message."""
    if not text.strip():
        return []  # nothing to print: no need to read the fonts (an empty form at start)
    with _coverage_lock:
        main = _main_fonts_coverage()
        if main is None:
            return []
        found: list[str] = []
        for ch in text:
            if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf") or ch in found:
                continue
            if ord(ch) not in main and not _fallback_covers(ord(ch)):
                found.append(ch)
        return found
