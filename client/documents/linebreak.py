"""Chinese line breaking for reportlab paragraphs, pairs of punctuation included.

reportlab's CJK wrap (`cjkFragSplit`) hangs one cannot-start character (，。）…) past the end
of a full line, but only one: in "）。" the "）" hangs and "。" starts the next line; and the
hanging character runs into the margin or a table rule. This wrap never hangs: when the next
line would start with a cannot-start character, or this one end with an opening bracket
(（《“), characters move from the end of the line to the next one until both rules hold (推出
in Chinese typesetting); justified text closes the gap. The rest is reportlab's algorithm
(reportlab.platypus.paragraph.cjkFragSplit, BSD licence), simplified.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Paragraph, paragraph

from client.documents.fonts import CJK_CANNOT_START, install_cjk_line_breaking

# Characters that must not end a line (opening brackets and quotes).
CJK_CANNOT_END = "（《〈「『【〔〖〘｛［“‘"

_FUZZ = 1e-6


def _cannot_start(char: str) -> bool:
    return char in paragraph.ALL_CANNOT_START or char in CJK_CANNOT_START


def _latin_break(chars: list[Any], start: int, end: int) -> int:
    """Do not cut a run of Latin letters or digits (a licence number, a URL): break before it,
    unless it fills more than half the line."""
    if end >= len(chars) or not _is_latin(chars[end]) or not _is_latin(chars[end - 1]):
        return end
    limit = (start + end) // 2
    for j in range(end - 1, limit, -1):
        if not _is_latin(chars[j - 1]):
            return j
    return end


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _break_point(chars: list[Any], start: int, end: int) -> int:
    """Move the break `end` back so the next line starts well and this one ends well."""
    moved = end
    while moved > start + 1 and moved < len(chars):
        if _cannot_start(chars[moved]) or chars[moved - 1] in CJK_CANNOT_END:
            moved -= 1
            continue
        return moved
    return end if moved <= start + 1 else moved


def _cjk_line(chars: list[Any], *args: Any) -> Any:
    line = paragraph.makeCJKParaLine(chars, *args)
    line.cjk_glyphs = len(chars)  # marks the line for `_justify_cjk`
    return line


def _justify_cjk(tx: Any, offset: float, line: Any, last: int = 0) -> None:
    """Justify a CJK line by letter spacing: it has no word spaces to stretch."""
    glyphs = getattr(line, "cjk_glyphs", 0)
    extra = line.extraSpace
    if glyphs < 2 or last or line.lineBreak or not 0 < extra < line.maxWidth / 4:
        _justify_words(tx, offset, line, last)
        return
    tx.setCharSpace(extra / (glyphs - 1))
    try:
        _justify_words(tx, offset, line, last)
    finally:
        tx.setCharSpace(0)


_justify_words = paragraph._justifyDrawParaLineX


def cjk_frag_split(
    frags: list[Any], max_widths: list[float], calc_bounds: Any, encoding: str = "utf8"
) -> Any:
    """Drop-in replacement for reportlab's `cjkFragSplit` with the pair rule."""
    chars: list[Any] = []
    for frag in frags:
        text = frag.text
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if text:
            chars.extend(paragraph.cjkU(t, frag, encoding) for t in text)
        else:
            chars.append(paragraph.cjkU(text, frag, encoding))
    lines: list[Any] = []
    i = width_used = start = 0
    max_width = max_widths[0]
    count = len(chars)
    while i < count:
        char = chars[i]
        i += 1
        width = char.width
        if hasattr(width, "normalizedValue"):
            width._normalizer = max_width
            width = width.normalizedValue(max_width)
        width_used += width
        line_break = hasattr(char.frag, "lineBreak")
        if (width_used > max_width + _FUZZ and width_used > 0) or line_break:
            if not line_break:
                if i > start + 1:
                    i -= 1  # the character that overflows starts the next line…
                i = _latin_break(chars, start, i)  # …with the whole number or word…
                i = _break_point(chars, start, i)  # …and the punctuation that cannot start
            used = sum(c.width for c in chars[start:i])
            lines.append(
                _cjk_line(
                    chars[start:i], max_width, used, max_width - used, line_break, calc_bounds
                )
            )
            max_width = max_widths[min(len(lines), len(max_widths) - 1)]
            start = i
            width_used = 0
    if width_used > 0 or start < count:
        used = sum(c.width for c in chars[start:])
        lines.append(
            _cjk_line(chars[start:], max_width, used, max_width - used, False, calc_bounds)
        )
    return paragraph.ParaLines(kind=1, lines=lines)


class CJKParagraph(Paragraph):  # type: ignore[misc]  # reportlab is untyped
    """A Paragraph that always wraps with `cjk_frag_split`.

    reportlab wraps a single-font paragraph with `textsplit.wordSplit` instead of
    `cjkFragSplit`, and that path can neither keep pairs together nor justify.
    """

    def breakLinesCJK(self, maxWidths: Any) -> Any:
        if not isinstance(maxWidths, list | tuple):
            maxWidths = [maxWidths]
        if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
            return self.blPara
        if not self.frags or self.bulletText or self.style.endDots:
            return super().breakLinesCJK(maxWidths)
        self.height = 0
        auto_leading = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        return cjk_frag_split(self.frags, list(maxWidths), auto_leading not in ("", "off"))

    def _get_split_blParaFunc(self) -> Any:  # reportlab's name
        lines = self.blPara.lines if self.blPara.kind == 1 else ()
        if lines and all(hasattr(line, "cjk_glyphs") for line in lines):
            return _split_cjk_lines
        return super()._get_split_blParaFunc()


def _split_cjk_lines(bl_para: Any, start: int, stop: int) -> list[Any]:
    """The frags of lines start..stop as they are: reportlab's split (`_split_blParaHard`)
    appends a space to each line's last word, which a paragraph continued on the next page
    would print (and wrap) as a blank in the middle of Chinese text."""
    return [word for line in bl_para.lines[start:stop] for word in line.words]


def install_line_breaking() -> None:
    """Extend the cannot-start set and let CJK lines justify by letter spacing. Idempotent.

    The justify hook only touches lines made by `cjk_frag_split` (CJKParagraph); every other
    paragraph draws as before.
    """
    install_cjk_line_breaking()
    paragraph._justifyDrawParaLineX = _justify_cjk
