"""Contact-phone validators: what clerks type is accepted and stored in one canonical form."""

from __future__ import annotations

import pytest

from client.intake.phones import PhoneCheck, check_landline, check_mobile, check_phone


@pytest.mark.parametrize(
    "text",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+86 138 1234 5678",
        "+8613812345678",
        "(+86) 138-1234-5678",
        "8613812345678",
        "008613812345678",
        "0086 138 1234 5678",
        "１３８１２３４５６７８",
        "138\u30001234\u30005678",
        "138–1234–5678",
    ],
)
def test_mobile_accepted_and_normalized(text: str) -> None:
    assert check_mobile(text) == PhoneCheck(True, "13812345678", "")


@pytest.mark.parametrize("number", ["13000000000", "14512345678", "16612345678", "19912345678"])
def test_mobile_prefixes_13_to_19(number: str) -> None:
    assert check_mobile(number).ok


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("", "请填写"),
        ("   ", "请填写"),
        ("1381234567", "11位"),
        ("138123456789", "11位"),
        ("12812345678", "13至19"),
        ("10012345678", "13至19"),
        ("23812345678", "13至19"),
        ("138a2345678", "“A”"),
        ("+1 650 253 0000", "中国大陆"),
        ("0571-87654321", "11位"),
    ],
)
def test_mobile_rejected(text: str, phrase: str) -> None:
    result = check_mobile(text)
    assert not result.ok
    assert phrase in result.message.upper()


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("0571-87654321", "0571-87654321"),
        ("0571 87654321", "0571-87654321"),
        ("057187654321", "0571-87654321"),
        ("(0571)87654321", "0571-87654321"),
        ("（０５７１）８７６５４３２１", "0571-87654321"),
        ("0571 8765 4321", "0571-87654321"),
        ("0571-7654321", "0571-7654321"),
        ("010-62345678", "010-62345678"),
        ("01062345678", "010-62345678"),
        ("021-6234567", "021-6234567"),
        ("0571-87654321转123", "0571-87654321-123"),
        ("0571-87654321 转 8", "0571-87654321-8"),
        ("0571-87654321分机123", "0571-87654321-123"),
        ("0571-87654321-123", "0571-87654321-123"),
        ("010-62345678-12", "010-62345678-12"),
        ("0571-87654321 ext. 45", "0571-87654321-45"),
        ("+86 571 87654321", "0571-87654321"),
        ("0086-10-62345678", "010-62345678"),
        ("12345", "12345"),
        ("12315", "12315"),
        ("10086", "10086"),
        ("95588", "95588"),
        ("400-123-4567", "400-123-4567"),
        ("4001234567", "400-123-4567"),
        ("800 123 4567", "800-123-4567"),
    ],
)
def test_landline_accepted_and_normalized(text: str, normalized: str) -> None:
    assert check_landline(text) == PhoneCheck(True, normalized, "")


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("", "请填写"),
        ("87654321", "区号"),
        ("5718765432", "区号"),
        ("0571-1234567", "不能以0或1开头"),
        ("0571-07654321", "不能以0或1开头"),
        ("0571-876543", "7至8位"),
        ("0571-876543210", "7至8位"),
        ("0571-87654321-1234567", "7至8位"),
        ("0571-8765432a", "“a”"),
        ("13812345678", "区号"),
        ("1234", "区号"),
    ],
)
def test_landline_rejected(text: str, phrase: str) -> None:
    result = check_landline(text)
    assert not result.ok
    assert phrase in result.message


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("138 1234 5678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("0571-87654321", "0571-87654321"),
        ("0571-87654321转123", "0571-87654321-123"),
        ("400 123 4567", "400-123-4567"),
    ],
)
def test_phone_accepts_either(text: str, normalized: str) -> None:
    assert check_phone(text) == PhoneCheck(True, normalized, "")


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("", "请填写联系电话"),
        (" \u3000 ", "请填写联系电话"),
        ("12345", "服务热线"),
        ("95588", "服务热线"),
        ("1381234567", "手机号码应为11位"),
        ("12812345678", "手机号码应以13至19开头"),
        ("+1 650 253 0000", "中国大陆"),
        ("0571-123", "固定电话"),
        ("87654321", "缺少区号"),
        ("电话", "固定电话"),
    ],
)
def test_phone_rejections_follow_what_was_typed(text: str, phrase: str) -> None:
    result = check_phone(text)
    assert not result.ok
    assert phrase in result.message
