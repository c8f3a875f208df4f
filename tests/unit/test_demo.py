"""The demo set: made through the services, every stage present, loaded once, never in production."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlmodel import select

from harbin_app import db
from harbin_app.models import Assessment, Notification, Payment, User, WorkOrder
from harbin_app.services import demo, funding, stats
from harbin_app.services import demo_content as C
from harbin_app.services.accounts import login_password
from harbin_app.settings import settings


@pytest.fixture
def files_dir(database, tmp_path, monkeypatch):
    monkeypatch.setattr(type(settings), "files_dir", property(lambda self: tmp_path / "files"), raising=False)


def test_every_stage_of_every_queue_is_there_and_it_loads_once(files_dir):
    assert demo.load_demo().created
    with db.reading() as s:
        states = Counter((o.kind, o.state) for o in s.exec(select(WorkOrder)))
        industries = {o.industry for o in s.exec(select(WorkOrder).where(WorkOrder.kind == "certification"))}
        kept = len(s.exec(select(Assessment)).all())
        demo_user = s.exec(select(User).where(User.username == C.DEMO_ENTERPRISE.username)).one()
        messages = s.exec(select(Notification).where(Notification.user_id == demo_user.id)).all()
    assert states == Counter({
        ("certification", "certified"): 8, ("certification", "submitted"): 2, ("certification", "rejected"): 1,
        ("certification", "draft"): 1,
        ("pool_entry", "draft"): 1, ("pool_entry", "submitted"): 1, ("pool_entry", "rejected"): 1,
        ("pool_entry", "awaiting_stamped"): 1, ("pool_entry", "stamped_review"): 1, ("pool_entry", "pooled"): 2,
        ("acceptance", "paid"): 1, ("acceptance", "published"): 1,  # 已拨付 in two instalments; 公示中 now
    })
    assert {"航空航天设备制造业", "电气装备制造业", "锅炉及原动装备制造业", "药品生产制造业", "食品精深加工及食品制造业"} <= industries
    assert kept == 4 and [m.title for m in messages] == [
        "企业认证：通过", "入库申请：审核通过", "入库申请：盖章材料通过", "验收申请：审核通过", "验收申请：预约现场验收",
        "验收申请：验收通过", "验收申请：盖章材料通过", "验收申请：发布公示", "验收申请：拨付", "验收申请：拨付（结清）"]
    with db.reading() as s:
        payments = s.exec(select(Payment).where(Payment.enterprise_id == demo_user.enterprise_id)).all()
    assert len(payments) == 2  # the demo enterprise was paid in two instalments
    current, past = funding.public_batches()
    assert [b.title for b in current] == ["第二批试点企业数字化改造补助资金公示"]
    assert [b.title for b in past] == ["第一批试点企业数字化改造补助资金公示"]
    token, actor = login_password(C.DEMO_ENTERPRISE.username, settings.demo_password)
    assert token and actor.enterprise_id == demo_user.enterprise_id
    with db.reading() as s:
        reviewer = s.exec(select(User).where(User.username == "reviewer")).one()
    from harbin_app.services.accounts import actor_of

    o = stats.overview(actor_of(reviewer), stats.StatsFilter())
    assert len(o.by_month) >= 4 and sum(r["decisions"] for r in o.reviews) >= 15
    assert not demo.load_demo().created  # a second run adds nothing
    with db.reading() as s:
        assert len(s.exec(select(WorkOrder)).all()) == sum(states.values())


def test_refused_in_production(files_dir, monkeypatch):
    monkeypatch.setattr(type(settings), "is_production", property(lambda self: True))
    with pytest.raises(SystemExit, match="生产环境不加载演示数据"):
        demo.load_demo()
    with db.reading() as s:
        assert s.exec(select(User)).all() == []
