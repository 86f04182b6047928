"""The `keys` verbs (administrator): the signing key's status, importing it, and the data key.

keys [--json]                                        which key signs, subject, issuer, validity
keys import --p12 FILE                               password on stdin
keys import --pkcs11 MODULE --slot N [--label L]     PIN on stdin
keys rotate-data-key                                 re-encrypt every file under a new key

The password or PIN is read from stdin, never from an argument (it would show in `ps`), and
without echo when stdin is a terminal.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from client.errors import ClerkError
from client.i18n import translate
from offline.storage.store import Store

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2


def _t(text: str) -> str:
    return translate("signing", text)


def add_verb(verbs: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    keys = verbs.add_parser("keys", help="the signing key and the data key (administrator)")
    keys.add_argument("--json", action="store_true", help="machine-readable status")
    keys_verbs = keys.add_subparsers(dest="keys_verb")
    imports = keys_verbs.add_parser("import", help="import the department's signing key")
    source = imports.add_mutually_exclusive_group(required=True)
    source.add_argument("--p12", type=Path, help="a PKCS#12 file (.p12/.pfx); password on stdin")
    source.add_argument("--pkcs11", metavar="MODULE", help="a UKey's PKCS#11 driver; PIN on stdin")
    imports.add_argument("--slot", help="the token's slot: index as pkcs11-tool -L shows, or 0x…")
    imports.add_argument("--label", default="", help="the key's label (default: the only key)")
    keys_verbs.add_parser(
        "rotate-data-key", help="re-encrypt every file under a new key (resumable)"
    )


def _secret(prompt: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\r\n")


def run(args: argparse.Namespace, profile: Path) -> int:
    from offline.storage.profile import open_profile

    if args.keys_verb == "import" and args.pkcs11 and not args.slot:
        print(_t("导入 UKey 需要 --slot（用 pkcs11-tool -L 查看插槽编号）"), file=sys.stderr)
        return EXIT_USAGE
    store = open_profile(profile)
    try:
        if args.keys_verb == "rotate-data-key":
            return _rotate(store)
        if args.keys_verb == "import":
            return _import(store, args)
        return _status(store, args.json)
    finally:
        store.close()


def _import(store: Store, args: argparse.Namespace) -> int:
    from offline.documents.key_import import import_p12, import_token
    from offline.documents.key_status import kind_label

    try:
        if args.p12:
            config = import_p12(store, args.p12, _secret(_t("证书口令：")))
        else:
            config = import_token(store, args.pkcs11, args.slot, _secret("PIN："), args.label)
    except ClerkError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    print(
        _t("已导入{what}：{subject}，有效期至 {date}").format(
            what=kind_label(config.kind),
            subject=config.subject,
            date=config.not_after.date().isoformat(),
        )
    )
    return EXIT_OK


def _status(store: Store, as_json: bool) -> int:
    from client.catalog.loading import load_department
    from offline.documents.key_status import key_status, status_text

    status = key_status(store, load_department())
    if as_json:
        print(json.dumps(status, ensure_ascii=False, indent=2))
    else:
        print(status_text(status))
    return EXIT_OK if status["kind"] else EXIT_PROBLEM


def _rotate(store: Store) -> int:
    """Killed mid-way, running it again finishes the job."""
    from offline.at_rest.key_rotation import rotate_data_key

    done = rotate_data_key(store)
    print(
        json.dumps(
            {"old_key_id": done.old_key_id, "new_key_id": done.new_key_id, "files": done.files}
        )
    )
    return EXIT_OK
