"""Preseeding a rollout: every declared setting to a JSON file and back (`config export` /
`config import`, and `--config FILE` at start).

The file is a format tag, a version and the settings by key:

    {"format": "chuangkou-config", "version": 1, "settings": {"window.code": "W01", ...}}

An import is all or nothing: the whole file is read and every key and value checked against
its declaration (offline/storage/settings.py, the same rules as the 窗口设置 form) before one
transaction writes the changes with their audit records. A file may hold only some of the
keys; the others keep their values. Secrets never go in it: no declared setting is a secret
(login tokens and keys live in the OS keyring and `tokens.bin`), and a key that is not
declared is refused by name.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from client.errors import ClerkError
from client.i18n import translate
from offline.storage.settings import SPEC_BY_KEY, SPECS, value_problem
from offline.storage.store import Store

FORMAT = "chuangkou-config"
VERSION = 1
MAX_BYTES = 1024 * 1024  # a settings file is a few kB; refuse to parse anything huge
IMPORT_ACTOR = "配置导入"


class ConfigFileError(ClerkError, ValueError):
    """A configuration file that cannot be imported; nothing was changed."""


def _t(text: str) -> str:
    return translate("config_file", text)


def export_settings(store: Store) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "settings": {spec.key: store.settings.get(spec.key) for spec in SPECS},
    }


def write_config(store: Store, path: Path) -> int:
    """Write every declared setting to `path` (atomically); returns how many."""
    data = export_settings(store)
    if path.is_dir() or not path.parent.is_dir():
        raise ConfigFileError(_t("配置文件输出位置无效：{path}").format(path=path))
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ConfigFileError(
            _t("无法写入配置文件 {path}：{reason}").format(path=path, reason=exc.strerror or exc)
        ) from exc
    return len(data["settings"])


def read_config(path: Path) -> dict[str, Any]:
    """The settings in `path`, every one checked; raises ConfigFileError naming the problem."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ConfigFileError(_t("配置文件过大（超过 1 MB），不是本程序导出的配置文件"))
        raw = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise ConfigFileError(
            _t("无法读取配置文件 {path}：{reason}").format(path=path, reason=exc.strerror or exc)
        ) from exc
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise ConfigFileError(_t("配置文件不是有效的 JSON（UTF-8）")) from exc
    return parse_config(raw)


def parse_config(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ConfigFileError(
            _t('这不是窗口受理客户端的配置文件（缺少 "format": "{format}"）').format(format=FORMAT)
        )
    version = raw.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ConfigFileError(_t("配置文件的版本号无效"))
    if version > VERSION:
        raise ConfigFileError(
            _t("配置文件由较新版本的本程序导出（格式版本 {v}，本程序支持 {ours}）").format(
                v=version, ours=VERSION
            ),
            _t("请在各窗口安装相同版本后再导入。"),
        )
    settings = raw.get("settings")
    if not isinstance(settings, dict):
        raise ConfigFileError(_t("配置文件缺少 settings 部分"))
    problems = []
    for key, value in settings.items():
        spec = SPEC_BY_KEY.get(key)
        if spec is None:
            problems.append(_t("未知的设置项：{key}").format(key=key))
            continue
        problem = value_problem(spec, value)
        if problem:
            problems.append(f"{key}：{problem}")
    if problems:
        raise ConfigFileError(
            _t("配置文件有误，未导入任何设置：") + "\n" + "\n".join(problems),
            _t("请改正上述设置项后重新导入。"),
        )
    return dict(settings)


def import_config(store: Store, path: Path) -> list[str]:
    """Apply `path` to the profile, all or nothing; returns the keys whose value changed."""
    settings = read_config(path)
    changed = [key for key, value in settings.items() if store.settings.get(key) != value]
    store.set_settings(settings, actor=IMPORT_ACTOR)
    return changed
