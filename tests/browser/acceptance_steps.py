"""Set-up steps of the 验收申请 journeys, through the services (where a step is not the subject)."""

from __future__ import annotations

import json

USER = (
    "import json\n"
    "from sqlmodel import select\n"
    "from harbin_app import db\n"
    "from harbin_app.models import User\n"
    "from harbin_app.services.accounts import actor_of\n"
    "def user(name):\n"
    "    with db.reading() as s:\n"
    "        return actor_of(s.exec(select(User).where(User.username == name)).one())\n"
)


def pool_enterprise(app, username: str) -> None:  # noqa: ANN001
    """`username`'s (certified) enterprise goes through 入库申请 to 已入库."""
    app.run_python(USER + "from tests.unit.acceptance_data import pool\n"
                   f"pool(user({username!r}), user('reviewer'))\n")


def submit_acceptance(app, username: str) -> int:  # noqa: ANN001
    """`username`'s complete 验收申请, submitted; returns its order id."""
    out = app.run_python(
        USER + "from harbin_app.services import acceptance as ac\n"
        "from tests.unit.acceptance_data import refs_for, valid_content\n"
        f"q = user({username!r})\n"
        "order_id = ac.start(q)\n"
        "ac.submit(q, order_id, valid_content(refs_for(q)), ac.load(q, order_id).row_version)\n"
        "print(order_id)\n"
    )
    return int(out.strip().splitlines()[-1])


def act(app, order_id: int, action: str, opinion: str = "", **inputs: str) -> None:  # noqa: ANN001
    """The reviewer takes `action` on the order (its inputs as given)."""
    app.run_python(
        USER + "from harbin_app.services import workorders as wo\n"
        "r = user('reviewer')\n"
        f"d = wo.detail(r, {order_id})\n"
        f"wo.transition(r, {order_id}, {action!r}, seen_row_version=d.row_version, opinion={opinion!r},\n"
        f"              inputs=json.loads({json.dumps(inputs)!r}))\n"
    )


def pass_due_date(app, order_id: int) -> None:  # noqa: ANN001
    """Let the order's deadline pass (as if the days had gone by)."""
    app.run_python(
        "from datetime import timedelta\n"
        "from harbin_app import clock, db\n"
        "from harbin_app.models import WorkOrder\n"
        "with db.transaction() as s:\n"
        f"    o = s.get(WorkOrder, {order_id})\n"
        "    o.due_date = clock.today_china() - timedelta(days=1)\n"
        "    s.add(o)\n"
    )
