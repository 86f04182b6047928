"""`doctor`: check the installation and the data, and say what to fix (in Chinese)."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path

import keyring
import keyring.backends.fail

from client.i18n import translate
from offline.at_rest.data_key import DataKeyMissing, KeyringRefused
from offline.storage.profile import open_profile
from offline.storage.storage_errors import corrupt, restore_copies, storage_error
from offline.storage.store import Store

MIN_FREE_BYTES = 1024**3


def _t(text: str) -> str:
    return translate("doctor", text)


class Level(StrEnum):
    OK = "ok"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class Check:
    name: str
    level: Level
    message: str


@dataclass
class Report:
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.level is not Level.ERROR for c in self.checks)

    def add(self, name: str, level: Level, message: str) -> None:
        self.checks.append(Check(name, level, message))

    def to_dict(self) -> dict[str, object]:
        return {"ok": self.ok, "checks": [asdict(c) for c in self.checks]}

    def to_text(self) -> str:
        mark = {Level.OK: "✓", Level.WARNING: "!", Level.ERROR: "✗"}
        lines = [f"{mark[c.level]} {c.name}: {c.message}" for c in self.checks]
        lines.append(_t("检查通过") if self.ok else _t("发现问题，请按上面标 ✗ 的项目处理"))
        return "\n".join(lines)


def run_checks(profile: Path, deep: bool = False) -> Report:
    """Every check on its own: one that fails (a damaged table, a missing driver) is reported
    as an error of that check and the others still run; doctor itself never fails.
    `deep` also hashes every material file (minutes on a large profile)."""
    report = Report()
    try:
        store = open_profile(profile)
    except (DataKeyMissing, KeyringRefused) as exc:  # the files cannot be read here
        report.add("data_key", Level.ERROR, str(exc))
        return report
    except Exception as exc:  # the database itself cannot be opened
        error = storage_error(exc, profile)
        report.add("database", Level.ERROR, _t("数据库无法打开：") + str(error or exc))
        _isolated(report, profile, "backups", lambda: _check_backups(report, profile))
        return report
    from offline.doctor.devices import check_cameras, check_scanners

    checks: list[tuple[str, Callable[[], None]]] = [
        ("database", lambda: _check_database(report, store)),
        ("backups", lambda: _check_backups(report, profile)),
        ("files", lambda: _check_orphans(report, store)),
        ("slips", lambda: _check_slips(report, store)),
        ("fonts", lambda: _check_fonts(report)),
        ("keyring", lambda: _check_keyring(report, store.training)),
        ("data_key", lambda: _check_data_key(report, store)),
        ("disk", lambda: _check_disk(report, store)),
        ("calendar", lambda: _check_calendar(report, store)),
        ("sync", lambda: _check_sync(report, store)),
        ("scanners", lambda: check_scanners(report, store)),
        ("cameras", lambda: check_cameras(report, store)),
        ("signing_key", lambda: _check_signing_key(report, store)),
        ("mode", lambda: _check_mode(report, store)),
        ("department", lambda: check_department(report, store)),
    ]
    if deep:
        checks.insert(1, ("material_hashes", lambda: _check_hashes(report, store)))
    try:
        for name, check in checks:
            _isolated(report, profile, name, check)
    finally:
        store.close()
    return report


def _isolated(report: Report, profile: Path, name: str, check: Callable[[], None]) -> None:
    try:
        check()
    except Exception as exc:
        error = storage_error(exc, profile)
        report.add(name, Level.ERROR, _t("检查时出错：") + str(error or repr(exc)))


def _check_database(report: Report, store: Store) -> None:
    problems = store.check_health()
    if problems:
        message = _t("数据检查发现问题：") + "；".join(problems)
        if any(p.startswith(_t("数据库文件损坏")) for p in problems):
            message += "。" + corrupt(store.profile).remedy
        report.add("database", Level.ERROR, message)
    else:
        report.add("database", Level.OK, _t("数据库完整，审计链完好，材料文件齐全"))


def _check_backups(report: Report, profile: Path) -> None:
    """What a damaged database can be restored from (offline/storage/storage_errors.py)."""
    copies = restore_copies(profile)
    if copies:
        listed = "；".join(
            f"{p}（{dt.datetime.fromtimestamp(p.stat().st_mtime):%Y-%m-%d %H:%M}）" for p in copies
        )
        report.add("backups", Level.OK, _t("可用于恢复的备份：") + listed)
    else:
        report.add(
            "backups",
            Level.WARNING,
            _t("配置目录中没有数据库备份（升级前的自动备份或最近一次完好的副本）"),
        )


def _check_hashes(report: Report, store: Store) -> None:
    damaged = [
        sha
        for sha in sorted(store.referenced_blobs())
        if store.files.has(sha) and not store.files.verify(sha)
    ]
    if damaged:
        report.add(
            "material_hashes",
            Level.ERROR,
            _t("{n} 个材料文件内容已损坏（与登记的校验值不符）：{files}").format(
                n=len(damaged), files="、".join(str(store.files.path_of(s)) for s in damaged)
            ),
        )
    else:
        report.add("material_hashes", Level.OK, _t("所有材料文件的内容与校验值一致"))


def _check_slips(report: Report, store: Store) -> None:
    """Accepted cases whose 受理回执 was never produced (no print in the ledger)."""
    with store.read() as conn:
        rows = conn.execute(
            "SELECT case_number FROM cases c WHERE c.action = 'accept' AND NOT EXISTS"
            " (SELECT 1 FROM document_prints d WHERE d.case_id = c.case_id"
            "  AND d.kind = 'acceptance-slip' AND d.action IN ('print', 'reprint'))"
            " ORDER BY c.created_at"
        ).fetchall()
    if rows:
        report.add(
            "slips",
            Level.WARNING,
            _t("{n} 件已受理的办件没有出具受理回执，请补打：{cases}").format(
                n=len(rows), cases="、".join(r[0] for r in rows)
            ),
        )
    else:
        report.add("slips", Level.OK, _t("已受理的办件都已出具受理回执"))


def _check_orphans(report: Report, store: Store) -> None:
    orphans = store.orphan_blobs()
    if orphans:
        report.add(
            "files",
            Level.WARNING,
            _t("有 {n} 个材料文件不属于任何办件（中断的受理留下的），启动窗口时会自动清理").format(
                n=len(orphans)
            ),
        )


def _check_disk(report: Report, store: Store) -> None:
    free = store.free_disk_bytes()
    gib = round(free / 1024**3, 1)
    if free < MIN_FREE_BYTES:
        report.add("disk", Level.ERROR, _t("磁盘剩余空间不足：{gib} GB").format(gib=gib))
    else:
        report.add("disk", Level.OK, _t("磁盘剩余 {gib} GB").format(gib=gib))


def _check_calendar(report: Report, store: Store) -> None:
    calendar = store.calendar()
    year = dt.date.today().year
    missing = [y for y in (year, year + 1) if not calendar.knows_year(y)]
    if missing:
        years = "、".join(str(y) for y in missing)
        report.add(
            "calendar",
            Level.WARNING,
            _t("缺少 {years} 年节假日安排，时限按法定节假日暂定；请在“节假日管理”中录入").format(
                years=years
            ),
        )
    else:
        report.add("calendar", Level.OK, _t("节假日安排齐全"))


def _check_mode(report: Report, store: Store) -> None:
    report.add(
        "mode",
        Level.OK,
        _t("培训模式") if store.training else _t("联网模式：") + store.settings.text("central.url"),
    )


def check_department(report: Report, store: Store) -> None:
    """The department the documents name: a connected window without the central's prints
    nothing (offline/documents/department.py)."""
    from offline.documents.department import DepartmentMissing, window_department

    try:
        department = window_department(store)
    except DepartmentMissing as exc:
        report.add("department", Level.ERROR, str(exc))
        return
    report.add("department", Level.OK, _t("文书所署部门：") + department.name)


def _check_fonts(report: Report) -> None:
    from client.documents.fontchain import INSTALL_HINT_LINUX, has_plane_2_fallback
    from client.documents.fonts import FontError, fonts_report

    try:
        report.add("fonts", Level.OK, "；".join(fonts_report()))
    except FontError as exc:
        report.add("fonts", Level.ERROR, str(exc))
        return
    if not has_plane_2_fallback():  # names with Ext-B characters are refused where typed
        remedy = (
            _t("请安装 Windows 的 SimSun-ExtB 字体（simsunb.ttf）")
            if sys.platform == "win32"
            else _t("请安装花园明朝字体（{command}）").format(command=INSTALL_HINT_LINUX)
        )
        report.add(
            "rare_fonts",
            Level.WARNING,
            _t("未找到扩展B区生僻字字体：含这类字的姓名无法打印；") + remedy,
        )


def _check_signing_key(report: Report, store: Store) -> None:
    """Present, opens with what the keyring holds, and its expiry (docs/admin.md)."""
    from offline.documents.key_status import check_key

    result = check_key(store)
    report.add("signing_key", Level(result.level), result.message)


def _check_keyring(report: Report, training: bool) -> None:
    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if isinstance(backend, keyring.backends.fail.Keyring):
        level = Level.WARNING if training else Level.ERROR
        report.add(
            "keyring",
            level,
            _t("没有可用的系统密钥库（{name}），联网模式无法保存登录凭据").format(name=name),
        )
    else:
        report.add("keyring", Level.OK, _t("密钥库：") + name)


def _check_data_key(report: Report, store: Store) -> None:
    state = store.keys.state
    if state.local:
        report.add(
            "data_key",
            Level.WARNING,
            _t(
                "培训模式：本机没有受保护的系统密钥库，数据密钥保存在配置目录中；"
                "仅供培训，请勿录入真实材料"
            ),
        )
    elif state.next:
        report.add(
            "data_key",
            Level.WARNING,
            _t("数据密钥轮换未完成（文件仍可读取）；请再次运行 keys rotate-data-key"),
        )
    elif not state.converted:
        report.add(
            "data_key",
            Level.WARNING,
            _t("仍有旧版本留下的未加密文件（已损坏，无法加密）；详见数据检查"),
        )
    else:
        report.add(
            "data_key",
            Level.OK,
            _t("材料文件、文书和数据库已加密保存（数据密钥 {kid}）").format(kid=state.current[:8]),
        )


def _check_sync(report: Report, store: Store) -> None:
    """The outbox (what waits, what needs attention) and, when connected, the central."""
    from client.central.api import AuthenticationError, CentralError
    from client.central.replies import ReplyError
    from offline.accounts.connect import SYNC_REQUEST_POLICY, client_for
    from offline.storage.secrets import SecretStoreUnavailable
    from offline.sync.health import HealthLevel, sync_health
    from offline.sync.outbox import Outbox

    counts = Outbox(store).counts()
    health = sync_health(store)
    if counts.parked:
        report.add(
            "outbox",
            Level.ERROR,
            _t(
                "有 {n} 件办件被中心系统拒绝，需要处理（窗口“同步队列”或 queue 命令查看原因）"
            ).format(n=counts.parked_cases),
        )
    elif health.level is not HealthLevel.OK:
        level = Level.ERROR if health.level is HealthLevel.BLOCK else Level.WARNING
        report.add("outbox", level, health.message)
    else:
        report.add("outbox", Level.OK, _t("待同步 {n} 项").format(n=counts.pending))
    if store.training:
        return
    client = client_for(store, policy=SYNC_REQUEST_POLICY)
    client.timeout = (3.0, 5.0)
    try:
        client.call("getChanges", "GET", "/changes", params={"limit": "1"})
    except AuthenticationError:
        report.add("central", Level.ERROR, _t("中心系统登录已失效，请重新登录"))
    except ReplyError as exc:  # something answers, but not the central (a portal, a proxy)
        report.add("central", Level.ERROR, _t("回应的不是中心系统：") + str(exc))
    except (CentralError, SecretStoreUnavailable) as exc:
        report.add("central", Level.WARNING, _t("暂时无法连接中心系统：") + str(exc))
    else:
        report.add("central", Level.OK, _t("中心系统可以连接"))
