"""The Linux build's smaller ICU data still serves what Qt uses ICU for: Chinese collation,
the Chinese codepages and Chinese time zone names (buildtools/icu_data.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import PySide6
import pytest

from buildtools.icu_data import archive_items, data_symbol, filtered_archive, keep, slim_icu_data

QT_LIB = Path(PySide6.__file__).parent / "Qt" / "lib"
pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="only the Linux wheels bundle ICU"
)

# Run with the slim library first on the search path (LD_LIBRARY_PATH beats Qt's RUNPATH).
PROBE = """
from PySide6.QtCore import QByteArray, QCollator, QLocale, QStringDecoder, QTimeZone
names = ["张三", "李四", "王五", "阿毛", "赵六"]
print(",".join(sorted(names, key=QCollator(QLocale("zh_CN")).sortKey)))
print(QStringDecoder("GB18030").isValid(), QStringDecoder("GBK").isValid())
print(QStringDecoder("Shift_JIS").isValid())
zone = QTimeZone(b"Asia/Shanghai")
print(zone.displayName(QTimeZone.StandardTime, QTimeZone.LongName, QLocale("zh_CN")))
print(QLocale("zh_CN").toUpper("straße"))
"""


def test_items_kept_and_dropped() -> None:
    assert keep("icudt73l/coll/zh.res") and keep("icudt73l/zh_Hans_CN.res")
    assert keep("icudt73l/en_GB.res") and keep("icudt73l/root.res")
    assert keep("icudt73l/zone/pool.res") and keep("icudt73l/zoneinfo64.res")
    assert keep("icudt73l/gb18030.cnv") and keep("icudt73l/cnvalias.icu")
    assert not keep("icudt73l/de.res") and not keep("icudt73l/coll/de_.res")
    assert not keep("icudt73l/brkitr/thaidict.dict") and not keep("icudt73l/translit/el.res")
    assert not keep("icudt73l/ibm-37_P100-1995.cnv")


def test_slim_library_serves_chinese_collation_codecs_and_zones(tmp_path: Path) -> None:
    library = next(QT_LIB.glob("libicudata.so.*"))
    slim = slim_icu_data(library, tmp_path)
    assert slim.stat().st_size < library.stat().st_size / 4
    _header, items = archive_items(next(tmp_path.glob("*.bin")).read_bytes())
    assert items == sorted(items) and all(keep(name) for name, _data in items)
    env = {**os.environ, "LD_LIBRARY_PATH": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[0] == "阿毛,李四,王五,张三,赵六"  # pinyin order: zh collation is there
    assert out[1] == "True True"  # the Chinese codepages
    assert out[2] == "False"  # Japanese ones are gone: the slim data is what was loaded
    assert out[3] == "中国标准时间"
    assert out[4] == "STRASSE"


def test_filtering_twice_changes_nothing() -> None:
    library = next(QT_LIB.glob("libicudata.so.*"))
    _name, offset, size = data_symbol(library)
    once = filtered_archive(library.read_bytes()[offset : offset + size])
    assert filtered_archive(once) == once
