"""TLS trust and the central's address: a real HTTPS server on loopback with a private CA.

The configured CA always wins over REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE; with no CA configured
the environment's bundle is used (as requests does); a missing bundle is a message; http://
is accepted only to this computer.
"""

from __future__ import annotations

import datetime as dt
import http.server
import ipaddress
import ssl
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import certifi
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from client.central.api import CentralClient, MemoryTokenStore, NetworkError, Tokens
from client.central.retry import RetryPolicy
from offline.accounts.connect import ConnectRefused, connect, url_problem
from offline.storage.profile import open_profile
from tests.test_cli import run


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def make_private_ca(folder: Path) -> tuple[Path, Path, Path]:
    """A private CA and a server certificate for 127.0.0.1: (ca.pem, cert.pem, key.pem)."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("Township CA"))
        .issuer_name(_name("Township CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("central"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    paths = folder / "ca.pem", folder / "cert.pem", folder / "key.pem"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return paths


class _Changes(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b'{"changes": [], "cursor": "0", "more": false}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def https_central(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    ca, cert, key = make_private_ca(tmp_path)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Changes)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}", ca
    finally:
        server.shutdown()
        server.server_close()


def client(url: str, ca_bundle: str | None) -> CentralClient:
    tokens = MemoryTokenStore()
    tokens.save(Tokens("access", "refresh", time.time() + 3600))
    once = RetryPolicy(max_attempts=1)
    return CentralClient(url, tokens, ca_bundle=ca_bundle, timeout=(3.0, 5.0), policy=once)


def test_the_configured_ca_wins_over_the_environment(
    https_central: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, ca = https_central
    # A machine-wide bundle that does not know the township's private CA.
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", certifi.where())
    monkeypatch.setenv("CURL_CA_BUNDLE", certifi.where())
    assert client(url, str(ca)).request("GET", "/changes").json()["cursor"] == "0"
    with pytest.raises(NetworkError, match="证书校验失败"):
        client(url, None).request("GET", "/changes")


def test_without_a_configured_ca_the_environments_bundle_is_used(
    https_central: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, ca = https_central
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(ca))
    assert client(url, None).request("GET", "/changes").status_code == 200


def test_a_missing_bundle_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    gone = str(tmp_path / "gone.pem")
    with pytest.raises(NetworkError, match="CA 证书文件不存在"):
        client("https://127.0.0.1:9", gone).request("GET", "/changes")
    store = open_profile(tmp_path / "p")
    try:
        with pytest.raises(ConnectRefused, match="CA 证书文件不存在"):
            connect(store, "https://127.0.0.1:9", "clerk", "pw", "W01", gone)
        assert store.training  # nothing switched
    finally:
        store.close()


@pytest.mark.parametrize(
    "url", ["http://10.0.0.5:8000", "http://central.example.gov.cn", "http://127.0.0.1@evil.cn"]
)
def test_http_to_another_computer_is_refused_at_login(tmp_path: Path, url: str) -> None:
    done = run(
        tmp_path / "p",
        "login",
        "--central",
        url,
        "--username",
        "clerk",
        "--window",
        "W01",
        input="secret\n",
    )
    assert done.returncode == 2
    assert "https://" in done.stderr and "明文" in done.stderr
    assert "Traceback" not in done.stderr


def test_http_to_this_computer_is_allowed() -> None:
    for url in (
        "http://127.0.0.1:8000",
        "http://127.9.0.1",
        "http://localhost:1",
        "http://[::1]:1",
    ):
        assert url_problem(url) == "", url
    assert url_problem("https://central.example.gov.cn") == ""
    assert url_problem("ftp://127.0.0.1") != ""
