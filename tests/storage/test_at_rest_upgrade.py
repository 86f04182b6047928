"""An old profile's clear files encrypted on upgrade, and the data key rotated: both survive a
SIGKILL mid-way and finish on the next run."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import keyring
import pytest

from offline.at_rest.crypto_files import (
    MAGIC,
    PLAIN_CHUNK,
    EncryptedFileError,
    PlainReader,
    encrypt_stream,
    file_key_id,
    is_encrypted,
)
from offline.at_rest.data_key import KEY_FILE
from offline.storage.db import is_clear
from offline.storage.profile import open_profile
from offline.storage.store import DB_NAME
from tests.helpers.profile_db import make_clear
from tests.storage.test_at_rest import NAME, submit_with_scans

ROOT = Path(__file__).resolve().parents[2]


def clear_profile(profile: Path, tmp_path: Path, cases: int) -> dict[str, str]:
    """A profile as a version before encryption left it: clear files, no data-key.json.
    Returns each file's path (relative) → sha256 of its content."""
    store = open_profile(profile)
    for _ in range(cases):
        submit_with_scans(store, tmp_path)
    files = [store.files.path_of(sha) for sha in store.files.all_blobs()]
    files += sorted(store.documents_dir.glob("*/*.pdf"))
    contents = {}
    for path in files:
        with PlainReader(path, store.keys.key_for) as reader:
            plain = reader.read_all()
        path.write_bytes(plain)
        contents[str(path.relative_to(profile))] = hashlib.sha256(plain).hexdigest()
    store.close()
    make_clear(profile / DB_NAME)
    (profile / KEY_FILE).unlink()
    return contents


def all_readable_and_encrypted(profile: Path, contents: dict[str, str]) -> None:
    store = open_profile(profile)
    try:
        assert store.keys.state.converted
        for rel, sha in contents.items():
            path = profile / rel
            assert path.read_bytes().startswith(MAGIC), rel
            with PlainReader(path, store.keys.key_for) as reader:
                assert hashlib.sha256(reader.read_all()).hexdigest() == sha, rel
        assert store.check_health() == []
        assert not list(profile.rglob("*.convert.tmp"))
        assert not is_clear(profile / DB_NAME)
        for path in profile.rglob("*"):
            if path.is_file():
                assert NAME.encode() not in path.read_bytes(), path  # no clear copy anywhere
    finally:
        store.close()


# Runs the real conversion (or rotation) in a subprocess, pausing after `PAUSE_AFTER` files so
# the test can SIGKILL it there: the wrapper only counts and waits, the work is the real one.
KILLABLE = textwrap.dedent(
    """
    import sys, time
    import offline.at_rest.upgrade as up, offline.at_rest.key_rotation as rot
    real = up.reencrypt_in_place
    done = [0]
    def counting(*args, **kwargs):
        real(*args, **kwargs)
        done[0] += 1
        if done[0] == int(sys.argv[3]):
            print("paused", flush=True)
            time.sleep(60)
    up.reencrypt_in_place = rot.reencrypt_in_place = counting
    from offline.storage.profile import open_profile
    store = open_profile(__import__("pathlib").Path(sys.argv[1]))
    if sys.argv[2] == "rotate":
        rot.rotate_data_key(store)
    """
)


def run_until_paused_then_kill(profile: Path, verb: str, pause_after: int) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLABLE, str(profile), verb, str(pause_after)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.strip() == "paused", proc.stderr.read() if proc.stderr else ""
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=10)  # also closes the pipes
    assert proc.returncode == -signal.SIGKILL


@pytest.mark.timeout(120)
def test_an_old_clear_profile_is_encrypted_on_open_even_when_killed_mid_way(
    tmp_path: Path,
) -> None:
    profile = tmp_path / "profile"
    contents = clear_profile(profile, tmp_path, cases=3)
    assert len(contents) >= 9  # 2 scans and 1 slip per case
    assert all(not is_encrypted(profile / rel) for rel in contents)
    kind = subprocess.run(
        ["file", "-b", *(str(profile / r) for r in contents)], capture_output=True, text=True
    ).stdout
    assert "image" in kind  # what the issue found: `file` says "PNG image data"

    run_until_paused_then_kill(profile, "convert", pause_after=4)
    encrypted = [rel for rel in contents if is_encrypted(profile / rel)]
    assert len(encrypted) == 4  # half done: the rest still clear, none half-written
    assert not json.loads((profile / KEY_FILE).read_text())["converted"]
    # A temp file a kill mid-write would leave behind.
    (profile / "files" / "tmp").mkdir(exist_ok=True)
    shard = next((profile / "files").glob("??"))
    (shard / f".{'0' * 64}.convert.tmp").write_bytes(b"half")

    all_readable_and_encrypted(profile, contents)  # opening again resumes and finishes


@pytest.mark.timeout(120)
def test_rotating_the_data_key_killed_mid_way_resumes(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    contents = clear_profile(profile, tmp_path, cases=3)
    all_readable_and_encrypted(profile, contents)
    old = json.loads((profile / KEY_FILE).read_text())["current"]

    run_until_paused_then_kill(profile, "rotate", pause_after=3)
    state = json.loads((profile / KEY_FILE).read_text())
    assert state["current"] == old and state["next"]
    ids = {file_key_id(profile / rel).hex() for rel in contents}
    assert ids == {old, state["next"]}  # some under each key, every one readable:
    all_readable_and_encrypted(profile, contents)

    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "--profile",
            str(profile),
            "keys",
            "rotate-data-key",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["old_key_id"] == old and report["new_key_id"] == state["next"]
    assert 0 < report["files"] < len(contents)  # only those the killed run had not done
    assert {file_key_id(profile / rel).hex() for rel in contents} == {state["next"]}
    all_readable_and_encrypted(profile, contents)
    profile_id = json.loads((profile / KEY_FILE).read_text())["profile_id"]
    assert keyring.get_password("chuangkou", f"profile-data-key:{profile_id}:{old}") is None


@pytest.mark.parametrize("size", [0, 1, PLAIN_CHUNK - 1, PLAIN_CHUNK, PLAIN_CHUNK + 1, 200_001])
def test_chunked_files_round_trip_and_seek(tmp_path: Path, size: int) -> None:
    key = os.urandom(32)
    plain = os.urandom(size)
    path = tmp_path / "f"
    with open(path, "wb") as out:
        encrypt_stream([plain[:1000], plain[1000:]], out, key)
    with PlainReader(path, lambda _kid: key) as reader:
        assert reader.size == size and reader.read_all() == plain
        reader.seek(size // 2)
        assert reader.read(PLAIN_CHUNK + 7) == plain[size // 2 : size // 2 + PLAIN_CHUNK + 7]


def test_reordered_cut_or_altered_chunks_are_refused(tmp_path: Path) -> None:
    key = os.urandom(32)
    path = tmp_path / "f"
    with open(path, "wb") as out:
        encrypt_stream([os.urandom(3 * PLAIN_CHUNK)], out, key)
    data = path.read_bytes()
    header, step = 22, PLAIN_CHUNK + 16
    chunks = [data[header + i * step : header + (i + 1) * step] for i in range(3)]
    damaged = {
        "swapped": data[:header] + chunks[1] + chunks[0] + chunks[2],
        "cut at a chunk": data[:header] + chunks[0] + chunks[1],
        "one bit": data[:-1] + bytes([data[-1] ^ 1]),
        "other key": data,
    }
    for what, blob in damaged.items():
        path.write_bytes(blob)
        key_for = (lambda _k: os.urandom(32)) if what == "other key" else (lambda _k: key)
        with pytest.raises(EncryptedFileError), PlainReader(path, key_for) as reader:
            reader.read_all()
