"""Preseeding: `config export` on one seat, `config import` / `--config` on the others."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from offline.storage.profile import open_profile
from offline.storage.settings import SPEC_BY_KEY, SPECS, value_problem
from tests.test_cli import run, snapshot


def exported(profile: Path, path: Path) -> dict[str, Any]:
    result = run(profile, "config", "export", str(path))
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_one_seat_exported_is_every_other_seat_imported(tmp_path: Path) -> None:
    first = tmp_path / "seat1"
    store = open_profile(first)
    store.set_settings(
        {"window.code": "W12", "sync.parallel_cases": 2, "scan.dpi": 600, "backup.keep": 3}
    )
    store.close()
    data = exported(first, tmp_path / "county.json")
    assert data["format"] == "chuangkou-config" and data["version"] == 1
    assert set(data["settings"]) == {s.key for s in SPECS}  # every declared setting
    assert data["settings"]["scan.dpi"] == 600

    second = tmp_path / "seat2"
    result = run(second, "config", "import", str(tmp_path / "county.json"))
    assert result.returncode == 0, result.stderr
    assert set(json.loads(result.stdout)["changed"]) == {
        "window.code",
        "sync.parallel_cases",
        "scan.dpi",
        "backup.keep",
    }
    store = open_profile(second)
    try:
        assert {s.key: store.settings.get(s.key) for s in SPECS} == data["settings"]
        actors = store.conn.execute(
            "SELECT DISTINCT actor FROM audit_log WHERE action = 'settings.change'"
        ).fetchall()
        assert actors == [("配置导入",)]  # audited, under who did it
    finally:
        store.close()


BAD_FILES = [
    ("bad value", {"sync.parallel_cases": 99}, "sync.parallel_cases"),
    ("form rule", {"window.code": "w-123456"}, "窗口编号"),
    ("wrong type", {"scan.feeder": "yes"}, "scan.feeder"),
    ("not a choice", {"scan.mode": "sepia"}, "scan.mode"),
    ("unknown key", {"central.password": "secret"}, "未知的设置项：central.password"),
]


@pytest.mark.parametrize(("label", "bad", "phrase"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_one_bad_key_imports_nothing_and_names_the_key(
    tmp_path: Path, label: str, bad: dict[str, Any], phrase: str
) -> None:
    profile = tmp_path / "p"
    data = exported(profile, tmp_path / "c.json")
    data["settings"]["materials.max_pages"] = 100  # a good change that must not land either
    data["settings"].update(bad)
    before = snapshot(profile)
    result = run(profile, "config", "import", str(write(tmp_path / "bad.json", data)))
    assert result.returncode == 2, label
    assert "未导入任何设置" in result.stderr and phrase in result.stderr
    assert snapshot(profile) == before


def test_the_import_refuses_what_the_settings_form_refuses() -> None:
    """Same function, same words: the form shows value_problem's text, the import names it."""
    spec = SPEC_BY_KEY["window.code"]
    assert value_problem(spec, "w-123456") and not value_problem(spec, "W01")


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        (b"{not json", "不是有效的 JSON"),
        (b'{"settings": {}}', "不是窗口受理客户端的配置文件"),
        (b'{"format": "chuangkou-config", "version": 9, "settings": {}}', "较新版本"),
        (b'{"format": "chuangkou-config", "version": 1}', "缺少 settings"),
        (b"\xff\xfe\x00", "UTF-8"),
    ],
)
def test_a_file_that_is_not_a_config_is_refused(
    tmp_path: Path, content: bytes, phrase: str
) -> None:
    profile = tmp_path / "p"
    exported(profile, tmp_path / "c.json")
    before = snapshot(profile)
    (tmp_path / "x.json").write_bytes(content)
    result = run(profile, "config", "import", str(tmp_path / "x.json"))
    assert result.returncode == 2 and phrase in result.stderr
    assert snapshot(profile) == before


def test_start_option_applies_the_file_before_the_verb(tmp_path: Path) -> None:
    config = write(
        tmp_path / "c.json",
        {"format": "chuangkou-config", "version": 1, "settings": {"window.code": "T03"}},
    )
    profile = tmp_path / "p"
    result = run(profile, "--config", str(config), "doctor", "--json")
    assert "T03" not in result.stderr and json.loads(result.stdout), result.stderr
    store = open_profile(profile)
    assert store.window_code == "T03"
    store.close()

    bad = write(
        tmp_path / "bad.json",
        {"format": "chuangkou-config", "version": 1, "settings": {"window.code": "t"}},
    )
    result = run(profile, "--config", str(bad), "queue", "--json")
    assert result.returncode == 2 and "window.code" in result.stderr
    assert result.stdout == ""  # the verb never ran


def test_export_to_a_missing_folder_says_so(tmp_path: Path) -> None:
    result = run(tmp_path / "p", "config", "export", str(tmp_path / "no" / "c.json"))
    assert result.returncode == 2 and "输出位置无效" in result.stderr
