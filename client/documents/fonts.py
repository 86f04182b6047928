"""Embeddable CJK fonts for reportlab, and Chinese line-breaking rules (docs/architecture.md,
Documents).

reportlab embeds only TrueType-outline fonts (CFF fonts such as Noto Sans CJK OTF are refused),
and it embeds them as subsets, so a receipt carries only the glyphs it prints. Four roles, as
GB/T 9704 sets them: title 小标宋, body 仿宋, headings 黑体, page numbers 宋体. Windows' standard
仿宋, 黑体 and 宋体 are preferred where present; otherwise the bundled FandolFang, WenQuanYi Zen
Hei and FandolSong serve. No free 小标宋 exists: titles use the bundled FandolSong Bold, its
nearest free face (resources/fonts/README.md).
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

from client.documents.fontfiles import file_cmap_ranges, font_source
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

    body: str  # running text (仿宋: Windows' own, else the bundled FandolFang)
    heading: str  # headings and labels (黑体: Windows' own, else WenQuanYi Zen Hei)
    title: str  # document titles (小标宋's stand-in: the bundled FandolSong Bold)
    song: str  # page numbers (宋体: Windows' own, else the bundled FandolSong Regular)
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
_BUNDLED_FANG = _Candidate("FandolFang", "Fandol 仿宋", "FandolFang-Regular.ttf.gz", True)
_BUNDLED_TITLE = _Candidate("FandolSongBold", "Fandol 宋体粗", "FandolSong-Bold.ttf.gz", True)
_BUNDLED_SONG = _Candidate("FandolSong", "Fandol 宋体", "FandolSong-Regular.ttf.gz", True)
_BUNDLED = _Candidate("WQYZenHei", "文泉驿正黑", "wqy-zenhei.ttf.gz", bundled=True)

_BODY_ORDER = (_FANGSONG, _BUNDLED_FANG, _SONG, _BUNDLED)
_HEADING_ORDER = (_HEI, _BUNDLED)
_TITLE_ORDER = (_BUNDLED_TITLE,)
_SONG_ORDER = (_SONG, _BUNDLED_SONG)
_ALL = (_FANGSONG, _HEI, _SONG, _BUNDLED_FANG, _BUNDLED_TITLE, _BUNDLED_SONG, _BUNDLED)

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
        font = TTFont(name, font_source(path), subfontIndex=0)
    except (TTFError, OSError, ValueError):
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
    """Register the preferred font of each role found in these folders."""
    body = _first_loadable(_BODY_ORDER, windows_dirs, bundled_dir)
    if body is None:
        raise FontError(
            translate(
                "documents",
                "未找到可嵌入的中文 TrueType 字体：请安装仿宋（simfang.ttf）或宋体（simsun.ttc），"
                "或恢复程序自带的 resources/fonts/FandolFang-Regular.ttf.gz。",
            )
        )
    heading = _first_loadable(_HEADING_ORDER, windows_dirs, bundled_dir) or body
    title = _first_loadable(_TITLE_ORDER, windows_dirs, bundled_dir) or heading
    song = _first_loadable(_SONG_ORDER, windows_dirs, bundled_dir) or body
    files = tuple(dict.fromkeys((body[1], heading[1], title[1], song[1])))
    return FontSet(body=body[0], heading=heading[0], title=title[0], song=song[0], files=files)


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
    for candidate in _ALL:
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
    lines.append(translate("documents", "小标题字体：{name}").format(name=fonts.heading))
    lines.append(translate("documents", "标题字体：{name}").format(name=fonts.title))
    lines.append(translate("documents", "页码字体：{name}").format(name=fonts.song))
    from client.documents.fontchain import fallback_files  # it imports this module

    rare = "、".join(str(path) for path in fallback_files().values())
    lines.append(
        translate("documents", "生僻字字体（依次使用）：{files}").format(
            files=rare or translate("documents", "未找到")
        )
    )
    return lines


# --- what the documents can print -----------------------------------------------------------

_coverage_lock = threading.Lock()
_main_coverage: frozenset[int] | None = None
_fallback_ranges: tuple[tuple[int, ...], tuple[int, ...]] | None = None  # (starts, ends)


def _main_fonts_coverage() -> frozenset[int] | None:
    """Code points every main document font has (title, body and heading: a name may be
    printed in any; the 宋体 role prints page numbers only, so it is left out); None when no
    document font exists at all (`doctor` reports that)."""
    global _main_coverage
    if _main_coverage is None:
        try:
            fonts = register_fonts()
        except FontError:
            return None
        names = dict.fromkeys((fonts.body, fonts.heading, fonts.title))
        faces = [pdfmetrics.getFont(name).face for name in names]
        _main_coverage = frozenset.intersection(*(frozenset(f.charToGlyph) for f in faces))
    return _main_coverage


def read_cmap_ranges(path: Path) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The (start, end) code point ranges of a font file's format-12 Unicode cmap (the file
    is not registered for this). Empty when the file is missing, unreadable or has none."""
    try:
        return file_cmap_ranges(path)
    except (OSError, ValueError):
        return (), ()


def _fallback_covers(code: int) -> bool:
    """Whether one of the fallback fonts present (client/documents/fontchain.py) has the
    character: the bundled ones and Windows' SimSun-ExtB/ExtG where found."""
    global _fallback_ranges
    if _fallback_ranges is None:
        from client.documents.fontchain import fallback_files

        merged: list[list[int]] = []  # the union of the fonts' ranges, sorted and disjoint
        for start, end in sorted(
            pair
            for path in fallback_files().values()
            for pair in zip(*read_cmap_ranges(path), strict=True)
        ):
            if merged and start <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        _fallback_ranges = (tuple(r[0] for r in merged), tuple(r[1] for r in merged))
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
