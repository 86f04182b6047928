"""`handover`, `cases --awaiting-handover` and `case N --json` as a script uses them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from main import main
from tests.cases.test_handover import AGENT_ID, decided_case
from tests.factories import VALID_ID, accept_request, make_files, open_service


def run(capsys: pytest.CaptureFixture[str], profile: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--profile", str(profile), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_handover_from_the_command_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    service = open_service(profile)
    decided = decided_case(service)
    by_post = decided_case(service)
    open_case = service.submit(accept_request(service.store)).case_number
    service.store.close()

    code, out, _ = run(capsys, profile, "cases", "--awaiting-handover", "--json")
    assert code == 0
    assert {c["case_number"] for c in json.loads(out)["cases"]} == {decided, by_post}

    code, _, err = run(capsys, profile, "handover", "--case", decided, "--collector-id", AGENT_ID)
    assert code == 2 and "证件号码不符" in err
    code, _, err = run(capsys, profile, "handover", "--case", open_case, "--collector-id", VALID_ID)
    assert code == 2 and "尚未作出审批决定" in err
    letter = make_files(tmp_path / "letters", 1)[0]
    code, out, err = run(
        capsys,
        profile,
        "handover",
        "--case",
        decided,
        "--collector-id",
        AGENT_ID,
        "--agent-name",
        "李秀英",
        "--authorization",
        str(letter),
        "--receipt",
        str(tmp_path / "receipt.pdf"),
        "--json",
    )
    assert code == 0, err
    assert json.loads(out)["collector_role"] == "agent"
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "receipt.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "委托代理人李秀英凭授权委托书领取" in "".join(text.split())

    code, _, err = run(capsys, profile, "handover", "--case", by_post, "--mail", "--waybill", "1")
    assert code == 2 and "邮寄地址" in err
    code, out, err = run(
        capsys,
        profile,
        "handover",
        "--case",
        by_post,
        "--mail",
        "--address",
        "北京市东城区东长安街1号",
        "--carrier",
        "顺丰速运",
        "--waybill",
        "SF1234567890123",
    )
    assert code == 0, err
    assert "邮寄送达（顺丰速运，运单号 SF1234567890123）" in out

    code, out, _ = run(capsys, profile, "case", by_post, "--json")
    shown = json.loads(out)
    assert shown["stage"] == "closed"
    assert shown["handover"]["waybill"] == "SF1234567890123"
    assert shown["timeline"][-1] == shown["timeline"][-1] | {"stage": "closed", "done": True}
    code, out, _ = run(capsys, profile, "cases", "--awaiting-handover", "--json")
    assert json.loads(out)["cases"] == []
    code, _, err = run(capsys, profile, "handover", "--case", by_post, "--collector-id", VALID_ID)
    assert code == 2 and "不能重复出证" in err
