"""Characters the document fonts cannot print are refused where they are typed, naming the
character, in the window and on the command line alike; rare Ext-B names still pass."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from pytestqt.qtbot import QtBot

from client.domain import Action, IntakeRequest
from client.intake.rules import check_intake, check_party
from tests.factories import FOOD_PERMIT, accept_request, open_main_window, open_service, person
from tests.intake.test_ui_intake import fill_complete, type_text
from tests.test_cli import food_request, run, snapshot


def test_an_emoji_in_a_name_is_refused_naming_it_and_ext_b_passes() -> None:
    (problem,) = check_party(person(name="王🙂明"), "applicant")
    assert problem.field == "applicant.name"
    assert "“🙂”无法打印" in problem.message and "请核对" in problem.message
    assert check_party(person(name="𠮷野家"), "applicant") == []  # U+20BB7, the fallback font
    assert check_party(person(name="王堃"), "applicant") == []  # not in GB 2312 nor Fandol
    assert check_party(person(name="Zoë Müller-Ødegård"), "applicant") == []


def test_every_printed_free_text_is_checked(tmp_path: Path) -> None:
    service = open_service(tmp_path / "p")
    request = replace(accept_request(service.store), agent=person(name="李四"))
    item = service.store.item(FOOD_PERMIT)
    assert check_intake(request, item, check_files=False) == []

    def problems(changed: IntakeRequest) -> dict[str, str]:
        return {p.field: p.message for p in check_intake(changed, item, check_files=False)}

    address = replace(request.applicant, address="杭州市🏠路1号")
    assert "“🏠”" in problems(replace(request, applicant=address))["applicant.address"]
    agent = person(name="赵😀钱😀孙")  # named once, however often it occurs
    message = problems(replace(request, agent=agent))["agent.name"]
    assert message.startswith("“😀”无法打印") and message.count("😀") == 1
    refusal = replace(request, action=Action.REFUSE, reason="材料不符👎", refusal_clause=1)
    assert "“👎”" in problems(refusal)["reason"]


def test_the_window_refuses_an_emoji_as_it_is_typed(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_main_window(qtbot, tmp_path / "profile")
    fill_complete(qtbot, window)
    form, screen = window.intake.applicant, window.intake
    form.name.clear()
    type_text(qtbot, form.name, "王🙂明")
    assert form.messages["name"].isVisible()
    assert "“🙂”无法打印（字库中没有这个字符）" in form.messages["name"].text()
    assert "🙂" in screen.problems.text()
    assert not screen.accept_button.isEnabled()
    form.name.clear()
    type_text(qtbot, form.name, "𠮷明")  # a rare Ext-B name prints with the fallback font
    assert not form.messages["name"].isVisible()
    assert screen.accept_button.isEnabled(), screen.problems.text()


def test_an_intake_json_with_an_emoji_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    profile = tmp_path / "p"
    assert run(profile, "catalog").returncode == 0  # the profile exists
    before = snapshot(profile)
    request = json.loads(food_request(tmp_path).read_text(encoding="utf-8"))
    request["applicant"]["name"] = "王🙂明"
    path = tmp_path / "emoji.json"
    path.write_text(json.dumps(request, ensure_ascii=False), encoding="utf-8")
    result = run(profile, "intake", "--json", str(path))
    assert result.returncode == 2, result.stderr
    assert "“🙂”无法打印" in result.stderr
    assert snapshot(profile) == before
    request["applicant"]["name"] = "𠮷明"
    path.write_text(json.dumps(request, ensure_ascii=False), encoding="utf-8")
    accepted = run(profile, "intake", "--json", str(path))
    assert accepted.returncode == 0, accepted.stderr
