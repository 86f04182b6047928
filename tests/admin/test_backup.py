"""Backup and restore: a backup taken while a real sync runs restores into a new profile with
the same data; a damaged backup is refused and the profile stays as it was."""

from __future__ import annotations

import hashlib
import json
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from offline.admin.backup import make_backup
from offline.admin.restore import BackupDamaged, restore_backup
from offline.storage.profile import open_profile
from offline.storage.store import Store
from tests.central.server import CentralServer
from tests.helpers.profile_db import open_db
from tests.sync.support import connected_service, engine, queue_cases, wait_for
from tests.test_cli import food_request, run, snapshot


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralServer]:
    with CentralServer(tmp_path / "central") as server:
        yield server


def rows(store: Store, sql: str) -> list[tuple[object, ...]]:
    with store.read() as conn:
        return [tuple(r) for r in conn.execute(sql)]


def test_backup_during_a_running_sync_restores_equal_data(
    central: CentralServer, tmp_path: Path
) -> None:
    service = connected_service(tmp_path / "live", central.url)
    store = service.store
    queue_cases(service, 6, 3, tmp_path, file_size=150_000)
    central.faults.update(delay_ms=150)  # the sync is still under way when the backup runs
    sync = engine(store)
    sync.start()
    more = threading.Thread(target=queue_cases, args=(service, 3, 1, tmp_path / "more"))
    try:
        wait_for(lambda: sync.status().pending < 6 * 7, what="the sync to start sending")
        more.start()  # and intakes keep coming while the backup is made
        waiting_at_start = sync.status().pending
        result = make_backup(store, tmp_path / "backup.zip")
        # The backup began while the sync still had work (checked at its start: on a fast
        # machine the sync may drain while the backup is being written).
        assert waiting_at_start > 0, "the backup should overlap the sync"
        more.join()
    finally:
        sync.stop()

    restored = tmp_path / "restored"
    done = restore_backup(tmp_path / "backup.zip", restored)
    assert done.previous is None and done.connected and done.cases == result.cases >= 6
    copy = open_profile(restored)
    try:
        assert copy.check_health() == []  # integrity, audit chain, every file present
        case_ids = {r[0] for r in rows(copy, "SELECT case_id FROM cases")}
        live_cases = {r[0]: r for r in rows(store, "SELECT * FROM cases")}
        for case in rows(copy, "SELECT * FROM cases"):
            assert case == live_cases[case[0]]  # a case is the same as it was
        # Every operation of the copy's cases is there, and nothing else.
        ops = rows(copy, "SELECT op_id, case_id, kind FROM outbox")
        live_ops = set(rows(store, "SELECT op_id, case_id, kind FROM outbox"))
        assert set(ops) == {op for op in live_ops if op[1] in case_ids}
        # Material files: the same rows, and each file decrypts to bytes that hash to its name.
        files = rows(copy, "SELECT file_id, sha256, size FROM material_files")
        live_files = set(rows(store, "SELECT file_id, sha256, size FROM material_files"))
        assert len(files) >= 18 and set(files) <= live_files
        for _file_id, sha, size in files:
            data = copy.files.read_bytes(str(sha))
            assert hashlib.sha256(data).hexdigest() == sha and len(data) == size
        # The audit chain is a prefix of the live one.
        chain = rows(copy, "SELECT seq, hash FROM audit_log ORDER BY seq")
        assert chain == rows(store, "SELECT seq, hash FROM audit_log ORDER BY seq")[: len(chain)]
    finally:
        copy.close()
        store.close()


@pytest.fixture
def backup(tmp_path: Path) -> Path:
    """A training profile with one accepted case (scan and slip) and its backup, by the CLI."""
    profile = tmp_path / "p"
    assert run(profile, "intake", "--json", str(food_request(tmp_path))).returncode == 0
    result = run(profile, "backup", str(tmp_path / "b.zip"))
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["cases"] == 1 and summary["files"] >= 3  # database, scan, slip
    return tmp_path / "b.zip"


def flipped(source: Path, target: Path, member: str, first_byte: int | None = None) -> Path:
    """`source` with one byte of `member`'s data flipped, or its first one set to `first_byte`."""
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo(member)
    name_len = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_len = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_len + extra_len
    if first_byte is None:
        data[start + info.compress_size // 2] ^= 0x01
    else:
        data[start] = first_byte
    target.write_bytes(bytes(data))
    return target


def damaged_variants(backup: Path) -> dict[str, Path]:
    folder = backup.parent
    with zipfile.ZipFile(backup) as archive:
        scan = next(n for n in archive.namelist() if n.startswith("files/"))
    truncated = folder / "truncated.zip"
    truncated.write_bytes(backup.read_bytes()[: backup.stat().st_size * 2 // 3])
    return {
        "truncated": truncated,
        "flipped byte in the database": flipped(backup, folder / "db.zip", "chuangkou.db"),
        "flipped byte in a scan": flipped(backup, folder / "scan.zip", scan),
        "flipped byte in the manifest": flipped(backup, folder / "man.zip", "manifest.json"),
        # 0xff opens a deflate block of the reserved type: zlib fails before any CRC check.
        "corrupt deflate stream": flipped(backup, folder / "z.zip", "manifest.json", 0xFF),
        "corrupt deflate in the database": flipped(backup, folder / "zd.zip", "chuangkou.db", 0xFF),
    }


def test_restore_into_a_new_profile_by_the_cli(backup: Path, tmp_path: Path) -> None:
    result = run(tmp_path / "unused", "restore", str(backup), "--profile", str(tmp_path / "new"))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["cases"] == 1
    restored, original = snapshot(tmp_path / "new"), snapshot(tmp_path / "p")
    kept = {k: v for k, v in original.items() if k.split("/")[0] in ("files", "documents")}
    assert len(kept) >= 2 and kept.items() <= restored.items()  # scans and slip, same bytes
    doctor = run(tmp_path / "new", "doctor", "--json")
    assert "数据库完整，审计链完好，材料文件齐全" in doctor.stdout


def test_restore_over_a_profile_keeps_the_old_one_aside(backup: Path, tmp_path: Path) -> None:
    profile = tmp_path / "p"
    assert run(profile, "intake", "--json", str(food_request(tmp_path))).returncode == 0
    result = run(profile, "restore", str(backup))
    assert result.returncode == 0, result.stderr
    previous = Path(json.loads(result.stdout)["previous"])
    assert "原配置目录已保留" in result.stderr
    count = "SELECT count(*) FROM cases"
    assert open_db(profile / "chuangkou.db").execute(count).fetchone() == (1,)
    assert open_db(previous / "chuangkou.db").execute(count).fetchone() == (2,)


def test_a_damaged_backup_is_refused_and_the_profile_stays_as_it_was(
    backup: Path, tmp_path: Path
) -> None:
    profile = tmp_path / "p"
    before = snapshot(profile)
    for label, archive in damaged_variants(backup).items():
        result = run(profile, "restore", str(archive))
        assert result.returncode == 2, (label, result.stderr)
        assert "备份文件已损坏或不完整，未做任何恢复" in result.stderr, label
        assert snapshot(profile) == before, label
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".p")) == []


def rewritten(backup: Path, target: Path, change: dict[str, bytes]) -> Path:
    """`backup` with members replaced and the manifest's hashes recomputed to match: only
    the checks of the content itself can catch it."""
    with zipfile.ZipFile(backup) as source, zipfile.ZipFile(target, "w") as out:
        manifest = json.loads(source.read("manifest.json"))
        for name in source.namelist():
            if name == "manifest.json":
                continue
            data = change.get(name, source.read(name))
            manifest["files"][name] = {
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
            }
            out.writestr(name, data)
        for name, data in change.items():
            if name not in source.namelist():
                manifest["files"][name] = {
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "size": len(data),
                }
                out.writestr(name, data)
        out.writestr("manifest.json", json.dumps(manifest))
    return target


def test_a_consistent_but_forged_backup_is_refused(backup: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(backup) as archive:
        db = tmp_path / "edit.db"
        db.write_bytes(archive.read("chuangkou.db"))
        # A forger on the same PC (the key in its keyring): the copy opens under the key that
        # the archive's data-key.json names.
        (tmp_path / "data-key.json").write_bytes(archive.read("data-key.json"))
    conn = open_db(db)
    triggers = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"
    for (name,) in conn.execute(triggers).fetchall():
        conn.execute(f"DROP TRIGGER {name}")  # what a forger would do first
    conn.execute("UPDATE audit_log SET actor = '某人' WHERE seq = 1")
    conn.commit()
    conn.close()
    forged = rewritten(backup, tmp_path / "forged.zip", {"chuangkou.db": db.read_bytes()})
    with pytest.raises(BackupDamaged, match="审计记录 1"):
        restore_backup(forged, tmp_path / "target")
    escape = rewritten(backup, tmp_path / "escape.zip", {"documents/../../evil.txt": b"x"})
    with pytest.raises(BackupDamaged, match="不允许的文件名"):
        restore_backup(escape, tmp_path / "target")
    assert not (tmp_path / "target").exists() and not (tmp_path.parent / "evil.txt").exists()


def test_a_profile_in_use_is_not_replaced(backup: Path, tmp_path: Path) -> None:
    store = open_profile(tmp_path / "p")  # the window has it open
    try:
        result = run(tmp_path / "p", "restore", str(backup))
        assert result.returncode == 1 and "正在使用" in result.stderr
    finally:
        store.close()
