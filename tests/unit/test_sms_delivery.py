"""SMS notices are delivered once: two workers racing, a failing gateway, a worker that died mid-send."""

from __future__ import annotations

import threading

import pytest
from sqlmodel import select

from harbin_app import db
from harbin_app.models import SmsNotice
from harbin_app.services import sms, sms_delivery


class Gateway:
    def __init__(self, fail: int = 0) -> None:
        self.sent: list[tuple[str, str, str, str]] = []
        self.fail = fail
        self.lock = threading.Lock()

    def send(self, phone: str, code: str, text: str) -> None:  # the code path is not used here
        raise AssertionError("notices go through notify")

    def notify(self, phone: str, text: str, message_id: str, template: str) -> None:
        with self.lock:
            if self.fail:
                self.fail -= 1
                raise ConnectionError("gateway down")
            self.sent.append((phone, text, message_id, template))


@pytest.fixture
def gateway():
    gw = Gateway()
    sms.set_gateway(gw)
    yield gw
    sms.set_gateway(None)


def queue(key: str, phones: list[str], text: str = "通知") -> None:
    with db.transaction() as s:
        sms_delivery.queue(s, key, [(p, None) for p in phones], text, "sms_rejected", None)


def rows() -> list[SmsNotice]:
    with db.reading() as s:
        return list(s.exec(select(SmsNotice).order_by(SmsNotice.id)))


def test_queued_once_per_key_and_phone(database, gateway):
    queue("log:1", ["13800000001", "13800000002", "13800000001"])
    queue("log:1", ["13800000001"])  # the same event again: nothing new
    queue("log:2", ["13800000001"])
    assert [(r.key, r.phone, r.status) for r in rows()] == [
        ("log:1", "13800000001", "pending"), ("log:1", "13800000002", "pending"), ("log:2", "13800000001", "pending"),
    ]


def test_delivered_once_and_never_again(database, gateway):
    queue("log:1", ["13800000001"], "您的企业认证未通过审核")
    assert sms_delivery.deliver_pending("w1") == 1
    assert sms_delivery.deliver_pending("w1") == 0 and sms_delivery.deliver_pending("w2") == 0
    (row,) = rows()
    assert (row.status, row.claimed_by, row.attempts) == ("sent", "w1", 1) and row.sent_at is not None
    assert gateway.sent == [("13800000001", "您的企业认证未通过审核", f"harbin-notice-{row.id}", "sms_rejected")]


def test_two_workers_racing_send_each_notice_once(database, gateway):
    for i in range(40):
        queue(f"log:{i}", [f"138000001{i:02d}"])
    start = threading.Barrier(2)
    counts: dict[str, int] = {}

    def work(name: str) -> None:
        start.wait()
        counts[name] = sms_delivery.deliver_pending(name)

    threads = [threading.Thread(target=work, args=(n,)) for n in ("w1", "w2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(counts.values()) == 40
    assert sorted(p for p, *_ in gateway.sent) == sorted(f"138000001{i:02d}" for i in range(40))
    assert {r.status for r in rows()} == {"sent"}


def test_a_failed_send_is_retried_later_then_given_up(database, gateway, fake_clock):
    gateway.fail = 99
    queue("log:1", ["13800000001"])
    assert sms_delivery.deliver_pending("w1") == 0
    (row,) = rows()
    assert (row.status, row.attempts) == ("pending", 1) and "gateway down" in row.error
    assert sms_delivery.deliver_pending("w1") == 0 and rows()[0].attempts == 1  # not before its time
    for _ in range(sms_delivery.MAX_ATTEMPTS - 1):
        fake_clock.advance(hours=2)
        sms_delivery.deliver_pending("w1")
    (row,) = rows()
    assert (row.status, row.attempts) == ("failed", sms_delivery.MAX_ATTEMPTS)
    fake_clock.advance(days=1)
    gateway.fail = 0
    assert sms_delivery.deliver_pending("w1") == 0 and gateway.sent == []


def test_a_retry_after_a_failure_sends_it(database, gateway, fake_clock):
    gateway.fail = 1
    queue("log:1", ["13800000001"])
    sms_delivery.deliver_pending("w1")
    fake_clock.advance(minutes=2)
    assert sms_delivery.deliver_pending("w2") == 1
    assert len(gateway.sent) == 1 and rows()[0].status == "sent"


def test_a_claim_of_a_worker_that_died_is_taken_over_with_the_same_message_id(database, gateway, fake_clock):
    queue("log:1", ["13800000001"])
    (row,) = rows()
    claimed = sms_delivery._claim(row.id, "dead-worker", fake_clock())  # noqa: SLF001  (it claimed, then died)
    assert claimed is not None
    assert sms_delivery.deliver_pending("w2") == 0  # a fresh claim is left alone
    fake_clock.advance(minutes=11)
    assert sms_delivery.deliver_pending("w2") == 1
    assert gateway.sent[0][2] == f"harbin-notice-{row.id}"
    (row,) = rows()
    assert (row.status, row.claimed_by, row.attempts) == ("sent", "w2", 2)
    # the dead worker's late answer cannot undo it
    sms_delivery._finish(claimed, "dead-worker", error="late")  # noqa: SLF001
    assert rows()[0].status == "sent"
