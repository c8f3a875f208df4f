"""保存 the htmx way: the form's fields POSTed, the whole draft saved as one JSON row (the peer's own
table, bench_peer_drafts) with the order's row version bumped from the one the page showed, a fragment back (the 草稿已保存 line and the new row version, swapped out of band).
The same checks as the app's save: an open session, an enterprise user of a certified
enterprise, its own 入库申请, still editable, unchanged since it was shown."""

import hashlib
import json
import re
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from tests.bench.peer.drafts_sql import UPSERT_DRAFT
from tests.bench.peer.models import AuthSession, Enterprise, WorkOrder

EDITABLE = ("draft", "rejected")
OWN = ("main_products", "last_year_revenue", "employees", "above_scale", "current_level")
ROW = re.compile(r"^(demands|projects)\[(\d+)\]\[(\w+)\]$")
INDICATOR = re.compile(r"^projects\[(\d+)\]\[indicators\]\[(\d+)\]\[(\w+)\]$")
CHINA = timedelta(hours=8)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _content(post) -> dict:  # noqa: ANN001
    """The draft from the form's fields: basic[...], demands[i][...], projects[i][...] and
    projects[i][indicators][j][...], other[...]."""
    basic = {k: post.get(f"basic[{k}]", "").strip() for k in OWN}
    rows: dict[str, dict[int, dict]] = {"demands": {}, "projects": {}}
    for name, value in post.items():
        if m := INDICATOR.match(name):
            p, j, key = int(m[1]), int(m[2]), m[3]
            project = rows["projects"].setdefault(p, {"indicators": {}})
            project.setdefault("indicators", {}).setdefault(j, {})[key] = value.strip()
        elif m := ROW.match(name):
            rows[m[1]].setdefault(int(m[2]), {})[m[3]] = value.strip()
    projects = []
    for _, p in sorted(rows["projects"].items()):
        indicators = [v for _, v in sorted(p.pop("indicators", {}).items())]
        projects.append({**p, "indicators": indicators})
    return {
        "basic": basic,
        "demands": [v for _, v in sorted(rows["demands"].items())],
        "projects": projects,
        "other": {"benchmark_willing": post.get("other[benchmark_willing]", "")},
        "evidence": {},
    }


def _fragment(status: int, message: str, row_version: int = 0) -> HttpResponse:
    hidden = f'<input type="hidden" name="row_version" value="{row_version}" hx-swap-oob="true">' if row_version else ""
    return HttpResponse(f'<span id="save-status" role="status">{message}</span>{hidden}', status=status)


@csrf_exempt
@require_POST
def save(request: HttpRequest, order_id: int) -> HttpResponse:
    token = request.COOKIES.get("harbin_token", "")
    now = _now()
    session = (
        AuthSession.objects.select_related("user")
        .filter(token_hash=hashlib.sha256(token.encode()).hexdigest(), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    user = session.user if session and session.user.is_active else None
    if user is None or user.role != "enterprise" or user.enterprise_id is None:
        return _fragment(403, "请先登录企业账号")
    if not Enterprise.objects.filter(id=user.enterprise_id, certified_at__isnull=False).exists():
        return _fragment(403, "企业认证通过后才能办理入库申请，请先完成企业认证")
    seen = int(request.POST.get("row_version") or 0)
    draft = json.dumps(_content(request.POST))
    with transaction.atomic():  # the order's version and the draft's row, together (as the app does)
        changed = WorkOrder.objects.filter(
            id=order_id, kind="pool_entry", enterprise_id=user.enterprise_id, state__in=EDITABLE, row_version=seen
        ).update(row_version=F("row_version") + 1, updated_at=now)
        if changed == 1:
            with connection.cursor() as cursor:
                cursor.execute(UPSERT_DRAFT, [order_id, draft])
    if changed != 1:  # the fragment carries the version in force, as a reload of the form would
        current = WorkOrder.objects.filter(id=order_id, enterprise_id=user.enterprise_id).values_list(
            "row_version", flat=True
        ).first()
        return _fragment(409, "内容已在其他窗口或由他人修改，请刷新后再保存（您填写的内容仍在页面上）", current or 0)
    return _fragment(200, f"草稿已保存 {(now + CHINA):%H:%M}", seen + 1)
