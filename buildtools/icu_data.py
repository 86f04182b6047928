"""A smaller ICU data library for the Linux build (docs/install.md, Build size).

PySide6's Linux wheels bundle ICU, whose data library (libicudata, 31 MiB) carries the locale
data of every language, every legacy codepage, transliterators and the Thai/Khmer/CJK word
dictionaries. Qt uses ICU for collation, case mapping, time zone names and codecs only, and
this client speaks Chinese and English. The library is one symbol (icudtNN_dat) holding an ICU
"common data" archive; we copy the items we keep into a new archive and assemble it into a
shared library of the same name (gcc).
"""

from __future__ import annotations

import re
import struct
import subprocess
from pathlib import Path

# Locale data kept: Chinese and English (every region), root and the shared string pools.
LANGUAGES = ("zh", "en")
# Codepages kept besides the algorithmic Unicode ones ICU has built in: the Chinese ones.
CONVERTERS = (
    "gb18030.cnv",
    "windows-936-2000.cnv",
    "windows-950-2000.cnv",
    "ibm-1373_P100-2002.cnv",  # windows-950 is built on it
    "ibm-1383_P110-1999.cnv",
    "ibm-1386_P100-2001.cnv",
    "ibm-5478_P100-1995.cnv",
)
_LOCALE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]*)*\.res$")  # de_.res too


def keep(item: str) -> bool:
    """Whether an archive item ("icudt73l/coll/zh.res") stays."""
    parts = item.split("/")[1:]
    folder, base = (parts[0] if len(parts) > 1 else ""), parts[-1]
    if folder == "translit" or base.endswith(".dict"):
        return False
    if base.endswith(".cnv"):
        return base in CONVERTERS
    if _LOCALE.match(base) and base not in ("root.res", "pool.res"):
        return base.split("_")[0].removesuffix(".res") in LANGUAGES
    return True


def archive_items(archive: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """The archive's header and its (name, data) items, in table-of-contents order."""
    header_size = struct.unpack_from("<H", archive, 0)[0]
    if archive[12:16] != b"CmnD":
        raise ValueError("not an ICU common data archive")
    count = struct.unpack_from("<I", archive, header_size)[0]
    toc = [struct.unpack_from("<II", archive, header_size + 4 + 8 * i) for i in range(count)]
    items = []
    for index, (name_at, data_at) in enumerate(toc):
        start = header_size + name_at
        name = archive[start : archive.index(b"\0", start)].decode("ascii")
        end = header_size + toc[index + 1][1] if index + 1 < count else len(archive)
        items.append((name, archive[header_size + data_at : end]))
    return archive[:header_size], items


def filtered_archive(archive: bytes) -> bytes:
    """The archive with only the items `keep` accepts (names stay sorted, data 16-aligned)."""
    header, items = archive_items(archive)
    kept = [(name, data) for name, data in items if keep(name)]
    names = b"".join(name.encode("ascii") + b"\0" for name, _data in kept)
    toc_size = 4 + 8 * len(kept)
    data_start = -(-(toc_size + len(names) + len(header)) // 16) * 16 - len(header)
    toc, body, name_at, data_at = [], b"", toc_size, data_start
    for name, data in kept:
        toc.append(struct.pack("<II", name_at, data_at + len(body)))
        name_at += len(name) + 1
        body += data + b"\0" * (-len(data) % 16)
    padding = b"\0" * (data_start - toc_size - len(names))
    return header + struct.pack("<I", len(kept)) + b"".join(toc) + names + padding + body


def data_symbol(library: Path) -> tuple[str, int, int]:
    """The data symbol's name, file offset and size (readelf: binutils)."""
    out = subprocess.run(
        ["readelf", "-W", "--dyn-syms", "--section-headers", str(library)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    symbol = re.search(
        r"([0-9a-f]+)\s+(0x[0-9a-f]+|\d+)\s+OBJECT\s+GLOBAL\s+\w+\s+(\d+)\s+(icudt\d+_dat)", out
    )
    if symbol is None:
        raise ValueError(f"{library.name}: no icudt*_dat symbol")
    address, size = int(symbol.group(1), 16), int(symbol.group(2), 0)
    section = int(symbol.group(3))
    row = re.search(rf"\[\s*{section}\]\s+\S+\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)", out)
    assert row is not None
    offset = address - int(row.group(1), 16) + int(row.group(2), 16)
    return symbol.group(4), offset, size


def slim_icu_data(library: Path, out_dir: Path) -> Path:
    """Write a library like `library` (libicudata.so.NN) holding only the data kept."""
    name, offset, size = data_symbol(library)
    archive = library.read_bytes()[offset : offset + size]
    out_dir.mkdir(parents=True, exist_ok=True)
    data = out_dir / f"{name}.bin"
    data.write_bytes(filtered_archive(archive))
    source = out_dir / f"{name}.s"
    source.write_text(
        f"\t.section .rodata\n\t.globl {name}\n\t.type {name}, @object\n\t.balign 16\n"
        f'{name}:\n\t.incbin "{data}"\n\t.size {name}, . - {name}\n'
        '\t.section .note.GNU-stack,"",@progbits\n'
    )
    target = out_dir / library.name
    subprocess.run(
        [
            "gcc",
            "-shared",
            "-nostdlib",
            "-o",
            str(target),
            str(source),
            f"-Wl,-soname,{library.name}",
        ],
        check=True,
    )
    return target
