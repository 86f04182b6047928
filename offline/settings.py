"""Every setting declared once: key, type, default and the label the settings screen shows.

Values live in the `settings` table as JSON. Code reads typed values through `Settings`;
nothing else writes the table.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from client.i18n import translate


@dataclass(frozen=True)
class SettingSpec:
    key: str
    type: type
    default: Any
    label: str


def _t(text: str) -> str:
    return translate("settings", text)


SPECS: tuple[SettingSpec, ...] = (
    SettingSpec("window.code", str, "PX01", _t("窗口编号")),
    SettingSpec("window.clerk", str, "培训员", _t("经办人")),
    SettingSpec("central.url", str, "", _t("中心系统地址（留空为培训模式）")),
    SettingSpec("central.ca_bundle", str, "", _t("CA 证书文件（留空用系统证书）")),
    SettingSpec("materials.max_file_mb", int, 50, _t("单个材料文件上限（MB）")),
    SettingSpec("supervision.yellow_days", int, 2, _t("剩余几个工作日亮黄灯")),
    SettingSpec("calendar.notices", dict, {}, _t("节假日安排（按年份）")),
)
SPEC_BY_KEY = {s.key: s for s in SPECS}


class Settings:
    """Typed access to the settings table: reads through the store's reader connection;
    writes go through the writer connection of the caller's transaction."""

    def __init__(self, reader: sqlite3.Connection) -> None:
        self._conn = reader

    def get(self, key: str) -> Any:
        spec = SPEC_BY_KEY[key]
        row = self._conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        if row is None:
            return spec.default
        value = json.loads(row[0])
        return value if isinstance(value, spec.type) else spec.default

    def set(self, writer: sqlite3.Connection, key: str, value: Any) -> None:
        spec = SPEC_BY_KEY[key]
        if not isinstance(value, spec.type):
            raise TypeError(f"setting {key} takes {spec.type.__name__}")
        writer.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value, ensure_ascii=False)),
        )

    def text(self, key: str) -> str:
        return str(self.get(key))

    def number(self, key: str) -> int:
        return int(self.get(key))
