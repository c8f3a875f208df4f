"""入库申请 contents of three sizes (pure data): typical, large (a full application: 20 projects × 5
indicators, 30 demand rows) and limit-size (every list at the form's maximum, every text at its
maximum length)."""

from __future__ import annotations

from typing import Any

PROJECT_TEXT = "建设MES生产执行系统，覆盖锅炉焊接与总装两条产线，实现工单下达、报工、质量追溯和设备数据采集，并与ERP系统打通。"
CATEGORIES = ("生产管控", "质量管理", "设备管理", "仓储物流", "产品设计")  # of the form's list (pool_entry.DEMAND_CATEGORIES)

# the form's limits (harbin_app/state/pool_entry.py MAX_*, services/pool_entry.py text checks)
MAX_DEMANDS, MAX_PROJECTS, MAX_INDICATORS = 30, 20, 20
MAX_MAIN_PRODUCTS, MAX_DESCRIPTION, MAX_ANALYSIS = 200, 500, 1000
MAX_PROJECT_NAME, MAX_PROJECT_CONTENT = 100, 2000


def _text(seed: str, length: int) -> str:
    return (seed * (length // max(1, len(seed)) + 1))[:length]


def _demand(i: int, description: int, analysis: int) -> dict[str, str]:
    return {
        "category": CATEGORIES[i % len(CATEGORIES)],
        "description": _text(f"第{i + 1}项需求：生产过程不透明，", description),
        "analysis": _text("工单靠纸质流转，进度无法实时掌握，质量记录分散在表格中。", analysis),
    }


def _indicator(j: int) -> dict[str, str]:
    return {"name": f"成效指标{j + 1}", "unit": "%", "before": str(20 + j), "after": str(60 + j)}


def _project(i: int, indicators: int, name: int, content: int) -> dict[str, Any]:
    return {
        "name": _text(f"第{i + 1}期锅炉焊接车间MES生产执行系统建设项目", name),
        "start": "2024-09-01",
        "end": "2025-12-31",
        "content": _text(PROJECT_TEXT, content),
        "investment": str(100 + i),
        "level_before": "一级",
        "level_after": "二级",
        "indicators": [_indicator(j) for j in range(indicators)],
    }


def content(demands: int, projects: int, indicators: int, *, texts: str = "typical") -> dict[str, Any]:
    """A complete 入库申请 draft (evidence not included) with these many rows."""
    longest = texts == "limit"
    description, analysis = (MAX_DESCRIPTION, MAX_ANALYSIS) if longest else (30, 60)
    name, text = (MAX_PROJECT_NAME, MAX_PROJECT_CONTENT) if longest else (22, len(PROJECT_TEXT))
    return {
        "basic": {
            "main_products": _text("电站锅炉、余热锅炉及配套部件，", MAX_MAIN_PRODUCTS) if longest else "电站锅炉",
            "last_year_revenue": "12000.5",
            "employees": "450",
            "above_scale": "规上",
            "current_level": "一级",
        },
        "demands": [_demand(i, description, analysis) for i in range(demands)],
        "projects": [_project(i, indicators, name, text) for i in range(projects)],
        "other": {"benchmark_willing": "是"},
        "evidence": {},
    }


SIZES: dict[str, dict[str, Any]] = {
    "typical": {"demands": 2, "projects": 2, "indicators": 2},
    "large": {"demands": 30, "projects": 20, "indicators": 5},
    "limit": {"demands": MAX_DEMANDS, "projects": MAX_PROJECTS, "indicators": MAX_INDICATORS, "texts": "limit"},
}


def sized(size: str) -> dict[str, Any]:
    """The content of a named size: typical, large or limit."""
    return content(**SIZES[size])
