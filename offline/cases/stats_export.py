"""Statistics written for a spreadsheet: CSV (UTF-8 with a BOM, so Excel shows the Chinese) or
XLSX (a sheet per grouping), the period's 好差评 after them. Written to a temporary file beside
the target and moved into place, so a failure never leaves half a file under the clerk's chosen
name."""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from client.closing.rating import Level
from client.errors import ClerkError
from client.i18n import translate
from offline.cases.stats import Counts, Statistics, StatsRow


def _t(text: str) -> str:
    return translate("stats", text)


class ExportError(ClerkError):
    """The statistics could not be written where the clerk asked."""


HEADERS: tuple[str, ...] = (
    "收件",
    "受理",
    "补正",
    "不予受理",
    "即办",
    "已决定",
    "已办结",
    "按时",
    "超时",
    "平均决定用时（工作日）",
)


def count_values(counts: Counts) -> list[int | float | str]:
    average = counts.average_days
    return [
        counts.received,
        counts.accepted,
        counts.supplement,
        counts.refused,
        counts.immediate,
        counts.decided,
        counts.closed,
        counts.on_time,
        counts.overdue,
        "" if average is None else average,
    ]


def table(stats: Statistics, by: str) -> tuple[list[str], list[list[int | float | str]]]:
    """The header and rows of one grouping ("item" or "clerk"), a 合计 row last."""
    group: tuple[StatsRow, ...] = stats.by_item if by == "item" else stats.by_clerk
    first = [_t("事项编码"), _t("事项")] if by == "item" else [_t("受理人"), ""]
    header = [c for c in first if c] + [_t(h) for h in HEADERS]
    rows: list[list[int | float | str]] = []
    for row in group:
        names: list[int | float | str] = [row.key, row.name] if by == "item" else [row.key]
        rows.append(names + count_values(row.counts))
    blanks: list[int | float | str] = [""] if by == "item" else []
    rows.append([_t("合计"), *blanks, *count_values(stats.total)])
    return header, rows


def rating_rows(stats: Statistics) -> list[list[int | float | str]]:
    """好差评 of the period: a row per level (best first), then 合计 and 差评率 (percent)."""
    ratings = stats.ratings
    if ratings is None:
        return []
    rows: list[list[int | float | str]] = [[_t("评价"), _t("件数")]]
    rows += [[level.label, ratings.per_level.get(level, 0)] for level in Level]
    rows.append([_t("合计"), ratings.total])
    rate = ratings.bad_rate
    rows.append([_t("差评率（%）"), "" if rate is None else rate])
    return rows


@contextlib.contextmanager
def _replacing(target: Path) -> Iterator[Path]:
    if target.is_dir() or not target.parent.is_dir():
        raise ExportError(
            _t("无法保存到 {path}").format(path=target), _t("请选择一个已存在的文件夹和文件名。")
        )
    fd, name = tempfile.mkstemp(prefix=".stats-", dir=target.parent)
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        os.replace(temp, target)
    except OSError as exc:
        raise ExportError(
            _t("统计表未能保存：{why}").format(why=exc.strerror or exc),
            _t("请检查文件是否被其他程序打开，或换一个位置保存。"),
        ) from exc
    finally:
        temp.unlink(missing_ok=True)


def write_csv(stats: Statistics, target: Path) -> None:
    with _replacing(target) as temp, temp.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([_t("统计区间"), stats.period.label])
        for by, title in (("item", _t("按事项")), ("clerk", _t("按受理人"))):
            header, rows = table(stats, by)
            writer.writerow([])
            writer.writerow([title])
            writer.writerow(header)
            writer.writerows(rows)
        if ratings := rating_rows(stats):
            writer.writerow([])
            writer.writerow([_t("好差评")])
            writer.writerows(ratings)


def write_xlsx(stats: Statistics, target: Path) -> None:
    from openpyxl import Workbook  # loaded on first export only

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    book.remove(sheet)
    for by, title in (("item", _t("按事项")), ("clerk", _t("按受理人"))):
        sheet = book.create_sheet(title)
        sheet.append([_t("统计区间"), stats.period.label])
        header, rows = table(stats, by)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        sheet.column_dimensions["A"].width = 18
        sheet.column_dimensions["B"].width = 28
    if ratings := rating_rows(stats):
        sheet = book.create_sheet(_t("好差评"))
        sheet.append([_t("统计区间"), stats.period.label])
        for row in ratings:
            sheet.append(row)
        sheet.column_dimensions["A"].width = 18
    with _replacing(target) as temp:
        book.save(temp)


def export(stats: Statistics, target: Path) -> None:
    """By the file's suffix: .xlsx, else CSV."""
    if target.suffix.lower() == ".xlsx":
        write_xlsx(stats, target)
    else:
        write_csv(stats, target)
