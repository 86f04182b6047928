"""A UKey, played by a SoftHSM2 token: `keys import --pkcs11 MODULE --slot N` (PIN on stdin),
a decision signed through the token (the private key never leaves it) that pdfsig verifies,
the token's key chosen by label or as its only one, and doctor and the print path saying
clearly when the PIN is wrong or the token is gone."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import main
from client.catalog.loading import load_department
from client.documents.data import Decision, DocumentKind
from client.domain import LegalBasis
from offline.documents.key_import import KeyImportError, import_token
from offline.documents.key_status import check_key
from offline.documents.service import DocumentError, current_operator
from offline.documents.signing_keys import configured_key
from offline.intake.transaction import IntakeService
from offline.storage.profile import open_profile
from offline.storage.store import Store
from tests.capture.support import sane_test_device
from tests.documents.keys_support import (
    DEPARTMENT_CN,
    SOFTHSM_MODULE,
    USER_PIN,
    Made,
    SoftToken,
    make_cert,
    nss_trusting,
    pdfsig,
)
from tests.factories import accept_request

__all__ = ["sane_test_device"]  # the fixture, imported for pytest
# doctor looks for scanners: SANE must start with the test configuration
pytestmark = pytest.mark.usefixtures("sane_test_device")


@pytest.fixture(scope="module")
def seal_cert() -> Made:
    return make_cert()


@pytest.fixture(scope="module")
def token(tmp_path_factory: pytest.TempPathFactory, seal_cert: Made) -> SoftToken:
    """One token for the module: SoftHSM reads its configuration once per process."""
    made = SoftToken(tmp_path_factory.mktemp("softhsm"))
    made.add_key(seal_cert, "01", "seal")
    return made


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_profile(tmp_path / "profile")
    yield opened
    opened.close()


def sign_decision(store: Store) -> bytes:
    service = IntakeService(store, load_department())  # the window's own document service
    number = service.submit(accept_request(store)).case_number
    documents = service.documents
    documents.record_decision(
        number,
        Decision(
            True,
            "某审批食许〔2026〕11号",
            "准予食品经营许可",
            (LegalBasis("《中华人民共和国食品安全法》", "第三十五条"),),
            "",
            dt.date.today(),
            "周审批",
        ),
    )
    produced = documents.produce(number, DocumentKind.APPROVAL_DECISION, current_operator(store))
    assert produced.signed
    return store.read_document(produced.path)


def test_cli_imports_the_token_and_a_decision_is_signed_through_it(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    token: SoftToken,
    seal_cert: Made,
) -> None:
    profile = tmp_path / "profile"
    open_profile(profile).close()
    monkeypatch.setattr("sys.stdin", io.StringIO(USER_PIN + "\n"))
    args = ["--profile", str(profile), "keys", "import", "--pkcs11", SOFTHSM_MODULE]
    assert main.main([*args, "--slot", "0"]) == 0
    out = capsys.readouterr().out
    assert "已导入UKey（PKCS#11）" in out and USER_PIN not in out
    assert main.main(["--profile", str(profile), "keys", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["kind"] == "pkcs11" and status["key_label"] == "seal"
    assert status["slot"] == "0" and DEPARTMENT_CN in status["subject"]
    for path in profile.rglob("*"):  # the PIN is in the keyring, not in the profile
        if path.is_file():
            assert USER_PIN.encode() not in path.read_bytes(), path

    opened = open_profile(profile)
    try:
        pdf = sign_decision(opened)
    finally:
        opened.close()
    report = pdfsig(nss_trusting(seal_cert.pem(), tmp_path / "nss"), pdf, tmp_path)
    assert "Signature is Valid." in report and "Certificate is Trusted." in report
    assert f"Signer Certificate Common Name: {DEPARTMENT_CN}" in report
    assert "Total document signed" in report
    assert main.main(["--profile", str(profile), "doctor", "--json"]) in (0, 1)
    checks = json.loads(capsys.readouterr().out)["checks"]
    check = next(c for c in checks if c["name"] == "signing_key")
    assert check["level"] == "ok" and "UKey" in check["message"]


def test_wrong_pin_and_missing_token_are_refused_in_chinese(store: Store, token: SoftToken) -> None:
    with pytest.raises(KeyImportError, match="PIN 不正确") as wrong:
        import_token(store, SOFTHSM_MODULE, "0", "000000")
    assert "锁定" in wrong.value.remedy  # say that more tries lock the UKey
    with pytest.raises(KeyImportError, match="没有找到 UKey"):
        import_token(store, SOFTHSM_MODULE, "7", USER_PIN)
    with pytest.raises(KeyImportError, match="找不到 UKey 驱动文件"):
        import_token(store, str(token.directory / "no-such-driver.so"), "0", USER_PIN)
    with pytest.raises(KeyImportError, match="没有标签为“other”"):
        import_token(store, SOFTHSM_MODULE, "0", USER_PIN, key_label="other")
    assert configured_key(store) is None


def test_two_keys_need_a_label(store: Store, tmp_path: Path, token: SoftToken) -> None:
    second = SoftToken.__new__(SoftToken)  # the same token, one more key on it
    second.label, second.directory = token.label, tmp_path
    second.add_key(make_cert(cn="某某县行政审批局（第二证书）"), "02", "second")
    with pytest.raises(KeyImportError, match="多个签名密钥") as many:
        import_token(store, SOFTHSM_MODULE, "0", USER_PIN)
    assert "--label" in many.value.remedy
    config = import_token(store, SOFTHSM_MODULE, "0", USER_PIN, key_label="second")
    assert "第二证书" in config.subject and config.key_label == "second"


def test_a_token_gone_after_import_is_said_by_doctor_and_at_print(
    store: Store, token: SoftToken
) -> None:
    import_token(store, SOFTHSM_MODULE, "0", USER_PIN, key_label="seal")
    assert check_key(store).level == "ok"
    with store.write() as db:  # the UKey in another PC: its slot is empty here
        config = json.loads(db.conn.execute("SELECT config FROM signing_key").fetchone()[0])
        config["slot"] = "5"
        db.conn.execute("UPDATE signing_key SET config = ?", (json.dumps(config),))
    gone = check_key(store)
    assert gone.level == "error" and "没有找到 UKey" in gone.message and "请插入" in gone.message
    with pytest.raises(DocumentError, match="没有找到 UKey"):
        sign_decision(store)
