"""导出 Excel: read back with openpyxl — headers, types (numbers, dates), the filters applied, the
frozen header row; the signed link; a 10,000-row list through the HTTP route."""

from __future__ import annotations

import io
import time
import warnings
from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook

from harbin_app import clock, db
from harbin_app.models import Enterprise, User, WorkOrder
from harbin_app.services import exports, stats
from harbin_app.services.actor import REVIEWER
from harbin_app.services.engine.queries import WAITING, QueueFilter
from harbin_app.services.errors import PermissionDenied
from harbin_app.web_routes import routes
from tests.unit import stats_data
from tests.unit.factories import make_user

with warnings.catch_warnings():  # Starlette would rather have httpx2; httpx is what the project has
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

client = TestClient(routes)


@pytest.fixture
def seeded(database, fake_clock, tmp_path, monkeypatch):
    from harbin_app.settings import settings

    monkeypatch.setattr(type(settings), "files_dir", property(lambda self: tmp_path / "files"), raising=False)
    return stats_data.seed(fake_clock)


def fetch(link: str):  # noqa: ANN201
    response = client.get(link)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == exports.XLSX
    return load_workbook(io.BytesIO(response.content)), response


def test_a_queue_export_with_its_filters(seeded):
    reviewer = seeded["reviewer"]
    link = exports.queue_link(reviewer, "certification", QueueFilter(industry=stats_data.ELECTRIC, state=""))
    assert link.filename == "企业认证审核列表_2025-04-10.xlsx"
    wb, response = fetch(link.url)
    assert "attachment; filename*=UTF-8''" in response.headers["content-disposition"]
    ws = wb["企业认证审核"]
    assert ws.freeze_panes == "A2"
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("序号", "事项", "企业名称", "统一社会信用代码", "所属行业", "状态", "提交时间", "更新时间", "办理期限", "是否逾期")
    body = rows[1:]
    # E1, E2, E3 (电气, submitted), newest first; E4 is 药品, E5 a draft: not in this list
    assert [r[2] for r in body] == ["哈尔滨统计示范2号有限公司", "哈尔滨统计示范3号有限公司", "哈尔滨统计示范1号有限公司"]
    assert [r[5] for r in body] == ["已认证", "待审核", "已认证"]
    assert body[0][0] == 1 and isinstance(body[0][0], int)
    assert body[0][6] == datetime(2025, 4, 1, 10, 0) and body[0][7] == datetime(2025, 4, 4, 10, 0)  # China time
    assert ws.cell(row=2, column=7).number_format == "yyyy-mm-dd hh:mm"
    assert ws.cell(row=1, column=1).font.bold


def test_the_waiting_filter_and_a_search(seeded):
    reviewer = seeded["reviewer"]
    wb, _ = fetch(exports.queue_link(reviewer, "certification", QueueFilter(state=WAITING)).url)
    assert [r[2] for r in list(wb.active.iter_rows(values_only=True))[1:]] == ["哈尔滨统计示范3号有限公司"]
    wb, _ = fetch(exports.queue_link(reviewer, "certification", QueueFilter(search="示范4号", state="")).url)
    assert [r[5] for r in list(wb.active.iter_rows(values_only=True))[1:]] == ["驳回"]


def test_a_due_date_is_a_date_and_overdue_is_said(seeded, fake_clock):
    with db.transaction() as s:
        order = s.get(WorkOrder, 1)
        order.due_date = date(2025, 4, 9)
        s.add(order)
    wb, _ = fetch(exports.queue_link(seeded["reviewer"], "certification", QueueFilter(search="示范1号", state="")).url)
    (row,) = list(wb.active.iter_rows(min_row=2, values_only=True))
    assert row[8] == datetime(2025, 4, 9) and row[9] == "已逾期"
    assert wb.active.cell(row=2, column=9).number_format == "yyyy-mm-dd"


def test_the_statistics_workbook(seeded):
    flt = stats.StatsFilter(*seeded["april"])
    wb, _ = fetch(exports.stats_link(seeded["reviewer"], flt).url)
    assert wb.sheetnames == ["筛选条件", "企业按行业", "事项按状态", "事项按行业", "事项按月份", "审核情况", "自测水平",
                             "验收按行业", "验收后水平"]
    conditions = dict(wb["筛选条件"].iter_rows(min_row=2, values_only=True))
    assert conditions["统计期间"] == "2025-04-01至2025-04-30" and conditions["所属行业"] == "全部"
    reviews = list(wb["审核情况"].iter_rows(values_only=True))
    assert reviews[0] == ("审核环节", "办理数", "通过数", "驳回数", "通过率(%)", "驳回率(%)", "平均审核时长(天)", "最长审核时长(天)")
    assert reviews[1] == ("企业认证 · 待审核", 2, 1, 1, 50.0, 50.0, 3.5, 4.0)
    assert wb["审核情况"].cell(row=2, column=5).number_format == "0.0"
    months = list(wb["事项按月份"].iter_rows(values_only=True))
    assert months == [("月份", "企业认证首次提交数", "入库申请首次提交数", "验收申请首次提交数"), ("2025-04", 2, 0, 0)]
    accepted = list(wb["验收按行业"].iter_rows(values_only=True))
    assert accepted[0] == ("所属行业", "验收通过数", "验收完成数", "认定项目金额(万元)", "补贴金额(万元)", "已拨付(万元)")
    assert accepted[-1] == ("合计", 0, 0, 0, 0, 0) and wb["验收按行业"].cell(row=2, column=4).number_format == "0.00"
    by_state = {(k, s): n for k, s, n in wb["事项按状态"].iter_rows(min_row=2, values_only=True)}
    assert by_state[("企业认证", "待审核")] == 1 and by_state[("企业认证", "已认证")] == 0
    assert all(ws.freeze_panes == "A2" for ws in wb.worksheets)


def test_links_are_for_whoever_may_see_the_list_and_are_checked_again(seeded):
    qiye = seeded["enterprises"][1]
    with pytest.raises(PermissionDenied):
        exports.queue_link(qiye, "certification", QueueFilter())
    with pytest.raises(PermissionDenied):
        exports.stats_link(qiye, stats.StatsFilter())
    link = exports.queue_link(seeded["reviewer"], "certification", QueueFilter()).url
    with db.transaction() as s:  # disabled after the link was made
        s.get(User, seeded["reviewer"].user_id).is_active = False
    response = client.get(link)
    assert response.status_code == 403 and "停用" in response.text


def test_forged_expired_and_malformed_links_are_refused(seeded, monkeypatch):
    link = exports.queue_link(seeded["reviewer"], "certification", QueueFilter()).url
    body, sig = link.removeprefix("/export/").split(".")
    for bad in (f"{body}.{sig[:-2]}xx", f"{body}x.{sig}", "nonsense", f"{body}", "。.。"):
        assert client.get(f"/export/{bad}").status_code == 403
    monkeypatch.setattr(time, "time", lambda: 2**40)
    response = client.get(link)
    assert response.status_code == 403 and "已过期" in response.text


def test_ten_thousand_rows_stream_through_the_route(database, tmp_path, monkeypatch):
    import tempfile

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    reviewer = make_user("reviewer", REVIEWER)
    now = clock.now()
    with db.transaction() as s:
        firms = [Enterprise(created_at=now) for _ in range(10_000)]
        s.add_all(firms)
        s.flush()
        s.add_all([
            WorkOrder(kind="certification", enterprise_id=f.id, state="submitted", version=1, row_version=2,
                      subject_name=f"批量企业{i:05d}有限公司", credit_code=stats_data.code(i), industry=stats_data.ELECTRIC,
                      created_at=now, updated_at=now - timedelta(seconds=i), submitted_at=now)
            for i, f in enumerate(firms)
        ])
    response = client.get(exports.queue_link(reviewer, "certification", QueueFilter()).url)
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content), read_only=True)
    ws = wb.active
    rows = ws.iter_rows(min_row=2, values_only=True)
    first = next(rows)
    assert first[0] == 1 and first[2] == "批量企业00000有限公司"
    assert 1 + sum(1 for _ in rows) == 10_000
    assert list(scratch.iterdir()) == []  # the temporary workbook is gone (unlinked once opened)
