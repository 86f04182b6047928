"""The training certificate: a self-signed PKCS#12 whose subject says 培训 (培训模式).

`make_training_identity` generates it on first use in the profile's keys folder, with its PEM
next to it for verifiers (pdfsig), so a training decision can be verified but never passed off
as genuine. Signing itself is client/documents/signing.py.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from client.documents.signing import SigningError, SigningIdentity, load_identity
from client.i18n import translate

TRAINING_P12 = "training-seal.p12"
TRAINING_PEM = "training-seal.pem"
TRAINING_VALIDITY = dt.timedelta(days=5 * 365)
_CN_MAX_BYTES = 64  # ub-common-name


def _tr(text: str) -> str:
    return translate("signing", text)


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_pem(path: Path, cert: x509.Certificate) -> None:
    pem = cert.public_bytes(serialization.Encoding.PEM)
    try:
        if path.read_bytes() == pem:
            return
    except OSError:
        pass
    _write_atomic(path, pem)


def _training_common_name(department_name: str) -> str:
    """CN = department + 培训 marker, within X.509's 64-byte limit (cryptography counts UTF-8)."""
    full = f"{department_name.strip()}（培训证书，不具法律效力）"
    if len(full.encode()) <= _CN_MAX_BYTES:
        return full
    suffix = "（培训证书）"
    name = department_name.strip()
    while len((name + suffix).encode()) > _CN_MAX_BYTES:
        name = name[:-1]
    return name + suffix


def _training_certificate(
    key: rsa.RSAPrivateKey, department_name: str, now: dt.datetime
) -> x509.Certificate:
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "培训模式"),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "培训证书，不具法律效力"),
            x509.NameAttribute(NameOID.COMMON_NAME, _training_common_name(department_name)),
        ]
    )
    public = key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + TRAINING_VALIDITY)
        # A self-signed certificate is its own issuer: NSS (pdfsig) and Adobe accept it as a trust
        # anchor only when it is marked as a CA that may sign certificates, i.e. itself.
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )


def make_training_identity(
    directory: Path, department_name: str, passphrase: bytes
) -> SigningIdentity:
    """The training certificate in `directory`, generated on first use (self-signed RSA-2048).

    Idempotent: an existing training-seal.p12 that opens with `passphrase` is reused (and its
    PEM rewritten if missing). One that does not open raises SigningError rather than being
    replaced silently.
    """
    if not passphrase:
        raise SigningError(_tr("培训证书口令不能为空。"))
    directory.mkdir(parents=True, exist_ok=True)
    identity = SigningIdentity(p12_path=directory / TRAINING_P12, passphrase=passphrase)
    if identity.p12_path.exists():
        loaded = load_identity(identity)
        _write_pem(directory / TRAINING_PEM, loaded.cert)
        return identity
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = _training_certificate(key, department_name, dt.datetime.now(dt.UTC))
    p12 = pkcs12.serialize_key_and_certificates(
        name=b"training-seal",
        key=key,
        cert=cert,
        cas=None,
        encryption_algorithm=serialization.BestAvailableEncryption(passphrase),
    )
    _write_atomic(identity.p12_path, p12)
    _write_pem(directory / TRAINING_PEM, cert)
    return identity
