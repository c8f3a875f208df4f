"""数字化水平自测: the questionnaire (/workbench/assessment) and its result (/workbench/assessment/result).

The questionnaire's structure is compiled from the indicator data: four numbered parts, every
item with its options and figure boxes, the 16 scenes with their level texts. What the user
answered, the messages and the result come from AssessmentState.
"""

from __future__ import annotations

import re

import reflex as rx

from harbin_app.assessment import Field, Item, Scene, format_points, load_indicators
from harbin_app.components.fields import error_id, error_text, field
from harbin_app.components.layout import TOPBAR_HEIGHT, link_button, workbench_page
from harbin_app.pages.assessment_result import result_page
from harbin_app.pages.workbench import add_workbench_page
from harbin_app.services import assessments as svc
from harbin_app.state.assessment import AssessmentState as S
from harbin_app.state.assessment import token

ROUTE = "/workbench/assessment"
RESULT_ROUTE = "/workbench/assessment/result"
IND = load_indicators(svc.VERSION)
KINDS = {"multi": "多选", "single": "单选", "band_ratio": "填写数据", "change": "填写数据"}
SHORT_OPTION = 8  # multi items whose options are all this short are laid out in columns


def _section_id(number: str) -> str:
    return f"part-{'一二三四五六七八'.index(number) + 1}"


# ---------------------------------------------------------------- progress and the section index


def _section_link(section: svc.Section) -> rx.Component:
    problems = S.section_problems.get(section.name, 0)
    return rx.el.a(
        rx.hstack(
            rx.text(f"{section.number}、{section.name}", size="2"),
            rx.badge(
                S.section_answered.get(section.name, 0).to_string() + f" / {section.size}",
                color_scheme=rx.cond(
                    S.section_answered.get(section.name, 0) == section.size, "green", "gray"
                ),
                variant="soft",
            ),
            rx.cond(
                problems > 0, rx.badge(problems.to_string() + " 处待修改", color_scheme="red"), rx.fragment()
            ),
            spacing="1",
            align="center",
        ),
        href=f"#{_section_id(section.number)}",
        style={"textDecoration": "none", "color": "var(--gray-12)"},
    )


def progress_bar() -> rx.Component:
    """Always in sight: answered / total and the four parts, each with its count and problems."""
    return rx.box(
        _progress_card(),
        class_name="harbin-no-print",
        width="100%",
        padding_top="8px",
        background="var(--gray-2)",
        style={"position": "sticky", "top": TOPBAR_HEIGHT, "zIndex": "5"},
    )


def _progress_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text("答题进度", size="2", weight="medium"),
                rx.progress(value=S.percent_done, width="220px", aria_label="答题进度"),
                rx.text("已答 ", S.answered, " / ", S.total, " 题", id="assessment-progress", size="2"),
                rx.spacer(),
                rx.cond(
                    S.saved_at,
                    rx.text("已自动保存 ", S.saved_at, size="1", color="var(--gray-10)"),
                    rx.fragment(),
                ),
                link_button("查看评测结果", RESULT_ROUTE, light=False),
                width="100%",
                align="center",
                spacing="3",
            ),
            rx.el.nav(
                rx.hstack(*[_section_link(s) for s in svc.sections()], spacing="5", wrap="wrap"),
                aria_label="问卷目录",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        style={"background": "white"},
    )


# ---------------------------------------------------------------- one item


def _option_text(prefix: str, label: str) -> str:
    return f"{prefix}．{label}"


def _on_tick(key: str, prefix: str):
    return lambda checked: S.tick(key, prefix, checked)


def _checkboxes(item: Item) -> rx.Component:
    short = all(len(o.label) <= SHORT_OPTION for o in item.options)
    return rx.el.div(
        rx.grid(
            *[
                rx.checkbox(
                    _option_text(o.prefix, o.label),
                    checked=S.chosen.contains(token(item.key, o.prefix)),
                    on_change=_on_tick(item.key, o.prefix),
                )
                for o in item.options
            ],
            columns="5" if short else "1",
            spacing="2",
        ),
        role="group",
        aria_label=item.title,
        aria_describedby=error_id(f"q-{item.key}"),
    )


def _radios(item: Item, *, direction: str = "column") -> rx.Component:
    return rx.radio_group.root(
        rx.flex(
            *[
                rx.text(
                    rx.flex(
                        rx.radio_group.item(value=o.prefix), _option_text(o.prefix, o.label), spacing="2"
                    ),
                    as_="label",
                    size="2",
                )
                for o in item.options
            ],
            direction=direction,
            spacing="2" if direction == "column" else "5",
            wrap="wrap",
        ),
        value=S.single.get(item.key, ""),
        on_change=lambda value: S.pick(item.key, value),
        aria_label=item.title,
        aria_describedby=error_id(f"q-{item.key}"),
    )


def _figure_label(f: Field) -> str:
    """A short label with the questionnaire's unit: 设备总数（台）, 上年营业收入（万元）."""
    unit = re.search(r"（[^（）]*）$", f.label)
    return f.name + (unit.group(0) if unit else "")


def _figure_box(item: Item, f: Field) -> rx.Component:
    fid = f"fig-{item.key}-{f.key}"
    message = S.errors.get(token(item.key, f.key), "")
    return field(
        _figure_label(f),
        rx.input(
            id=fid,
            key=S.form_key.to_string() + fid,
            default_value=S.figures.get(token(item.key, f.key), ""),
            on_blur=lambda value: S.save_figure(item.key, f.key, value),
            input_mode="decimal",
            auto_complete="off",
            aria_invalid=rx.cond(message, "true", "false"),
            aria_describedby=error_id(fid),
            color_scheme=rx.cond(message, "red", "indigo"),
        ),
        field_id=fid,
        error=message,
        required=False,
    )


def _borrowed_figures(item: Item) -> str:
    """Where the figures this item divides by are typed (another question's boxes)."""
    notes = []
    for pair in item.formula:
        for ref_item, ref_field in pair:
            if ref_item != item.key:
                other = IND.items[ref_item]
                name = next(f.name for f in other.fields if f.key == ref_field)
                notes.append(f"{name}取自“{other.indicator}”题")
    return "计算所需的" + "、".join(dict.fromkeys(notes)) if notes else ""


def _figures(item: Item) -> rx.Component:
    borrowed = _borrowed_figures(item)
    how = (
        "填写数据后自动按区间计分；数据不全时也可直接选择"
        if item.formula
        else "请填写数据，并对比改造前后的情况作出选择"
    )
    return rx.vstack(
        rx.grid(*[_figure_box(item, f) for f in item.fields], columns="4", spacing="3", width="100%"),
        rx.text(how + ("；" + borrowed if borrowed else ""), size="1", color="var(--gray-10)"),
        rx.cond(
            S.bands.get(item.key, "") != "",
            rx.text(
                "当前取值：", rx.text.strong(S.bands.get(item.key, "")), size="2", color="var(--accent-11)"
            ),
            rx.fragment(),
        ),
        _radios(item, direction="row"),
        spacing="2",
        width="100%",
    )


def _item(number: int, item: Item) -> rx.Component:
    body = {"multi": _checkboxes, "single": _radios}.get(item.kind, _figures)(item)
    return rx.box(
        rx.hstack(
            rx.text(f"{number}. {item.indicator}：{item.title}", weight="medium", size="2"),
            rx.badge(KINDS[item.kind], variant="outline"),
            rx.spacer(),
            rx.text(
                f"满分 {format_points(item.max)} 分", size="1", color="var(--gray-10)", white_space="nowrap"
            ),
            width="100%",
            align="start",
        ),
        rx.box(body, padding_top="8px"),
        error_text(S.errors.get(item.key, ""), f"q-{item.key}"),
        id=f"q-{item.key}",
        padding="12px 0",
        border_top="1px solid var(--gray-4)",
        width="100%",
    )


# ---------------------------------------------------------------- one scene


def _scene(number: int, scene: Scene) -> rx.Component:
    key = f"scenes.{scene.name}"
    chosen = S.scene_levels.get(scene.name, "")
    levels = range(IND.max_scene_level + 1)
    return rx.box(
        rx.hstack(
            rx.text(f"{number}. {scene.name}", weight="medium", size="2"),
            rx.badge(
                "约束性" if scene.binding else "指导性", color_scheme="blue" if scene.binding else "gray"
            ),
            rx.text(scene.group, size="1", color="var(--gray-10)"),
            align="center",
        ),
        rx.radio_group.root(
            rx.flex(
                *[
                    rx.text(
                        rx.flex(rx.radio_group.item(value=str(n)), IND.level_name(n), spacing="2"),
                        as_="label",
                        size="2",
                    )
                    for n in levels
                ],
                spacing="5",
                wrap="wrap",
            ),
            value=chosen,
            on_change=lambda value: S.set_scene(scene.name, value),
            aria_label=scene.name,
            aria_describedby=error_id(f"q-{key}"),
            padding_top="6px",
        ),
        rx.text(
            rx.match(
                chosen,
                ("0", "未达到一级的要求。"),
                *[(str(n), f"{IND.level_name(n)}：{text}") for n, text in sorted(scene.levels.items())],
                "尚未评定：请对照各级要求，选择本企业已达到的等级。",
            ),
            id=f"scene-{number}-chosen",
            size="1",
            color="var(--gray-11)",
            padding_top="4px",
        ),
        rx.el.details(
            rx.el.summary(
                "查看各级要求",
                style={"cursor": "pointer", "fontSize": "var(--font-size-1)", "color": "var(--accent-11)"},
            ),
            rx.vstack(
                *[
                    rx.text(f"{IND.level_name(n)}：{text}", size="1")
                    for n, text in sorted(scene.levels.items())
                ],
                spacing="1",
                padding="4px 0 0 12px",
            ),
        ),
        error_text(S.errors.get(key, ""), f"q-{key}"),
        padding="10px 0",
        border_top="1px solid var(--gray-4)",
        width="100%",
    )


# ---------------------------------------------------------------- the four parts


def _section(section: svc.Section, first_number: int) -> rx.Component:
    if section.scene_names:
        scenes = {s.name: s for s in IND.scenes}
        body = [_scene(n, scenes[name]) for n, name in enumerate(section.scene_names, 1)]
        note = (
            "按应用场景评定数字化经营水平：为每个场景选择本企业已达到的等级，尚未达到一级的请选“未达一级”。"
        )
    else:
        dimension = next(d for d in IND.dimensions if d.name == section.name)
        body, number = [], first_number
        for group in dimension.groups:
            body.append(
                rx.text(
                    f"{group.name}（{format_points(group.max)} 分）",
                    weight="bold",
                    size="2",
                    padding_top="8px",
                )
            )
            for item in group.items:
                body.append(_item(number, item))
                number += 1
        note = f"本部分满分 {format_points(dimension.max)} 分。"
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(f"{section.number}、{section.name}", size="4"),
                rx.text(
                    S.section_answered.get(section.name, 0).to_string() + f" / {section.size} 已答",
                    size="2",
                    color="var(--gray-10)",
                ),
                align="baseline",
                spacing="3",
            ),
            rx.text(note, size="1", color="var(--gray-10)"),
            *body,
            spacing="1",
            width="100%",
        ),
        id=_section_id(section.number),
        width="100%",
        style={"scrollMarginTop": "150px"},
    )


def _reset_button() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button("重新填写", variant="outline", color_scheme="gray")),
        rx.alert_dialog.content(
            rx.alert_dialog.title("重新填写问卷"),
            rx.alert_dialog.description("将清空当前问卷的全部答案，已保存的评测记录不受影响。确定清空吗？"),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("取消", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button("确定清空", color_scheme="red", on_click=S.start_over)),
                spacing="3",
                justify="end",
                padding_top="12px",
            ),
        ),
    )


def questionnaire() -> rx.Component:
    parts, number = [], 1
    for section in svc.sections():
        parts.append(_section(section, number))
        number += len(section.item_keys)
    return workbench_page(
        "数字化水平自测",
        rx.cond(
            S.loaded,
            rx.vstack(
                rx.text(
                    f"{IND.name}。每次选择都会立即保存，数字在离开输入框时保存；刷新页面不会丢失已填内容。",
                    size="2",
                    color="var(--gray-11)",
                ),
                progress_bar(),
                *parts,
                spacing="4",
                width="100%",
            ),
            rx.center(rx.spinner(size="3"), padding="48px"),
        ),
        actions=_reset_button(),
    )


def register(app: rx.App) -> None:
    add_workbench_page(app, ROUTE, questionnaire, "数字化水平自测", on_load=[S.load])
    add_workbench_page(app, RESULT_ROUTE, result_page, "数字化水平自测结果", on_load=[S.load])
