"""The administrator's command line, run as a real subprocess the way a script would."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.capture.sample_files import jpeg_bytes
from tests.helpers.profile_db import open_db

ROOT = Path(__file__).resolve().parent.parent
ID = "11010519491231002X"


def run(
    profile: Path, *args: str, input: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """main.py with these arguments; `env` adds to this process's environment."""
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--profile", str(profile), *args],
        capture_output=True,
        text=True,
        input=input,
        cwd=ROOT,
        env={**os.environ, **env} if env else None,
        timeout=60,
    )


def snapshot(profile: Path) -> dict[str, str]:
    return {
        str(p.relative_to(profile)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(profile.rglob("*"))
        if p.is_file() and p.relative_to(profile).parts[0] != "logs"  # logs are not data
    }


def food_request(tmp_path: Path, **changes: Any) -> Path:
    """A complete 食品经营许可 request; `changes` override top-level keys."""
    scan = tmp_path / "licence.jpg"
    scan.write_bytes(jpeg_bytes())
    request: dict[str, Any] = {
        "item": "SCJG-0201",
        "applicant": {
            "kind": "person",
            "name": "王小明",
            "id_type": "resident_id",
            "id_number": ID,
            "phone": "13912345678",
        },
        "materials": [
            {"material": "SCJG-0201-M01", "files": [scan.name], "original": True, "copies": 0},
            {"material": "SCJG-0201-M02", "original": False, "copies": 1},
            {"material": "SCJG-0201-M03", "original": True, "copies": 1},
            {"material": "SCJG-0201-M04", "original": True, "copies": 0},
            {"material": "SCJG-0201-M05", "original": True, "copies": 0},
        ],
        "action": "accept",
    }
    request.update(changes)
    path = tmp_path / "request.json"
    path.write_text(json.dumps(request, ensure_ascii=False), encoding="utf-8")
    return path


def test_version() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--version"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.startswith("Chuangkou 0.")


def test_catalog_json_lists_items_with_material_codes(tmp_path: Path) -> None:
    result = run(tmp_path / "p", "catalog", "--json")
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert len(items) >= 12
    food = next(i for i in items if i["code"] == "SCJG-0201")
    assert food["name"] == "食品经营许可"
    assert food["materials"][0]["code"] == "SCJG-0201-M01"


def test_intake_accepts_and_writes_a_scannable_slip(tmp_path: Path) -> None:
    slip = tmp_path / "slip.pdf"
    result = run(
        tmp_path / "p", "intake", "--json", str(food_request(tmp_path)), "--slip", str(slip)
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["case_number"].startswith("PX01-") and len(out["case_id"]) == 36
    assert Path(out["documents"][0]).is_file()
    text = subprocess.run(
        ["pdftotext", str(slip), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert out["case_number"] in text and "王小明" in text
    png = tmp_path / "slip"
    subprocess.run(
        ["pdftoppm", "-r", "200", "-png", "-singlefile", str(slip), str(png)], check=True
    )
    codes = subprocess.run(["zbarimg", "-q", f"{png}.png"], capture_output=True, text=True).stdout
    assert f"CODE-128:{out['case_number']}" in codes.splitlines()


BAD_REQUESTS: list[tuple[str, dict[str, Any], str]] = [
    (
        "bad checksum",
        {
            "applicant": {
                "kind": "person",
                "name": "王小明",
                "id_type": "resident_id",
                "id_number": "110105194912310021",
                "phone": "13912345678",
            }
        },
        "校验",
    ),
    (
        "future birth date",
        {
            "applicant": {
                "kind": "person",
                "name": "王小明",
                "id_type": "resident_id",
                "id_number": "110105209912310011",
                "phone": "13912345678",
            }
        },
        "出生日期",
    ),
    (
        "unknown region",
        {
            "applicant": {
                "kind": "person",
                "name": "王小明",
                "id_type": "resident_id",
                "id_number": "999999194912310026",
                "phone": "13912345678",
            }
        },
        "地区",
    ),
    (
        "empty name",
        {
            "applicant": {
                "kind": "person",
                "name": "",
                "id_type": "resident_id",
                "id_number": ID,
                "phone": "13912345678",
            }
        },
        "姓名",
    ),
    (
        "malformed phone",
        {
            "applicant": {
                "kind": "person",
                "name": "王小明",
                "id_type": "resident_id",
                "id_number": ID,
                "phone": "139-1234",
            }
        },
        "电话",
    ),
    ("unknown item", {"item": "XXXX-9999"}, "未找到事项"),
    ("missing material", {"materials": []}, "材料不齐"),
    (
        "unreadable file",
        {"materials": [{"material": "SCJG-0201-M01", "files": ["nope.jpg"], "original": True}]},
        "文件不存在",
    ),
    ("refuse without reason", {"action": "refuse"}, "理由"),
    ("refuse without its 项", {"action": "refuse", "reason": "不属于本机关"}, "第（一）项"),
    (
        "refuse by 项(二) without the body",
        {"action": "refuse", "reason": "不属于本机关", "refusal_clause": 2},
        "应当向其申请的行政机关",
    ),
    ("refuse by a 项 as text", {"action": "refuse", "refusal_clause": "二"}, "refusal_clause"),
    (
        "copies out of range",
        {"materials": [{"material": "SCJG-0201-M02", "copies": 2**63}]},
        "复印件份数应在",
    ),
    (
        "boolean as text",
        {"materials": [{"material": "SCJG-0201-M01", "original": "false"}]},
        "true 或 false",
    ),
    (
        "control characters in name",
        {
            "applicant": {
                "kind": "person",
                "name": "王\u202e小明",
                "id_type": "resident_id",
                "id_number": ID,
                "phone": "13912345678",
            }
        },
        "控制字符",
    ),
    (
        "hotline as contact phone",
        {
            "applicant": {
                "kind": "person",
                "name": "王小明",
                "id_type": "resident_id",
                "id_number": ID,
                "phone": "12345",
            }
        },
        "服务热线",
    ),
    (
        "enterprise with a resident ID",
        {
            "applicant": {
                "kind": "enterprise",
                "name": "某公司",
                "id_type": "resident_id",
                "id_number": ID,
                "phone": "13912345678",
            }
        },
        "证件类型",
    ),
    (
        "supplement entry not an object",
        {"action": "supplement", "reason": "补正", "supplement": ["SCJG-0201-M01"]},
        "对象",
    ),
    ("unknown action", {"action": "approve"}, "action"),
]


@pytest.mark.parametrize(
    ("label", "changes", "phrase"), BAD_REQUESTS, ids=[b[0] for b in BAD_REQUESTS]
)
def test_bad_intake_exits_2_and_leaves_the_profile_byte_for_byte(
    tmp_path: Path, label: str, changes: dict[str, Any], phrase: str
) -> None:
    profile = tmp_path / "p"
    assert run(profile, "intake", "--json", str(food_request(tmp_path))).returncode == 0
    before = snapshot(profile)
    result = run(profile, "intake", "--json", str(food_request(tmp_path, **changes)))
    assert result.returncode == 2, label
    assert phrase in result.stderr
    assert result.stdout == ""
    assert snapshot(profile) == before


def test_a_refusal_by_clause_two_through_the_cli(tmp_path: Path) -> None:
    body = "培训县市场监督管理局"
    changes = {"action": "refuse", "reason": "不属于本机关", "refusal_clause": 2}
    request = food_request(tmp_path, **changes, competent_body=body)
    result = run(tmp_path / "p", "intake", "--json", str(request))
    assert result.returncode == 0, result.stderr
    number = json.loads(result.stdout)["case_number"]
    out = tmp_path / "refusal.pdf"
    printed = run(tmp_path / "p", "documents", "--case", number, "--kind", "refusal-notice",
                  "--out", str(out))  # fmt: skip
    assert printed.returncode == 0, printed.stderr
    text = subprocess.run(
        ["pdftotext", "-raw", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout.replace("\n", "")
    assert "第三十二条第一款第（二）项" in text and f"请你向{body}提出申请" in text


def test_bad_slip_destination_is_refused_before_anything_is_saved(tmp_path: Path) -> None:
    profile = tmp_path / "p"
    assert run(profile, "intake", "--json", str(food_request(tmp_path))).returncode == 0
    before = snapshot(profile)
    for target in (tmp_path, tmp_path / "missing-dir" / "slip.pdf"):
        result = run(
            profile, "intake", "--json", str(food_request(tmp_path)), "--slip", str(target)
        )
        assert result.returncode == 2 and "回执输出位置无效" in result.stderr
    assert snapshot(profile) == before


def test_request_saved_by_notepad_with_a_bom_is_read(tmp_path: Path) -> None:
    path = food_request(tmp_path)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = run(tmp_path / "p", "intake", "--json", str(path))
    assert result.returncode == 0, result.stderr


def test_supplement_lines_carry_the_catalog_names(tmp_path: Path) -> None:
    request = food_request(
        tmp_path,
        action="supplement",
        reason="请一次性补齐",
        supplement=[{"material": "SCJG-0201-M03", "reason": "复印件不清晰"}],
    )
    result = run(tmp_path / "p", "intake", "--json", str(request))
    assert result.returncode == 0, result.stderr
    conn = open_db(tmp_path / "p" / "chuangkou.db")
    line = conn.execute("SELECT code, name, reason FROM supplement_lines").fetchone()
    conn.close()
    assert line == ("SCJG-0201-M03", "法定代表人（负责人、经营者）身份证明", "复印件不清晰")


def test_not_json_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "r.json"
    bad.write_text("{not json", encoding="utf-8")
    result = run(tmp_path / "p", "intake", "--json", str(bad))
    assert result.returncode == 2 and "JSON" in result.stderr


def test_doctor_passes_on_a_healthy_profile_and_fails_on_a_tampered_one(tmp_path: Path) -> None:
    profile = tmp_path / "p"
    assert run(profile, "intake", "--json", str(food_request(tmp_path))).returncode == 0
    healthy = run(profile, "doctor", "--json")
    assert healthy.returncode == 0, healthy.stdout
    report = json.loads(healthy.stdout)
    names = {c["name"] for c in report["checks"]}
    assert {"database", "fonts", "keyring", "disk"} <= names

    conn = open_db(profile / "chuangkou.db")
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET actor = '篡改者' WHERE seq = 1")
    conn.commit()
    conn.close()
    broken = run(profile, "doctor")
    assert broken.returncode == 1
    assert "审计记录 1 的内容与其哈希不符" in broken.stdout
    assert "✗" in broken.stdout
