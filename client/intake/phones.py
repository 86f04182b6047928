"""Contact-phone validation and normalization for intake forms.

The contact phone is how the department reaches an applicant for 补正 or collection, so it is
checked at the counter and stored in one canonical form (mobile: 11 digits; landline:
`0571-87654321[-123]`), whatever the clerk typed: spaces, hyphens, full-width digits, +86.
Results use the same shape as ID checks (`PhoneCheck` is `IdCheck`).
"""

from __future__ import annotations

import re
import unicodedata

from client.i18n import translate
from client.intake.id_numbers import IdCheck

PhoneCheck = IdCheck

_DASHES = "-‐‑‒–—―"  # NFKC maps the full-width hyphen to "-", not the dashes
_SEPARATORS = re.compile(f"[{_DASHES}()\\s]+")
_COUNTRY_PREFIX = re.compile(r"^(?:\+86|0086)")
_EXTENSION = re.compile(r"\s*(?:转|分机|EXT\.?|X)\s*(\d{1,6})$", re.IGNORECASE)
_SERVICE = re.compile(r"^(?:1[02]\d{3}|95\d{3,4})$")  # 12345, 12315, 10086, 95588, 955xx
_TOLL_FREE = re.compile(r"^[48]00\d{7}$")  # 400 / 800 numbers


def _clean(text: str) -> str:
    """NFKC (full-width → half-width) and drop invisible format characters; keep spaces, they
    separate the area code, number and extension."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if unicodedata.category(c) != "Cf").strip()


def _digits_only(text: str) -> str:
    return _SEPARATORS.sub("", text)


def check_mobile(text: str) -> PhoneCheck:
    """Mainland mobile number: 11 digits 1[3-9]…, optional +86 / 86 / 0086 prefix."""
    s = _digits_only(_clean(text))
    if not s:
        return PhoneCheck(False, s, translate("phones", "请填写手机号码。"))
    s = _COUNTRY_PREFIX.sub("", s)
    if len(s) == 13 and s.startswith("86"):
        s = s[2:]
    if s.startswith("+"):
        return PhoneCheck(False, s, translate("phones", "只能填写中国大陆手机号码（+86）。"))
    for c in s:
        if c not in "0123456789":
            msg = translate("phones", "手机号码只能由数字组成，不能含有“{char}”。")
            return PhoneCheck(False, s, msg.format(char=c))
    if len(s) != 11:
        msg = translate("phones", "手机号码应为11位数字，当前为{n}位。")
        return PhoneCheck(False, s, msg.format(n=len(s)))
    if s[0] != "1" or s[1] not in "3456789":
        msg = translate("phones", "手机号码应以13至19开头，“{prefix}”不是手机号段。")
        return PhoneCheck(False, s, msg.format(prefix=s[:2]))
    return PhoneCheck(True, s, "")


def _split_landline(digits: str) -> tuple[str, str] | None:
    """(area code, local number) if `digits` is a complete mainland landline number.

    Area codes are 0 + 2 digits for 010 and 020–029, 0 + 3 digits elsewhere, so the split is
    unambiguous; local numbers are 7–8 digits and never start with 0 or 1.
    """
    if len(digits) < 3 or digits[0] != "0":
        return None
    cut = 3 if digits[1] in "12" else 4
    area, local = digits[:cut], digits[cut:]
    if 7 <= len(local) <= 8 and local[0] not in "01":
        return area, local
    return None


def check_landline(text: str) -> PhoneCheck:
    """Landline `0571-87654321`, with optional extension (`转123`, `-123`); also service numbers
    (12345, 10086, 95xxx) and 400/800 numbers, which need no area code."""
    s = _clean(text)
    if not s:
        return PhoneCheck(False, s, translate("phones", "请填写固定电话号码。"))
    extension = ""
    if match := _EXTENSION.search(s):
        extension, s = match.group(1), s[: match.start()]
    prefixed = _COUNTRY_PREFIX.match(s.lstrip("("))
    if prefixed:
        s = s.lstrip("(")[prefixed.end() :]
    tokens = [t for t in _SEPARATORS.split(s) if t]
    digits = "".join(tokens)
    for c in digits:
        if c not in "0123456789":
            msg = translate(
                "phones", "固定电话号码只能由数字、分隔符“-”和分机号组成，不能含有“{char}”。"
            )
            return PhoneCheck(False, digits, msg.format(char=c))
    if prefixed and digits and digits[0] != "0":
        digits = "0" + digits  # +86 571 87654321: the trunk 0 is dropped after a country code
    if not extension:
        if _SERVICE.match(digits):
            return PhoneCheck(True, digits, "")
        if _TOLL_FREE.match(digits):
            return PhoneCheck(True, f"{digits[:3]}-{digits[3:6]}-{digits[6:]}", "")
    split = _split_landline(digits)
    if split is None and not extension and len(tokens) >= 2 and len(tokens[-1]) <= 6:
        split = _split_landline(digits[: -len(tokens[-1])])
        extension = tokens[-1] if split else ""
    if split is not None:
        normalized = "-".join((*split, extension) if extension else split)
        return PhoneCheck(True, normalized, "")
    return PhoneCheck(False, digits, _landline_problem(digits))


def _landline_problem(digits: str) -> str:
    """The one-sentence reason an all-digit string is not a landline number."""
    if not digits:
        return translate("phones", "请填写固定电话号码。")
    if digits[0] != "0":
        if 7 <= len(digits) <= 8:
            return translate(
                "phones", "固定电话号码缺少区号，请按“区号-号码”填写，如0571-87654321。"
            )
        return translate(
            "phones", "固定电话号码应以区号开头（以0开头），如0571-87654321或010-12345678。"
        )
    cut = 3 if len(digits) > 1 and digits[1] in "12" else 4
    area, local = digits[:cut], digits[cut:]
    if not 7 <= len(local) <= 8:
        msg = translate("phones", "固定电话号码区号{area}后应为7至8位号码，当前为{n}位。")
        return msg.format(area=area, n=len(local))
    msg = translate("phones", "固定电话号码区号{area}后的号码不能以0或1开头。")
    return msg.format(area=area)


def check_phone(text: str) -> PhoneCheck:
    """A contact phone: mobile or landline, never a service hotline such as 12345; the message
    follows what the input looks like (starts with 1 → mobile rules, else landline rules)."""
    s = _clean(text)
    if not s:
        return PhoneCheck(False, "", translate("phones", "请填写联系电话。"))
    mobile = check_mobile(s)
    if mobile.ok:
        return mobile
    landline = check_landline(s)
    if landline.ok and _SERVICE.match(landline.normalized):
        msg = translate(
            "phones", "“{number}”是服务热线，不能作为联系电话，请填写本人手机或固定电话。"
        )
        return PhoneCheck(False, landline.normalized, msg.format(number=landline.normalized))
    if landline.ok:
        return landline
    return mobile if mobile.normalized.startswith(("1", "+")) else landline
