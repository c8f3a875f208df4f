"""Content for the document tests and the documents bench: pool-entry applications (as the service's
`valid_content` in test_pool_entry.py) and self-assessment answers that choose given options."""

from __future__ import annotations

from typing import Any

from harbin_app.assessment import load_indicators

LEVELS = ("未达一级", "一级", "二级", "三级", "四级")
CONTENT_TEXT = ("建设MES生产执行系统，覆盖锅炉焊接与总装两条产线，"
                "实现工单下达、报工、质量追溯和设备数据采集，并与ERP系统打通。")


def project(n: int, *, before: str = "一级", after: str = "二级", indicators: int = 2) -> dict[str, Any]:
    return {
        "name": f"锅炉焊接车间MES生产执行系统建设项目（第{n}期）", "start": "2024-09-01", "end": "2025-12-31",
        "content": CONTENT_TEXT, "investment": str(100 + n), "level_before": before, "level_after": after,
        "indicators": [{"name": f"生产效率指标{i}", "unit": "%", "before": "60", "after": "75"}
                       for i in range(1, indicators + 1)],
    }


def pool_entry_content(*, above_scale: str = "规上", current_level: str = "一级", benchmark: str = "是",
                       projects: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "basic": {"company_name": "哈尔滨锅炉示范有限公司", "credit_code": "91230100MA1B2C3D4E",
                  "industry": "电气装备制造业", "established": "2012-05-18", "registered_capital": "5000",
                  "scale": "450", "contact": "王经理", "phone": "0451-86001234", "email": "wang@example.com",
                  "address": "黑龙江省哈尔滨市南岗区学府路 1 号", "website": "https://www.example.com",
                  "intro": "主要生产电站锅炉。", "main_products": "电站锅炉", "last_year_revenue": "12000.5",
                  "employees": "450", "above_scale": above_scale, "current_level": current_level},
        "demands": [
            {"category": "生产管控", "description": "生产过程不透明",
             "analysis": "工单靠纸质流转，进度无法实时掌握"},
            {"category": "质量管理", "description": "质量追溯困难", "analysis": "焊缝检验记录分散在表格中"},
        ],
        "projects": projects if projects is not None else [project(1), project(2)],
        "other": {"benchmark_willing": benchmark},
        "evidence": {
            "audit_report": {"file_id": 1, "name": "审计报告.pdf", "pages": 30},
            "credit_report": {"file_id": 2, "name": "信用报告.pdf", "pages": 5},
        },
    }


def twenty_projects() -> dict[str, Any]:
    """The bench's large application: 20 projects of 3 成效指标 each."""
    return pool_entry_content(projects=[project(n, indicators=3) for n in range(1, 21)])


NONE_LABEL = "无"


def assessment_answers(choice: int) -> dict[str, Any]:
    """Answers choosing option number ``choice`` (0-based) of every single-answer item (none where the
    item has fewer options); multiple-answer items: every option but 无 when ``choice`` is even, only
    无 (or nothing) when odd."""
    answers: dict[str, Any] = {}
    for key, item in load_indicators("2024").items.items():
        prefixes = [o.prefix for o in item.options]
        if item.kind == "multi":
            none = [o.prefix for o in item.options if o.label == NONE_LABEL]
            answers[key] = [p for p in prefixes if p not in none] if choice % 2 == 0 else none
        elif choice < len(prefixes):
            answers[key] = prefixes[choice]
    return answers
