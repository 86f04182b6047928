"""A connected window's documents name the department the central sends (GET /department),
over real sockets: never the training one; none fetched yet → a clear refusal to print, and
the next sync fetches it; a department that breaks the contract is not kept; it is refreshed
with the catalog."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from client.documents.data import DocumentKind
from offline.accounts.connect import client_for
from offline.doctor.checks import Report, check_department
from offline.documents.department import has_department, window_department
from offline.documents.service import DocumentError, current_operator, documents_for
from offline.intake.transaction import IntakeService
from offline.storage.store import Store
from offline.sync.reference_sync import sync_reference
from tests.central.department import default_department
from tests.central.server import CentralServer
from tests.factories import accept_request, open_service
from tests.sync.support import connected_service, engine
from tests.test_cli import run

NAME = "示范市数据和行政审批局"
ADDRESS = "示范市中山北路88号市民服务中心三楼"


def pdftotext(path: Path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return "".join(done.stdout.split())


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralServer]:
    with CentralServer(tmp_path / "central") as server:
        yield server


@pytest.mark.slow  # a CLI process of its own
def test_the_acceptance_notice_names_the_centrals_department(
    central: CentralServer, tmp_path: Path
) -> None:
    service = connected_service(tmp_path / "profile", central.url)
    number = service.submit(accept_request(service.store)).case_number
    out = tmp_path / "notice.pdf"
    cli = ("documents", "--case", number, "--kind", "acceptance-notice", "--out", str(out))
    done = run(tmp_path / "profile", *cli)
    assert done.returncode == 0, done.stderr
    text = pdftotext(out)
    for phrase in ("受理通知书", number, NAME, ADDRESS, "0575-88123456"):
        assert phrase in text, phrase
    assert "培训县" not in text  # the training department's name, address, 复议机关


def test_no_department_yet_refuses_to_print_and_the_next_sync_fetches_it(
    tmp_path: Path,
) -> None:
    with CentralServer(tmp_path / "central", department=None) as central:
        service = connected_service(tmp_path / "profile", central.url)
        store = service.store
        assert not has_department(store)
        result = service.submit(accept_request(store))  # the case is saved all the same
        assert result.case_number and result.documents == ()
        assert "尚未从中心系统获取本部门信息" in (result.document_error or "")
        documents = documents_for(store)
        with pytest.raises(DocumentError, match="尚未从中心系统获取本部门信息") as refused:
            documents.produce(
                result.case_number, DocumentKind.ACCEPTANCE_NOTICE, current_operator(store)
            )
        assert "同步" in refused.value.remedy
        assert store.conn.execute("SELECT count(*) FROM document_prints").fetchone() == (0,)
        assert department_check(store) == ("error", "尚未从中心系统获取本部门信息")

        central.context.config.department = default_department()
        assert engine(store).run_cycle().complete
        assert window_department(store).name == NAME
        assert department_check(store) == ("ok", NAME)
        produced = documents.produce(
            result.case_number, DocumentKind.ACCEPTANCE_NOTICE, current_operator(store)
        )
        assert NAME in pdftotext_bytes(store.read_document(produced.path), tmp_path)


def department_check(store: Store) -> tuple[str, str]:
    """`doctor`'s verdict on the department, and the part of its message that matters."""
    report = Report()
    check_department(report, store)
    (check,) = report.checks
    key = NAME if check.level.value == "ok" else "尚未从中心系统获取本部门信息"
    return check.level.value, key if key in check.message else check.message


def pdftotext_bytes(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return pdftotext(path)


def test_a_department_that_breaks_the_contract_is_not_kept(
    central: CentralServer, tmp_path: Path
) -> None:
    service = connected_service(tmp_path / "profile", central.url)
    store = service.store
    good = window_department(store)
    bad = default_department() | {"name": "另一个局", "query_url": "https://例子.cn/{case_number}"}
    central.context.config.department = bad  # not ASCII: a QR code could not carry it
    done = sync_reference(store, client_for(store))
    assert done.items and not done.department
    assert window_department(store) == good  # the documents keep the department they had
    report = engine(store).run_cycle()
    assert report.link.value == "online"  # the central's mistake is no dead link


def test_the_department_is_refreshed_with_the_catalog(
    central: CentralServer, tmp_path: Path
) -> None:
    service = connected_service(tmp_path / "profile", central.url)
    store = service.store
    moved = default_department() | {"address": "示范市新城大道1号政务服务中心"}
    moved["rules"] = {"refusal_requires_chief": False, "supplement_lapse": "逾期视为撤回申请"}
    central.context.config.department = moved
    assert sync_reference(store, client_for(store)).department
    department = window_department(store)
    assert department.address == "示范市新城大道1号政务服务中心"
    assert department.rules.supplement_lapse == "逾期视为撤回申请"
    assert not department.rules.refusal_requires_chief
    stored = store.conn.execute("SELECT data FROM central_department").fetchone()[0]
    assert json.loads(stored)["seal"]["code"] == "3306000012345"


def test_training_keeps_the_training_department(tmp_path: Path) -> None:
    service: IntakeService = open_service(tmp_path / "profile")
    assert window_department(service.store).name == "培训县行政审批局"
    assert IntakeService(service.store).department.name == "培训县行政审批局"
