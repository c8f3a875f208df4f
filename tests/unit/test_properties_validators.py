"""Property-based tests (hypothesis) of the field rules: whatever a user (or a script) types, a rule
answers "" or a Chinese message, never an exception; what it accepts is what the rule says."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from harbin_app.forms import checks
from harbin_app.forms.schema import DATE, RADIO, SELECT, TEXT, Field
from harbin_app.services import formats
from harbin_app.services import validators as v

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CJK = re.compile(r"[\u4e00-\u9fff]")
TODAY = date(2025, 6, 1)

credit_chars = st.sampled_from(v.CREDIT_ALPHABET)
credit_bodies = st.text(credit_chars, min_size=17, max_size=17)
anything = st.text(max_size=60) | st.text(st.characters(codec="utf-8"), max_size=300)
savable = st.characters(blacklist_categories=("Cc", "Cs"))  # what a keyboard types (no control characters)


def is_message(text: str) -> bool:
    return isinstance(text, str) and (text == "" or bool(CJK.search(text)))


# ---------------------------------------------------------------- 统一社会信用代码

@FAST
@given(credit_bodies)
@example("91350100M000100Y4")  # the samples of the domain notes
@example("91110108551385082")
def test_a_code_with_its_own_check_char_passes_in_any_case_and_padding(body: str) -> None:
    code = body + v.credit_code_check_char(body)
    assert v.credit_code_problem(code) == ""
    assert v.credit_code_problem(f"  {code.lower()} ") == ""


@FAST
@given(credit_bodies, credit_chars)
def test_any_other_check_char_is_refused(body: str, last: str) -> None:
    assume(last != v.credit_code_check_char(body))
    assert v.credit_code_problem(body + last) == "统一社会信用代码校验位不正确，请核对营业执照"


@FAST
@given(credit_bodies, st.integers(0, 16), credit_chars)
def test_one_changed_character_is_caught_by_the_check_char(body: str, at: int, other: str) -> None:
    """A typo in one position changes the weighted sum by (Δvalue × weight) mod 31 ≠ 0 (31 is prime)."""
    assume(body[at] != other)
    code = body + v.credit_code_check_char(body)
    typo = code[:at] + other + code[at + 1:]
    assert v.credit_code_problem(typo) != ""


@FAST
@given(anything)
@example("ß" * 9)  # upper() makes 18 characters of 9
@example("ﬁ" * 9)
@example("１" * 18)  # full-width digits
@example("9135010０M000100Y43")
def test_the_credit_code_rule_never_raises_and_passes_only_valid_codes(text: str) -> None:
    problem = v.credit_code_problem(text)
    assert is_message(problem)
    if problem == "":
        code = text.strip().upper()
        assert len(code) == 18 and set(code) <= set(v.CREDIT_ALPHABET)
        assert v.credit_code_check_char(code[:17]) == code[17]


# ---------------------------------------------------------------- phone numbers

mobiles = st.builds(lambda second, rest: f"1{second}{rest}", st.sampled_from("3456789"), st.text("0123456789", min_size=9, max_size=9))


@FAST
@given(mobiles, st.sampled_from(["", "+86", "0086", "+86 "]))
def test_every_mainland_mobile_passes_with_or_without_the_country_code(mobile: str, prefix: str) -> None:
    assert formats.normalize_mobile(prefix + mobile) == mobile
    assert formats.mobile_problem(prefix + mobile) == ""
    assert v.phone_problem(prefix + mobile) == ""
    assert v.phone_problem(f"{mobile[:3]}-{mobile[3:7]}-{mobile[7:]}") == ""


@FAST
@given(anything)
@example("１３８００１３８０００")  # full-width digits: not a number an SMS can be sent to
@example("١٣٨٠٠١٣٨٠٠٠")  # Arabic-Indic digits
@example("0451-８６００１２３４")
def test_phone_rules_never_raise_and_accept_only_ascii_digits(text: str) -> None:
    for problem in (v.phone_problem(text), formats.mobile_problem(text)):
        assert is_message(problem)
    normalized = formats.normalize_mobile(text)
    assert normalized == "" or re.fullmatch(r"1[3-9][0-9]{9}", normalized)
    if v.phone_problem(text) == "":
        assert re.fullmatch(r"[0-9+\- ]+", text.strip()), text


@FAST
@given(st.text("0123456789", min_size=1, max_size=15).filter(lambda s: not s.startswith("1")))
def test_digits_that_do_not_start_with_1_are_no_mobile(digits: str) -> None:
    assert formats.mobile_problem(digits) == "请输入正确的 11 位手机号"


# ---------------------------------------------------------------- dates

@FAST
@given(st.dates(date(1949, 1, 1), TODAY))
def test_every_past_date_since_1949_passes(d: date) -> None:
    assert v.past_date_problem(d.isoformat(), "成立时间", TODAY) == ""


@FAST
@given(st.dates(TODAY + timedelta(days=1), date(9999, 12, 31)))
def test_a_future_date_is_refused(d: date) -> None:
    assert v.past_date_problem(d.isoformat(), "成立时间", TODAY) == "成立时间不能晚于今天"


@FAST
@given(st.dates(date(1, 1, 1), date(1948, 12, 31)))
def test_a_date_before_1949_is_refused(d: date) -> None:
    assert v.past_date_problem(d.isoformat(), "成立时间", TODAY) == "成立时间不早于 1949 年"


@FAST
@given(anything)
@example("2020-02-30")
@example("２０２０-０３-０１")
@example("2020-W01-1")  # ISO week dates: Python 3.11 reads them, no user types them
@example("20200301")
def test_date_rules_never_raise(text: str) -> None:
    assert is_message(v.past_date_problem(text, "成立时间", TODAY))
    parsed = v.parse_date(text)
    assert parsed is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip())
    f = Field("d", "开始时间", kind=DATE)
    assert is_message(checks.stored_problem(f, text))
    assert is_message(checks.input_problem(f, text))


# ---------------------------------------------------------------- amounts and counts

@FAST
@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1e12"), places=2, allow_nan=False))
def test_positive_amounts_with_two_places_pass(d: Decimal) -> None:
    assert v.positive_number_problem(str(d), "注册资本") == ""
    assert v.positive_number_problem(f"{d:,}", "注册资本") == ""


@FAST
@given(st.decimals(max_value=Decimal("0"), allow_nan=False, allow_infinity=False, places=2))
def test_zero_and_negative_amounts_are_refused(d: Decimal) -> None:
    assert v.positive_number_problem(str(d), "注册资本") != ""


@FAST
@given(anything)
@example("NaN")
@example("Infinity")
@example("1e999999999")
@example("１２３")
@example("٣")
@example("1_000")
@example("0x10")
@example("+1")
@example("1.")
def test_number_rules_never_raise_and_accept_only_plain_decimals(text: str) -> None:
    for problem in (
        v.positive_number_problem(text, "金额"),
        v.positive_number_problem(text, "金额", allow_zero=True),
        v.positive_integer_problem(text, "企业规模(人)"),
        checks.input_problem(Field("a", "补贴金额", kind=checks.AMOUNT), text),
    ):
        assert is_message(problem)
    if v.positive_number_problem(text, "金额") == "":
        assert re.fullmatch(r"[0-9,]*(\.[0-9]{1,2})?", text.strip()), text
        assert Decimal(text.strip().replace(",", "")) > 0
    if v.positive_integer_problem(text, "企业规模(人)") == "":
        assert re.fullmatch(r"[0-9]+", text.strip()) and int(text) > 0, text


@FAST
@given(st.integers(1, 10**9))
def test_positive_integers_pass(n: int) -> None:
    assert v.positive_integer_problem(str(n), "企业规模(人)") == ""


# ---------------------------------------------------------------- lengths, e-mail, URL, choices

@FAST
@given(st.text(savable, max_size=120), st.integers(1, 80), st.booleans())
def test_text_rule_counts_the_trimmed_text(text: str, max_len: int, required: bool) -> None:
    problem = v.text_problem(text, "公司名称", max_len, required=required)
    assert is_message(problem)
    trimmed = text.strip()
    if not trimmed:
        assert (problem != "") == required
    else:
        assert (problem != "") == (len(trimmed) > max_len)


@FAST
@given(st.text(savable, max_size=400), st.integers(1, 200))
def test_a_stored_value_is_kept_exactly_up_to_its_field_length(text: str, max_len: int) -> None:
    f = Field("name", "项目名称", kind=TEXT, max_length=max_len)
    problem = checks.stored_problem(f, text)
    assert is_message(problem)
    assert (problem == "") == (len(text) <= max_len)


@FAST
@given(st.one_of(st.none(), st.integers(), st.floats(), st.lists(st.text()), st.dictionaries(st.text(), st.integers()), anything))
def test_a_stored_value_of_any_shape_gets_an_answer(value) -> None:  # noqa: ANN001
    for f in (Field("n", "项目名称"), Field("s", "所属行业", kind=SELECT, options=("甲", "乙")),
              Field("r", "级别", kind=RADIO, options=("一级",)), Field("d", "日期", kind=DATE)):
        assert is_message(checks.stored_problem(f, value))
        assert is_message(checks.input_problem(f, value))


@FAST
@given(anything)
@example("a@b.c" + "d" * 200)
@example("name@例子.中国")
def test_email_and_url_rules_never_raise(text: str) -> None:
    assert is_message(v.email_problem(text))
    assert is_message(v.url_problem(text))
    if v.email_problem(text) == "":
        assert len(text.strip()) <= 100 and text.isascii()
    if v.url_problem(text) == "":
        assert len(text.strip()) <= 200


@FAST
@given(st.text(max_size=40))
def test_user_names_are_ascii_as_the_message_says(text: str) -> None:
    problem = formats.username_problem(text)
    assert is_message(problem)
    if problem == "":
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{2,31}", text.strip()) and text.strip().isascii()


# ---------------------------------------------------------------- what no document can hold

unsavable = st.sampled_from(["\x00", "\x01", "\x0b", "\x0c", "\x1f", "\x7f", "\ud800", "\udfff", "\ufffe"])


@FAST
@given(st.text(max_size=30), unsavable, st.text(max_size=30))
def test_control_characters_are_refused_before_they_reach_a_document(before: str, bad: str, after: str) -> None:
    text = f"项目{before}{bad}{after}名称"
    assert "不可见字符" in v.text_problem(text, "项目名称", 500)
    assert "不可见字符" in checks.stored_problem(Field("name", "项目名称", max_length=500), text)
    assert "不可见字符" in checks.input_problem(Field("o", "审批意见", max_length=500), text)


@FAST
@given(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=200))
def test_text_that_is_saved_can_be_written_into_a_docx(text: str) -> None:
    """Whatever a field keeps, python-docx can write (the generated forms never fail on a value)."""
    from docx import Document

    if checks.stored_problem(Field("name", "项目名称", max_length=200), text) == "":
        Document().add_paragraph(text)
