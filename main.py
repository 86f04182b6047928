"""Chuangkou entry point: parse arguments, build the objects, start the window or a CLI verb.

python main.py [--profile DIR]                      the window (training mode by default)
python main.py [--profile DIR] catalog --json       the service items
python main.py [--profile DIR] intake --json FILE [--slip OUT.pdf]
python main.py [--profile DIR] doctor [--json] [--deep]
python main.py [--profile DIR] sync [--once] [--wait S]      push the outbox, pull changes
python main.py [--profile DIR] sync --verify                 reconcile open cases with the central
python main.py [--profile DIR] queue [--json]                what is waiting to be synced
python main.py [--profile DIR] stats [--json] [--from DATE --to DATE] [--export FILE]
python main.py [--profile DIR] config export|import FILE    preseed settings (JSON)
python main.py [--profile DIR] backup FILE | restore FILE [--profile DIR]
python main.py [--profile DIR] support-bundle FILE           logs and checks for support
python main.py [--profile DIR] cases [--search TEXT] [--light L] [--json]   办件查询
python main.py [--profile DIR] case NUMBER [--json]         one case: timeline, light, delivery
python main.py [--profile DIR] rate --case N --score 1-5 [--reason TEXT]    好差评
python main.py [--profile DIR] ledger [--from DATE --to DATE] [--json] [--export FILE.csv]
python main.py [--profile DIR] decide --case N --approve|--deny [--reason T] [--content T]
                                     [--out FILE.pdf]        即办决定 (首席代表)
python main.py [--profile DIR] cases --awaiting-handover      待出证: decided, not handed over
python main.py [--profile DIR] handover --case N (--collector-id ID [--agent-name NAME
                 --authorization FILE] | --mail --address TEXT --carrier TEXT --waybill NO)
python main.py [--profile DIR] --config FILE [verb]         import settings first
python main.py [--profile DIR] login --offline --username U  (password on stdin)
python main.py [--profile DIR] lock | whoami [--json] | password --username U
python main.py [--profile DIR] print --case N --kind KIND [--printer NAME] [--copies N]
python main.py [--profile DIR] print --test-page a4|receipt [--printer NAME]
python main.py [--profile DIR] keys [--json]                the signing key: subject, validity
python main.py [--profile DIR] keys import --p12 FILE       (password on stdin)
python main.py [--profile DIR] keys import --pkcs11 MODULE --slot N [--label L]  (PIN on stdin)
python main.py [--profile DIR] keys rotate-data-key         re-encrypt files under a new key
python main.py --version
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import replace
from pathlib import Path

from client import __version__
from offline.admin import cli as admin_cli
from offline.cases import cli as cases_cli
from offline.cases import decide_cli, handover_cli, rating_cli, stats_cli
from offline.documents import keys_cli, ledger_cli
from offline.sync import verbs as sync_verbs

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chuangkou", description="窗口受理客户端")
    parser.add_argument("--profile", type=Path, help="profile directory holding all state")
    parser.add_argument("--version", action="version", version=f"Chuangkou {__version__}")
    parser.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--config", type=Path, help="import this settings file before starting")
    parser.add_argument(
        "--lang", choices=("zh_CN", "en"), default="zh_CN", help="the window's language"
    )
    verbs = parser.add_subparsers(dest="verb")
    catalog = verbs.add_parser("catalog", help="list the service items")
    catalog.add_argument("--json", action="store_true", help="machine-readable output")
    intake = verbs.add_parser("intake", help="register and decide a case from a JSON file")
    intake.add_argument("--json", dest="json_file", type=Path, required=True)
    intake.add_argument("--slip", type=Path, help="also write the acceptance slip here")
    documents = verbs.add_parser("documents", help="produce (or reprint) a case's document")
    documents.add_argument("--case", required=True, help="case number, e.g. PX01-20261122-0001")
    documents.add_argument("--kind", required=True, help="acceptance-notice, acceptance-slip, …")
    documents.add_argument("--out", type=Path, required=True, help="where to write the PDF")
    documents.add_argument("--reprint", action="store_true", help="a reprint, marked 补打")
    login = verbs.add_parser("login", help="connect this profile to a central system")
    login.add_argument("--central", help="https://… of the central system")
    login.add_argument("--username", required=True)
    login.add_argument("--window", help="window code, e.g. W01")
    login.add_argument(
        "--offline", action="store_true", help="log in without the central (after one online)"
    )
    login.add_argument("--ca-bundle", default="", help="CA certificates (PEM) to trust")
    doctor = verbs.add_parser("doctor", help="check the installation and the data")
    doctor.add_argument("--json", action="store_true")
    doctor.add_argument("--deep", action="store_true", help="also check every file's hash")
    sync_verbs.add_verbs(verbs)
    admin_cli.add_verbs(verbs)
    from offline.accounts.cli import add_verbs

    add_verbs(verbs)
    from ui.documents.print_cli import add_print_parser  # imports no Qt until the verb runs

    add_print_parser(verbs)
    keys_cli.add_verb(verbs)
    cases_cli.add_verbs(verbs)
    decide_cli.add_verbs(verbs)
    handover_cli.add_verbs(verbs)
    stats_cli.add_verb(verbs)
    rating_cli.add_verbs(verbs)
    ledger_cli.add_verbs(verbs)
    return parser


def fail(message: str, code: int = EXIT_USAGE) -> int:
    print(message, file=sys.stderr)
    return code


def profile_dir(args: argparse.Namespace) -> Path:
    from offline.storage.profile import default_profile_dir

    return Path(args.profile) if args.profile else default_profile_dir()


def cmd_catalog(args: argparse.Namespace) -> int:
    from client.catalog.loading import item_to_dict
    from offline.storage.profile import open_profile

    store = open_profile(profile_dir(args), check=True)
    items = store.items()
    store.close()
    if args.json:
        print(json.dumps([item_to_dict(i) for i in items], ensure_ascii=False, indent=2))
    else:
        for item in items:
            print(f"{item.code}\t{item.name}\t{item.department_name}")
    return EXIT_OK


def cmd_intake(args: argparse.Namespace) -> int:
    from client.intake.request_json import RequestFormatError, parse_request
    from client.intake.rules import missing_lines
    from offline.intake.transaction import IntakeRejected, IntakeService
    from offline.storage.profile import open_profile

    try:
        text = Path(args.json_file).read_text(encoding="utf-8-sig")  # Notepad writes a BOM
        request = parse_request(json.loads(text), Path(args.json_file).resolve().parent)
    except OSError as exc:
        return fail(f"无法读取请求文件：{exc.strerror or exc}")
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
        return fail("请求文件不是有效的 JSON（UTF-8）")
    except RequestFormatError as exc:
        return fail(f"请求格式有误：{exc}")
    if args.slip and (args.slip.is_dir() or not args.slip.parent.is_dir()):
        return fail(f"回执输出位置无效：{args.slip}")
    store = open_profile(profile_dir(args), check=True)
    try:
        item = store.item(request.item_code)
        if request.action.value == "supplement" and item and not request.supplement:
            # As the window does: prefill the one-time notice from the checklist.
            request = replace(request, supplement=missing_lines(item, request.materials))
        result = IntakeService(store).submit(request)  # the profile's department
    except IntakeRejected as exc:
        return fail("不能办理：\n" + "\n".join(f"- {p.message}" for p in exc.problems))
    finally:
        store.close()
    # From here on the case is saved: always report it, and exit 0 so no script retries it.
    warnings = [result.document_error] if result.document_error else []
    if args.slip and result.documents:
        try:
            args.slip.write_bytes(store.read_document(result.documents[0]))
        except OSError as exc:
            warnings.append(f"回执未能复制到 {args.slip}：{exc.strerror or exc}")
    elif args.slip:
        warnings.append("该办件没有受理回执，未输出 --slip")
    for warning in warnings:
        print(f"注意：{warning}", file=sys.stderr)
    print(
        json.dumps(
            {
                "case_id": result.case_id,
                "case_number": result.case_number,
                "stage": result.stage.value,
                "due_date": result.due_date.isoformat() if result.due_date else None,
                "calendar_complete": result.calendar_complete,
                "documents": [str(p) for p in result.documents],
                "warnings": warnings,
            },
            ensure_ascii=False,
        )
    )
    return EXIT_OK


def cmd_documents(args: argparse.Namespace) -> int:
    from client.documents.data import DocumentKind
    from offline.documents.service import DocumentError, current_operator, documents_for
    from offline.storage.profile import open_profile

    try:
        kind = DocumentKind(args.kind)
    except ValueError:
        kinds = "、".join(k.value for k in DocumentKind)
        return fail(f"未知的文书种类：{args.kind}（可选：{kinds}）")
    if args.out.is_dir() or not args.out.parent.is_dir():
        return fail(f"输出位置无效：{args.out}")
    store = open_profile(profile_dir(args), check=True)
    try:
        service = documents_for(store)  # training, or the central's department
        produced = service.produce(args.case, kind, current_operator(store), args.reprint)
    except DocumentError as exc:
        return fail(str(exc))
    finally:
        store.close()
    try:
        args.out.write_bytes(store.read_document(produced.path))  # decrypted
    except OSError as exc:
        return fail(f"无法写出文书：{exc.strerror or exc}", EXIT_PROBLEM)
    print(
        json.dumps(
            {
                "print_id": produced.print_id,
                "kind": produced.kind.value,
                "path": str(args.out),
                "sealed": produced.sealed,
                "signed": produced.signed,
                "reprint": produced.reprint,
            },
            ensure_ascii=False,
        )
    )
    return EXIT_OK


def cmd_login(args: argparse.Namespace) -> int:
    """The password comes on stdin, never as an argument (it would show in `ps`)."""
    from client.central.api import CentralError
    from offline.accounts.connect import ConnectRefused, connect
    from offline.storage.profile import open_profile
    from offline.storage.secrets import SecretStoreUnavailable

    if args.offline:
        from offline.accounts.cli import cmd_login_offline

        return cmd_login_offline(profile_dir(args), args.username)
    if not (args.central and args.window):
        return fail("联网登录需要 --central 和 --window（或用 --offline 离线登录）")
    password = sys.stdin.readline().rstrip("\r\n")
    store = open_profile(profile_dir(args), check=True)
    try:
        done = connect(store, args.central, args.username, password, args.window, args.ca_bundle)
    except ConnectRefused as exc:
        return fail(str(exc))
    except (CentralError, SecretStoreUnavailable) as exc:
        return fail(f"登录失败：{exc}", EXIT_PROBLEM)
    finally:
        store.close()
    print(
        json.dumps(
            {
                "central": done.url,
                "username": done.username,
                "window_code": done.window_code,
                "catalog_items": done.reference.items,
                "calendar_years": list(done.reference.calendar_years),
                "calendar_missing": list(done.reference.missing_years),
            },
            ensure_ascii=False,
        )
    )
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace) -> int:
    from offline.doctor.checks import run_checks

    report = run_checks(profile_dir(args), deep=args.deep)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(report.to_text())
    return EXIT_OK if report.ok else EXIT_PROBLEM


def run_account_verb(args: argparse.Namespace) -> int:
    from offline.accounts import cli

    if args.verb == "lock":
        return cli.cmd_lock(profile_dir(args))
    if args.verb == "whoami":
        return cli.cmd_whoami(profile_dir(args), args.json)
    return cli.cmd_password(profile_dir(args), args.username)


def main(argv: list[str] | None = None) -> int:
    from offline.storage.private_files import use_private_umask

    args = build_parser().parse_args(argv)
    use_private_umask()  # the profile and what the program writes are the account's own
    from offline.admin.logs import configure_logging

    if args.verb != "restore":  # restore logs into the profile it restored, afterwards
        configure_logging(profile_dir(args))
    logging.getLogger("chuangkou").info("Chuangkou %s: %s", __version__, args.verb or "window")
    try:
        if args.config and (code := admin_cli.apply_start_config(profile_dir(args), args.config)):
            return code
        return run_verb(args)
    except Exception as exc:  # disk full, a damaged database, any clerk's error: no traceback
        from client.errors import ClerkError
        from offline.storage.storage_errors import storage_error

        error = storage_error(exc, profile_dir(args))
        if error is None and isinstance(exc, ClerkError):
            error = exc
        if error is None:
            raise
        return fail(str(error), EXIT_PROBLEM)


def run_verb(args: argparse.Namespace) -> int:
    if args.verb == "catalog":
        return cmd_catalog(args)
    if args.verb == "intake":
        return cmd_intake(args)
    if args.verb == "documents":
        return cmd_documents(args)
    if args.verb == "login":
        return cmd_login(args)
    if args.verb == "doctor":
        return cmd_doctor(args)
    if args.verb in sync_verbs.VERBS:
        return sync_verbs.run(args, profile_dir(args))
    if args.verb == "stats":
        return stats_cli.run(args, profile_dir(args))
    if args.verb in admin_cli.VERBS:
        return admin_cli.run(args, profile_dir(args))
    if args.verb in ("lock", "whoami", "password"):
        return run_account_verb(args)
    if args.verb == "print":
        from ui.documents.print_cli import cmd_print

        return cmd_print(args, profile_dir(args))
    if args.verb == "keys":
        return keys_cli.run(args, profile_dir(args))
    if args.verb in cases_cli.VERBS:
        return cases_cli.run(args, profile_dir(args))
    if args.verb in rating_cli.VERBS:
        return rating_cli.run(args, profile_dir(args))
    if args.verb in ledger_cli.VERBS:
        return ledger_cli.run(args, profile_dir(args))
    if args.verb in decide_cli.VERBS:
        return decide_cli.run(args, profile_dir(args))
    if args.verb in handover_cli.VERBS:
        return handover_cli.run(args, profile_dir(args))
    from ui.app import run_window

    return run_window(profile_dir(args), smoke_test=args.smoke_test, language=args.lang)


if __name__ == "__main__":
    sys.exit(main())
