"""A case from intake to 办结 with the reference central deciding by itself (`auto_advance`, as
`python -m tests.central --auto-advance S` does), over real sockets: intake → sync → the
central's decision arrives → the 准予行政许可决定书 prints sealed and signed with the imported
department certificate, dated with the decision's own date → 出证 → `certify` → the central's
case is 办结 and the window holds exactly what the central holds."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from client.closing.handover import InPerson
from client.documents.data import DocumentKind
from offline.cases.handover import HandoverService
from offline.documents.key_import import import_p12
from offline.documents.service import current_operator
from offline.storage.store import Store
from tests.central.server import CentralServer
from tests.documents.keys_support import make_cert
from tests.factories import resident_id
from tests.sync.support import (
    assert_converged,
    central_rows,
    connected_service,
    engine,
    queue_cases,
)

PASSWORD = "部门证书口令-2026"


def rows(store: Store, sql: str, *args: Any) -> list[Any]:
    with store.read() as conn:
        return list(conn.execute(sql, args).fetchall())


def read_back(pdf: bytes, pem: bytes, tmp_path: Path) -> tuple[str, str]:
    """pdftotext's text (whitespace dropped: Chinese wraps anywhere) and pdfsig's verdict with
    the department certificate trusted through an NSS database of its own."""
    certutil, pdfsig = shutil.which("certutil"), shutil.which("pdfsig")
    assert certutil and pdfsig, "apt-get install poppler-utils libnss3-tools"
    path, cert, nss = tmp_path / "decision.pdf", tmp_path / "department.pem", tmp_path / "nss"
    path.write_bytes(pdf)
    cert.write_bytes(pem)
    nss.mkdir()
    subprocess.run([certutil, "-N", "-d", f"sql:{nss}", "--empty-password"], check=True)
    trust = [certutil, "-A", "-d", f"sql:{nss}", "-n", "dept", "-t", "CT,C,C", "-i", str(cert)]
    subprocess.run(trust, check=True)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    verdict = subprocess.run(
        [pdfsig, "-nssdir", f"sql:{nss}", str(path)], capture_output=True, text=True
    )
    return "".join(text.stdout.split()), verdict.stdout + verdict.stderr


@pytest.mark.slow  # the back office steps every 0.2 s, an RSA key, an NSS database: about 10 s
def test_intake_to_closed_with_a_central_that_decides_by_itself(tmp_path: Path) -> None:
    department_cert = make_cert()
    p12 = tmp_path / "department.p12"
    p12.write_bytes(department_cert.p12(PASSWORD))
    with CentralServer(tmp_path / "central", auto_advance=0.2) as central:
        service = connected_service(tmp_path / "profile", central.url)
        store = service.store
        import_p12(store, p12, PASSWORD)  # the administrator's `keys import --p12`, once
        (case_id,) = queue_cases(service, 1, 1, tmp_path)
        sync = engine(store)

        deadline = time.monotonic() + 30
        while not rows(store, "SELECT 1 FROM decisions WHERE case_id = ?", case_id):
            sync.run_cycle()  # sends the case, then pulls 初审, 复审, 决定 as they happen
            assert time.monotonic() < deadline, "no decision reached the window"
            time.sleep(0.2)
        ((number, stage),) = rows(
            store, "SELECT case_number, stage FROM cases WHERE case_id = ?", case_id
        )
        assert stage == "decided"
        ((document_number, decided_on, source),) = rows(
            store,
            "SELECT document_number, decided_on, source FROM decisions WHERE case_id = ?",
            case_id,
        )
        assert source == "central"

        # Printed from the window's document service three days later, sealed and signed, and
        # dated with the day of the decision, not of the printing.
        later = dt.datetime.now().astimezone() + dt.timedelta(days=3)
        service.documents.clock = lambda: later
        produced = service.documents.produce(
            number, DocumentKind.APPROVAL_DECISION, current_operator(store)
        )
        assert produced.sealed and produced.signed
        text, verdict = read_back(
            store.read_document(produced.path), department_cert.pem(), tmp_path
        )
        day = dt.date.fromisoformat(decided_on)
        for phrase in (
            "准予行政许可决定书",
            document_number,
            number,
            f"{day.year}年{day.month}月{day.day}日",
        ):
            assert phrase in text, phrase
        assert f"{later.year}年{later.month}月{later.day}日" not in text
        assert "培训" not in text  # the central's department, not the training one
        assert "Signature Validation: Signature is Valid." in verdict, verdict
        assert "Total document signed" in verdict, verdict

        # 出证 to the applicant in person, then the certify event closes it at the central too.
        handover = HandoverService(store).hand_over(
            number, InPerson(collector_id=resident_id("11010519900101000"))
        )
        assert handover.case_number == number
        assert rows(store, "SELECT stage FROM cases WHERE case_id = ?", case_id) == [("closed",)]
        assert sync.run_cycle().complete
        assert central_rows(central, "SELECT stage FROM cases WHERE case_id = ?", case_id)[0][
            0
        ] == ("closed")
        kinds = [
            json.loads(r[0])["kind"]
            for r in central_rows(
                central, "SELECT response FROM events WHERE case_id = ? ORDER BY seq", case_id
            )
        ]
        assert kinds.count("certify") == 1
        assert_converged(store, central)
        store.close()
