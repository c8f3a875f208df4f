"""演示数据: `python -m harbin_app.services.demo` (`make demo`), development only, loaded once.

Twelve enterprises of the five pilot industries (demo_content.py), each taken through the services
to its stage — 草稿, 待审核, 驳回, 已认证, 入库 草稿 / 待审核 / 驳回 / 待上传盖章材料 / 盖章材料待审核, 已入库 —
by the demo reviewer, over the last six months of a simulated clock (so that 统计 has months),
with the self-assessments of the pooled ones. Every queue, 统计 chart and list shows something; the
decisions leave their messages and SMS notices as they would. Refused with HARBIN_ENV=production.
The two pooled ones also go through 验收申请 to 验收完成 (demo_funding.py): the first is published,
its period ends and finance pays it in two instalments (已拨付); the second is 公示中 now.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlmodel import select

from harbin_app import clock, db
from harbin_app.models import User
from harbin_app.services import assessments, certification, enterprises, files, order_types, pool_entry, seed
from harbin_app.services import demo_content as C
from harbin_app.services import demo_funding
from harbin_app.services import workorders as wo
from harbin_app.services.accounts import actor_of
from harbin_app.services.actor import ENTERPRISE, Actor
from harbin_app.services.passwords import hash_password
from harbin_app.settings import settings

DAYS_BACK = 180


@dataclass(frozen=True)
class Loaded:
    created: bool
    enterprises: int


@contextmanager
def simulated_clock(start: datetime) -> Iterator[Callable[..., None]]:
    """The services' clock at `start`, moved by the `advance(days=…, hours=…)` it yields; never past now."""
    real = clock.now
    current = [start]

    def advance(**delta: float) -> None:
        current[0] = min(current[0] + timedelta(**delta), real() - timedelta(minutes=1))

    clock.now = lambda: current[0]  # type: ignore[assignment]
    try:
        yield advance
    finally:
        clock.now = real  # type: ignore[assignment]


def _user(username: str, display: str, phone: str) -> Actor:
    with db.transaction() as session:
        user = User(username=username, role=ENTERPRISE, phone=phone, display_name=display,
                    password_hash=hash_password(settings.demo_password), created_at=clock.now())
        session.add(user)
        session.flush()
        actor = actor_of(user)
    return replace(actor, enterprise_id=enterprises.enterprise_id_for(actor))


def _staff(username: str) -> Actor:
    with db.reading() as session:
        return actor_of(session.exec(select(User).where(User.username == username)).one())


def _assessments(actor: Actor, before: date, after: date) -> None:
    for key, prefix in C.BEFORE_CHOICES:
        assessments.save_answer(actor, key, prefix)
    for key, values in C.BEFORE_FIGURES.items():
        assessments.save_figures(actor, key, values)
    for scene, level in C.BEFORE_SCENES.items():
        assessments.save_scene(actor, scene, level)
    assessments.keep(actor, "改造前", before)
    for key, prefix in C.AFTER_CHOICES:
        assessments.save_answer(actor, key, prefix)
    for scene, level in C.AFTER_SCENES.items():
        assessments.save_scene(actor, scene, level)
    assessments.keep(actor, "改造后", after)


POOL_STAGES = (C.POOL_DRAFT, C.POOL_SUBMITTED, C.POOL_REJECTED, C.POOL_STAMP, C.POOL_STAMP_REVIEW, C.POOLED)


def _certify(n: int, firm: C.Firm, actor: Actor, reviewer: Actor, advance: Callable[..., None]) -> None:
    form = C.certification_form(n, firm)
    if firm.stage == C.CERT_DRAFT:
        certification.save(actor, form, certification.load(actor).row_version)
        return
    result = certification.submit(actor, form, certification.load(actor).row_version)
    if firm.stage == C.CERT_SUBMITTED:
        return
    advance(days=1 + n % 4, hours=3)
    if firm.stage == C.CERT_REJECTED:
        wo.transition(reviewer, result.order_id, "reject", seen_row_version=result.row_version,
                      opinion="营业执照副本扫描件不清晰，注册资本与营业执照不一致，请核对后重新提交")
        return
    if n % 3 == 0:  # some were sent back once before they passed
        rejected = wo.transition(reviewer, result.order_id, "reject", seen_row_version=result.row_version,
                                 opinion="企业规模与社保缴纳人数不符，请核对")
        advance(days=2)
        result = certification.submit(actor, form, rejected.row_version)
        advance(days=1, hours=5)
    wo.transition(reviewer, result.order_id, "approve", seen_row_version=result.row_version)


def _pool_entry(n: int, firm: C.Firm, actor: Actor, reviewer: Actor, advance: Callable[..., None]) -> None:
    order_id = pool_entry.start(actor)
    evidence = {"audit_report": files.store_upload(actor, demo_funding.blank_pdf(12), "2023年审计报告.pdf", field="evidence.audit_report"),
                "credit_report": files.store_upload(actor, demo_funding.blank_pdf(3), "信用中国企业信用信息报告.pdf",
                                                    field="evidence.credit_report")}
    content = C.pool_entry_content(firm, evidence)
    view = pool_entry.load(actor, order_id)
    if firm.stage == C.POOL_DRAFT:
        pool_entry.save(actor, order_id, content, view.row_version)
        return
    result = pool_entry.submit(actor, order_id, content, view.row_version)
    if firm.stage == C.POOL_SUBMITTED:
        return
    advance(days=2 + n % 3, hours=2)
    if firm.stage == C.POOL_REJECTED:
        wo.transition(reviewer, order_id, "reject", seen_row_version=result.row_version,
                      opinion="项目内容过于简单，请补充建设内容、实施范围和预期成效")
        return
    approved = wo.transition(reviewer, order_id, "approve", seen_row_version=result.row_version)
    if firm.stage == C.POOL_STAMP:
        return
    advance(days=3)
    stamped = files.store_upload(actor, demo_funding.blank_pdf(2), "入库申报表（盖章）.pdf", field="stamped_form")
    handed = wo.hand_in(actor, order_id, "stamped_form", stamped, seen_row_version=approved.row_version,
                        reason="演示数据：示例扫描件为空白页")
    if firm.stage == C.POOL_STAMP_REVIEW:
        return
    advance(days=2, hours=1)
    wo.transition(reviewer, order_id, "approve_stamped", seen_row_version=handed.row_version)


def load_demo() -> Loaded:
    """Make the demo set unless it is there (its enterprise account exists)."""
    if settings.is_production:
        raise SystemExit("生产环境不加载演示数据（HARBIN_ENV=production）")
    order_types.register_all()
    seed.seed_demo_accounts()
    with db.reading() as session:
        if session.exec(select(User.id).where(User.username == C.DEMO_ENTERPRISE.username)).first() is not None:
            return Loaded(False, len(C.FIRMS))
    reviewer, finance = _staff("reviewer"), _staff("finance")
    start = clock.now() - timedelta(days=DAYS_BACK)
    accepted: list[int] = []
    with simulated_clock(start) as advance:
        for n, firm in enumerate(C.FIRMS, start=1):
            advance(days=7, hours=n % 5)
            actor = _user(firm.username, firm.contact, f"1390451{n:04d}")
            _certify(n, firm, actor, reviewer, advance)
            if firm.stage in POOL_STAGES:
                advance(days=5)
                _pool_entry(n, firm, actor, reviewer, advance)
            if firm.stage == C.POOLED:
                today = clock.today_china()
                _assessments(actor, today - timedelta(days=40), today)
                advance(days=3)
                accepted.append(demo_funding.accept(actor, reviewer, advance))
                if len(accepted) == 1:  # the first: published, its period over, paid in two instalments
                    advance(days=2)
                    demo_funding.publish(reviewer, accepted[:1], "第一批试点企业数字化改造补助资金公示", days=5)
                    advance(days=7)
                    demo_funding.pay_in_instalments(finance, accepted[0], advance)
        advance(days=DAYS_BACK)  # today: the others are 公示中
        demo_funding.publish(reviewer, accepted[1:], "第二批试点企业数字化改造补助资金公示", days=7)
    return Loaded(True, len(C.FIRMS))


if __name__ == "__main__":
    loaded = load_demo()
    if loaded.created:
        print(f"演示数据已加载：{loaded.enterprises} 家企业；演示企业账号 {C.DEMO_ENTERPRISE.username}"
              f"（{C.DEMO_ENTERPRISE.name}），密码与演示账号相同")
    else:
        print("演示数据已存在，未重复加载")
