"""Every field rule of 企业认证 (design.md; GB 32100 samples of domain.md)."""

from __future__ import annotations

from datetime import date

import pytest

from harbin_app.services import certification as cert
from harbin_app.services import regions
from harbin_app.services.validators import credit_code_check_char, credit_code_problem
from tests.unit.factories import VALID_CERTIFICATION

TODAY = date(2026, 11, 29)


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110108551385082Q", "91350100m000100y43"])
def test_valid_credit_codes(code):
    assert credit_code_problem(code) == ""


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91350100M000100Y4Z", "不允许的字符：Z"),
        ("91350100M000100Y44", "校验位不正确"),
        ("91110108551385082A", "校验位不正确"),
        ("9135010", "应为 18 位，当前 7 位"),
        ("", "请输入统一社会信用代码"),
        ("91350100I000100Y43", "不允许的字符：I"),
    ],
)
def test_invalid_credit_codes(code, message):
    assert message in credit_code_problem(code)


def test_check_character_computation():
    assert credit_code_check_char("91350100M000100Y4") == "3"
    assert credit_code_check_char("91110108551385082") == "Q"


def test_a_valid_form_has_no_problem():
    assert cert.problems(VALID_CERTIFICATION, TODAY) == {}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("company_name", "", "请填写公司名称"),
        ("company_name", "公" * 65, "公司名称不能超过 64 字（当前 65 字）"),
        ("established", "2026-11-30", "成立时间不能晚于今天"),
        ("established", "2020/01/01", "格式应为"),
        ("industry", "纺织业", "请选择所属行业"),
        ("contact", "张" * 31, "联系人不能超过 30 字"),
        ("phone", "12345", "请输入正确的手机号或座机号"),
        ("registered_capital", "-5", "注册资本须大于 0"),
        ("registered_capital", "abc", "注册资本须为数字"),
        ("email", "wang@", "请输入正确的邮箱地址"),
        ("scale", "12.5", "企业规模须为正整数"),
        ("scale", "0", "企业规模须为正整数"),
        ("address_detail", "路" * 101, "详细地址不能超过 100 字"),
        ("website", "not a url", "请输入正确的官网地址"),
        ("intro", "介" * 301, "公司简介不能超过 300 字"),
        ("district", "", "请选择区县"),
        ("district", "朝阳区", "所选区县不属于该城市"),
        ("city", "广州市", "所选城市不属于该省份"),
    ],
)
def test_field_rules(field, value, message):
    errors = cert.problems({**VALID_CERTIFICATION, field: value}, TODAY)
    assert message in errors[field]


@pytest.mark.parametrize("phone", ["13800138000", "+86 13800138000", "0451-86001234", "045186001234", "010-12345678-123"])
def test_phone_forms_accepted(phone):
    assert "phone" not in cert.problems({**VALID_CERTIFICATION, "phone": phone}, TODAY)


def test_limits_are_inclusive():
    ok = {**VALID_CERTIFICATION, "company_name": "公" * 64, "contact": "张" * 30, "address_detail": "路" * 100, "intro": "介" * 300}
    assert cert.problems(ok, TODAY) == {}


def test_regions_come_from_the_packaged_dataset():
    assert len(regions.provinces()) == 34
    assert "哈尔滨市" in regions.cities("黑龙江省")
    assert {"道里区", "南岗区", "松北区", "五常市"} <= set(regions.districts("黑龙江省", "哈尔滨市"))
    assert regions.cities("北京市") == ["北京市"] and "朝阳区" in regions.districts("北京市", "北京市")
    assert sum(len(regions.cities(p)) for p in regions.provinces()) > 330
