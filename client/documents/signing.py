"""PAdES digital signatures on permit decisions (docs/architecture.md, Documents).

A decision PDF is signed with the department's PKCS#12 certificate (or, through
client/documents/token_signing.py, a key on a PKCS#11 token) by pyHanko: an
invisible signature field (the visible seal is drawn into the page content by the seal module)
added as an incremental update, so the signature's byte range covers the whole document. In
training mode `make_training_identity` (client/documents/training_seal.py) produces a
self-signed certificate whose subject says 培训, so a training decision can be verified but
never passed off as genuine.

Pure functions: no Qt, no keyring. The offline layer reads the passphrase from the keyring and
passes it in. Note that statutory Chinese e-seals (GB/T 38540) use SM2/SM3; this is RSA/ECDSA
PAdES, which pdfsig, Adobe Reader and pyHanko verify.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from asn1crypto import keys as asn1_keys
from asn1crypto import pkcs12 as asn1_pkcs12
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError as PyHankoSigningError
from pyhanko_certvalidator.registry import SimpleCertificateStore

from client.errors import ClerkError
from client.i18n import translate

if TYPE_CHECKING:
    from client.documents.token_signing import TokenIdentity

DEFAULT_FIELD_NAME = "DepartmentSeal"  # ASCII: some viewers mangle non-ASCII field names
_HASHES: dict[str, hashes.HashAlgorithm] = {
    "sha256": hashes.SHA256(),
    "sha384": hashes.SHA384(),
    "sha512": hashes.SHA512(),
}


class SigningError(ClerkError, RuntimeError):
    """The decision cannot be signed; the message is for the clerk (Chinese)."""


@dataclass(frozen=True)
class SigningIdentity:
    """The department's PKCS#12 file and its passphrase (from the keyring). `data`, when
    given, is the file's content already decrypted from the profile (offline/at_rest);
    `p12_path` then only names it in messages."""

    p12_path: Path
    passphrase: bytes = field(repr=False)
    data: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True)
class CertificateSummary:
    """What the doctor and settings screens show about the signing certificate."""

    subject: str
    issuer: str
    not_before: dt.datetime
    not_after: dt.datetime
    sha256_fingerprint: str  # upper-case hex, colon-separated
    self_signed: bool


@dataclass(frozen=True)
class _Loaded:
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
    cert: x509.Certificate
    chain: tuple[x509.Certificate, ...]


def _tr(text: str) -> str:
    return translate("signing", text)


def _pkcs12_is_well_formed(data: bytes) -> bool:
    """True when the bytes parse as a PKCS#12 PFX (so a failed load means a wrong passphrase)."""
    try:
        pfx = asn1_pkcs12.Pfx.load(data, strict=True)
        return pfx["version"].native == "v3" and len(pfx.authenticated_safe) > 0
    except Exception:  # asn1crypto raises ValueError, TypeError, KeyError... on garbage
        return False


def load_identity(identity: SigningIdentity) -> _Loaded:
    """Decrypt the PKCS#12 once; raise SigningError with a message the clerk can act on."""
    try:
        data = identity.data if identity.data is not None else identity.p12_path.read_bytes()
    except OSError as exc:
        raise SigningError(
            _tr("无法读取签名证书文件 {path}：{error}").format(
                path=identity.p12_path, error=exc.strerror or exc
            )
        ) from exc
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, identity.passphrase or None)
    except ValueError as exc:
        if _pkcs12_is_well_formed(data):
            raise SigningError(
                _tr("签名证书口令不正确，无法打开证书文件 {path}。").format(path=identity.p12_path),
                _tr("请重新输入证书口令（区分大小写）；忘记口令请联系证书颁发机构。"),
            ) from exc
        raise SigningError(
            _tr("签名证书文件 {path} 已损坏或不是 PKCS#12（.p12/.pfx）文件。").format(
                path=identity.p12_path
            ),
            _tr("请选择证书颁发机构提供的 .p12 或 .pfx 文件。"),
        ) from exc
    if cert is None or key is None:
        raise SigningError(
            _tr("签名证书文件 {path} 中缺少证书或私钥。").format(path=identity.p12_path),
            _tr("请导出包含私钥和证书的 PKCS#12 文件。"),
        )
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise SigningError(
            _tr("签名证书的密钥类型不受支持（仅支持 RSA 和 ECDSA）。"),
            _tr("请向证书颁发机构申请 RSA 或 ECDSA 签名证书。"),
        )
    if _spki(key.public_key()) != _spki(cert.public_key()):
        raise SigningError(
            _tr("签名证书文件 {path} 中的私钥与证书不匹配。").format(path=identity.p12_path),
            _tr("请向证书颁发机构索取私钥与证书配套的 PKCS#12 文件。"),
        )
    return _Loaded(key=key, cert=cert, chain=tuple(extra))


def _spki(public: Any) -> bytes:
    der, spki = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    return bytes(public.public_bytes(der, spki))


def check_usable(cert: x509.Certificate, now: dt.datetime) -> None:
    """Raise SigningError when `cert` is expired, not yet valid, or not for signatures."""
    if now > cert.not_valid_after_utc:
        raise SigningError(
            _tr("签名证书已于 {date} 过期，不能用于签名。").format(
                date=chinese_date(cert.not_valid_after_utc)
            ),
            _tr("请向证书颁发机构申请新证书，由管理员用 keys import 或“签名证书”窗口导入。"),
        )
    if now < cert.not_valid_before_utc:
        raise SigningError(
            _tr("签名证书自 {date} 起才生效，现在还不能用于签名。").format(
                date=chinese_date(cert.not_valid_before_utc, with_time=True)
            ),
            _tr("请检查本机日期和时间是否正确。"),
        )
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return
    if not (usage.digital_signature or usage.content_commitment):
        raise SigningError(
            _tr("该证书不允许用于数字签名（密钥用法中没有数字签名）。"),
            _tr("请使用颁发给本部门、用于签名的证书（而不是加密证书）。"),
        )


def chinese_date(moment: dt.datetime, with_time: bool = False) -> str:
    """2027年3月5日 (local time); not strftime, which mangles 年 in some Windows locales."""
    local = moment.astimezone()
    day = f"{local.year}年{local.month}月{local.day}日"
    return f"{day} {local:%H:%M}" if with_time else day


def _to_asn1_cert(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


class _LoadedKeySigner(signers.SimpleSigner):
    """SimpleSigner that signs with the key object already decrypted from the PKCS#12.

    pyHanko's SimpleSigner re-parses the private key from DER for every raw signature (twice per
    document: the size estimate, then the real one), and cryptography's RSA key check on each
    parse costs ~40 ms, which is most of the signing time.
    """

    def __init__(self, key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._key = key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        try:
            algo = mechanism.signature_algo
        except ValueError:
            algo = mechanism["algorithm"].native
        hash_algo = _HASHES.get(digest_algorithm)
        if hash_algo is not None:
            if isinstance(self._key, rsa.RSAPrivateKey) and algo == "rsassa_pkcs1v15":
                return self._key.sign(data, padding.PKCS1v15(), hash_algo)
            if isinstance(self._key, ec.EllipticCurvePrivateKey) and algo == "ecdsa":
                return self._key.sign(data, ec.ECDSA(hash_algo))
        # Anything else (RSASSA-PSS, another digest): pyHanko's own, slower path.
        result: bytes = super().sign_raw(data, digest_algorithm)
        return result


def _signer(loaded: _Loaded) -> signers.SimpleSigner:
    key_der = loaded.key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    registry = SimpleCertificateStore()  # type: ignore[no-untyped-call]
    registry.register_multiple(_to_asn1_cert(c) for c in loaded.chain)
    return _LoadedKeySigner(
        loaded.key,
        signing_cert=_to_asn1_cert(loaded.cert),
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=registry,
    )


def sign_pdf(
    pdf: bytes,
    identity: SigningIdentity | TokenIdentity,
    *,
    reason: str,
    location: str,
    signer_name: str,
    field_name: str = DEFAULT_FIELD_NAME,
) -> bytes:
    """Sign `pdf` (PAdES baseline B, SHA-256) with an invisible field; return the signed PDF.

    The signature is an incremental update over the whole input, so it covers every page.
    Raises SigningError for a wrong passphrase or PIN, a corrupt PKCS#12, a missing token, a
    certificate that is expired or not yet valid, or a PDF that cannot be signed.
    """
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        reason=reason,
        location=location,
        name=signer_name,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    if not isinstance(identity, SigningIdentity):  # a PKCS#11 token (UKey)
        from client.documents.token_signing import token_signer

        with token_signer(identity) as (signer, cert):
            check_usable(cert, dt.datetime.now(dt.UTC))
            return _sign_with(pdf, meta, signer)
    loaded = load_identity(identity)
    check_usable(loaded.cert, dt.datetime.now(dt.UTC))
    return _sign_with(pdf, meta, _signer(loaded))


def _sign_with(pdf: bytes, meta: signers.PdfSignatureMetadata, signer: signers.Signer) -> bytes:
    pdf_signer = signers.PdfSigner(meta, signer=signer)
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
        if writer.prev.encrypted:
            raise SigningError(_tr("文书 PDF 已加密，无法签名。"))
        output = pdf_signer.sign_pdf(writer, output=BytesIO())
    except (PdfError, PyHankoSigningError, ValueError, KeyError) as exc:  # what damaged PDFs raise
        raise SigningError(
            _tr("文书 PDF 无法签名（文件不完整或格式错误）：{error}").format(error=exc)
        ) from exc
    return bytes(output.getbuffer())


def summary_of(cert: x509.Certificate) -> CertificateSummary:
    digest = cert.fingerprint(hashes.SHA256()).hex().upper()
    return CertificateSummary(
        subject=cert.subject.rfc4514_string(),
        issuer=cert.issuer.rfc4514_string(),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        sha256_fingerprint=":".join(digest[i : i + 2] for i in range(0, len(digest), 2)),
        self_signed=cert.subject == cert.issuer,
    )


def certificate_summary(identity: SigningIdentity) -> CertificateSummary:
    """Subject, issuer, validity and fingerprint; raises SigningError like sign_pdf."""
    return summary_of(load_identity(identity).cert)


def usable_summary(identity: SigningIdentity, now: dt.datetime) -> CertificateSummary:
    """What an import checks: it opens, key and certificate match, valid now, for signing."""
    cert = load_identity(identity).cert
    check_usable(cert, now)
    return summary_of(cert)
