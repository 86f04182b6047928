"""Signing keys for tests: certificates made with `cryptography` (a department's, an expired
one, an encryption-only one), PKCS#12 files, an NSS database trusting a certificate for
pdfsig, and a SoftHSM2 token made with softhsm2-util and filled with pkcs11-tool."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

DEPARTMENT_CN = "某某县行政审批局（测试证书）"
SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"
SO_PIN, USER_PIN = "12345678", "246810"


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed (tests/run_all.sh TEST_PACKAGES)")
    return path


def run(*args: str, check: bool = True, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [tool(args[0]), *args[1:]], capture_output=True, text=True, check=False, env=env
    )
    if check and done.returncode != 0:
        raise AssertionError(f"{args[0]} failed: {done.stdout}{done.stderr}")
    return done.stdout + done.stderr


@dataclass(frozen=True)
class Made:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate

    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def p12(self, password: str) -> bytes:
        return pkcs12.serialize_key_and_certificates(
            b"department",
            self.key,
            self.cert,
            None,
            serialization.BestAvailableEncryption(password.encode()),
        )


def make_cert(
    cn: str = DEPARTMENT_CN,
    valid_from: dt.timedelta = dt.timedelta(days=-1),
    valid_for: dt.timedelta = dt.timedelta(days=365),
    signing: bool = True,
) -> Made:
    """A self-signed department certificate; `signing=False` makes an encryption-only one."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "某某县人民政府"),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )
    start = dt.datetime.now(dt.UTC) + valid_from
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + valid_for)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=signing,
                content_commitment=signing,
                key_encipherment=not signing,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return Made(key, cert)


def nss_trusting(pem: bytes, directory: Path) -> str:
    """An NSS database (for pdfsig -nssdir) that trusts the certificate `pem`."""
    directory.mkdir(parents=True, exist_ok=True)
    run("certutil", "-N", "-d", f"sql:{directory}", "--empty-password")
    (directory / "trusted.pem").write_bytes(pem)
    trusted = str(directory / "trusted.pem")
    run("certutil", "-A", "-d", f"sql:{directory}", "-n", "dept", "-t", "CT,C,C", "-i", trusted)
    return str(directory)


def pdfsig(nss: str, pdf: bytes, directory: Path) -> str:
    path = directory / "signed-check.pdf"
    path.write_bytes(pdf)
    return run("pdfsig", "-nssdir", nss, str(path), check=False)


class SoftToken:
    """A SoftHSM2 token in its own directory (SOFTHSM2_CONF), filled with pkcs11-tool."""

    def __init__(self, directory: Path, label: str = "chuangkou") -> None:
        tokens = directory / "tokens"
        tokens.mkdir(parents=True)
        self.conf = directory / "softhsm2.conf"
        self.conf.write_text(
            f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n"
        )
        self.label = label
        self.directory = directory
        os.environ["SOFTHSM2_CONF"] = str(self.conf)  # read when the module initialises
        run(
            "softhsm2-util", "--init-token", "--free", "--label", label,
            "--so-pin", SO_PIN, "--pin", USER_PIN,
        )  # fmt: skip

    def add_key(self, made: Made, key_id: str, label: str) -> None:
        key_der = self.directory / f"{key_id}.key.der"
        cert_der = self.directory / f"{key_id}.cert.der"
        key_der.write_bytes(
            made.key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        cert_der.write_bytes(made.cert.public_bytes(serialization.Encoding.DER))
        base = ["pkcs11-tool", "--module", SOFTHSM_MODULE, "--token-label", self.label]
        login = ["--login", "--pin", USER_PIN, "--id", key_id, "--label", label]
        run(*base, *login, "--write-object", str(key_der), "--type", "privkey", "--usage-sign")
        run(*base, *login, "--write-object", str(cert_der), "--type", "cert")
        key_der.unlink()
