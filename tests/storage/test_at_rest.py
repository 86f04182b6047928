"""Data at rest: what a thief with the profile folder (and no keyring) can read."""

from __future__ import annotations

import base64
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import keyring.backends.null
import pytest
from pytestqt.qtbot import QtBot

from client.catalog.loading import load_department
from client.documents.data import DocumentKind
from client.domain import Action, IntakeRequest
from offline.admin.backup_schedule import run_daily_backup
from offline.at_rest.crypto_files import MAGIC
from offline.at_rest.data_key import DataKeyMissing, KeyringRefused
from offline.documents.service import DocumentService, current_operator
from offline.storage.profile import check_and_keep_copy, open_profile
from offline.storage.secrets import KeyringTokenStore
from offline.storage.store import Store
from tests.capture.sample_files import jpeg_bytes, png_bytes
from tests.central.server import CentralServer
from tests.conftest import MemoryKeyring
from tests.factories import (
    FOOD_PERMIT,
    accept_request,
    complete_materials,
    make_files,
    open_service,
    person,
)
from tests.sync.support import assert_converged, connected_service, engine, run_until_synced
from tests.test_cli import food_request

ROOT = Path(__file__).resolve().parents[2]
NAME, ID, PHONE = "欧阳晓岚", "11010519491231002X", "13912340987"
IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG", b"%PDF", b"II*\x00", b"MM\x00*")


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralServer]:
    with CentralServer(tmp_path / "central") as server:
        yield server


def encodings(secret: str) -> list[bytes]:
    """The secret as UTF-8, UTF-16-LE, and base64 at each of the three byte alignments."""
    raw = secret.encode()
    forms = [raw, secret.encode("utf-16-le")]
    for shift in range(3):
        encoded = base64.b64encode(b"\0" * shift + raw)
        forms.append(encoded[4 if shift else 0 : -4])
    return forms


def profile_files(profile: Path) -> list[Path]:
    """Every file of the profile: the database and its -wal/-shm, its copies, backups, logs."""
    return [p for p in sorted(profile.rglob("*")) if p.is_file()]


def assert_no_secret_in_clear(profile: Path, secrets: list[str]) -> None:
    for path in profile_files(profile):
        data = path.read_bytes()
        for secret in secrets:
            for form in encodings(secret):
                assert form not in data, f"{secret!r} readable in {path.relative_to(profile)}"


def submit_with_scans(store: Store, tmp_path: Path) -> str:
    """An accepted case with two scans (a JPEG, a PNG) of their own content, and its slip."""
    from offline.intake.transaction import IntakeService

    variant = len(store.files.all_blobs())
    scans = tmp_path / f"scans-{variant}"
    scans.mkdir(exist_ok=True)
    jpeg, png = scans / "id-card.jpg", scans / "licence.png"
    jpeg.write_bytes(jpeg_bytes(fill=100 + variant))
    png.write_bytes(png_bytes(size=(400, 300), fill=100 + variant))
    item = store.item(FOOD_PERMIT)
    assert item is not None
    request = IntakeRequest(
        item_code=FOOD_PERMIT,
        applicant=person(NAME, ID, PHONE),
        materials=complete_materials(item, {item.materials[0].code: [jpeg, png]}),
        action=Action.ACCEPT,
    )
    result = IntakeService(store, load_department()).submit(request)
    assert result.documents, result.document_error
    return result.case_number


@pytest.mark.timeout(120)
def test_after_a_working_session_no_file_holds_a_secret_in_clear(
    central: CentralServer, tmp_path: Path
) -> None:
    profile = tmp_path / "profile"
    service = connected_service(profile, central.url)
    store = service.store
    number = submit_with_scans(store, tmp_path)
    documents = DocumentService(store, load_department())
    notice = documents.produce(number, DocumentKind.ACCEPTANCE_NOTICE, current_operator(store))
    run_until_synced(engine(store, central.url))
    assert_converged(store, central)  # the central checked every upload's plaintext sha256
    tokens = KeyringTokenStore(store).load()
    assert tokens is not None
    assert store.read_document(notice.path).startswith(b"%PDF")
    # The copies the program keeps: the last good copy, the daily backup in the profile.
    check_and_keep_copy(store, thorough=False)
    assert run_daily_backup(store) is not None
    secrets = [NAME, ID, ID[-6:], PHONE, "clerk-pass", tokens.access_token, tokens.refresh_token]
    with store.read() as conn:  # the database holds them, decrypted for the program only
        assert conn.execute("SELECT count(*) FROM parties WHERE id_number = ?", (ID,)).fetchone()
    assert (profile / "chuangkou.db-wal").stat().st_size > 0  # recent writes still in the WAL
    assert_no_secret_in_clear(profile, secrets)  # while open: the -wal and -shm too
    store.close()

    blobs = list((profile / "files").glob("??/*"))
    assert len(blobs) >= 2 and len(list((profile / "documents").rglob("*.pdf"))) >= 2
    assert (profile / "backups" / "chuangkou.db.last-good").is_file()
    assert list((profile / "backups").glob("chuangkou-auto-*.zip"))
    assert_no_secret_in_clear(profile, secrets)
    # What a thief's sqlite3 makes of the database: nothing.
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(profile / "chuangkou.db").execute("SELECT * FROM parties").fetchall()
    for blob in blobs:
        assert blob.read_bytes().startswith(MAGIC)
        assert not blob.read_bytes().startswith(IMAGE_MAGIC)
        kind = subprocess.run(["file", "-b", str(blob)], capture_output=True, text=True).stdout
        assert "image" not in kind and "PDF" not in kind, kind


def cli(
    profile: Path, *args: str, keyring_file: Path, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CHUANGKOU_TEST_KEYRING": str(keyring_file)}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--profile", str(profile), *args],
        capture_output=True,
        text=True,
        input=stdin,
        cwd=ROOT,
        env=env,
        timeout=60,
    )


def snapshot(profile: Path) -> dict[str, bytes]:
    """Every data file of the profile (logs are not data: each verb writes a line)."""
    return {
        str(p.relative_to(profile)): p.read_bytes()
        for p in profile.rglob("*")
        if p.is_file() and p.relative_to(profile).parts[0] != "logs"
    }


@pytest.mark.timeout(180)
def test_a_profile_without_its_key_says_so_for_every_verb_and_the_window(
    tmp_path: Path, qtbot: QtBot
) -> None:
    profile = tmp_path / "profile"
    store = open_profile(profile)
    number = submit_with_scans(store, tmp_path)
    store.close()
    request = food_request(tmp_path)
    before = snapshot(profile)
    other_pc = tmp_path / "other-pc-keyring.json"  # the same folder on a PC without its key
    verbs = [
        ("catalog", "--json"),
        ("intake", "--json", str(request)),
        (
            "documents",
            "--case",
            number,
            "--kind",
            "acceptance-slip",
            "--out",
            str(tmp_path / "o.pdf"),
        ),
        ("queue",),
        ("sync", "--once"),
        ("keys", "rotate-data-key"),
        ("login", "--central", "http://127.0.0.1:9", "--username", "u", "--window", "W01"),
        ("doctor",),
    ]
    for verb in verbs:
        done = cli(profile, *verb, keyring_file=other_pc, stdin="pw\n")
        shown = done.stderr + done.stdout
        assert done.returncode != 0, verb
        assert "找不到这个配置目录的数据密钥" in shown, (verb, shown)
        assert "Traceback" not in shown, (verb, shown)
    assert snapshot(profile) == before  # nothing touched, nothing made anew

    # The window: a message box that says what happened and what to do, no window.
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ui.app import run_window

    keyring.set_keyring(MemoryKeyring())  # this process, now on "another PC"
    seen: list[str] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, read_and_close)
            return
        seen.append(box.text() + "\n" + box.informativeText())
        box.close()

    QTimer.singleShot(20, read_and_close)
    assert run_window(profile) == 1
    assert seen and "找不到这个配置目录的数据密钥" in seen[0] and "另一台电脑" in seen[0]
    assert snapshot(profile) == before


def connected_profile(profile: Path) -> None:
    """A profile that has gone live (its key in the test keyring, a central configured)."""
    store = open_profile(profile)
    store.set_settings({"central.url": "https://central.example"}, system=True)
    store.close()


@pytest.mark.parametrize(
    "backend", [keyring.backends.fail.Keyring(), keyring.backends.null.Keyring()]
)
def test_a_keyring_that_does_not_protect_the_key_is_refused(
    tmp_path: Path, backend: keyring.backend.KeyringBackend
) -> None:
    connected_profile(tmp_path / "p")
    before = snapshot(tmp_path / "p")
    keyring.set_keyring(backend)
    with pytest.raises(KeyringRefused) as refused:
        Store(tmp_path / "p")
    assert "不能安全保存数据密钥" in str(refused.value)
    assert snapshot(tmp_path / "p") == before


def test_the_cli_refuses_a_plaintext_keyring(tmp_path: Path) -> None:
    connected_profile(tmp_path / "p")
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--profile", str(tmp_path / "p"), "catalog"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**env, "XDG_DATA_HOME": str(tmp_path / "xdg")},
        timeout=60,
    )
    assert done.returncode != 0
    assert "keyrings.alt.file.PlaintextKeyring" in done.stderr
    assert "不能安全保存数据密钥" in done.stderr
    assert not list((tmp_path / "xdg").rglob("*.cfg"))  # nothing written to its plaintext file


def test_training_works_without_a_protecting_keyring_and_never_goes_live(
    tmp_path: Path,
) -> None:
    """A fresh PC without Secret Service still starts in training mode (the README's first
    command): the practice profile keeps its key in the profile, says so, and cannot log in."""
    keyring.set_keyring(keyring.backends.fail.Keyring())
    profile = tmp_path / "p"
    service = open_service(profile)
    scans = make_files(tmp_path / "scans", 1)
    result = service.submit(accept_request(service.store, FOOD_PERMIT, **{"SCJG-0201-M01": scans}))
    assert service.store.files.verify(service.store.conn.execute(
        "SELECT sha256 FROM material_files").fetchone()[0])  # fmt: skip
    assert service.store.keys.local
    service.store.close()
    assert (profile / "data-key.local").stat().st_mode & 0o077 == 0
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    doctor = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--profile", str(profile), "doctor"],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=60,
    )  # fmt: skip
    assert "仅供培训" in doctor.stdout and "Traceback" not in doctor.stderr
    login = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--profile", str(profile), "login",
         "--central", "https://central.example", "--username", "u", "--window", "W01"],
        input="pw\n", capture_output=True, text=True, cwd=ROOT, env=env, timeout=60,
    )  # fmt: skip
    assert login.returncode == 1 and "不能转为联网使用" in login.stderr
    assert result.case_number and not (profile / "tokens.bin").exists()


def test_a_profile_whose_key_was_lost_in_process_raises_the_clerk_error(tmp_path: Path) -> None:
    store = open_profile(tmp_path / "p")
    store.close()
    keyring.set_keyring(MemoryKeyring())
    with pytest.raises(DataKeyMissing) as missing:
        open_profile(tmp_path / "p")
    assert missing.value.remedy  # says what to do
