"""The department's PKCS#12 key: imported with `keys import --p12` (password on stdin), kept
encrypted in the profile with its password in the keyring, shown by `keys`, checked by
`doctor`, and signing decisions that pdfsig verifies against that certificate. Every refused
import says why in Chinese and leaves the key configured before untouched."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

import main
from client.accounts import PowerRefused
from client.catalog.loading import load_department
from client.documents.data import Decision, DocumentKind
from client.domain import LegalBasis
from offline.at_rest.crypto_files import is_encrypted
from offline.doctor.checks import run_checks
from offline.documents.key_import import KeyImportError, import_p12
from offline.documents.key_status import check_key, key_status
from offline.documents.service import DocumentError, DocumentService, current_operator
from offline.documents.signing_keys import configured_key, identity_provider, key_file
from offline.intake.transaction import IntakeService
from offline.storage.profile import open_profile
from offline.storage.secrets import KEYRING_SERVICE
from offline.storage.store import Store
from tests.accounts.support import CHIEF, CLERK, seat
from tests.capture.support import sane_test_device
from tests.documents.keys_support import DEPARTMENT_CN, Made, make_cert, nss_trusting, pdfsig
from tests.factories import accept_request, open_service

PASSWORD = "部门证书-口令-2026"

__all__ = ["sane_test_device"]  # the fixture, imported for pytest
# doctor looks for scanners: SANE must start with the test configuration
pytestmark = pytest.mark.usefixtures("sane_test_device")


@pytest.fixture(scope="module")
def department_cert() -> Made:
    return make_cert()


def cli(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    profile: Path,
    *args: str,
    stdin: str = "",
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin + "\n"))
    code = main.main(["--profile", str(profile), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def profile(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "profile"
    open_profile(path).close()  # a training profile; its training person holds every power
    yield path


def p12_file(tmp_path: Path, made: Made, password: str = PASSWORD) -> Path:
    path = tmp_path / "department.p12"
    path.write_bytes(made.p12(password))
    return path


def decided_case(store: Store) -> tuple[DocumentService, str]:
    service = IntakeService(store, load_department())
    number = service.submit(accept_request(store)).case_number
    service.documents.record_decision(
        number,
        Decision(
            True,
            "某审批食许〔2026〕9号",
            "准予食品经营许可",
            (LegalBasis("《中华人民共和国食品安全法》", "第三十五条"),),
            "",
            dt.date.today(),
            "周审批",
        ),
    )
    return service.documents, number


def test_imported_p12_signs_decisions_that_pdfsig_trusts(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    profile: Path,
    department_cert: Made,
) -> None:
    source = p12_file(tmp_path, department_cert)
    code, out, err = cli(monkeypatch, capsys, profile, "keys", "import", "--p12", str(source),
                         stdin=PASSWORD)  # fmt: skip
    assert (code, err) == (0, "")
    assert "已导入PKCS#12 证书文件" in out and DEPARTMENT_CN in out
    assert PASSWORD not in out

    code, out, _ = cli(monkeypatch, capsys, profile, "keys", "--json")
    status = json.loads(out)
    assert code == 0 and status["kind"] == "pkcs12" and status["configured"]
    assert DEPARTMENT_CN in status["subject"] and status["issuer"] == status["subject"]
    assert status["not_after"].startswith(
        department_cert.cert.not_valid_after_utc.date().isoformat()
    )
    code, out, _ = cli(monkeypatch, capsys, profile, "keys")
    assert "主体：" in out and "有效期：" in out and "年" in out

    store = open_profile(profile)
    try:
        config = configured_key(store)
        assert config is not None
        kept = key_file(store, config.file)
        assert is_encrypted(kept) and kept.read_bytes() != source.read_bytes()
        for path in profile.rglob("*"):  # the password is nowhere in the profile
            if path.is_file():
                assert PASSWORD.encode() not in path.read_bytes(), path
        documents, number = decided_case(store)
        produced = documents.produce(
            number, DocumentKind.APPROVAL_DECISION, current_operator(store)
        )
        assert produced.sealed and produced.signed
        pdf = store.read_document(produced.path)
        actions = [a for (a,) in store.conn.execute("SELECT action FROM audit_log")]
        assert "signing_key.import" in actions
    finally:
        store.close()
    report = pdfsig(nss_trusting(department_cert.pem(), tmp_path / "nss"), pdf, tmp_path)
    assert "Signature is Valid." in report and "Certificate is Trusted." in report
    assert f"Signer Certificate Common Name: {DEPARTMENT_CN}" in report
    assert "Total document signed" in report
    code, out, _ = cli(monkeypatch, capsys, profile, "doctor", "--json")
    check = next(c for c in json.loads(out)["checks"] if c["name"] == "signing_key")
    assert check["level"] == "ok" and "有效期至" in check["message"]


@pytest.mark.parametrize(
    ("made", "password", "said"),
    [
        (lambda: make_cert(), "wrong password", "口令不正确"),
        (lambda: make_cert(valid_from=dt.timedelta(days=-400)), PASSWORD, "过期"),
        (lambda: make_cert(valid_from=dt.timedelta(days=3)), PASSWORD, "才生效"),
        (lambda: make_cert(signing=False), PASSWORD, "不允许用于数字签名"),
    ],
    ids=["wrong-password", "expired", "not-yet-valid", "encryption-only"],
)
def test_refused_import_says_why_and_keeps_the_previous_key(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    profile: Path,
    department_cert: Made,
    made: object,
    password: str,
    said: str,
) -> None:
    good = p12_file(tmp_path, department_cert)
    assert cli(monkeypatch, capsys, profile, "keys", "import", "--p12", str(good),
               stdin=PASSWORD)[0] == 0  # fmt: skip
    before = cli(monkeypatch, capsys, profile, "keys", "--json")[1]
    bad = tmp_path / "bad.p12"
    assert callable(made)
    bad.write_bytes(made().p12(PASSWORD))
    code, out, err = cli(monkeypatch, capsys, profile, "keys", "import", "--p12", str(bad),
                         stdin=password)  # fmt: skip
    assert code == 2 and out == ""
    assert err.startswith("未导入：") and said in err
    assert len(err.strip().splitlines()) == 2  # the message, then what to do
    assert cli(monkeypatch, capsys, profile, "keys", "--json")[1] == before


def test_files_that_are_not_a_p12_are_refused(tmp_path: Path, profile: Path) -> None:
    store = open_profile(profile)
    try:
        garbage = tmp_path / "scan.pdf"
        garbage.write_bytes(b"%PDF-1.7 not a certificate")
        with pytest.raises(KeyImportError, match="已损坏或不是 PKCS#12"):
            import_p12(store, garbage, PASSWORD)
        with pytest.raises(KeyImportError, match="无法读取"):
            import_p12(store, tmp_path / "missing.p12", PASSWORD)
        made = make_cert()
        crypt = serialization.BestAvailableEncryption(PASSWORD.encode())
        cert_only = tmp_path / "cert-only.p12"
        cert_only.write_bytes(
            pkcs12.serialize_key_and_certificates(b"c", None, made.cert, None, crypt)
        )
        with pytest.raises(KeyImportError, match="缺少证书或私钥"):
            import_p12(store, cert_only, PASSWORD)
        assert configured_key(store) is None
    finally:
        store.close()


def test_a_clerk_without_the_manage_power_cannot_import(
    tmp_path: Path, profile: Path, department_cert: Made
) -> None:
    store = open_profile(profile)
    try:
        seat(store, CLERK)
        with pytest.raises(PowerRefused, match="管理权"):
            import_p12(store, p12_file(tmp_path, department_cert), PASSWORD)
        assert configured_key(store) is None
    finally:
        store.close()


def test_doctor_warns_within_30_days_and_fails_once_expired(tmp_path: Path, profile: Path) -> None:
    made = make_cert(valid_for=dt.timedelta(days=21, hours=1))  # valid since yesterday
    store = open_profile(profile)
    try:
        import_p12(store, p12_file(tmp_path, made), PASSWORD)
        soon = check_key(store)
        assert soon.level == "warning" and "还剩 20 天" in soon.message
        end = made.cert.not_valid_after_utc.astimezone()
        assert f"{end.year}年{end.month}月{end.day}日" in soon.message
        late = check_key(store, now=made.cert.not_valid_after_utc + dt.timedelta(minutes=1))
        assert late.level == "error" and "已于" in late.message and "过期" in late.message
    finally:
        store.close()


def test_password_gone_from_the_keyring_is_an_error_in_doctor_and_at_print(
    tmp_path: Path, profile: Path, department_cert: Made
) -> None:
    store = open_profile(profile)
    try:
        import_p12(store, p12_file(tmp_path, department_cert), PASSWORD)
        account = next(a for a in _accounts() if a.startswith("signing-key:") and str(profile) in a)
        keyring.delete_password(KEYRING_SERVICE, account)
        assert check_key(store).level == "error"
        documents, number = decided_case(store)
        with pytest.raises(DocumentError, match="系统密钥库中没有部门签名证书的证书口令"):
            documents.produce(number, DocumentKind.APPROVAL_DECISION, current_operator(store))
        assert store.conn.execute("SELECT COUNT(*) FROM document_prints").fetchone()[0] == 1
    finally:
        store.close()
    checks = {c.name: c for c in run_checks(profile).checks}
    assert checks["signing_key"].level == "error"


def _accounts() -> list[str]:
    data = json.loads(Path(os.environ["CHUANGKOU_TEST_KEYRING"]).read_text())
    return [key.split("\n", 1)[1] for key in data if key.startswith(KEYRING_SERVICE + "\n")]


def test_a_certificate_expired_since_import_gives_a_clear_message_at_print(
    tmp_path: Path, profile: Path
) -> None:
    made = make_cert(valid_from=dt.timedelta(days=-30), valid_for=dt.timedelta(days=29))
    store = open_profile(profile)
    try:  # imported while it was still valid
        import_p12(
            store,
            p12_file(tmp_path, made),
            PASSWORD,
            now=dt.datetime.now(dt.UTC) - dt.timedelta(days=2),
        )
        documents, number = decided_case(store)
        with pytest.raises(DocumentError) as refused:
            documents.produce(number, DocumentKind.APPROVAL_DECISION, current_operator(store))
        assert "签名证书已于" in refused.value.message and "过期" in refused.value.message
        assert "导入" in refused.value.remedy
        assert "Traceback" not in str(refused.value) and "pyhanko" not in str(refused.value)
    finally:
        store.close()


def test_connected_profile_without_a_key_says_so_at_print_and_in_doctor(profile: Path) -> None:
    store = open_profile(profile)
    try:
        documents, number = decided_case(store)
        store.set_settings({"central.url": "https://central.example.invalid"})
        assert not store.training
        seat(store, CHIEF)
        with pytest.raises(DocumentError) as refused:
            documents.produce(number, DocumentKind.APPROVAL_DECISION, current_operator(store))
        assert "未配置部门签名证书" in refused.value.message
        assert "keys import" in refused.value.remedy
        missing = check_key(store)
        assert missing.level == "warning" and "未配置部门签名证书" in missing.message
        assert key_status(store, load_department()) == {"configured": False, "kind": None}
    finally:
        store.close()


def test_the_window_path_signs_with_the_same_key(profile: Path) -> None:
    """IntakeService's own document service (the window's) has the signing identity."""
    service = open_service(profile)
    try:
        documents = service.documents
        assert documents.identity is not None
        assert documents.identity() is not None  # training: the training certificate
        department = load_department()
        same = identity_provider(service.store, department)()
        assert same == documents.identity()
    finally:
        service.store.close()


def test_data_key_rotation_re_encrypts_the_kept_p12(
    tmp_path: Path, profile: Path, department_cert: Made
) -> None:
    from offline.at_rest.crypto_files import file_key_id
    from offline.at_rest.key_rotation import rotate_data_key

    store = open_profile(profile)
    try:
        config = import_p12(store, p12_file(tmp_path, department_cert), PASSWORD)
        before = file_key_id(key_file(store, config.file))
        done = rotate_data_key(store)
        assert file_key_id(key_file(store, config.file)).hex() == done.new_key_id != before.hex()
        assert check_key(store).level == "ok"  # still opens under the new data key
    finally:
        store.close()
