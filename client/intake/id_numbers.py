"""Format and check-digit validation of the ID numbers a window clerk types in.

A mistyped ID number is the most common intake defect and the most expensive one: the receipt,
the decision and the archive all carry it. Each check-digit scheme used here (GB 11643 MOD 11-2,
GB 32100 MOD 31) detects every single wrong character, so a typo is caught at the counter.

Messages are one Chinese sentence saying exactly what is wrong. They never reveal the "expected"
check digit: the typo is usually elsewhere, and the clerk would "fix" the last digit instead.
"""

from __future__ import annotations

import functools
import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Literal, assert_never

from client.domain import IdType
from client.i18n import translate
from client.resources import resource

DIGITS = "0123456789"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100: no I, O, S, V, Z
EARLIEST_BIRTH = date(1900, 1, 1)
HMT_PREFIXES = {"810000": "香港", "820000": "澳门", "830000": "台湾"}

_GB11643_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_GB11643_CHECK = "10X98765432"
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_GB11714_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_NATIONAL_REGION = "100000"  # GB 32100: 国家级登记管理机关


@dataclass(frozen=True)
class IdCheck:
    """Outcome of one check: `normalized` is what to store; `message` is empty when ok."""

    ok: bool
    normalized: str
    message: str = ""


def _ok(normalized: str) -> IdCheck:
    return IdCheck(True, normalized, "")


def _bad(normalized: str, message: str) -> IdCheck:
    return IdCheck(False, normalized, message)


def normalize_id(text: str) -> str:
    """NFKC (full-width → half-width), drop all whitespace and invisible format characters
    (U+3000, U+200B, BOM… as pasted from web pages), upper-case (so a lower-case x is fine)."""
    text = unicodedata.normalize("NFKC", text)
    kept = (c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")
    return "".join(kept).upper()


@functools.cache
def _regions() -> dict[str, str]:
    """GB/T 2260 codes, current and retired (old cards keep retired codes); loaded once."""
    with resource("regions", "gb2260.json").open(encoding="utf-8") as f:
        data = json.load(f)
    if not isinstance(data, dict):
        raise ValueError("gb2260.json must hold a JSON object")
    return {str(code): str(name) for code, name in data.items()}


def region_name(code: str) -> str | None:
    """Latest name of a six-digit GB/T 2260 code (retired codes included), or None."""
    return _regions().get(code)


def _province_exists(two_digits: str) -> bool:
    return len(two_digits) == 2 and f"{two_digits}0000" in _regions()


def gb11643_check_char(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character of 17 digits (GB 11643)."""
    total = sum(int(c) * w for c, w in zip(first17, _GB11643_WEIGHTS, strict=True))
    return _GB11643_CHECK[total % 11]


def uscc_check_char(first17: str) -> str:
    """GB 32100 MOD 31 check character of the first 17 characters."""
    values = (USCC_ALPHABET.index(c) for c in first17)
    total = sum(v * w for v, w in zip(values, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def gb11714_check_char(body8: str) -> str:
    """GB 11714 organisation-code check character of its 8-character body."""
    values = (int(c) if c in DIGITS else ord(c) - ord("A") + 10 for c in body8)
    c = 11 - sum(v * w for v, w in zip(values, _GB11714_WEIGHTS, strict=True)) % 11
    return {10: "X", 11: "0"}.get(c, str(c))


def _parse_yyyymmdd(raw: str) -> date | None:
    if len(raw) != 8 or any(c not in DIGITS for c in raw):
        return None
    try:
        return date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
    except ValueError:
        return None


def _birth_problem(born: date, doc: str, today: date | None) -> str:
    """Why a real calendar date cannot be a holder's birth date, or ''."""
    if born < EARLIEST_BIRTH:
        msg = translate("ids", "{doc}中的出生日期{y}年{m}月{d}日早于1900年1月1日，请核对。")
    elif born > (today or date.today()):
        msg = translate("ids", "{doc}中的出生日期{y}年{m}月{d}日晚于今天，请核对。")
    else:
        return ""
    return msg.format(doc=doc, y=born.year, m=born.month, d=born.day)


def _check_gb11643(
    s: str, doc: str, today: date | None, prefix_problem: Callable[[str], str]
) -> IdCheck:
    """Shared 18-character GB 11643 structure: 6-char prefix, YYYYMMDD, sequence, MOD 11-2."""
    if not s:
        return _bad(s, translate("ids", "请填写{doc}。").format(doc=doc))
    for c in s:
        if c not in DIGITS and c != "X":
            msg = translate("ids", "{doc}只能由数字组成（最后一位可以是X），不能含有“{char}”。")
            return _bad(s, msg.format(doc=doc, char=c))
    if len(s) != 18:
        msg = translate("ids", "{doc}应为18位，当前为{n}位。")
        return _bad(s, msg.format(doc=doc, n=len(s)))
    if "X" in s[:17]:
        msg = translate("ids", "{doc}只有最后一位校验码可以是X，第{pos}位不能是X。")
        return _bad(s, msg.format(doc=doc, pos=s.index("X") + 1))
    if problem := prefix_problem(s):
        return _bad(s, problem)
    born = _parse_yyyymmdd(s[6:14])
    if born is None:
        msg = translate("ids", "{doc}第7至14位的出生日期“{raw}”不是真实存在的日期，请核对。")
        return _bad(s, msg.format(doc=doc, raw=s[6:14]))
    if problem := _birth_problem(born, doc, today):
        return _bad(s, problem)
    if gb11643_check_char(s[:17]) != s[17]:
        msg = translate("ids", "{doc}校验位不符，号码中可能有录错或颠倒的字符，请逐位核对。")
        return _bad(s, msg.format(doc=doc))
    return _ok(s)


def check_resident_id(text: str, today: date | None = None) -> IdCheck:
    """居民身份证 (GB 11643, second generation, 18 characters)."""
    s = normalize_id(text)
    doc = translate("ids", "居民身份证号码")
    if len(s) == 15 and all(c in DIGITS for c in s):
        msg = translate(
            "ids",
            "这是15位的第一代居民身份证号码，第一代居民身份证已于2013年1月1日停止使用，"
            "请提供18位的第二代居民身份证号码。",
        )
        return _bad(s, msg)

    def region_problem(s: str) -> str:
        code = s[:6]
        if code in HMT_PREFIXES:
            msg = translate(
                "ids",
                "号码以{code}开头，是港澳台居民居住证号码，请将证件类型改为港澳台居民居住证。",
            )
            return msg.format(code=code)
        if code.endswith("0000") and code in _regions():
            msg = translate(
                "ids", "{doc}前6位地区代码“{code}”是省级代码，户籍地应为县级行政区划，请核对。"
            )
            return msg.format(doc=doc, code=code)
        if code not in _regions():
            msg = translate(
                "ids",
                "{doc}前6位地区代码“{code}”不是有效的行政区划代码，请核对；"
                "如确认号码无误，请联系管理员更新行政区划代码表。",
            )
            return msg.format(doc=doc, code=code)
        return ""

    return _check_gb11643(s, doc, today, region_problem)


def check_hmt_residence_permit(text: str, today: date | None = None) -> IdCheck:
    """港澳台居民居住证: GB 11643 structure with prefix 810000 / 820000 / 830000."""
    s = normalize_id(text)
    doc = translate("ids", "港澳台居民居住证号码")

    def prefix_problem(s: str) -> str:
        if s[:6] in HMT_PREFIXES:
            return ""
        msg = translate(
            "ids",
            "{doc}前6位应为810000（香港）、820000（澳门）或830000（台湾），当前为“{code}”。",
        )
        return msg.format(doc=doc, code=s[:6])

    return _check_gb11643(s, doc, today, prefix_problem)


def _check_foreign_pr_2023(s: str, today: date | None) -> IdCheck:
    """2023 format: 9 + province (2) + nationality (3, numeric) + YYYYMMDD + seq (3) + check."""
    doc = translate("ids", "新版（2023年起签发，18位）外国人永久居留身份证号码")

    def prefix_problem(s: str) -> str:
        if s[0] != "9":
            return translate("ids", "{doc}第1位应为9，当前为“{c}”。").format(doc=doc, c=s[0])
        if not _province_exists(s[1:3]):
            msg = translate("ids", "{doc}第2至3位受理地代码“{code}”不是有效的省级行政区划代码。")
            return msg.format(doc=doc, code=s[1:3])
        return ""

    return _check_gb11643(s, doc, today, prefix_problem)


def _check_foreign_pr_old(s: str, today: date | None) -> IdCheck:
    """Old format (15 characters): nationality (3 letters, ISO 3166-1 alpha-3) + province (2)
    + YYMMDD + sequence (3) + check digit. Its check algorithm is not public, so only the
    format and the birth date are checked here; a typo elsewhere cannot be detected."""
    doc = translate("ids", "旧版（15位）外国人永久居留身份证号码")
    if len(s) != 15:
        msg = translate("ids", "{doc}应为15位，当前为{n}位。")
        return _bad(s, msg.format(doc=doc, n=len(s)))
    if not all("A" <= c <= "Z" for c in s[:3]):
        msg = translate("ids", "{doc}前3位应为英文字母的国籍代码，当前为“{code}”。")
        return _bad(s, msg.format(doc=doc, code=s[:3]))
    for c in s[3:]:
        if c not in DIGITS:
            msg = translate("ids", "{doc}第4至15位只能是数字，不能含有“{char}”。")
            return _bad(s, msg.format(doc=doc, char=c))
    if not _province_exists(s[3:5]):
        msg = translate("ids", "{doc}第4至5位受理地代码“{code}”不是有效的省级行政区划代码。")
        return _bad(s, msg.format(doc=doc, code=s[3:5]))
    # YYMMDD: the century is not written; accept the date if it is a possible birth date in
    # either the 1900s or the 2000s (29 February differs between 1900 and 2000).
    dates = [_parse_yyyymmdd(century + s[5:11]) for century in ("20", "19")]
    real = [d for d in dates if d is not None]
    if not real:
        msg = translate("ids", "{doc}第6至11位的出生日期“{raw}”不是真实存在的日期，请核对。")
        return _bad(s, msg.format(doc=doc, raw=s[5:11]))
    problems = [_birth_problem(d, doc, today) for d in real]
    if all(problems):
        return _bad(s, problems[-1])
    return _ok(s)


def check_foreign_permanent_residence(text: str, today: date | None = None) -> IdCheck:
    """外国人永久居留身份证: the 2023 format (18, starts with 9) or the old one (15, letters)."""
    s = normalize_id(text)
    if not s:
        return _bad(s, translate("ids", "请填写外国人永久居留身份证号码。"))
    if len(s) == 15 or "A" <= s[0] <= "Z":
        return _check_foreign_pr_old(s, today)
    if len(s) == 18 or s[0] == "9":
        return _check_foreign_pr_2023(s, today)
    msg = translate(
        "ids",
        "外国人永久居留身份证号码应为18位（2023年起签发的新版，以9开头）"
        "或15位（旧版，以3个英文字母开头），当前为{n}位。",
    )
    return _bad(s, msg.format(n=len(s)))


def check_uscc(text: str) -> IdCheck:
    """统一社会信用代码 (GB 32100).

    Positions 1–2 (registration authority, entity type) are only required to be non-zero
    characters of the alphabet: the standard lets each authority assign its own codes and
    amendments added authorities (2 3 4 6 7 8 A N …), so a fixed table would reject real codes
    while the MOD 31 check already catches every single-character typo. Positions 3–8 must be
    six digits whose province part is a GB/T 2260 province (or 100000, national level);
    positions 9–17 are a GB 11714 organisation code with its own check character.
    """
    s = normalize_id(text)
    if not s:
        return _bad(s, translate("ids", "请填写统一社会信用代码。"))
    for c in s:
        if c not in USCC_ALPHABET:
            msg = translate(
                "ids",
                "统一社会信用代码只能由数字和大写字母组成（不使用I、O、S、V、Z），不能含有“{char}”。",
            )
            return _bad(s, msg.format(char=c))
    if len(s) != 18:
        return _bad(s, translate("ids", "统一社会信用代码应为18位，当前为{n}位。").format(n=len(s)))
    if s[0] == "0":
        return _bad(s, translate("ids", "统一社会信用代码第1位登记管理部门代码不能是0。"))
    if s[1] == "0":
        return _bad(s, translate("ids", "统一社会信用代码第2位机构类别代码不能是0。"))
    region = s[2:8]
    if any(c not in DIGITS for c in region):
        msg = translate(
            "ids", "统一社会信用代码第3至8位应为6位数字的行政区划代码，当前为“{code}”。"
        )
        return _bad(s, msg.format(code=region))
    if region != _NATIONAL_REGION and not _province_exists(region[:2]):
        msg = translate("ids", "统一社会信用代码第3至8位“{code}”不是有效的行政区划代码。")
        return _bad(s, msg.format(code=region))
    if uscc_check_char(s[:17]) != s[17]:
        msg = translate(
            "ids", "统一社会信用代码校验位不符，代码中可能有录错或颠倒的字符，请逐位核对。"
        )
        return _bad(s, msg)
    if gb11714_check_char(s[8:16]) != s[16]:
        msg = translate("ids", "统一社会信用代码第9至17位（组织机构代码）校验不符，请核对。")
        return _bad(s, msg)
    return _ok(s)


def check_passport(text: str) -> IdCheck:
    """Passport numbers, format only (no public check digit).

    Chinese ordinary passports are E + 8 digits, E + letter (not I/O) + 7 digits, G + 8 digits;
    official ones P/D/S + 7 digits. Foreign passports: 5–17 letters/digits with at least one
    digit; that rule covers the Chinese ones too. One Chinese-specific rule is enforced: E + I/O
    + 7 digits is almost surely a Chinese passport with 1/0 typed as a letter.
    """
    s = normalize_id(text)
    if not s:
        return _bad(s, translate("ids", "请填写护照号码。"))
    for c in s:
        if c not in DIGITS and not "A" <= c <= "Z":
            msg = translate("ids", "护照号码只能由英文字母和数字组成，不能含有“{char}”。")
            return _bad(s, msg.format(char=c))
    if not 5 <= len(s) <= 17:
        return _bad(s, translate("ids", "护照号码应为5至17位，当前为{n}位。").format(n=len(s)))
    if not any(c in DIGITS for c in s):
        return _bad(s, translate("ids", "护照号码中应至少含有一个数字。"))
    if len(s) == 9 and s[0] == "E" and s[1] in "IO" and all(c in DIGITS for c in s[2:]):
        msg = translate("ids", "中国护照号码第2位不使用字母I或O，请确认是否应为数字1或0。")
        return _bad(s, msg)
    return _ok(s)


def check_id(id_type: IdType, text: str, today: date | None = None) -> IdCheck:
    """Check `text` as an ID number of `id_type`."""
    match id_type:
        case IdType.RESIDENT_ID:
            return check_resident_id(text, today)
        case IdType.USCC:
            return check_uscc(text)
        case IdType.PASSPORT:
            return check_passport(text)
        case IdType.HMT_RESIDENCE_PERMIT:
            return check_hmt_residence_permit(text, today)
        case IdType.FOREIGN_PERMANENT_RESIDENCE:
            return check_foreign_permanent_residence(text, today)
        case _:
            assert_never(id_type)


def birth_date_of(id_number: str) -> date | None:
    """Birth date of an 18-character GB 11643-structured number (resident ID, HMT permit,
    2023 foreign PR card); None if it has none. Does not validate: check the number first."""
    s = normalize_id(id_number)
    return _parse_yyyymmdd(s[6:14]) if len(s) == 18 else None


def sex_of(id_number: str) -> Literal["M", "F"] | None:
    """Sex from the 17th digit (odd = male) of a resident ID or HMT permit; None otherwise."""
    s = normalize_id(id_number)
    if len(s) != 18 or s[0] == "9" or s[16] not in DIGITS:
        return None
    return "M" if int(s[16]) % 2 else "F"
