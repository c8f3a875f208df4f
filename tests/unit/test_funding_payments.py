"""拨付: after the period only, instalments in exact decimals up to the subsidy (a larger amount or
total refused at the field), 已拨付 when fully paid, each payment in the log, the enterprise told once
(消息中心 + SMS sms_payment), 资金申请's figures; the 公示 batch and the list as .xlsx."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from harbin_app import db
from harbin_app.models import Notification, Payment, SmsNotice, WorkOrderLog
from harbin_app.services import exports, funding, stats
from harbin_app.services import workorders as wo
from harbin_app.services.errors import ValidationError
from tests.unit.funding_data import day, funding_people  # noqa: F401  (the fixture)
from tests.unit.test_funding import orders


def pay(people, amount: str, voucher: str = "PZ-1", paid_on: str | None = None, key: str = "order1"):  # noqa: ANN001, ANN201
    order_id = people[key]
    return funding.pay(people["finance"], order_id, wo.detail(people["finance"], order_id).row_version,
                       paid_on or day(0), amount, voucher)


@pytest.fixture
def published(funding_people, fake_clock):  # noqa: ANN001, ANN201
    p = funding_people
    funding.publish(p["reviewer"], orders(p, "order1", "order2"), "2025年第一批补助资金公示", day(0), day(4))
    return p


def test_no_payment_before_the_period_ends(published, fake_clock):
    with pytest.raises(ValidationError) as exc:
        pay(published, "10")
    assert exc.value.fields == {"amount": f"公示期至 {day(4)} 结束，公示期满后方可拨付"}
    assert funding.published(published["finance"]).rows[0].payable is False


def test_instalments_up_to_the_subsidy_then_paid(published, fake_clock):
    p = published
    fake_clock.advance(days=5)
    row = funding.own_projects(p["qiye"]).rows[0]
    assert (row.phase, row.payable, row.subsidy) == (("待拨付", "blue"), True, Decimal("50.1"))
    with pytest.raises(ValidationError) as exc:  # above the subsidy
        pay(p, "50.11")
    assert exc.value.fields == {"amount": "拨付金额不能超过剩余未拨付金额 50.10 万元（补贴金额 50.10 万元，已拨付 0.00 万元）"}
    for wrong, message in (("0", "拨付金额须大于 0"), ("1.234", None), ("abc", None)):
        with pytest.raises(ValidationError) as exc:
            pay(p, wrong)
        assert "amount" in exc.value.fields and (message is None or exc.value.fields["amount"] == message)
    with pytest.raises(ValidationError) as exc:
        pay(p, "1", paid_on=day(1))
    assert exc.value.fields == {"paid_on": "拨付日期不能晚于今天"}
    with pytest.raises(ValidationError) as exc:
        pay(p, "1", paid_on=day(-5))
    assert exc.value.fields == {"paid_on": f"拨付日期应在公示期满（{day(-1)}）之后"}
    with pytest.raises(ValidationError) as exc:
        pay(p, "1", voucher="")
    assert exc.value.fields == {"voucher": "请填写凭证号"}

    first = pay(p, "0.1", "PZ-2025-001")
    second = pay(p, "0.2", "PZ-2025-002")
    assert (first.to_state, second.to_state) == ("part_paid", "part_paid")
    row = funding.own_projects(p["qiye"]).rows[0]
    assert (row.paid, row.remaining, row.phase) == (Decimal("0.3"), Decimal("49.8"), ("部分拨付", "orange"))
    with pytest.raises(ValidationError) as exc:  # the total would pass the subsidy
        pay(p, "49.81")
    assert exc.value.fields == {"amount": "拨付金额不能超过剩余未拨付金额 49.80 万元（补贴金额 50.10 万元，已拨付 0.30 万元）"}
    last = pay(p, "49.80", "PZ-2025-003")
    assert last.to_state == "paid" and last.action == "pay_final"
    row = funding.own_projects(p["qiye"]).rows[0]
    assert (row.paid, row.remaining, row.phase[0]) == (Decimal("50.1"), Decimal("0"), "已拨付")
    assert [(x.amount, x.voucher) for x in row.payments] == [
        (Decimal("0.10"), "PZ-2025-001"), (Decimal("0.20"), "PZ-2025-002"), (Decimal("49.80"), "PZ-2025-003")]
    with pytest.raises(ValidationError):  # nothing remains (no pay transition from 已拨付)
        pay(p, "0.01")
    detail = wo.detail(p["qiye"], p["order1"])
    assert [l.action_label for l in detail.log[-3:]] == ["拨付", "拨付", "拨付（结清）"]
    assert "拨付金额(万元)：49.80" in detail.log[-1].note and "凭证号：PZ-2025-003" in detail.log[-1].note
    listing = funding.own_projects(p["qiye"])
    assert (listing.total_subsidy, listing.total_paid, listing.total_remaining) == (Decimal("50.1"), Decimal("50.1"), 0)
    figures = stats.overview(p["finance"], stats.StatsFilter()).acceptance  # 统计 shows what was paid
    assert {r["industry"]: r["paid"] for r in figures.by_industry if r["paid"]} == {"电气装备制造业": Decimal("50.10")}
    assert figures.total_paid == Decimal("50.10")


def test_a_whole_payment_at_once(published, fake_clock):
    fake_clock.advance(days=5)
    with pytest.raises(ValidationError) as exc:  # from 待办详情 as an instalment: it would settle
        wo.transition(published["finance"], published["order2"], "pay",
                      seen_row_version=wo.detail(published["finance"], published["order2"]).row_version,
                      inputs={"paid_on": day(0), "amount": "30", "voucher": "PZ-9"})
    assert exc.value.fields == {"amount": "本次拨付后补贴金额已全部拨付，请选择“拨付（结清）”"}
    assert pay(published, "30.00", "PZ-9", key="order2").to_state == "paid"


def test_each_payment_tells_the_enterprise_once(published, fake_clock):
    p = published
    fake_clock.advance(days=5)
    pay(p, "20", "PZ-1")
    pay(p, "30.1", "PZ-2")
    with db.reading() as s:
        logs = s.exec(select(WorkOrderLog.id).where(WorkOrderLog.action.in_(["pay", "pay_final"]))).all()
        notes = s.exec(select(Notification).where(Notification.user_id == p["qiye"].user_id,
                                                  Notification.kind == "payment")).all()
        sms = s.exec(select(SmsNotice).where(SmsNotice.template == "sms_payment")).all()
        payments = s.exec(select(Payment)).all()
    assert len(logs) == 2 and sorted(n.key for n in notes) == sorted(f"log:{i}" for i in logs)
    assert [x.phone for x in sms] == ["13800000001", "13800000001"] and len({x.key for x in sms}) == 2
    assert "20" in sms[0].text and [x.amount for x in payments] == ["20.00", "30.10"]
    with db.reading() as s:  # the publication sent no SMS of its own: each order has only its booking's
        visits = s.exec(select(SmsNotice.order_id).where(SmsNotice.template == "sms_site_visit")).all()
    assert sorted(visits) == sorted([p["order1"], p["order2"]])


def _rows(built):  # noqa: ANN001, ANN202
    book = load_workbook(built.path)
    return book, [[c.value for c in r] for r in book.worksheets[-1].iter_rows()]


def test_the_batch_and_the_list_as_excel(published, fake_clock, tmp_path):
    p = published
    fin = p["finance"]
    (batch,) = funding.batches(fin)
    link = exports.batch_link(fin, batch.id)
    built = exports.build(link.url.removeprefix("/export/"))
    try:
        book, rows = _rows(built)
        sheet = book.worksheets[-1]
        assert rows[0] == ["序号", "企业名称", "项目名称", "所属行业", "认定项目金额(万元)", "补贴金额(万元)", "公示开始日期", "公示结束日期"]
        assert sheet.freeze_panes == "A2" and link.filename == "公示名单_2025年第一批补助资金公示.xlsx"
        assert rows[1][1] == "哈尔滨电气装备示范有限公司" and rows[1][4:6] == [180.5, 50.1]
        assert sheet.cell(2, 5).number_format == "0.00" and isinstance(rows[1][6], datetime)
        assert rows[1][6].date() == date.fromisoformat(day(0)) and rows[-1][1] == "合计" and rows[-1][5] == 80.1
    finally:
        built.path.unlink()
    fake_clock.advance(days=5)
    pay(p, "20")
    link = exports.publication_link(fin, funding.parse_filter("电气装备制造业", "", ""))
    built = exports.build(link.url.removeprefix("/export/"))
    try:
        book, rows = _rows(built)
        assert [s.title for s in book.worksheets] == ["筛选条件", "公示与拨付"]
        assert rows[0][:3] == ["序号", "企业名称", "项目名称"] and len(rows) == 3  # header, one project, 合计
        assert rows[1][7] == "部分拨付" and rows[1][11:13] == [20, 30.1] and rows[-1][0] is None
    finally:
        built.path.unlink()
    from harbin_app.services.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        exports.batch_link(p["qiye"], batch.id)
