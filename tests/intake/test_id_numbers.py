"""ID-number validators: valid numbers of every kind pass, every single-character typo fails.

Check digits are computed here independently of client.intake.id_numbers, so a wrong weight
table in the module cannot make its own tests pass.
"""

from __future__ import annotations

import json
import string
from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from client.domain import IdType
from client.intake.id_numbers import (
    IdCheck,
    birth_date_of,
    check_foreign_permanent_residence,
    check_hmt_residence_permit,
    check_id,
    check_passport,
    check_resident_id,
    check_uscc,
    normalize_id,
    region_name,
    sex_of,
)
from client.resources import resource

TODAY = date(2025, 6, 1)
CHARS = string.digits + string.ascii_uppercase
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def mod11_2(first17: str) -> str:
    total = sum(int(c) * (2 ** (17 - i) % 11) for i, c in enumerate(first17))
    return "10X98765432"[total % 11]


def gb11643(prefix6: str, yyyymmdd: str, seq3: str) -> str:
    body = prefix6 + yyyymmdd + seq3
    return body + mod11_2(body)


def uscc(first8: str, org_body8: str) -> str:
    values = [int(c) if c.isdigit() else ord(c) - 55 for c in org_body8]
    c = 11 - sum(v * w for v, w in zip(values, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    body = first8 + org_body8 + {10: "X", 11: "0"}.get(c, str(c))
    total = sum(USCC_ALPHABET.index(ch) * (3**i % 31) for i, ch in enumerate(body))
    return body + USCC_ALPHABET[(31 - total % 31) % 31]


RESIDENT_IDS = [
    "11010519491231002X",  # GB 11643's own example
    gb11643("330102", "19800229", "123"),
    gb11643("330102", "20000101", "004"),
    gb11643("330102", "19000101", "271"),
    gb11643("110103", "19751008", "518"),  # 崇文区, retired 2010: old cards keep it
    gb11643("440300", "19991231", "999"),
]
HMT_PERMITS = [
    gb11643("810000", "19850615", "003"),
    gb11643("820000", "20010704", "018"),
    gb11643("830000", "19691120", "125"),
]
FOREIGN_PR_2023 = [
    "9" + "11" + "840" + "19850615" + "001" + mod11_2("91184019850615001"),
    "9" + "31" + "392" + "20000229" + "112" + mod11_2("93139220000229112"),
]
USCCS = [
    "91350100M000100Y43",  # stack notes' example
    "12440600MB2C07549J",
    "91110000802100433B",
    uscc("11100000", "00001312"),  # national level (100000)
    uscc("51330102", "MA2B3C4D"),
    uscc("Y1440300", "12345678"),
    uscc("N2330102", "7K9P2Q1R"),
]


def substitutions(valid: str) -> Iterator[str]:
    for i, original in enumerate(valid):
        for c in CHARS:
            if c != original:
                yield valid[:i] + c + valid[i + 1 :]


def insertions_and_deletions(valid: str) -> Iterator[str]:
    for i in range(len(valid)):
        yield valid[:i] + valid[i + 1 :]
    for i in range(len(valid) + 1):
        for c in CHARS:
            yield valid[:i] + c + valid[i:]


def transpositions(valid: str) -> Iterator[str]:
    """Adjacent swaps among the weighted characters (the check character itself excluded)."""
    for i in range(16):
        if valid[i] != valid[i + 1]:
            yield valid[:i] + valid[i + 1] + valid[i] + valid[i + 2 :]


def resident(text: str) -> IdCheck:
    return check_resident_id(text, TODAY)


def hmt(text: str) -> IdCheck:
    return check_hmt_residence_permit(text, TODAY)


def foreign_pr(text: str) -> IdCheck:
    return check_foreign_permanent_residence(text, TODAY)


FAMILIES = [
    pytest.param(resident, RESIDENT_IDS, id="resident"),
    pytest.param(hmt, HMT_PERMITS, id="hmt"),
    pytest.param(foreign_pr, FOREIGN_PR_2023, id="foreign-pr-2023"),
    pytest.param(check_uscc, USCCS, id="uscc"),
]


@pytest.mark.parametrize(("check", "valids"), FAMILIES)
def test_valid_numbers_pass(check, valids) -> None:
    for valid in valids:
        assert check(valid) == IdCheck(True, valid, ""), valid


@pytest.mark.parametrize(("check", "valids"), FAMILIES)
def test_every_single_substitution_is_rejected(check, valids) -> None:
    for valid in valids:
        accepted = [m for m in substitutions(valid) if check(m).ok]
        assert accepted == [], valid
        for mutant in substitutions(valid):
            assert check(mutant).message


@pytest.mark.parametrize(("check", "valids"), FAMILIES)
def test_insertions_deletions_and_transpositions_are_rejected(check, valids) -> None:
    for valid in valids:
        mutants = [*insertions_and_deletions(valid), *transpositions(valid)]
        assert [m for m in mutants if check(m).ok] == [], valid


def test_every_check_character_occurs_and_passes() -> None:
    numbers = [gb11643("330102", "19880808", f"{seq:03d}") for seq in range(1000)]
    assert {n[-1] for n in numbers} == set("0123456789X")
    assert all(resident(n).ok for n in numbers)


@pytest.mark.parametrize(
    "typed",
    [
        "11010519491231002x",
        " 110105 19491231 002X ",
        "１１０１０５１９４９１２３１００２Ｘ",
        "１１０１０５\u3000１９４９\u3000１２３１\u3000００２ｘ",
        "110105\u200b19491231002X\n",
        "110105\t1949 1231 002 X",
    ],
)
def test_normalization_full_width_spaces_lower_x(typed: str) -> None:
    assert normalize_id(typed) == "11010519491231002X"
    assert resident(typed) == IdCheck(True, "11010519491231002X", "")


def test_normalized_uscc_and_passport_are_upper_case() -> None:
    assert check_uscc("91350100m000100y43").normalized == "91350100M000100Y43"
    assert check_uscc("９１３５０１００Ｍ０００１００Ｙ４３").ok
    assert check_passport("e1234 5678").normalized == "E12345678"


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("", "请填写"),
        ("   ", "请填写"),
        ("110105194912310021", "校验"),
        ("110105491231002", "第一代"),
        ("11010519491231002", "18位"),
        ("1101051949123100212", "18位"),
        ("11010519491231002Y", "“Y”"),
        ("1101051949123100-2", "“-”"),
        ("1101051949X2310021", "X"),
        (gb11643("110105", "19490230", "002"), "出生日期"),
        (gb11643("110105", "19491301", "002"), "出生日期"),
        (gb11643("110105", "20250602", "002"), "出生日期"),
        (gb11643("110105", "18991231", "002"), "出生日期"),
        (gb11643("999999", "19491231", "002"), "行政区划"),
        (gb11643("110199", "19491231", "002"), "行政区划"),
        (gb11643("110000", "19491231", "002"), "省级代码"),
        (gb11643("810000", "19491231", "002"), "港澳台居民居住证"),
    ],
)
def test_resident_id_rejections_explain_why(text: str, phrase: str) -> None:
    result = resident(text)
    assert not result.ok
    assert phrase in result.message


def test_resident_id_birth_date_boundaries() -> None:
    assert resident(gb11643("330102", "20250601", "001")).ok  # born today
    assert "晚于今天" in resident(gb11643("330102", "20250602", "001")).message
    assert resident(gb11643("330102", "19000101", "001")).ok
    assert "1900" in resident(gb11643("330102", "18991231", "001")).message
    assert not resident(gb11643("330102", "19000229", "001")).ok  # 1900 was not a leap year
    tomorrow = date.today() + timedelta(days=1)
    assert not check_resident_id(gb11643("330102", tomorrow.strftime("%Y%m%d"), "001")).ok


def test_first_generation_message_says_it_expired() -> None:
    message = resident("110105491231002").message
    assert "15位" in message
    assert "2013" in message


def test_regions_file_is_the_union_with_retired_codes() -> None:
    regions = json.loads(resource("regions", "gb2260.json").read_text(encoding="utf-8"))
    assert len(regions) >= 7000
    assert all(len(code) == 6 and code.isdigit() and name for code, name in regions.items())
    assert region_name("110101") == "东城区"
    assert region_name("110103") == "崇文区"
    assert region_name("999999") is None
    assert region_name("110199") is None


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("", "请填写"),
        (gb11643("330102", "19850615", "003"), "810000"),
        (gb11643("810000", "19850615", "003")[:-1], "18位"),
        (gb11643("810000", "19850230", "003"), "出生日期"),
        (gb11643("820000", "20250602", "003"), "出生日期"),
        (gb11643("810000", "19850615", "003")[:-1] + "Y", "“Y”"),
        ("81000019850615003" + ("0" if mod11_2("81000019850615003") != "0" else "1"), "校验"),
    ],
)
def test_hmt_permit_rejections(text: str, phrase: str) -> None:
    result = hmt(text)
    assert not result.ok
    assert phrase in result.message
    assert "居住证" in result.message or "请填写" in result.message


def test_foreign_pr_old_format_is_checked_for_format_and_date() -> None:
    assert foreign_pr("USA118506150012") == IdCheck(True, "USA118506150012", "")
    assert foreign_pr("jpn310002290015").ok  # 2000-02-29
    assert foreign_pr("GBR440002290015").ok  # 00 could be 2000: leap year
    for text, phrase in [
        ("US1118506150012", "国籍"),
        ("USA11850615001A", "“A”"),
        ("USA998506150012", "受理地"),
        ("USA118502300012", "出生日期"),
        ("USA11850615001", "15位"),
    ]:
        result = foreign_pr(text)
        assert not result.ok, text
        assert phrase in result.message, (text, result.message)
        assert "旧版" in result.message


def test_foreign_pr_2023_format_messages_name_the_new_format() -> None:
    body = "91184019850615001"
    wrong = "0" if mod11_2(body) != "0" else "1"
    bad_first = "8" + "11840" + "19850615" + "001"
    bad_province = "9" + "99840" + "19850615" + "001"
    future = "9" + "11840" + "20250602" + "001"
    for text, phrase in [
        (body + wrong, "校验"),
        (bad_first + mod11_2(bad_first), "第1位应为9"),
        (bad_province + mod11_2(bad_province), "受理地"),
        (future + mod11_2(future), "出生日期"),
        (body, "18位"),
    ]:
        result = foreign_pr(text)
        assert not result.ok, text
        assert phrase in result.message, (text, result.message)
        assert "新版" in result.message


def test_foreign_pr_empty_and_odd_lengths() -> None:
    assert "请填写" in foreign_pr(" ").message
    message = foreign_pr("12345678901234").message
    assert "18位" in message
    assert "15位" in message


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("", "请填写"),
        ("91350100M000100Y4", "18位"),
        ("91350100M000100I43", "I、O、S、V、Z"),
        ("91350100M000100Y4Z", "“Z”"),
        ("91350100M000100Y44", "校验"),
        (uscc("01330102", "MA2B3C4D"), "登记管理部门"),
        (uscc("90330102", "MA2B3C4D"), "机构类别"),
        (uscc("9199ABCD", "MA2B3C4D"), "6位数字"),
        (uscc("91990102", "MA2B3C4D"), "行政区划"),
    ],
)
def test_uscc_rejections_explain_why(text: str, phrase: str) -> None:
    result = check_uscc(text)
    assert not result.ok
    assert phrase in result.message


def test_uscc_organisation_code_check_is_enforced() -> None:
    # A correct MOD 31 check over a wrong GB 11714 check character at position 17.
    good = uscc("91330102", "MA2B3C4D")
    body = good[:16] + ("0" if good[16] != "0" else "1")
    total = sum(USCC_ALPHABET.index(ch) * (3**i % 31) for i, ch in enumerate(body))
    forged = body + USCC_ALPHABET[(31 - total % 31) % 31]
    result = check_uscc(forged)
    assert not result.ok
    assert "组织机构代码" in result.message


@pytest.mark.parametrize(
    "text",
    [
        "E12345678",
        "EA1234567",
        "EH7654321",
        "G12345678",
        "P1234567",
        "D1234567",
        "S1234567",
        "123456789",  # US
        "X1234567",
        "AB12345",
        "C01X00T47",  # DE
        "A1B2C3D4E5F6G7H8J",  # 17 characters
    ],
)
def test_passports_accepted(text: str) -> None:
    assert check_passport(text) == IdCheck(True, text, "")


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("", "请填写"),
        ("E123", "5至17位"),
        ("A1B2C3D4E5F6G7H8J9", "5至17位"),
        ("ABCDEFGH", "数字"),
        ("E1234-5678", "“-”"),
        ("护照12345", "“护”"),
        ("EO1234567", "I或O"),
        ("EI1234567", "I或O"),
    ],
)
def test_passports_rejected(text: str, phrase: str) -> None:
    result = check_passport(text)
    assert not result.ok
    assert phrase in result.message


def test_check_id_dispatches_every_type() -> None:
    samples = {
        IdType.RESIDENT_ID: "11010519491231002x",
        IdType.USCC: "91350100M000100Y43",
        IdType.PASSPORT: "E12345678",
        IdType.HMT_RESIDENCE_PERMIT: HMT_PERMITS[0],
        IdType.FOREIGN_PERMANENT_RESIDENCE: FOREIGN_PR_2023[0],
    }
    assert set(samples) == set(IdType)
    for id_type, text in samples.items():
        result = check_id(id_type, text, TODAY)
        assert result.ok, (id_type, result.message)
        assert result.normalized == normalize_id(text)
    assert not check_id(IdType.RESIDENT_ID, "91350100M000100Y43").ok
    assert not check_id(IdType.USCC, "11010519491231002X").ok


def test_birth_date_and_sex_helpers() -> None:
    assert birth_date_of("11010519491231002X") == date(1949, 12, 31)
    assert birth_date_of("１１０１０５１９４９１２３１００２ｘ") == date(1949, 12, 31)
    assert birth_date_of(FOREIGN_PR_2023[1]) == date(2000, 2, 29)
    assert birth_date_of("110105491231002") is None
    assert sex_of("11010519491231002X") == "F"  # 17th digit 2: even
    assert sex_of(gb11643("330102", "19800101", "011")) == "M"
    assert sex_of(FOREIGN_PR_2023[0]) is None
    assert sex_of("E12345678") is None
