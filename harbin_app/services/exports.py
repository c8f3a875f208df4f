"""Excel exports (导出 Excel) of the review queues and of 统计, with the filters on screen.

The page's handler asks for a link (`queue_link`, `stats_link`): the rights are checked, and the
link `/export/<token>` names what to export, the filters, the user and an expiry, signed like the
download links under its own purpose. The workbook is built only when the browser fetches the link
(web_routes.py, in a worker thread), into a temporary file streamed to the browser and deleted
after: a 10,000-row list never travels through a websocket event. The rights are checked again
then, for the user as it is at that moment (a disabled account's link is refused).
"""

from __future__ import annotations

import base64
import hmac
import json
import os
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import col

from harbin_app import clock, db
from harbin_app.models import User, WorkOrder
from harbin_app.services import files, funding, stats
from harbin_app.services.accounts import actor_of
from harbin_app.services.actor import Actor
from harbin_app.services.engine import registry
from harbin_app.services.engine.queries import OVERDUE, QueueFilter, queue_query
from harbin_app.services.errors import PermissionDenied
from harbin_app.services.xlsx import AMOUNT, DATE, DATETIME, DECIMAL1, INT, PERCENT, Book, Column

LINK_SECONDS = files.LINK_SECONDS
PURPOSE = b"excel-export\n"
INVALID = "导出链接无效"
EXPIRED = "导出链接已过期，请回到页面重新点击导出"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STREAM_ROWS = 1000

def _link(actor: Actor, what: dict[str, Any]) -> str:
    payload = json.dumps({**what, "u": actor.user_id, "e": int(time.time()) + LINK_SECONDS}, ensure_ascii=False).encode()
    body = base64.urlsafe_b64encode(payload).decode().rstrip("=")
    return f"/export/{body}.{files._sign(PURPOSE + payload)}"  # noqa: SLF001  (one signing key, its own purpose)


@dataclass(frozen=True)
class ExportLink:
    url: str
    filename: str  # what the browser saves it as (the link's own last part is no file name)


def queue_name(kind: str) -> str:
    return f"{registry.get(kind).workflow.label}审核列表_{clock.today_china().isoformat()}.xlsx"


def stats_name() -> str:
    return f"统计_{clock.today_china().isoformat()}.xlsx"


def queue_link(actor: Actor, kind: str, flt: QueueFilter) -> ExportLink:
    queue_query(actor, kind, flt)  # the rights, now
    url = _link(actor, {"x": "queue", "k": kind, "f": {"search": flt.search, "industry": flt.industry, "state": flt.state}})
    return ExportLink(url, queue_name(kind))


def stats_link(actor: Actor, flt: stats.StatsFilter) -> ExportLink:
    stats.require_stats(actor)
    url = _link(actor, {"x": "stats", "f": {
        "start": flt.start.isoformat() if flt.start else "", "end": flt.end.isoformat() if flt.end else "",
        "industry": flt.industry,
    }})
    return ExportLink(url, stats_name())


def publication_name() -> str:
    return f"公示与拨付_{clock.today_china().isoformat()}.xlsx"


def batch_name(title: str) -> str:
    return f"公示名单_{title[:40]}.xlsx"


def _filter_payload(flt: funding.FundingFilter) -> dict[str, str]:
    return {"industry": flt.industry, "start": flt.start.isoformat() if flt.start else "",
            "end": flt.end.isoformat() if flt.end else ""}


def publication_link(actor: Actor, flt: funding.FundingFilter) -> ExportLink:
    """公示与拨付's list (待公示 and 已公示 projects) with the filters on screen."""
    funding.require_manage(actor)
    return ExportLink(_link(actor, {"x": "publication", "f": _filter_payload(flt)}), publication_name())


def batch_link(actor: Actor, batch_id: int) -> ExportLink:
    """One 公示批次 as published."""
    view = funding.batch(actor, batch_id)
    return ExportLink(_link(actor, {"x": "batch", "b": batch_id}), batch_name(view.title))


def _payload(token: str) -> dict[str, Any]:
    try:
        body, signature = token.split(".", 1)
        payload = base64.urlsafe_b64decode(body.encode("ascii") + b"=" * (-len(body) % 4))
        data = json.loads(payload)
        assert isinstance(data, dict) and type(data.get("u")) is int and type(data.get("e")) is int
    except Exception:  # noqa: BLE001  (any malformed token is simply not a link of ours)
        raise PermissionDenied(INVALID) from None
    if not hmac.compare_digest(signature.encode("utf-8"), files._sign(PURPOSE + payload).encode("ascii")):  # noqa: SLF001
        raise PermissionDenied(INVALID)
    if data["e"] < time.time():
        raise PermissionDenied(EXPIRED)
    return data


def _actor(user_id: int) -> Actor:
    with db.reading() as session:
        user = session.get(User, user_id)
    if user is None or not user.is_active:
        raise PermissionDenied("账号已停用或不存在，不能导出")
    return actor_of(user)


@dataclass(frozen=True)
class Built:
    path: Path
    name: str
    rows: int


def _scratch() -> Path:
    fd, name = tempfile.mkstemp(prefix="harbin-export-", suffix=".xlsx")
    os.close(fd)
    return Path(name)


QUEUE_COLUMNS = (
    Column("序号", INT, 8), Column("事项"), Column("企业名称", width=32), Column("统一社会信用代码", width=22),
    Column("所属行业"), Column("状态", width=16), Column("提交时间", DATETIME), Column("更新时间", DATETIME),
    Column("办理期限", DATE), Column("是否逾期", width=10),
)


def _queue_rows(actor: Actor, kind: str, flt: QueueFilter):  # noqa: ANN202
    wf = registry.get(kind).workflow
    labels = {st.key: st.label for st in wf.states}
    today = clock.today_china()
    W = WorkOrder
    query = queue_query(actor, kind, flt).with_only_columns(
        W.subject_name, W.credit_code, W.industry, W.state, W.submitted_at, W.updated_at, W.due_date,
    ).order_by(col(W.updated_at).desc(), col(W.id).desc())
    with db.reading() as session:
        rows = session.execute(query.execution_options(yield_per=STREAM_ROWS))
        for n, (name, code, industry, state, submitted, updated, due) in enumerate(rows, start=1):
            yield (
                n, wf.label, name or "（未填写企业名称）", code, industry, labels.get(state, state), submitted, updated, due,
                OVERDUE if due is not None and due < today else "",
            )


def build_queue(actor: Actor, kind: str, flt: QueueFilter, path: Path) -> Built:
    queue_query(actor, kind, flt)  # the rights
    book = Book()
    count = book.sheet(f"{registry.get(kind).workflow.label}审核", QUEUE_COLUMNS, _queue_rows(actor, kind, flt))
    book.save(path)
    return Built(path, queue_name(kind), count)


def stats_sheets(o: stats.Overview) -> list[tuple[str, list[Column], list[tuple]]]:
    """The tables of 统计 as sheets (title, columns, rows): what the page shows beside its charts."""
    kinds = o.kinds
    return [
        ("企业按行业", [Column("所属行业"), Column("认证企业数", INT, 12), Column("入库企业数", INT, 12)],
         [(r["industry"], r["certified"], r["pooled"]) for r in o.enterprises]),
        ("事项按状态", [Column("事项"), Column("状态", width=16), Column("数量", INT)],
         [(r["kind_label"], r["state_label"], r["count"]) for r in o.by_state]),
        ("事项按行业", [Column("事项"), Column("所属行业"), Column("已提交数量", INT, 12)],
         [(r["kind_label"], r["industry"], r["count"]) for r in o.by_industry]),
        ("事项按月份", [Column("月份", width=10), *[Column(f"{label}首次提交数", INT, 18) for _, label in kinds]],
         [(r["month"], *[r[k] for k, _ in kinds]) for r in o.by_month]),
        ("审核情况", [Column("审核环节", width=30), Column("办理数", INT), Column("通过数", INT), Column("驳回数", INT),
                     Column("通过率(%)", PERCENT), Column("驳回率(%)", PERCENT), Column("平均审核时长(天)", DECIMAL1, 16),
                     Column("最长审核时长(天)", DECIMAL1, 16)],
         [(r["point"], r["decisions"], r["passed"], r["rejected"], r["pass_rate"], r["reject_rate"], r["avg_days"],
           r["max_days"]) for r in o.reviews]),
        ("自测水平", [Column("数字化水平", width=12), Column("改造前企业数", INT, 14), Column("改造后企业数", INT, 14)],
         [(r["level_name"], r["改造前"], r["改造后"]) for r in o.levels]),
        ("验收按行业", [Column("所属行业"), Column("验收通过数", INT, 12), Column("验收完成数", INT, 12),
                      Column("认定项目金额(万元)", AMOUNT, 18), Column("补贴金额(万元)", AMOUNT, 16),
                      Column("已拨付(万元)", AMOUNT, 14)],
         [(r["industry"], r["projects"], r["accepted"], r["recognised"], r["subsidy"], r["paid"])
          for r in o.acceptance.by_industry]
         + [("合计", sum(r["projects"] for r in o.acceptance.by_industry),
             sum(r["accepted"] for r in o.acceptance.by_industry), o.acceptance.total_recognised,
             o.acceptance.total_subsidy, o.acceptance.total_paid)]),
        ("验收后水平", [Column("达到的数字化水平", width=16), Column("验收通过数", INT, 12)],
         [(r["level_name"], r["count"]) for r in o.acceptance.levels_after]),
    ]


def _period_text(flt: stats.StatsFilter) -> str:
    if not (flt.start or flt.end):
        return "全部"
    return f"{flt.start.isoformat() if flt.start else '…'}至{flt.end.isoformat() if flt.end else '…'}"


def build_stats(actor: Actor, flt: stats.StatsFilter, path: Path) -> Built:
    o = stats.overview(actor, flt)
    book = Book()
    book.sheet("筛选条件", [Column("条件", width=12), Column("取值", width=40)], [
        ("统计期间", _period_text(flt)), ("所属行业", flt.industry or "全部"), ("导出时间", clock.fmt_datetime(clock.now())),
    ])
    count = sum(book.sheet(title, columns, rows) for title, columns, rows in stats_sheets(o))
    book.save(path)
    return Built(path, stats_name(), count)


BATCH_COLUMNS = (
    Column("序号", INT, 8), Column("企业名称", width=32), Column("项目名称", width=40), Column("所属行业"),
    Column("认定项目金额(万元)", AMOUNT, 18), Column("补贴金额(万元)", AMOUNT, 16),
    Column("公示开始日期", DATE), Column("公示结束日期", DATE),
)
PUBLICATION_COLUMNS = (
    Column("序号", INT, 8), Column("企业名称", width=32), Column("项目名称", width=40), Column("所属行业"),
    Column("验收完成时间", DATETIME), Column("认定项目金额(万元)", AMOUNT, 18), Column("补贴金额(万元)", AMOUNT, 16),
    Column("状态", width=10), Column("公示批次", width=28), Column("公示开始日期", DATE), Column("公示结束日期", DATE),
    Column("已拨付(万元)", AMOUNT, 14), Column("未拨付(万元)", AMOUNT, 14),
)


def build_batch(actor: Actor, batch_id: int, path: Path) -> Built:
    view = funding.batch(actor, batch_id)
    rows = [(n, i.enterprise_name, i.project_names, i.industry, i.recognised, i.subsidy, view.starts_on, view.ends_on)
            for n, i in enumerate(view.items, start=1)]
    rows.append(("", "合计", f"{len(view.items)} 个项目", "", view.total_recognised, view.total_subsidy, None, None))
    book = Book()
    count = book.sheet("公示名单", BATCH_COLUMNS, rows)
    book.save(path)
    return Built(path, batch_name(view.title), count)


def build_publication(actor: Actor, flt: funding.FundingFilter, path: Path) -> Built:
    listing = funding.Listing(funding.candidates(actor, flt).rows + funding.published(actor, flt).rows)
    rows = [(n, r.enterprise_name, r.project_names, r.industry, r.accepted_at, r.recognised, r.subsidy, r.phase[0],
             r.batch_title, r.starts_on, r.ends_on, r.paid, r.remaining) for n, r in enumerate(listing.rows, start=1)]
    rows.append(("", "合计", f"{len(listing.rows)} 个项目", "", None, listing.total_recognised, listing.total_subsidy,
                 "", "", None, None, listing.total_paid, listing.total_remaining))
    book = Book()
    book.sheet("筛选条件", [Column("条件", width=12), Column("取值", width=40)], [
        ("所属行业", flt.industry or "全部"),
        ("验收完成时间", f"{flt.start or '…'}至{flt.end or '…'}" if (flt.start or flt.end) else "全部"),
        ("导出时间", clock.fmt_datetime(clock.now())),
    ])
    count = book.sheet("公示与拨付", PUBLICATION_COLUMNS, rows)
    book.save(path)
    return Built(path, publication_name(), count)


def build(token: str) -> Built:
    """The workbook a link stands for, in a temporary file (the caller deletes it after sending)."""
    data = _payload(token)
    actor = _actor(data["u"])
    f = data.get("f") or {}
    path = _scratch()
    try:
        if data.get("x") == "queue" and data.get("k") in registry.kinds():
            flt = QueueFilter(search=str(f.get("search", "")), industry=str(f.get("industry", "")),
                              state=str(f.get("state", "")))
            return build_queue(actor, data["k"], flt, path)
        if data.get("x") == "stats":
            flt = stats.StatsFilter(
                date.fromisoformat(f["start"]) if f.get("start") else None,
                date.fromisoformat(f["end"]) if f.get("end") else None, str(f.get("industry", "")),
            )
            return build_stats(actor, flt, path)
        if data.get("x") == "publication":
            return build_publication(actor, funding.parse_filter(str(f.get("industry", "")), str(f.get("start", "")),
                                                                 str(f.get("end", ""))), path)
        if data.get("x") == "batch" and type(data.get("b")) is int:
            return build_batch(actor, data["b"], path)
        raise PermissionDenied(INVALID)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
