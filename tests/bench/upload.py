"""Benchmark: a 20 MB material over a bad link, our chunked tus upload against a naive one.

The link is the fault-injecting proxy (tests/helpers/proxy.py) in front of the reference
central: capped at 2 MB/s each way, and every connection is reset (RST) after 3 MB sent
client→server. Goals for our uploader: bytes sent ≤ 1.10 × the file size, time ≤ 1.25 ×
size/bandwidth. For comparison, a naive upload sends the whole file in one request (a tus
creation-with-upload) and starts again from zero after every reset, for a bounded number of
attempts. MB here is 2**20 bytes throughout.

    python -m tests.bench.upload [--chunk-kib N] [--naive-attempts N] [--quick]

--quick: 2 MB through the same proxy and central at 2 MB/s, reset every 768 KiB, 3 naive
attempts, to show the bench still runs; its figures mean little, so a missed goal is reported
but does not fail it (an upload that does not arrive intact still does).
"""

from __future__ import annotations

import argparse
import base64
import os
import tempfile
import time
from pathlib import Path

import requests

from client.central.api import CentralClient, MemoryTokenStore, NetworkError
from client.central.retry import RetryPolicy
from client.central.tus import DEFAULT_CHUNK, TusUploader, UploadSource, file_sha256
from client.generated_ids import uuid7
from tests.central.server import CentralServer
from tests.helpers.proxy import FaultProxy

MB = 1024 * 1024
SIZE = 20 * MB
BANDWIDTH = 2 * MB  # bytes per second, each direction
RESET_EVERY = 3 * MB  # bytes client→server per connection
QUICK_SIZE, QUICK_RESET_EVERY = 2 * MB, 768 * 1024
GOAL_BYTES = 1.10
GOAL_TIME = 1.25


def tus_upload(
    central: CentralServer, proxy: FaultProxy, source: UploadSource, chunk: int
) -> tuple[int, float, bool]:
    """Our uploader with its default retry policy; as the outbox would, resume with the kept
    URL should a whole upload call give up."""
    client = CentralClient(proxy.url, MemoryTokenStore(), timeout=(5, 30), policy=RetryPolicy())
    client.login("clerk", "clerk-pass", "BENCH")
    proxy.reset_counters()
    uploader = TusUploader(client, chunk)
    kept: list[str] = []
    start = time.perf_counter()
    for _ in range(10):
        try:
            uploader.upload(source, url=kept[-1] if kept else None, on_created=kept.append)
            break
        except NetworkError:
            continue
    elapsed = time.perf_counter() - start
    with central.context.store.read() as conn:
        row = conn.execute(
            "SELECT sha256 FROM uploads WHERE material_id = ?", (source.material_id,)
        ).fetchone()
    return proxy.bytes_up, elapsed, row is not None and row[0] == source.sha256


def naive_upload(
    central: CentralServer, proxy: FaultProxy, source: UploadSource, attempts: int
) -> tuple[int, float, bool, int]:
    """The whole file in one POST (creation-with-upload); from zero again after a failure."""
    client = CentralClient(proxy.url, MemoryTokenStore())
    tokens = client.login("clerk", "clerk-pass", "BENCH")
    body = source.path.read_bytes()
    proxy.reset_counters()
    done = False
    start = time.perf_counter()
    tried = 0
    while tried < attempts:
        tried += 1
        metadata = base64.b64encode(uuid7().encode()).decode()  # a fresh upload each time
        try:
            response = requests.post(
                f"{proxy.url}/api/v1/uploads",
                data=body,
                headers={
                    "Authorization": f"Bearer {tokens.access_token}",
                    "Tus-Resumable": "1.0.0",
                    "Upload-Length": str(len(body)),
                    "Upload-Metadata": f"material_id {metadata}",
                    "Content-Type": "application/offset+octet-stream",
                },
                timeout=(5, 30),
            )
        except requests.RequestException:
            continue
        if response.status_code == 201 and response.headers.get("Upload-Offset") == str(len(body)):
            done = True
            break
    return proxy.bytes_up, time.perf_counter() - start, done, tried


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--chunk-kib", type=int, default=DEFAULT_CHUNK // 1024, help="tus chunk size in KiB"
    )
    parser.add_argument("--naive-attempts", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="2 MB: does it still run")
    args = parser.parse_args()
    chunk = args.chunk_kib * 1024
    size, reset_every = (QUICK_SIZE, QUICK_RESET_EVERY) if args.quick else (SIZE, RESET_EVERY)
    attempts = 3 if args.quick else args.naive_attempts
    ideal = size / BANDWIDTH

    with tempfile.TemporaryDirectory(prefix="bench-upload-") as tmp:
        path = Path(tmp) / "material.bin"
        path.write_bytes(os.urandom(size))
        source = UploadSource(path, uuid7(), file_sha256(path))
        with (
            CentralServer(Path(tmp) / "central") as central,
            FaultProxy(
                "127.0.0.1",
                central.port,
                throttle_bytes_per_second=BANDWIDTH,
                reset_every_bytes=reset_every,
            ) as proxy,
        ):
            print(
                f"{size / MB:.0f} MB through a {BANDWIDTH / MB:.0f} MB/s link reset every "
                f"{reset_every / MB:.2f} MB (ideal {ideal:.1f} s)"
            )
            sent, elapsed, ok = tus_upload(central, proxy, source, chunk)
            resets = proxy.resets
            bytes_ratio, time_ratio = sent / size, elapsed / ideal
            print(
                f"tus, {chunk // 1024} KiB chunks: sent {sent / MB:.2f} MB = {bytes_ratio:.3f}"
                f" x size (goal <= {GOAL_BYTES}); {elapsed:.2f} s = {time_ratio:.3f} x ideal"
                f" (goal <= {GOAL_TIME}); {resets} resets; sha256 "
                f"{'matches' if ok else 'DIFFERS'}"
            )
            sent, elapsed, done, tried = naive_upload(central, proxy, source, attempts)
            print(
                f"naive single request: sent {sent / MB:.2f} MB = {sent / size:.3f} x size in"
                f" {elapsed:.2f} s = {elapsed / ideal:.3f} x ideal; "
                + ("completed" if done else f"not completed after {tried} attempts")
            )
        met = ok and bytes_ratio <= GOAL_BYTES and time_ratio <= GOAL_TIME
        print(
            "goals met" if met else "goals NOT met" + (" (quick mode: not enforced)" * args.quick)
        )
        raise SystemExit(0 if met or (args.quick and ok) else 1)


if __name__ == "__main__":
    main()
