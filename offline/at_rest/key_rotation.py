"""`keys rotate-data-key`: re-encrypt every material file and document under a new data key,
crash-safe (docs/at-rest.md).

1. A new key is made and stored in the keyring; `data-key.json` names it as `next`. From then
   on new files are written under it, and every file can be read under either key (each file's
   header names its key).
2. Each file still under the old key is re-encrypted beside itself, read back, and renamed
   over the old one (offline/at_rest_upgrade.reencrypt_in_place).
3. The database moves to the key derived from the new one (`PRAGMA rekey`, one transaction),
   then its migration backups and last good copy (offline/at_rest/database.py).
4. `data-key.json` makes the new key current; then the old key leaves the keyring.

Killed anywhere, the next run resumes at the step it died in: a file is under one key or the
other, never half; the database opens under either (offline/at_rest/database.py tries both);
a `next` key missing from the keyring (killed before storing it) is dropped
when the profile opens, and nothing was yet encrypted under it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from offline.at_rest.crypto_files import file_key_id, is_encrypted, key_id
from offline.at_rest.database import rekey_copies
from offline.at_rest.upgrade import reencrypt_in_place, remove_stale_temps
from offline.storage.db import database_key
from offline.storage.store import Store


@dataclass(frozen=True)
class Rotation:
    old_key_id: str
    new_key_id: str
    files: int  # re-encrypted by this run


def _encrypted_files(store: Store) -> Iterator[tuple[Path, str | None]]:
    for sha in store.files.all_blobs():
        yield store.files.path_of(sha), sha
    for path in sorted(store.documents_dir.glob("*/*.pdf")):
        yield path, None
    for path in sorted((store.profile / "keys").glob("department-*.p12")):  # the signing key
        yield path, None


def rotate_data_key(store: Store, progress: Callable[[int, int], None] | None = None) -> Rotation:
    keys = store.keys
    old = keys.state.current
    remove_stale_temps(store)
    if not keys.state.next:
        keys.adopt(new := keys.new_key())
        keys.save(replace(keys.state, next=key_id(new).hex()))
    target = keys.state.next
    key = keys.writing_key()
    todo = [
        (path, sha)
        for path, sha in _encrypted_files(store)
        if path.is_file() and is_encrypted(path) and file_key_id(path).hex() != target
    ]
    for done, (path, sha) in enumerate(todo):
        reencrypt_in_place(path, sha, key, store, encrypted=True)
        if progress:
            progress(done + 1, len(todo))
    new_db_key = database_key(keys.key(target))
    store.rekey_database(new_db_key)
    rekey_copies(store.profile, database_key(keys.key(old)), new_db_key)
    keys.save(replace(keys.state, current=target, next=""))
    if old != target:
        keys.forget(old)
    return Rotation(old, target, len(todo))
