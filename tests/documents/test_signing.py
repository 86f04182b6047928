"""PAdES signatures on decisions, verified with independent tools: poppler's pdfsig with the
training certificate trusted through an NSS database made here (certutil), and pyHanko's own
validator as a second opinion. A missing tool fails the test: the signature is not verified
without it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from client.documents.fontfiles import font_source
from client.documents.signing import (
    DEFAULT_FIELD_NAME,
    SigningError,
    SigningIdentity,
    certificate_summary,
    sign_pdf,
)
from client.documents.training_seal import TRAINING_PEM, make_training_identity
from client.resources import resource

FONT = "SigningTest-WQY"
DEPARTMENT = "某某县市场监督管理局"
PASSPHRASE = b"correct horse battery staple"
BODY = (
    "申请人张秀英于二〇二五年三月十二日提出的有限责任公司设立登记申请，"
    "经审查，符合《中华人民共和国市场主体登记管理条例》第二十一条规定的条件，决定准予行政许可。"
)
_META = {"reason": "准予行政许可", "location": "政务服务中心", "signer_name": DEPARTMENT}


def run(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    tool = shutil.which(args[0])
    if tool is None:
        pytest.fail(f"{args[0]} is not installed (apt-get install poppler-utils libnss3-tools)")
    return subprocess.run([tool, *args[1:]], capture_output=True, text=True, check=check)


def decision_pdf(text: str = BODY) -> bytes:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        path = resource("fonts", "wqy-zenhei.ttf.gz")
        pdfmetrics.registerFont(TTFont(FONT, font_source(path)))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setFont(FONT, 22)
    canvas.drawCentredString(A4[0] / 2, A4[1] - 50 * mm, "准予行政许可决定书")
    canvas.setFont(FONT, 16)
    for row in range(0, len(text), 28):
        canvas.drawString(28 * mm, A4[1] - (70 + row // 28 * 10) * mm, text[row : row + 28])
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@pytest.fixture(scope="module")
def identity(tmp_path_factory: pytest.TempPathFactory) -> SigningIdentity:
    return make_training_identity(tmp_path_factory.mktemp("seal"), DEPARTMENT, PASSPHRASE)


@pytest.fixture(scope="module")
def nss_db(identity: SigningIdentity, tmp_path_factory: pytest.TempPathFactory) -> str:
    db = tmp_path_factory.mktemp("nss")
    run("certutil", "-N", "-d", f"sql:{db}", "--empty-password")
    pem = identity.p12_path.parent / TRAINING_PEM
    run("certutil", "-A", "-d", f"sql:{db}", "-n", "training", "-t", "CT,C,C", "-i", str(pem))
    return f"sql:{db}"


@pytest.fixture(scope="module")
def signed(identity: SigningIdentity) -> bytes:
    return sign_pdf(
        decision_pdf(),
        identity,
        reason="准予行政许可",
        location="某某县政务服务中心",
        signer_name=DEPARTMENT,
    )


def pdfsig(nss_db: str, pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    result = run("pdfsig", "-nssdir", nss_db, str(path), check=False)
    return result.stdout + result.stderr


def test_pdfsig_reports_valid_trusted_signature_over_whole_document(
    signed: bytes, nss_db: str, tmp_path: Path
) -> None:
    report = pdfsig(nss_db, signed, tmp_path)
    assert "Signature Validation: Signature is Valid." in report, report
    assert "Certificate Validation: Certificate is Trusted." in report, report
    assert "Total document signed" in report, report
    assert f"Signature Field Name: {DEFAULT_FIELD_NAME}" in report, report
    assert "Signature Type: ETSI.CAdES.detached" in report, report  # PAdES
    assert "Signing Hash Algorithm: SHA-256" in report, report
    signer = re.search(r"Signer Certificate Common Name: (.*)", report)
    assert signer and "培训" in signer.group(1) and DEPARTMENT in signer.group(1), report
    assert report.count("Signature #") == 1, report


def test_pyhanko_validator_agrees(signed: bytes, identity: SigningIdentity) -> None:
    pem = (identity.p12_path.parent / TRAINING_PEM).read_bytes()
    root = x509.load_pem_x509_certificate(pem).public_bytes(serialization.Encoding.DER)
    context = ValidationContext(trust_roots=[asn1_x509.Certificate.load(root)])
    reader = PdfFileReader(io.BytesIO(signed))
    (embedded,) = reader.embedded_signatures
    status = validate_pdf_signature(embedded, context)
    assert status.intact and status.valid and status.trusted, status.summary()
    assert status.coverage is not None and status.coverage.name == "ENTIRE_FILE"
    assert embedded.sig_object["/Reason"] == "准予行政许可"
    assert embedded.sig_object["/Name"] == DEPARTMENT
    # Invisible: the visible seal is part of the page content, not the widget.
    widget = embedded.sig_field
    assert [float(v) for v in widget.get("/Rect", [0, 0, 0, 0])] == [0.0, 0.0, 0.0, 0.0]


def _page_content_offset(pdf: bytes) -> int:
    """An offset inside the page's content stream (never inside the signature's /Contents)."""
    reader = PdfFileReader(io.BytesIO(pdf))
    contents = reader.root["/Pages"]["/Kids"][0].raw_get("/Contents")
    header = re.search(rb"(?<!\d)%d 0 obj" % contents.idnum, pdf)
    assert header is not None
    offset = pdf.index(b"stream", header.end()) + len(b"stream\r\n") + 20
    signed_until = reader.embedded_signatures[0].sig_object["/ByteRange"][1]
    assert offset < signed_until  # before the signature's /Contents hex string
    return offset


def test_one_flipped_byte_in_page_content_invalidates(
    signed: bytes, nss_db: str, tmp_path: Path
) -> None:
    offset = _page_content_offset(signed)
    tampered = bytearray(signed)
    tampered[offset] ^= 0x01
    report = pdfsig(nss_db, bytes(tampered), tmp_path)
    assert "Signature #1" in report, report
    assert "Signature is Valid." not in report, report
    assert re.search(r"Signature Validation: (Digest Mismatch|Signature is Invalid)", report)


def test_wrong_passphrase_is_a_chinese_signing_error(identity: SigningIdentity) -> None:
    wrong = SigningIdentity(identity.p12_path, b"wrong")
    with pytest.raises(SigningError, match="口令不正确"):
        sign_pdf(decision_pdf(), wrong, reason="r", location="l", signer_name="n")
    with pytest.raises(SigningError, match="口令不正确"):
        make_training_identity(identity.p12_path.parent, DEPARTMENT, b"wrong")


def test_corrupt_or_missing_p12_is_a_signing_error(tmp_path: Path) -> None:
    corrupt = tmp_path / "corrupt.p12"
    corrupt.write_bytes(b"\x30\x82\x01\x00" + b"\x00" * 64)
    with pytest.raises(SigningError, match="已损坏"):
        sign_pdf(decision_pdf(), SigningIdentity(corrupt, PASSPHRASE), **_META)
    with pytest.raises(SigningError, match="无法读取"):
        certificate_summary(SigningIdentity(tmp_path / "absent.p12", PASSPHRASE))


def test_truncated_p12_is_a_signing_error(identity: SigningIdentity, tmp_path: Path) -> None:
    truncated = tmp_path / "truncated.p12"
    truncated.write_bytes(identity.p12_path.read_bytes()[:200])
    with pytest.raises(SigningError, match="已损坏"):
        sign_pdf(decision_pdf(), SigningIdentity(truncated, PASSPHRASE), **_META)


def test_expired_certificate_is_refused(tmp_path: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "过期证书")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=400))
        .not_valid_after(now - dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    path = tmp_path / "expired.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"expired", key, cert, None, serialization.BestAvailableEncryption(PASSPHRASE)
        )
    )
    with pytest.raises(SigningError, match=r"已于 .* 过期"):
        sign_pdf(decision_pdf(), SigningIdentity(path, PASSPHRASE), **_META)


def test_unsignable_pdfs_are_signing_errors(identity: SigningIdentity) -> None:
    good = decision_pdf()
    for bad in (b"", b"not a pdf at all", good[: len(good) // 2]):
        with pytest.raises(SigningError, match="无法签名"):
            sign_pdf(bad, identity, **_META)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, encrypt="secret")
    canvas.drawString(100, 700, "encrypted")
    canvas.save()
    with pytest.raises(SigningError, match="无法签名"):
        sign_pdf(buffer.getvalue(), identity, **_META)


def test_training_identity_is_idempotent(identity: SigningIdentity) -> None:
    directory = identity.p12_path.parent
    pem = directory / TRAINING_PEM
    first = certificate_summary(identity)
    pem.unlink()  # a lost PEM is rewritten from the PKCS#12
    again = make_training_identity(directory, DEPARTMENT, PASSPHRASE)
    assert again == identity
    assert certificate_summary(again) == first
    cert = x509.load_pem_x509_certificate(pem.read_bytes())
    fingerprint = cert.fingerprint(hashes.SHA256()).hex().upper()
    assert first.sha256_fingerprint.replace(":", "") == fingerprint
    assert sorted(p.name for p in directory.iterdir()) == ["training-seal.p12", "training-seal.pem"]


def test_training_certificate_says_training(identity: SigningIdentity) -> None:
    summary = certificate_summary(identity)
    assert "培训" in summary.subject and DEPARTMENT in summary.subject
    assert "O=培训模式" in summary.subject
    assert summary.self_signed and summary.issuer == summary.subject
    lifetime = summary.not_after - summary.not_before
    assert dt.timedelta(days=4 * 365) < lifetime < dt.timedelta(days=6 * 365)
    assert "passphrase" not in repr(identity) and "horse" not in repr(identity)
    pem = (identity.p12_path.parent / TRAINING_PEM).read_bytes()
    usage = x509.load_pem_x509_certificate(pem).extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.value.digital_signature and usage.value.content_commitment


def test_long_department_name_still_fits_and_says_training(tmp_path: Path) -> None:
    long_name = "某某省某某市某某县某某经济技术开发区管理委员会行政审批局"
    summary = certificate_summary(make_training_identity(tmp_path, long_name, PASSPHRASE))
    common_name = summary.subject.split(",")[0]
    assert common_name.startswith("CN=某某省") and "培训" in common_name
