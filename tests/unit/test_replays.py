"""Replays that the existing tests do not cover: the same SMS code presented twice (for a login, for a
registration). Covered elsewhere (named in the hardening report, not repeated here): a slider
challenge spent by one send (test_accounts.py::test_send_needs_a_passed_unused_slider), an expired
challenge (::test_slider_challenge_is_spent_once_and_expires), a session token after 退出
(::test_session_expires_after_seven_days_and_logout_revokes), an expired or forged download link
(test_download_links.py), a preview link of another user or after the right was lost (test_previews.py)."""

from __future__ import annotations

import pytest

from harbin_app.services import accounts, sms
from harbin_app.services.errors import ValidationError
from tests.unit.test_accounts import GOOD, PHONE, register, send


def test_an_sms_login_code_logs_in_once(database, fake_clock, sms_outbox):  # noqa: ANN001
    register(sms_outbox, fake_clock)
    fake_clock.advance(seconds=61)
    send(fake_clock, PHONE, sms.LOGIN)
    code = sms_outbox.last_code(PHONE)
    token, _ = accounts.login_sms(PHONE, code)
    accounts.logout(token)
    with pytest.raises(ValidationError) as caught:
        accounts.login_sms(PHONE, code)  # the same code again, within its five minutes
    assert "sms_code" in caught.value.fields and caught.value.fields["sms_code"]


def test_a_registration_code_registers_once(database, fake_clock, sms_outbox):  # noqa: ANN001
    send(fake_clock, PHONE, sms.REGISTER)
    code = sms_outbox.last_code(PHONE)
    accounts.register(username="hrbqy", phone=PHONE, password=GOOD, confirm_password=GOOD, agreed=True, sms_code=code)
    with pytest.raises(ValidationError) as caught:  # a second account with the same message
        accounts.register(username="hrbqy2", phone="13900139001", password=GOOD, confirm_password=GOOD, agreed=True,
                          sms_code=code)
    assert caught.value.fields
