"""A quote in 用户 search matches itself (the %, _ and the queue's quote are covered by
test_users_admin.py::test_like_wildcards_match_only_themselves and
test_workorders.py::test_queue_search_matches_wildcards_literally_and_caps_the_term)."""

from __future__ import annotations

from harbin_app.services import users_admin as ua
from harbin_app.services.actor import REVIEWER
from tests.unit.test_users_admin import account, admin  # noqa: F401  (the fixture)


def test_quotes_and_sql_in_the_user_search_match_literally(admin):  # noqa: F811, ANN001
    account("quote", REVIEWER, display="O'Brien审核")
    account("plain", REVIEWER, display="OBrien审核")
    assert [r.username for r in ua.list_users(admin, search="O'B").rows] == ["quote"]
    assert [r.username for r in ua.list_users(admin, search="'").rows] == ["quote"]
    assert ua.list_users(admin, search="' OR '1'='1").total == 0
    assert ua.list_users(admin, search="'; DROP TABLE users; --").total == 0
    assert ua.list_users(admin, search="%'_").total == 0
    assert ua.list_users(admin).total == 3  # nothing was dropped
