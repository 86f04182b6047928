"""Every document kind of a real case, produced through the CLI and read back with
independent tools; the seal permission and the seal-use ledger."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest

from client.catalog.loading import load_department
from client.documents.data import Decision
from client.domain import Action, LegalBasis, SupplementLine
from offline.documents.service import DocumentService
from offline.storage.db import IntegrityError
from offline.storage.profile import open_profile
from tests.accounts.support import CLERK, seat
from tests.factories import accept_request, open_service
from tests.helpers.profile_db import open_db
from tests.test_cli import run


def make_cases(profile: Path) -> dict[str, str]:
    """Accepted (approved later), accepted (denied later), supplement and refusal cases."""
    service = open_service(profile)
    store = service.store
    good = accept_request(store)
    numbers = {
        "approved": service.submit(good).case_number,
        "denied": service.submit(good).case_number,
        "supplement": service.submit(
            dataclasses.replace(
                good,
                action=Action.SUPPLEMENT,
                reason="请一次性补齐下列材料",
                supplement=(SupplementLine(good.materials[0].code, "", "申请书未签字"),),
            )
        ).case_number,
        "refused": service.submit(
            dataclasses.replace(
                good,
                action=Action.REFUSE,
                reason="申请事项依法不需要取得行政许可",
                refusal_clause=1,
            )
        ).case_number,
    }
    documents = DocumentService(store, load_department())
    basis = (LegalBasis("《中华人民共和国食品安全法》", "第三十五条"),)
    today = dt.date.today()
    documents.record_decision(
        numbers["approved"],
        Decision(
            True,
            "培审批食许〔2026〕101号",
            "准予从事食品销售经营活动（预包装食品销售）",
            basis,
            "",
            today,
            "周审批",
            today,
            today.replace(year=today.year + 5),
        ),
    )
    documents.record_decision(
        numbers["denied"],
        Decision(
            False,
            "培审批食许〔2026〕102号",
            "不予行政许可",
            basis,
            "经营场所与有毒、有害场所的距离不符合要求",
            today,
            "周审批",
        ),
    )
    store.close()
    return numbers


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    profile = tmp_path_factory.mktemp("docs") / "profile"
    return profile, make_cases(profile)


KINDS = [
    ("approved", "acceptance-slip", ["受理回执"]),
    ("approved", "acceptance-notice", ["受理通知书"]),
    ("supplement", "supplement-notice", ["补正", "申请书未签字"]),
    ("refused", "refusal-notice", ["不予受理", "申请事项依法不需要取得行政许可"]),
    ("approved", "approval-decision", ["准予行政许可决定书", "培审批食许〔2026〕101号"]),
    ("denied", "denial-decision", ["不予行政许可决定书", "经营场所与有毒"]),
    ("approved", "delivery-receipt", ["送达回证"]),
]


@pytest.mark.parametrize(("case", "kind", "phrases"), KINDS, ids=[k[1] for k in KINDS])
def test_every_kind_through_the_cli(
    cases: tuple[Path, dict[str, str]], tmp_path: Path, case: str, kind: str, phrases: list[str]
) -> None:
    profile, numbers = cases
    out = tmp_path / f"{kind}.pdf"
    result = run(profile, "documents", "--case", numbers[case], "--kind", kind, "--out", str(out))
    assert result.returncode == 0, result.stderr
    produced = json.loads(result.stdout)
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout.replace(" ", "")
    for phrase in [numbers[case], *phrases]:
        assert phrase in text, phrase
    fonts = subprocess.run(
        ["pdffonts", str(out)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts), fonts
    conn = open_db(profile / "chuangkou.db")
    row = conn.execute(
        "SELECT kind, action, sealed, signed FROM document_prints WHERE print_id = ?",
        (produced["print_id"],),
    ).fetchone()
    conn.close()
    decision = kind.endswith("decision")
    sealed = kind != "delivery-receipt"  # decisions and the notices of 行政许可法 art. 32
    assert row == (kind, "print", int(sealed), int(decision))


def test_a_kind_the_case_cannot_have_exits_2(
    cases: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    profile, numbers = cases
    for number, kind in (
        (numbers["refused"], "approval-decision"),
        (numbers["supplement"], "acceptance-slip"),
        ("PX01-19990101-0001", "acceptance-notice"),
    ):
        result = run(
            profile, "documents", "--case", number, "--kind", kind, "--out", str(tmp_path / "x.pdf")
        )
        assert result.returncode == 2, result.stdout
        assert "没有" in result.stderr or "未找到" in result.stderr
        assert not (tmp_path / "x.pdf").exists()
    bad = run(
        profile,
        "documents",
        "--case",
        numbers["approved"],
        "--kind",
        "permit",
        "--out",
        str(tmp_path / "x.pdf"),
    )
    assert bad.returncode == 2 and "未知的文书种类" in bad.stderr


def test_without_the_seal_permission_no_sealed_decision(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    numbers = make_cases(profile)
    store = open_profile(profile)
    seat(store, CLERK)  # 窗口工作人员: no 即办权, so no seal
    store.close()
    before = (
        open_db(profile / "chuangkou.db")
        .execute("SELECT count(*) FROM document_prints")
        .fetchone()[0]
    )
    out = tmp_path / "decision.pdf"
    result = run(
        profile,
        "documents",
        "--case",
        numbers["approved"],
        "--kind",
        "approval-decision",
        "--out",
        str(out),
    )
    assert result.returncode == 2
    assert "首席代表" in result.stderr
    assert not out.exists()
    after = (
        open_db(profile / "chuangkou.db")
        .execute("SELECT count(*) FROM document_prints")
        .fetchone()[0]
    )
    assert after == before
    # Unsealed notices are still the clerk's to print.
    notice = run(
        profile,
        "documents",
        "--case",
        numbers["approved"],
        "--kind",
        "acceptance-notice",
        "--out",
        str(out),
    )
    assert notice.returncode == 0, notice.stderr


def test_reprint_and_void_are_in_the_ledger_and_the_audit_log(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    numbers = make_cases(profile)
    out = tmp_path / "again.pdf"
    first = run(
        profile,
        "documents",
        "--case",
        numbers["approved"],
        "--kind",
        "approval-decision",
        "--out",
        str(out),
    )
    again = run(
        profile,
        "documents",
        "--case",
        numbers["approved"],
        "--kind",
        "approval-decision",
        "--out",
        str(out),
        "--reprint",
    )
    assert first.returncode == 0 and again.returncode == 0, again.stderr
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "补打" in text
    store = open_profile(profile)
    service = DocumentService(store, load_department())
    from offline.documents.service import current_operator

    service.void(json.loads(first.stdout)["print_id"], current_operator(store), "文号打印有误")
    ledger = store.conn.execute(
        "SELECT action, sealed, operator FROM document_prints WHERE kind = 'approval-decision'"
        " ORDER BY at"
    ).fetchall()
    assert [r[0] for r in ledger] == ["print", "reprint", "void"]
    assert all(r[1] == 1 for r in ledger)
    actions = [
        a
        for (a,) in store.conn.execute(
            "SELECT action FROM audit_log WHERE action LIKE 'document.%' ORDER BY seq"
        )
    ]
    assert actions[-3:] == ["document.print", "document.reprint", "document.void"]
    with pytest.raises(IntegrityError, match="append only"):
        store.conn.execute("DELETE FROM document_prints")
    store.close()


def test_signed_decision_verifies_with_pdfsig(
    cases: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    profile, numbers = cases
    out = tmp_path / "decision.pdf"
    result = run(
        profile,
        "documents",
        "--case",
        numbers["denied"],
        "--kind",
        "denial-decision",
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    nss = tmp_path / "nss"
    nss.mkdir()
    subprocess.run(["certutil", "-N", "-d", f"sql:{nss}", "--empty-password"], check=True)
    subprocess.run(
        [
            "certutil",
            "-A",
            "-d",
            f"sql:{nss}",
            "-n",
            "training",
            "-t",
            "CT,C,C",
            "-i",
            str(profile / "keys" / "training-seal.pem"),
        ],
        check=True,
    )
    report = subprocess.run(
        ["pdfsig", "-nssdir", f"sql:{nss}", str(out)], capture_output=True, text=True
    ).stdout
    assert "Signature is Valid" in report
    assert "Certificate is Trusted" in report
    assert "Total document signed" in report
    assert "培训" in report
