"""The offline store: one profile directory holding the database and the material files.

All writes go through `Store.write()`, which holds a lock (one writer per process) and an
IMMEDIATE transaction (one writer across processes).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from client.accounts import Person
from client.catalog.loading import Catalog, item_from_dict, item_to_dict
from client.domain import Action, CaseSummary, ServiceItem, Stage
from client.generated_ids import format_case_number
from client.i18n import translate
from client.time_limits.workdays import (
    HolidayNotice,
    WorkCalendar,
    notice_from_dict,
    notice_to_dict,
)
from offline.at_rest.crypto_files import PlainReader, write_encrypted
from offline.at_rest.data_key import DataKeys
from offline.at_rest.database import (
    ReaderRecovery,
    database_key_of,
    is_training_database,
    rekey_sql,
)
from offline.storage import audit
from offline.storage.db import (
    DatabaseError,
    connect,
    connect_reader,
    integrity_problems,
    utils_db,
    write_transaction,
)
from offline.storage.filestore import FileStore
from offline.storage.private_files import needs_tightening, private_dir, tighten, touch_private
from offline.storage.settings import SPEC_BY_KEY, SettingError, Settings, value_problem
from offline.storage.storage_errors import (
    DatabaseCorrupt,
    corrupt,
)

if TYPE_CHECKING:
    import sqlite_utils

DB_NAME = "chuangkou.db"


class Store(ReaderRecovery):
    """Disk full and a damaged database surface from every method as StorageFull and
    DatabaseCorrupt (offline/storage/storage_errors.py), never as SQLite's or the OS's own error."""

    def __init__(self, profile: Path) -> None:
        self.profile = profile
        # Set when a check finds the database damaged: every later write is refused.
        self.write_refused: DatabaseCorrupt | None = None
        with self._translated():
            if needs_tightening(profile):
                tighten(profile)
            private_dir(profile)
            # First: without its key a profile does not open.
            self.keys = DataKeys(profile, training=is_training_database(profile / DB_NAME))
            db_file = profile / DB_NAME
            if db_file.is_file() and db_file.stat().st_size == 0 and any(profile.glob("files/??")):
                # Emptied (truncated to nothing) under its material files: SQLite would take
                # it for a new database and the profile would silently start over.
                raise corrupt(profile, translate("store", "数据库文件为空"))
            self.db_key = database_key_of(profile, self.keys)
            touch_private(db_file)
            self.conn = connect(db_file, self.db_key)  # the writer
            self.reader = connect_reader(db_file, self.db_key)
        self.files = FileStore(profile / "files", self.keys)
        self.documents_dir = profile / "documents"
        self._lock = threading.RLock()  # the writer's
        self._read_lock = threading.RLock()
        self.settings = Settings(self.reader, self._read_lock, self._fresh_reader)
        self._db: sqlite_utils.Database | None = None
        if not self.keys.state.converted:
            from offline.at_rest.upgrade import encrypt_clear_files

            encrypt_clear_files(self)

    def rekey_database(self, key: bytes) -> None:
        """Key rotation: the database moves to `key` in one transaction (see key_rotation)."""
        with self._lock, self._read_lock, self._translated():
            if key == self.db_key:
                return
            self.conn.execute(rekey_sql(key))
            self.db_key = key
            self._fresh_reader()

    def close(self) -> None:
        with self._lock, self._read_lock:
            self.reader.close()
            self.conn.close()

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection, made on first use (see db.utils_db)."""
        with self._lock:
            if self._db is None:
                self._db = utils_db(self.conn)
            return self._db

    @contextlib.contextmanager
    def _translated(self) -> Iterator[None]:
        """SQLite's and the OS's words for disk full and corruption become the clerk's."""
        try:
            yield
        except (*DatabaseError, OSError, MemoryError) as exc:
            error = self._clerk_error(exc)
            if error is None:
                raise
            raise error from exc

    def refuse_writes(self, reason: DatabaseCorrupt) -> None:
        """After corruption is found: nothing more is written to this database."""
        self.write_refused = reason

    @contextlib.contextmanager
    def write(self, durable: bool = True) -> Iterator[sqlite_utils.Database]:
        """One write transaction. `durable=False` skips the fsync at commit (WAL with
        synchronous=NORMAL: the commit may be lost to a power cut, never torn): only for
        writes that are harmless to lose because they are redone, such as the sync engine
        marking an operation done that it would simply resend with the same key."""
        if self.write_refused is not None:
            raise self.write_refused
        db = self.db
        with self._lock, self._translated():
            if not durable:
                self.conn.execute("PRAGMA synchronous = NORMAL")
            try:
                with write_transaction(self.conn):
                    yield db
            finally:
                if not durable:
                    self.conn.execute("PRAGMA synchronous = FULL")

    @contextlib.contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """Committed data only, never waiting for a write in progress."""
        with self._read_lock, self._translated():
            yield self.reader

    # --- documents (encrypted at rest: read them here, never by path) ---------------------

    def write_document(self, path: Path, pdf: bytes) -> None:
        write_encrypted(path, pdf, self.keys.writing_key())

    def read_document(self, path: Path) -> bytes:
        with PlainReader(path, self.keys.key_for) as reader:
            return reader.read_all()

    # --- settings -------------------------------------------------------------------------

    @property
    def training(self) -> bool:
        return not self.settings.text("central.url")

    @property
    def window_code(self) -> str:
        return self.settings.text("window.code")

    @property
    def person(self) -> Person:
        """The person logged in at the window (offline/accounts); raises NotLoggedIn."""
        from offline.accounts.session import person_at_window

        with self.read() as conn:
            return person_at_window(conn, self.training)

    @property
    def clerk(self) -> str:
        """The name of the person at the window, as cases and documents record it."""
        return self.person.name

    @property
    def actor(self) -> str:
        """Who an audit record names: the person's user name, or "system" for work done with
        nobody logged in (reference data from the central)."""
        from offline.accounts.session import person_or_none

        with self.read() as conn:
            person = person_or_none(conn, self.training)
        return person.username if person else "system"

    def set_setting(self, key: str, value: Any, actor: str | None = None) -> None:
        self.set_settings({key: value}, actor)

    def set_settings(
        self, changes: dict[str, Any], actor: str | None = None, *, system: bool = False
    ) -> None:
        """Validate every change first, then write them and their audit records together.
        A person's change needs the 管理权 (offline/accounts/powers.py); `system` is for the
        client's own bookkeeping (the login, reference data from the central)."""
        for key, value in changes.items():
            problem = value_problem(SPEC_BY_KEY[key], value)
            if problem:
                raise SettingError(problem)
        if not system:
            from offline.accounts.powers import check_settings_change

            person = check_settings_change(self, changes)
            actor = actor or person.username
        actor = actor or self.actor
        # A change of window code is recorded under the new code: the central system files
        # each window's audit chain under its code (offline/sync/audit_sync.py).
        window_code = str(changes.get("window.code", self.window_code))
        with self.write() as db:
            for key, value in changes.items():
                old = self.settings.get(key)
                if old == value:
                    continue
                self.settings.set(db.conn, key, value)
                audit.append(
                    db,
                    actor=actor,
                    window_code=window_code,
                    action="settings.change",
                    details={"key": key, "old": old, "new": value},
                )

    def set_holiday_notice(self, notice: HolidayNotice) -> None:
        """节假日管理: the State Council's notice for one year, as an administrator entered it."""
        notices = dict(self.settings.get("calendar.notices"))
        notices[str(notice.year)] = notice_to_dict(notice)
        self.set_settings({"calendar.notices": notices})
        from offline.cases.clock import recompute_due_dates  # it reads through this class

        recompute_due_dates(self, "admin")

    def calendar(self) -> WorkCalendar:
        raw = self.settings.get("calendar.notices")
        notices: dict[int, HolidayNotice] = {int(y): notice_from_dict(v) for y, v in raw.items()}
        return WorkCalendar(notices)

    # --- catalog --------------------------------------------------------------------------

    def catalog_size(self) -> int:
        with self.read() as conn:
            return int(conn.execute("SELECT count(*) FROM catalog_items").fetchone()[0])

    def replace_catalog(self, catalog: Catalog, source: str) -> None:
        now = _now().isoformat(timespec="seconds")
        with self.write() as db:
            db.conn.execute("DELETE FROM catalog_items")
            db.table("catalog_items").insert_all(
                {
                    "code": item.code,
                    "name": item.name,
                    "department_code": item.department_code,
                    "department_name": item.department_name,
                    "pinyin_initials": item.pinyin_initials,
                    "data": json.dumps(item_to_dict(item), ensure_ascii=False),
                    "source": source,
                    "updated_at": now,
                }
                for item in catalog.items
            )
            audit.append(
                db,
                actor=self.actor,
                window_code=self.window_code,
                action="catalog.replace",
                details={"source": source, "version": catalog.version, "items": len(catalog.items)},
            )

    def items(self) -> list[ServiceItem]:
        with self.read() as conn:
            rows = conn.execute(
                "SELECT data, pinyin_initials FROM catalog_items ORDER BY department_code, code"
            ).fetchall()
        return [_item_row(data, pinyin) for data, pinyin in rows]

    def item(self, code: str) -> ServiceItem | None:
        with self.read() as conn:
            row = conn.execute(
                "SELECT data, pinyin_initials FROM catalog_items WHERE code = ?", (code,)
            ).fetchone()
        return _item_row(*row) if row else None

    # --- cases ----------------------------------------------------------------------------

    def next_case_number(self, db: sqlite_utils.Database, day: dt.date) -> str:
        """Allocate inside the case's own transaction: the number and the case commit
        together, so a crash can lose neither one alone and no number is ever reissued."""
        key = (self.window_code, f"{day:%Y%m%d}")
        db.conn.execute(
            "INSERT INTO case_number_sequences (window_code, day, last) VALUES (?, ?, 1)"
            " ON CONFLICT (window_code, day) DO UPDATE SET last = last + 1",
            key,
        )
        (last,) = db.conn.execute(
            "SELECT last FROM case_number_sequences WHERE window_code = ? AND day = ?", key
        ).fetchone()
        return format_case_number(self.window_code, day, int(last))

    def cases_of_day(self, day: dt.date) -> list[CaseSummary]:
        start = dt.datetime.combine(day, dt.time()).astimezone()
        end = start + dt.timedelta(days=1)
        return self._summaries(
            "WHERE c.created_at >= ? AND c.created_at < ? ORDER BY c.created_at DESC",
            (start.isoformat(), end.isoformat()),
        )

    def case_summary(self, case_number: str) -> CaseSummary | None:
        found = self._summaries("WHERE c.case_number = ?", (case_number,))
        return found[0] if found else None

    def _summaries(self, where: str, params: tuple[Any, ...]) -> list[CaseSummary]:
        with self.read() as conn:
            rows = conn.execute(
                "SELECT c.case_id, c.case_number, c.item_code, c.item_name, p.name, c.stage,"
                " c.action, c.created_at, c.due_date, c.clerk, c.window_code FROM cases c"
                " JOIN parties p ON p.case_id = c.case_id AND p.role = 'applicant' " + where,
                params,
            ).fetchall()
        return [
            CaseSummary(
                case_id=r[0],
                case_number=r[1],
                item_code=r[2],
                item_name=r[3],
                applicant_name=r[4],
                stage=Stage(r[5]),
                action=Action(r[6]),
                created_at=dt.datetime.fromisoformat(r[7]),
                due_date=dt.date.fromisoformat(r[8]) if r[8] else None,
                clerk=r[9],
                window_code=r[10],
            )
            for r in rows
        ]

    def outbox_depth(self) -> int:
        with self.read() as conn:
            return int(
                conn.execute(
                    "SELECT count(*) FROM outbox WHERE state IN ('pending', 'in_flight', 'parked')"
                ).fetchone()[0]
            )

    # --- health ---------------------------------------------------------------------------

    def check_health(self) -> list[str]:
        with self.read() as conn:
            problems = integrity_problems(conn) + audit.verify_chain(conn)
        missing = [sha for sha in self.referenced_blobs() if not self.files.has(sha)]
        problems += [translate("store", "材料文件缺失：{sha}").format(sha=sha) for sha in missing]
        return problems

    def orphan_blobs(self) -> list[str]:
        referenced = self.referenced_blobs()
        return [sha for sha in self.files.all_blobs() if sha not in referenced]

    def referenced_blobs(self) -> set[str]:
        with self.read() as conn:
            rows = conn.execute(
                "SELECT DISTINCT sha256 FROM material_files WHERE purged_at IS NULL"
            )
            return {sha for (sha,) in rows}

    def sweep_orphan_files(self) -> list[str]:
        """Remove material files no case refers to (left by a cancelled, refused or killed
        intake) once they are an hour old; newer ones may belong to an intake in progress."""
        return self.files.sweep_orphans(self.referenced_blobs())

    def free_disk_bytes(self) -> int:
        return shutil.disk_usage(self.profile).free


def _item_row(data: str, pinyin: str) -> ServiceItem:
    return item_from_dict(json.loads(data), pinyin)


def _now() -> dt.datetime:
    return dt.datetime.now().astimezone()
