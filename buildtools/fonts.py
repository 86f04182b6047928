"""Prepare the bundled document fonts (run by hand when a font changes; not part of the build).

    python -m buildtools.fonts FANDOL_DIR WQY_ZENHEI_TTC HANAMINB_TTF resources/fonts

reportlab embeds TrueType outlines only, so the Fandol faces (CFF OpenType) are converted to
TrueType (cubic curves to quadratic, within 1 font unit). WenQuanYi Zen Hei's collection keeps
its first face only (the Mono and Sharp faces, and Sharp's bitmaps, are never used). Glyph names
are dropped (post format 3): PDF text extraction uses the cmap, not them. FandolSong Regular,
which prints page numbers only, keeps only their glyphs (SONG_REGULAR_KEEPS). The main fonts are
then gzip-compressed (fast to inflate at start), HanaMinB xz-compressed (smaller; inflated only
when needed); client/documents/fontfiles.py inflates them in memory.
See resources/fonts/README.md for where each font comes from and its licence.
"""

from __future__ import annotations

import gzip
import lzma
import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

# Bundled name: (source file name in its folder, what it serves)
FANDOL = {
    "FandolFang-Regular.ttf": "FandolFang-Regular.otf",  # 仿宋: body
    "FandolSong-Bold.ttf": "FandolSong-Bold.otf",  # 小标宋's stand-in: titles
    "FandolSong-Regular.ttf": "FandolSong-Regular.otf",  # 宋体: page numbers
}

# FandolSong Regular is the 宋体 of page numbers only ("— 1 —", GB/T 9704 7.5; FontSet.song,
# client/documents/layout.py): printable ASCII, the 一字线 (U+2014) and 中国, which every
# document font must have (client/documents/fonts.py _PROBE). 3.4 MiB -> a few KiB.
SONG_REGULAR_KEEPS = "".join(chr(c) for c in range(0x20, 0x7F)) + "\u2014中国"


def keep_only(font: TTFont, text: str) -> None:
    """Subset `font` in place to the glyphs of `text` (and .notdef)."""
    options = subset.Options()
    options.name_IDs = ["*"]  # the licence and the family name stay
    options.notdef_outline = True
    options.layout_features = []  # page numbers need no shaping
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)


def cff_to_truetype(font: TTFont) -> None:
    """Replace the CFF outlines with TrueType ones (fontTools' otf2ttf recipe)."""
    glyphs = font.getGlyphSet()
    order = font.getGlyphOrder()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    font.sfntVersion = "\x00\x01\x00\x00"


def drop_glyph_names(font: TTFont) -> None:
    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}


def write_compressed(font: TTFont, target: Path) -> None:
    plain = target.with_suffix("")  # name.ttf.gz -> name.ttf, a temporary file
    font.save(str(plain))
    data = plain.read_bytes()
    if target.suffix == ".xz":
        target.write_bytes(lzma.compress(data, preset=9 | lzma.PRESET_EXTREME))
    else:
        target.write_bytes(gzip.compress(data, 9, mtime=0))
    plain.unlink()
    print(f"{target.name}: {target.stat().st_size / 2**20:.1f} MiB")


def main(fandol_dir: Path, zenhei: Path, hanamin: Path, out: Path) -> None:
    for bundled, source in FANDOL.items():
        font = TTFont(str(fandol_dir / source))
        cff_to_truetype(font)
        drop_glyph_names(font)
        if bundled == "FandolSong-Regular.ttf":
            keep_only(font, SONG_REGULAR_KEEPS)
        write_compressed(font, out / f"{bundled}.gz")
    font = TTFont(str(zenhei), fontNumber=0)
    drop_glyph_names(font)
    write_compressed(font, out / "wqy-zenhei.ttf.gz")
    font = TTFont(str(hanamin))
    write_compressed(font, out / "HanaMinB.ttf.xz")


if __name__ == "__main__":
    fandol, wqy, hana, target = (Path(arg) for arg in sys.argv[1:5])
    main(fandol, wqy, hana, target)
