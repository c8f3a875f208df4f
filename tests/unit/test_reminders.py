"""Reminders: 3 and 1 days before a deadline to the enterprise, orders waiting too long to the
reviewers; each written once with two workers racing and across a restart, on a clock the test moves."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta

import pytest
from sqlmodel import select

from harbin_app import clock, db
from harbin_app.models import Notification, Reminder, SmsNotice, User, WorkOrder
from harbin_app.services import certification as cert
from harbin_app.services import jobs, platform_settings, reminders
from harbin_app.services import workorders as wo
from harbin_app.services.actor import ADMIN, ENTERPRISE, FINANCE, REVIEWER
from tests.unit import trial_type
from tests.unit.factories import VALID_CERTIFICATION, make_user


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=clock.CHINA)


@pytest.fixture
def people(database):
    return {
        "qiye": make_user("qiye", ENTERPRISE, "13800000001"),
        "reviewer": make_user("reviewer", REVIEWER),
        "reviewer2": make_user("reviewer2", REVIEWER),
        "finance": make_user("finance", FINANCE),
        "admin": make_user("admin", ADMIN),
    }


def notes(username: str, prefix: str) -> list[Notification]:
    """The user's messages whose key starts with `prefix` (due: deadline reminders, wait: waiting)."""
    with db.reading() as s:
        uid = s.exec(select(User.id).where(User.username == username)).one()
        return [n for n in s.exec(select(Notification).where(Notification.user_id == uid).order_by(Notification.id))
                if n.key.startswith(prefix)]


def sms(template: str) -> list[SmsNotice]:
    with db.reading() as s:
        return list(s.exec(select(SmsNotice).where(SmsNotice.template == template).order_by(SmsNotice.id)))


def race(workers: int = 2) -> list[reminders.ScanResult]:
    """`workers` scans at the same moment (each as one backend worker would run it)."""
    barrier = threading.Barrier(workers)
    results: list[reminders.ScanResult] = []

    def one() -> None:
        barrier.wait()
        results.append(reminders.scan())

    threads = [threading.Thread(target=one) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_nearest_threshold():
    assert [reminders.nearest_threshold(d, (3, 1)) for d in (5, 4, 3, 2, 1, 0, -1)] == [None, None, 3, 3, 1, 1, None]


def _deadline_order(people, fake_clock, due_in: int) -> int:  # noqa: ANN001
    order_id = trial_type.start(people["qiye"])
    rv = lambda: db.reading().__enter__().get(WorkOrder, order_id).row_version  # noqa: E731
    wo.transition(people["reviewer"], order_id, "book", seen_row_version=rv(),
                  inputs={"visit_date": "2025-09-10", "visit_time": "09:30", "place": "厂区"})
    due = (clock.today_china() + timedelta(days=due_in)).isoformat()
    wo.transition(people["reviewer"], order_id, "conclude_fail", seen_row_version=rv(),
                  opinion="整改投资清单", inputs={"due": due})
    return order_id


@pytest.fixture
def trial(people, fake_clock):
    fake_clock.current = at(date(2025, 9, 1))
    with trial_type.registered():
        yield people


def test_deadline_reminders_3_and_1_days_before_once_each_with_two_workers_and_a_restart(trial, fake_clock):
    order_id = _deadline_order(trial, fake_clock, due_in=10)  # due 2025-09-11
    seen = []
    for day in range(12):
        results = race()
        if day == 5:  # a restart: a new worker process (its own scheduler, fresh caches)
            platform_settings._cache.invalidate()  # noqa: SLF001
            jobs.Worker("after-restart").scan()
        seen.append(sum(r.deadline for r in results))
        fake_clock.advance(days=1)
    # written on 09-08 (3 days left) and 09-10 (1 day left), by one of the two workers each time
    assert seen == [0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0]
    reminders_sent = notes("qiye", "due:")
    assert [n.key for n in reminders_sent] == [f"due:{order_id}:4:3", f"due:{order_id}:4:1"]
    assert "还有 3 天" in reminders_sent[0].body and "还有 1 天" in reminders_sent[1].body
    assert all(n.order_id == order_id and n.needs_action for n in reminders_sent)
    texts = [s.text for s in sms("sms_deadline")]
    assert len(texts) == 2 and "办理期限为 2025-09-11，还有 3 天" in texts[0] and "还有 1 天" in texts[1]
    assert notes("reviewer", "due:") == []  # the enterprise must act, not the reviewer


def test_a_deadline_set_close_gets_only_the_reminders_it_had_not_been_told(trial, fake_clock):
    _deadline_order(trial, fake_clock, due_in=2)  # the conclusion itself said: 2 days
    for _ in range(3):
        reminders.scan()
        fake_clock.advance(days=1)
    assert ["还有 1 天" in n.body for n in notes("qiye", "due:")] == [True]


def test_after_a_long_stop_only_the_nearest_reminder_is_sent(trial, fake_clock):
    _deadline_order(trial, fake_clock, due_in=10)
    fake_clock.advance(days=9)  # the app was down from 3 days before to 1 day before
    reminders.scan()
    reminders.scan()
    assert ["还有 1 天" in n.body for n in notes("qiye", "due:")] == [True]


def test_a_changed_reminder_setting_applies_at_the_next_scan(trial, fake_clock):
    _deadline_order(trial, fake_clock, due_in=10)
    platform_settings.update(trial["admin"], {"deadline_reminder_days": "5,2"})
    for _ in range(10):
        reminders.scan()
        fake_clock.advance(days=1)
    assert [n.body.split("，")[-2] for n in notes("qiye", "due:")] == ["还有 5 天", "还有 2 天"]


def test_a_new_deadline_is_reminded_again(trial, fake_clock):
    order_id = _deadline_order(trial, fake_clock, due_in=4)
    fake_clock.advance(days=1)
    reminders.scan()  # 3 days left
    with db.reading() as s:
        order = s.get(WorkOrder, order_id)
    wo.transition(trial["qiye"], order_id, "submit", seen_row_version=order.row_version)  # resubmitted, booked, failed again
    with db.reading() as s:
        rv = s.get(WorkOrder, order_id).row_version
    wo.transition(trial["reviewer"], order_id, "book", seen_row_version=rv,
                  inputs={"visit_date": "2025-09-20", "visit_time": "09:30", "place": "厂区"})
    wo.transition(trial["reviewer"], order_id, "conclude_fail", seen_row_version=rv + 1, opinion="仍不符",
                  inputs={"due": "2025-09-12"})
    fake_clock.advance(days=8)  # 2025-09-10 … 2 days left of the new deadline
    reminders.scan()
    assert len(notes("qiye", "due:")) == 2


# ------------------------------------------------------------------ waiting orders


def test_reviewers_are_reminded_of_orders_waiting_longer_than_n_working_days(people, fake_clock):
    fake_clock.current = at(date(2025, 4, 25))  # a Friday; 04-27 (Sunday) is worked, 05-01…05-05 are holidays
    result = cert.submit(people["qiye"], VALID_CERTIFICATION, 0)
    counts = []
    for day in (date(2025, 4, 28), date(2025, 5, 5), date(2025, 5, 6), date(2025, 5, 7), date(2025, 5, 8)):
        fake_clock.current = at(day)
        counts.append(sum(r.waiting for r in race()))
    # 5 working days passed on 05-06 (04-27, 28, 29, 30, 05-06): reminded on 05-07, once, to every reviewer
    assert counts == [0, 0, 0, 1, 0]
    for name in ("reviewer", "reviewer2"):
        (n,) = notes(name, "wait:")
        assert n.order_id == result.order_id and "已等待超过 5 个工作日" in n.body and "自 2025-04-25 起" in n.body
    assert notes("qiye", "wait:") == [] and notes("finance", "wait:") == []
    with db.reading() as s:
        assert len(s.exec(select(Reminder)).all()) == 1


def test_the_working_days_setting_applies_at_the_next_scan_and_a_decision_stops_the_reminders(people, fake_clock):
    fake_clock.current = at(date(2025, 3, 3))  # Monday
    first = cert.submit(people["qiye"], VALID_CERTIFICATION, 0)
    fake_clock.current = at(date(2025, 3, 6))
    assert reminders.scan().waiting == 0
    platform_settings.update(people["admin"], {"reviewer_reminder_workdays": "2"})
    assert reminders.scan().waiting == 1  # 03-04 and 03-05 passed
    wo.transition(people["reviewer"], first.order_id, "reject", seen_row_version=first.row_version, opinion="缺材料")
    fake_clock.current = at(date(2025, 3, 20))
    assert reminders.scan().waiting == 0  # waiting for the enterprise now, not for a reviewer
