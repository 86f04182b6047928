"""Every setting declared once: key, type, default and the label the settings screen shows.

Values live in the `settings` table as JSON. Code reads typed values through `Settings`;
nothing else writes the table.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from client.errors import ClerkError
from client.i18n import translate


class SettingError(ClerkError, ValueError):
    """A setting value that breaks its declaration; the message says which and why."""


@dataclass(frozen=True)
class SettingSpec:
    key: str
    type: type
    default: Any
    label: str  # source text; shown through translate("settings", label)
    on_form: bool = True  # shown in the generated settings form (others have their own screen)
    pattern: str = ""  # for text: a regular expression the value must match
    minimum: int = 0  # for numbers
    maximum: int = 1_000_000
    choices: tuple[Any, ...] = ()  # when set, the only values allowed
    printed: bool = False  # goes on documents: only characters the document fonts have


def _t(text: str) -> str:
    return translate("settings", text)


SPECS: tuple[SettingSpec, ...] = (
    SettingSpec(
        "window.code",
        str,
        "PX01",
        "窗口编号（1–5 位大写字母或数字）",
        pattern=r"^[A-Z0-9]{1,5}$",
    ),
    SettingSpec(
        "accounts.idle_minutes", int, 15, "无操作几分钟后锁定窗口（0 为不锁定）", maximum=240
    ),
    SettingSpec(
        "accounts.offline_days",
        int,
        7,
        "上次联网登录后几天内可离线登录",
        minimum=1,
        maximum=90,
    ),
    SettingSpec("rules.refusal_needs_chief", bool, False, "不予受理须由首席代表办理"),
    SettingSpec(
        "materials.max_file_mb", int, 50, "单个材料文件上限（MB）", minimum=1, maximum=2048
    ),
    SettingSpec("materials.max_pages", int, 200, "单个材料文件页数上限", minimum=1, maximum=5000),
    # Scanning: chosen in the capture dialog's own settings row, so not on the generic form.
    SettingSpec("scan.device", str, "", "扫描仪", on_form=False),
    SettingSpec(
        "scan.dpi", int, 300, "扫描分辨率（dpi）", on_form=False, choices=(150, 200, 300, 600)
    ),
    SettingSpec(
        "scan.mode", str, "color", "扫描色彩", on_form=False, choices=("color", "grey", "bw")
    ),
    SettingSpec("scan.feeder", bool, False, "使用自动进纸器", on_form=False),
    SettingSpec("scan.duplex", bool, False, "双面扫描", on_form=False),
    SettingSpec("scan.deskew", bool, True, "自动纠偏", on_form=False),
    SettingSpec("scan.jpeg_quality", int, 85, "JPEG 质量", on_form=False, minimum=30, maximum=100),
    SettingSpec("scan.watch_folder", str, "", "监视文件夹", on_form=False),
    SettingSpec(
        "scan.source",
        str,
        "scanner",
        "采集方式",
        on_form=False,
        choices=("scanner", "camera", "files", "watched_folder"),
    ),
    # Light rules (client/time_limits/supervision.py): provinces differ.
    SettingSpec("supervision.yellow_days", int, 2, "剩余几个工作日亮黄灯", maximum=30),
    SettingSpec(
        "supervision.yellow_share",
        int,
        0,
        "剩余时限不超过百分之几时亮黄灯（0 为不用）",
        maximum=100,
    ),
    SettingSpec(
        "supervision.rule",
        str,
        "remaining",
        "亮灯规则（remaining：按剩余时限；supervision：超期黄灯、督办未回复红灯）",
        choices=("remaining", "supervision"),
    ),
    SettingSpec(
        "uploads.chunk_kib",
        int,
        128,
        "材料上传分块大小（KB，链路差时调小）",
        minimum=64,
        maximum=8192,
    ),
    SettingSpec("sync.parallel_cases", int, 4, "同时同步的办件数", minimum=1, maximum=16),
    # docs/uploads-and-deadlines.md: how long one request may take, connect to the last byte
    # of the answer (a miss counts as a link fault), and how long `sync --once` goes on
    # without anything moving before it gives up with exit 1.
    SettingSpec(
        "sync.request_deadline_seconds",
        int,
        60,
        "单次请求最长等待（秒）",
        on_form=False,
        minimum=1,
        maximum=3600,
    ),
    SettingSpec(
        "sync.once_stall_seconds",
        int,
        120,
        "单次同步无进展多久后停止（秒）",
        on_form=False,
        minimum=1,
        maximum=24 * 3600,
    ),
    SettingSpec(
        "sync.warn_hours", int, 24, "超过几小时未同步时提醒（0 为不提醒）", maximum=24 * 30
    ),
    SettingSpec("sync.warn_ops", int, 500, "待同步操作超过多少条时提醒（0 为不提醒）"),
    SettingSpec(
        "sync.block_hours", int, 72, "超过几小时未同步时暂停受理（0 为不暂停）", maximum=24 * 90
    ),
    SettingSpec("sync.block_ops", int, 2000, "待同步操作超过多少条时暂停受理（0 为不暂停）"),
    SettingSpec(
        "sync.verify_hours",
        int,
        24,
        "每隔几小时与中心系统核对未办结办件（0 为不核对）",
        maximum=24 * 30,
    ),
    SettingSpec(
        "clock.max_skew_minutes",
        int,
        5,
        "本机时间与中心系统最多相差几分钟（超过则暂停受理）",
        minimum=1,
        maximum=24 * 60,
    ),
    SettingSpec(
        "materials.retention_days",
        int,
        30,
        "中心确认后本地材料保留天数",
        maximum=3650,
    ),
    # Automatic daily backups (offline/admin/backup_schedule.py), made by the window and by `sync`.
    SettingSpec("backup.folder", str, "", "自动备份文件夹（留空为配置目录下的 backups）"),
    SettingSpec("backup.keep", int, 7, "自动备份保留份数（0 为不自动备份）", maximum=365),
    # Set by the login screen (connected mode) and by 节假日管理, not by the generic form.
    SettingSpec("central.url", str, "", "中心系统地址（留空为培训模式）", on_form=False),
    SettingSpec("central.ca_bundle", str, "", "CA 证书文件（留空用系统证书）", on_form=False),
    SettingSpec("calendar.notices", dict, {}, "节假日安排（按年份）", on_form=False),
    # Printers by paper: the 80 mm roll takes the acceptance slip, every other document is A4.
    # Chosen in the print dialog, the first-run wizard or `print --printer`; "" = the default.
    SettingSpec("printing.receipt_printer", str, "", "回执打印机（80 毫米）", on_form=False),
    SettingSpec("printing.a4_printer", str, "", "A4 文书打印机", on_form=False),
    # Set when the first-run wizard finished (or was skipped), so it shows once per profile.
    SettingSpec("setup.first_run_done", bool, False, "首次设置已完成", on_form=False),
)
SPEC_BY_KEY = {s.key: s for s in SPECS}


def value_problem(spec: SettingSpec, value: Any) -> str:
    """Why `value` cannot be stored for `spec` (in Chinese), or ""."""
    label = _t(spec.label)
    if not isinstance(value, spec.type) or (spec.type is int and isinstance(value, bool)):
        return _t("“{label}”的值类型不对").format(label=label)
    if isinstance(value, str) and spec.pattern and not re.match(spec.pattern, value):
        return _t("“{label}”的格式不对").format(label=label)
    if spec.choices and value not in spec.choices:
        return _t("“{label}”只能取：{choices}").format(
            label=label, choices="、".join(str(c) for c in spec.choices)
        )
    if isinstance(value, str) and spec.printed:
        from client.intake.rules import unprintable_message  # the document fonts: on first use

        if problem := unprintable_message(value, _t(spec.label)):
            return problem
    if isinstance(value, int) and not spec.minimum <= value <= spec.maximum:
        return _t("“{label}”应在 {lo} 至 {hi} 之间").format(
            label=label, lo=spec.minimum, hi=spec.maximum
        )
    return ""


class Settings:
    """Typed access to the settings table: reads through the store's reader connection;
    writes go through the writer connection of the caller's transaction."""

    def __init__(
        self,
        reader: sqlite3.Connection,
        lock: threading.RLock,
        fresh_reader: Callable[[], sqlite3.Connection] | None = None,
    ) -> None:
        self._conn = reader
        self._lock = lock  # the store's read lock: the reader is shared between threads
        self._fresh_reader = fresh_reader

    def reconnect(self, reader: sqlite3.Connection) -> None:
        self._conn = reader

    def get(self, key: str) -> Any:
        spec = SPEC_BY_KEY[key]
        query = "SELECT value FROM settings WHERE key = ?"
        with self._lock:
            try:
                row = self._conn.execute(query, (key,)).fetchone()
            # A damaged page read before (offline/storage/store.py _fresh_reader):
            except MemoryError:
                if self._fresh_reader is None:
                    raise
                row = self._fresh_reader().execute(query, (key,)).fetchone()
        if row is None:
            return spec.default
        value = json.loads(row[0])
        return value if isinstance(value, spec.type) else spec.default

    def set(self, writer: sqlite3.Connection, key: str, value: Any) -> None:
        spec = SPEC_BY_KEY[key]
        problem = value_problem(spec, value)
        if problem:
            raise SettingError(problem)
        writer.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value, ensure_ascii=False)),
        )

    def text(self, key: str) -> str:
        return str(self.get(key))

    def number(self, key: str) -> int:
        return int(self.get(key))
