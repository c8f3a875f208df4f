"""验收申请's 项目验收和补助资金申报表 (一、基本情况 … 四、其他情况), drawn with the long-form toolkit:
projects → 数字化服务商 → 产品服务 at three levels, each project's live figures."""

from __future__ import annotations

from typing import Any

import reflex as rx

from harbin_app.components import long_form as lf
from harbin_app.services import acceptance as svc
from harbin_app.services.acceptance.form import CERTIFIED_FIELDS, LEVELS, PRODUCT_CATEGORIES, SCALES, YES_NO
from harbin_app.state.acceptance import AcceptanceFormState as S

ANCHOR = "ac"
F = {f.key: f for s in svc.FORM.sections for f in s.fields}
DEMAND = {f.key: f for f in svc.FORM.section("demands").rows.fields}  # type: ignore[union-attr]
PROJECT = {f.key: f for f in svc.FORM.section("projects").rows.fields}  # type: ignore[union-attr]
INDICATOR = {f.key: f for f in svc.INDICATORS.fields}
PROVIDER = {f.key: f for f in svc.PROVIDERS.fields}
PRODUCT = {f.key: f for f in svc.PRODUCTS.fields}


def _text(spec: Any, field_id: Any, path: Any, value: rx.Var, **props: Any) -> rx.Component:
    return lf.text(
        S, spec.label, field_id, path, value, max_length=spec.max_length, counter_shown=spec.counter,
        area=spec.kind == "area", placeholder=spec.placeholder, hint=spec.hint, **props,
    )


def note(*children: Any) -> rx.Component:
    return rx.text(*children, size="1", color="var(--gray-10)")


# ---------------------------------------------------------------- 一、基本情况


def _certified() -> rx.Component:
    basic = S.view["basic"].to(dict[str, str])

    def item(key: str) -> rx.Component:
        value = basic[key]
        return rx.data_list.item(
            rx.data_list.label(CERTIFIED_FIELDS[key], min_width="120px"),
            rx.data_list.value(rx.cond(value, value, "—"), white_space="pre-wrap"),
        )

    keys = [k for k in CERTIFIED_FIELDS if k not in ("address", "intro")]
    half = (len(keys) + 1) // 2
    return rx.vstack(
        note("以下信息来自企业认证，不能在此修改；如有变化，请到“我的企业”申请变更。"),
        rx.grid(
            rx.data_list.root(*[item(k) for k in keys[:half]], size="2"),
            rx.data_list.root(*[item(k) for k in keys[half:]], size="2"),
            columns="2", spacing="4", width="100%",
        ),
        rx.data_list.root(item("address"), item("intro"), size="2"),
        spacing="3", width="100%", padding="12px", background="var(--gray-2)", border_radius="var(--radius-3)",
    )


def basic() -> rx.Component:
    b = S.view["basic"].to(dict[str, str])

    def own(key: str, **props: Any) -> rx.Component:
        return _text(F[key], f"ac-basic-{key}", f"basic.{key}", b[key], **props)

    return lf.section(
        "basic", svc.SECTIONS["basic"],
        note("已按入库申请的内容预先填写，请对照入库培育阶段下载的“待盖章材料”核对并补充。"),
        _certified(),
        own("main_products", rows="4"),
        rx.grid(
            own("last_year_revenue", input_mode="decimal"),
            own("employees", input_mode="numeric"),
            lf.radio(S, "规上/规下", "ac-basic-above_scale", "basic.above_scale", b["above_scale"], list(SCALES)),
            lf.select(S, "当前数字化水平", "ac-basic-current_level", "basic.current_level", b["current_level"], list(LEVELS)),
            columns="2", spacing="4", width="100%",
        ),
        anchor=ANCHOR,
    )


# ---------------------------------------------------------------- 二、数字化转型基础


def _demand(d: rx.Var, i: rx.Var) -> rx.Component:
    base, path = f"ac-demands-{i}-", f"demands.{d['id']}."
    return lf.row_box(
        S, "demands", d, i, "需求",
        rx.grid(
            lf.select(S, "需求种类", base + "category", path + "category", d["category"], S.categories),
            _text(DEMAND["description"], base + "description", path + "description", d["description"]),
            _text(DEMAND["analysis"], base + "analysis", path + "analysis", d["analysis"]),
            columns="220px 1fr 1fr", spacing="3", width="100%",
        ),
        rx.text("创建人：", rx.cond(d["creator"], d["creator"], "—"), size="1", color="var(--gray-10)"),
    )


def demands() -> rx.Component:
    rows = S.view["demands"].to(list[dict[str, str]])
    return lf.section(
        "demands", svc.SECTIONS["demands"],
        note("填写企业开展数字化改造项目前存在的数字化改造需求，可以添加多项。"),
        lf.list_error(S, "demands", "ac-demands"),
        rx.cond(rows.length() > 0, rx.vstack(rx.foreach(rows, _demand), spacing="3", width="100%"),
                note("尚未添加需求。")),
        lf.add_button(S, "添加需求", "demands"),
        anchor=ANCHOR,
    )


# ---------------------------------------------------------------- 三、数字化改造情况及成效


def _indicator(p: rx.Var, i: rx.Var, ind: rx.Var, j: rx.Var) -> rx.Component:
    base, path = f"ac-projects-{i}-indicators-{j}-", f"projects.{p['id']}.indicators.{ind['id']}."
    return lf.row_box(
        S, f"projects.{p['id']}.indicators", ind, j, "成效指标",
        rx.grid(*[_text(INDICATOR[k], base + k, path + k, ind[k]) for k in ("name", "unit", "before", "after")],
                columns="2fr 1fr 1fr 1fr", spacing="3", width="100%"),
    )


def _product(p: rx.Var, i: rx.Var, v: rx.Var, j: rx.Var, x: rx.Var, k: rx.Var) -> rx.Component:
    base = f"ac-projects-{i}-providers-{j}-products-{k}-"
    list_path = f"projects.{p['id']}.providers.{v['id']}.products"
    path = f"{list_path}.{x['id']}."
    return lf.row_box(
        S, list_path, x, k, "产品服务",
        rx.grid(
            _text(PRODUCT["name"], base + "name", path + "name", x["name"]),
            lf.select(S, "类别", base + "category", path + "category", x["category"], list(PRODUCT_CATEGORIES)),
            _text(PRODUCT["amount"], base + "amount", path + "amount", x["amount"], input_mode="decimal"),
            columns="2fr 2fr 1fr", spacing="3", width="100%",
        ),
    )


def _provider(p: rx.Var, i: rx.Var, v: rx.Var, j: rx.Var) -> rx.Component:
    base, list_path = f"ac-projects-{i}-providers-{j}-", f"projects.{p['id']}.providers"
    path = f"{list_path}.{v['id']}."
    products = v["products"].to(list[dict[str, str]])
    return lf.row_box(
        S, list_path, v, j, "数字化服务商",
        rx.grid(*[_text(PROVIDER[key], base + key, path + key, v[key]) for key in ("name", "credit_code", "contact", "phone")],
                columns="2fr 2fr 1fr 1fr", spacing="3", width="100%"),
        lf.list_error(S, f"{path}products", base + "products"),
        rx.vstack(rx.foreach(products, lambda x, k: _product(p, i, v, j, x, k)), spacing="2", width="100%",
                  padding_left="16px"),
        lf.add_button(S, "添加产品服务", f"{path}products"),
    )


def _figures(p: rx.Var) -> rx.Component:
    f = S.figures.get(p["id"].to(str), {}).to(dict[str, str])
    return rx.vstack(
        rx.hstack(
            rx.text("产品服务金额合计 ", f["total"], " 万元", size="2", weight="medium"),
            rx.text("其中可补贴 ", f["eligible"], " 万元", size="2", color="var(--green-11)"),
            rx.cond(f["mismatch"], rx.text(f["mismatch"], size="2", color="var(--red-11)"), rx.fragment()),
            spacing="4", wrap="wrap",
        ),
        rx.cond(f["ineligible"], rx.text("不属于补贴范围（不计入可补贴投资）：", f["ineligible"], size="1",
                                         color="var(--amber-11)"), rx.fragment()),
        spacing="1", width="100%", padding="8px 12px", background="var(--gray-3)", border_radius="var(--radius-2)",
        role="status", aria_label="投资核对",
    )


def _project(p: rx.Var, i: rx.Var) -> rx.Component:
    base, path = f"ac-projects-{i}-", f"projects.{p['id']}."
    indicators = p["indicators"].to(list[dict[str, str]])
    providers = p["providers"].to(list[dict[str, Any]])

    def text(key: str, **props: Any) -> rx.Component:
        return _text(PROJECT[key], base + key, path + key, p[key].to(str), **props)

    def level(key: str) -> rx.Component:
        return lf.select(S, PROJECT[key].label, base + key, path + key, p[key].to(str), list(LEVELS))

    return lf.row_box(
        S, "projects", p, i, "项目",
        text("name"),
        rx.grid(
            lf.date(S, "实际开始日期", base + "start", path + "start", p["start"].to(str)),
            lf.date(S, "实际结束日期", base + "end", path + "end", p["end"].to(str)),
            text("investment", input_mode="decimal"),
            columns="3", spacing="3", width="100%",
        ),
        note("试点期 ", S.pilot_start, " 至 ", S.pilot_end, "：只有实际周期在试点期内的项目才能获得补助，"
              "以合同、收货/验收单、发票、银行回单为准"),
        rx.grid(level("level_before"), level("level_after"), columns="2", spacing="3", width="100%"),
        text("content", rows="4"),
        rx.vstack(
            rx.text("成效指标（填写验收时的实际值）", size="2", weight="medium"),
            lf.list_error(S, f"{path}indicators", base + "indicators"),
            rx.foreach(indicators, lambda ind, j: _indicator(p, i, ind, j)),
            lf.add_button(S, "添加指标", f"{path}indicators"),
            spacing="2", width="100%",
        ),
        rx.vstack(
            rx.text("数字化服务商及产品服务", size="2", weight="medium"),
            note("与项目投资清单、合同保持一致；产品服务金额之和须等于实际投资。"),
            lf.list_error(S, f"{path}providers", base + "providers"),
            rx.foreach(providers, lambda v, j: _provider(p, i, v, j)),
            lf.add_button(S, "添加数字化服务商", f"{path}providers"),
            _figures(p),
            spacing="2", width="100%",
        ),
        heading=True, remove_text="删除项目",
    )


def projects() -> rx.Component:
    rows = S.view["projects"].to(list[dict[str, Any]])
    return lf.section(
        "projects", svc.SECTIONS["projects"],
        note("填写本次申请验收的项目，一次可添加多个；每个项目可添加多个数字化服务商，每个服务商可添加多个产品服务。"),
        lf.list_error(S, "projects", "ac-projects"),
        rx.cond(rows.length() > 0, rx.vstack(rx.foreach(rows, _project), spacing="4", width="100%"),
                note("尚未添加项目。")),
        lf.add_button(S, "添加项目", "projects"),
        rx.text("全部项目可补贴投资合计 ", S.eligible_total, " 万元", size="2", weight="medium"),
        anchor=ANCHOR,
    )


def other() -> rx.Component:
    o = S.view["other"].to(dict[str, str])
    return lf.section(
        "other", svc.SECTIONS["other"],
        lf.radio(S, "愿意参与标杆样板打造", "ac-other-benchmark_willing", "other.benchmark_willing",
                 o["benchmark_willing"], list(YES_NO)),
        anchor=ANCHOR,
    )
