"""An acceptance application for tests: a pooled enterprise, its uploads, a complete form."""

from __future__ import annotations

import copy
from typing import Any

from harbin_app.services import certification as cert
from harbin_app.services import pool_entry as pe
from harbin_app.services import workorders as wo
from harbin_app.services.validators import credit_code_check_char
from tests.unit.factories import VALID_CERTIFICATION
from tests.unit.test_pool_entry import CONTENT_TEXT, evidence_for, upload
from tests.unit.test_pool_entry import valid_content as pool_content


def code(body: str) -> str:
    return body + credit_code_check_char(body)


PROVIDER_A = code("91230100MA1B2C3D4")
PROVIDER_B = code("91230103MA5F6G7H8")


def product(name: str, category: str, amount: str) -> dict[str, str]:
    return {"name": name, "category": category, "amount": amount}


def provider(name: str, credit_code: str, *products: dict[str, str]) -> dict[str, Any]:
    return {"name": name, "credit_code": credit_code, "contact": "赵工", "phone": "13900000001",
            "products": list(products)}


def project_files(refs: dict[str, Any]) -> dict[str, Any]:
    return {"contracts": [{"file": refs["contract"]}], "invoices": [{"file": refs["invoice"]}]}


def valid_content(refs: dict[str, Any]) -> dict[str, Any]:
    """Two projects, three providers, five products; 0.1 + 0.2 万元 must add up to 0.3 exactly."""
    return {
        "basic": {"main_products": "电站锅炉、余热锅炉及配套部件", "last_year_revenue": "12000.5", "employees": "450",
                  "above_scale": "规上", "current_level": "二级"},
        "demands": [{"category": "生产管控", "description": "生产过程不透明", "analysis": "工单靠纸质流转",
                     "creator": "qiye"}],
        "projects": [
            {"name": "锅炉焊接车间MES生产执行系统建设项目", "start": "2024-09-01", "end": "2025-12-31",
             "content": CONTENT_TEXT, "investment": "250.3", "level_before": "一级", "level_after": "二级",
             "indicators": [{"name": "生产效率", "unit": "%", "before": "60", "after": "78"}],
             "providers": [
                 provider("哈尔滨智造软件有限公司", PROVIDER_A, product("MES生产执行系统（实施）", "软件（许可、实施、开发）", "200.1"),
                          product("工业云平台订阅", "云服务", "0.2")),
                 provider("哈尔滨办公设备有限公司", PROVIDER_B, product("车间办公电脑", "办公电脑", "50")),
             ],
             **project_files(refs)},
            {"name": "设备联网与数据采集平台建设", "start": "2025-01-01", "end": "2026-06-30",
             "content": CONTENT_TEXT, "investment": "0.3", "level_before": "一级", "level_after": "三级",
             "indicators": [{"name": "设备联网率", "unit": "%", "before": "20", "after": "90"}],
             "providers": [
                 provider("哈尔滨物联科技有限公司", PROVIDER_A, product("边缘网关", "数据采集与传输设备（网关、路由器、存储、工厂网络、终端）", "0.1"),
                          product("数据采集云服务", "云服务", "0.2")),
             ],
             **project_files(refs)},
        ],
        "other": {"benchmark_willing": "是"},
        "materials": {"summary_report": refs["summary"], "investment_list": refs["list"]},
        "self_test": {"report": refs["report"], "assessment_id": ""},
        "extras": [{"file": refs["extra"]}],
    }


def refs_for(actor) -> dict[str, Any]:
    names = {"contract": "合同.pdf", "invoice": "发票.pdf", "summary": "总结报告.pdf", "list": "投资清单.pdf",
             "report": "自测报告.pdf", "extra": "咨询诊断报告.pdf"}
    return {k: upload(actor, name, field=k) for k, name in names.items()}


def with_changes(content: dict[str, Any], fn) -> dict[str, Any]:
    out = copy.deepcopy(content)
    fn(out)
    return out


def certify(actor, reviewer, data: dict[str, str] | None = None) -> None:
    r = cert.submit(actor, data or VALID_CERTIFICATION, 0)
    wo.transition(reviewer, r.order_id, "approve", seen_row_version=r.row_version)


def pool(actor, reviewer) -> int:
    """Run the enterprise's 入库申请 to 已入库 through the services; returns its order id."""
    order_id = pe.start(actor)
    result = pe.submit(actor, order_id, pool_content(evidence_for(actor)), pe.load(actor, order_id).row_version)
    approved = wo.transition(reviewer, order_id, "approve", seen_row_version=result.row_version)
    stamped = upload(actor, "盖章.pdf", pages=2, field="stamped_form")
    # set-up, not the subject: the stamped form's transition taken directly (no page or seal check)
    handed = wo.transition(actor, order_id, "upload_stamped", seen_row_version=approved.row_version,
                           extra={"slot": "stamped_form", "file_id": stamped["file_id"]})
    wo.transition(reviewer, order_id, "approve_stamped", seen_row_version=handed.row_version)
    return order_id
