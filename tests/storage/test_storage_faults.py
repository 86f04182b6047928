"""Disk full and a damaged profile, as the administrator meets them at the command line.

The disk-full tests run on a real 2 MB tmpfs (we run as root in CI); the corruption tests on
a copy of a real profile truncated, with one page overwritten, with one material byte flipped.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from offline.storage import audit
from offline.storage.profile import open_profile
from offline.storage.storage_errors import StorageFull
from tests.helpers.profile_db import open_db
from tests.test_cli import food_request, run

PAGE = 4096


def big_jpeg(path: Path, side: int = 1600) -> Path:
    """A real JPEG of about 3 MB (noise does not compress)."""
    image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    path.write_bytes(out.getvalue())
    return path


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs. Skipped only when this machine does not let us mount (not root)."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {done.stderr.strip()}")
    try:
        assert os.path.ismount(mount_point)
        assert shutil.disk_usage(mount_point).total <= 2 * 1024 * 1024
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def case_numbers(profile: Path) -> list[str]:
    conn = open_db(profile / "chuangkou.db")
    try:
        return [r[0] for r in conn.execute("SELECT case_number FROM cases ORDER BY case_number")]
    finally:
        conn.close()


def assert_store_intact(profile: Path) -> None:
    store = open_profile(profile)
    try:
        with store.read() as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert audit.verify_chain(conn) == []
        assert store.check_health() == []
    finally:
        store.close()


def test_an_intake_too_big_for_the_disk_is_refused_in_chinese_and_leaves_the_store_intact(
    small_disk: Path, tmp_path: Path
) -> None:
    profile = small_disk / "profile"
    first = run(profile, "intake", "--json", str(food_request(tmp_path)))
    assert first.returncode == 0, first.stderr
    before = case_numbers(profile)
    assert len(before) == 1

    requests = tmp_path / "big"
    requests.mkdir()
    request = food_request(requests)
    big_jpeg(requests / "licence.jpg")  # the request's scan, now 3 MB on a 2 MB disk
    full = run(profile, "intake", "--json", str(request))

    assert full.returncode == 1
    assert "磁盘空间已满" in full.stderr and str(profile) in full.stderr
    assert "Traceback" not in full.stderr and "Errno" not in full.stderr
    assert not list((profile / "files" / "tmp").iterdir())  # no half-written file left
    assert case_numbers(profile) == before

    # Space freed (here: the disk had room all along once the big scan is gone): intact, and
    # the next intake works and gets the next number.
    assert_store_intact(profile)
    again = run(profile, "intake", "--json", str(food_request(tmp_path)))
    assert again.returncode == 0, again.stderr
    assert len(case_numbers(profile)) == 2


def test_a_commit_on_a_full_disk_rolls_back_and_the_store_works_once_space_is_freed(
    small_disk: Path, tmp_path: Path
) -> None:
    profile = small_disk / "profile"
    assert run(profile, "intake", "--json", str(food_request(tmp_path))).returncode == 0
    store = open_profile(profile)
    filler = small_disk / "filler"
    try:
        with open(filler, "wb") as f:  # fill the disk to the last block
            try:
                while True:
                    f.write(b"\0" * 65536)
                    f.flush()
            except OSError:
                pass
        with pytest.raises(StorageFull) as refused, store.write() as db:
            audit.append(
                db,
                actor="clerk",
                window_code="PX01",
                action="test.big",
                details={"blob": "x" * 600_000},
            )
        assert "磁盘空间已满" in refused.value.message and str(profile) in refused.value.remedy
        assert not store.conn.in_transaction
        filler.unlink()
        store.set_setting("materials.max_pages", 100)  # the next write works
        with store.read() as conn:
            actions = [r[0] for r in conn.execute("SELECT action FROM audit_log")]
        assert "test.big" not in actions
    finally:
        store.close()
        filler.unlink(missing_ok=True)
    assert_store_intact(profile)
    assert len(case_numbers(profile)) == 1


# --- a damaged copy of a profile -------------------------------------------------------------


@pytest.fixture(scope="module")
def good_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("good")
    profile = base / "profile"
    for _ in range(2):
        done = run(profile, "intake", "--json", str(food_request(base)))
        assert done.returncode == 0, done.stderr
    return profile


def damaged_copy(good: Path, tmp_path: Path, how: str) -> Path:
    profile = tmp_path / how
    shutil.copytree(good, profile)
    db = profile / "chuangkou.db"
    if how == "truncated":
        os.truncate(db, db.stat().st_size // 2)
    elif how == "emptied":
        os.truncate(db, 0)
    elif how == "page":
        # A page of the cases table overwritten with junk (a bad sector, a torn copy).
        conn = open_db(db)
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'cases'").fetchone()
        conn.close()
        with open(db, "r+b") as f:
            f.seek((root[0] - 1) * PAGE)
            f.write(b"JUNK" * (PAGE // 4))  # not a valid page type: always caught
    elif how == "material":
        blob = next(p for p in (profile / "files").glob("??/*"))
        data = bytearray(blob.read_bytes())
        data[len(data) // 2] ^= 0x01
        blob.write_bytes(bytes(data))
    return profile


VERBS = [
    ("catalog",),
    ("queue",),
    ("doctor",),
    ("sync", "--once"),
    ("intake", "--json", "REQUEST"),
]


@pytest.mark.parametrize("how", ["truncated", "emptied", "page"])
def test_every_verb_on_a_damaged_database_says_so_in_chinese(
    good_profile: Path, tmp_path: Path, how: str
) -> None:
    profile = damaged_copy(good_profile, tmp_path, how)
    request = str(food_request(tmp_path))
    size = (profile / "chuangkou.db").stat().st_size
    for verb in VERBS:
        args = [request if a == "REQUEST" else a for a in verb]
        done = run(profile, *args)
        assert done.returncode == 1, (verb, done.stdout, done.stderr)
        assert "Traceback" not in done.stdout + done.stderr, verb
        text = done.stdout + done.stderr
        assert "数据库文件已损坏" in text or "数据库无法打开" in text, (verb, text)
        assert "备份" in text, (verb, text)  # the way out
    assert (profile / "chuangkou.db").stat().st_size == size  # nothing written to it


def test_doctor_names_the_copies_to_restore_from(good_profile: Path, tmp_path: Path) -> None:
    profile = damaged_copy(good_profile, tmp_path, "page")
    (profile / "backups").mkdir()
    shutil.copyfile(good_profile / "chuangkou.db", profile / "backups/chuangkou.db.last-good")
    done = run(profile, "doctor")
    assert done.returncode == 1
    assert "可用于恢复的备份" in done.stdout and "chuangkou.db.last-good" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_doctor_deep_finds_a_flipped_material_byte(good_profile: Path, tmp_path: Path) -> None:
    profile = damaged_copy(good_profile, tmp_path, "material")
    shallow = run(profile, "doctor")
    assert "material_hashes" not in shallow.stdout  # only --deep reads every byte
    deep = run(profile, "doctor", "--deep")
    assert deep.returncode == 1
    assert "✗ material_hashes" in deep.stdout and "内容已损坏" in deep.stdout
    for verb in VERBS[:2]:  # the database itself is sound: these still work
        assert run(profile, *verb).returncode == 0


def test_doctor_lists_accepted_cases_whose_slip_was_never_produced(
    good_profile: Path, tmp_path: Path
) -> None:
    profile = tmp_path / "p"
    shutil.copytree(good_profile, profile)
    conn = open_db(profile / "chuangkou.db")
    number = conn.execute("SELECT case_number FROM cases ORDER BY case_number").fetchone()[0]
    # As if the slip had failed after the commit (the printer's disk full, say).
    conn.execute("DROP TRIGGER document_prints_no_delete")
    conn.execute(
        "DELETE FROM document_prints WHERE case_id = (SELECT case_id FROM cases"
        " WHERE case_number = ?)",
        (number,),
    )
    conn.commit()
    conn.close()
    done = run(profile, "doctor")
    assert "! slips" in done.stdout and number in done.stdout, done.stdout


def test_doctor_never_crashes_when_a_check_breaks(good_profile: Path, tmp_path: Path) -> None:
    profile = tmp_path / "p"
    shutil.copytree(good_profile, profile)
    conn = open_db(profile / "chuangkou.db")
    conn.execute("DROP TABLE outbox")  # one check's table gone: that check errs, others run
    conn.commit()
    conn.close()
    done = run(profile, "doctor")
    assert "Traceback" not in done.stdout + done.stderr
    assert "✗ sync: 检查时出错" in done.stdout
    assert "fonts" in done.stdout and "mode" in done.stdout


@pytest.mark.parametrize("how", ["truncated", "page"])
def test_the_window_refuses_a_damaged_database_without_a_traceback(
    good_profile: Path, tmp_path: Path, how: str
) -> None:
    profile = damaged_copy(good_profile, tmp_path, how)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    # The damage is found either by the first reads (the window refuses to start, exit 1) or
    # by the background check a moment after the window shows (a box, writes refused): the
    # clerk is told in both cases, never with a traceback.
    code = f"""
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
sys.argv = ["x"]
texts = []
def seen(box):
    texts.append(box.text())
    QTimer.singleShot(0, QApplication.quit)
    return 0
QMessageBox.exec = seen
QMessageBox.open = seen
from ui.app import run_window
QTimer.singleShot(30000, QApplication.quit)  # nothing said: the assertion below fails
rc = run_window(Path({str(profile)!r}))
print(rc, texts)
"""
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        timeout=60,
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert "数据库文件已损坏" in done.stdout, done.stdout
