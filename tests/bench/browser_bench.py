"""Figures 3 and 4: the real app in Chromium (Playwright, sync API).

Every time is taken inside the browser (`performance.timeOrigin + performance.now()`, recorded by a
click listener, a MutationObserver or a wrapped WebSocket) and moved onto the system clock with each
page's measured offset, so times of different tabs compare to well under a millisecond.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass

from playwright.sync_api import Browser, BrowserContext, Page
from sqlmodel import col, func, select

from harbin_app import db
from harbin_app.models import WorkOrder
from harbin_app.services import accounts
from tests.bench import data
from tests.bench.report import Figure

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DEMO_PASSWORD = "Harbin#2024"
QUEUE = "/workbench/review/certification"
VIEWERS = (1, 10, 30)
SUBMISSIONS_PER_V = 5
TYPISTS = 10
PROBES = 40
KEY_MS, CHARS_PER_FIELD = 60, 5  # a keystroke every 60 ms, leave the field after 5

# ------------------------------------------------------------------ in-page scripts

CLOCK_OFFSET_JS = """() => {            // system clock − page clock, averaged over 5 ms of samples
  const t0 = performance.now(); let sum = 0, n = 0;
  while (performance.now() - t0 < 5) {
    sum += Date.now() - (performance.timeOrigin + performance.now()); n++;
  }
  return sum / n + 0.5;                 // Date.now() truncates to the millisecond
}"""

RECORD_WEBSOCKET_JS = """(() => {  // before the page's scripts: note when each socket.io event arrives
  const Native = window.WebSocket;
  window.__wsIn = [];
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        if (typeof e.data === 'string' && e.data.startsWith('42'))  // an event, not a ping
          window.__wsIn.push(performance.timeOrigin + performance.now());
      });
    }
  };
})()"""

WATCH_JS = """([selector, text]) => {
  // stamp the moment an element `selector` holding `text` is in the DOM (and forget earlier messages)
  window.__seenAt = null; window.__wsIn.length = 0;
  const stamp = () => performance.timeOrigin + performance.now();
  const has = () => [...document.querySelectorAll(selector)].some(e => e.textContent.includes(text));
  if (has()) { window.__seenAt = stamp(); return; }
  const mo = new MutationObserver(() => { if (has()) { window.__seenAt = stamp(); mo.disconnect(); } });
  mo.observe(document.body, {childList: true, subtree: true, characterData: true});
}"""

STAMP_CLICK_JS = """() => {            // stamp the next click, before the app's handlers run
  window.__clickedAt = null;
  const stamp = () => { window.__clickedAt ??= performance.timeOrigin + performance.now(); };
  document.addEventListener('click', stamp, {capture: true, once: true});
}"""

SWITCH_TAB_JS = """(target) => new Promise((resolve, reject) => {
  // press a 我的待办 tab; resolve with the ms until the server's answer made it the active tab
  const tabs = () => [...document.querySelectorAll('[role="tab"]')];
  const trigger = () => tabs().find(t => t.id.endsWith('-trigger-' + target));
  const done = () => trigger()?.getAttribute('data-state') === 'active';
  const t0 = performance.now();
  const mo = new MutationObserver(() => {
    if (done()) { mo.disconnect(); clearTimeout(timer); resolve(performance.now() - t0); }
  });
  const timer = setTimeout(() => { mo.disconnect(); reject(new Error('no answer in 10 s')); }, 10000);
  mo.observe(document.body, {subtree: true, childList: true, attributeFilter: ['data-state']});
  trigger().dispatchEvent(new MouseEvent('mousedown', {bubbles: true, cancelable: true, button: 0}));
})"""

TYPE_JS = """([keyMs, chars]) => {  // type into the form's fields and leave each after `chars` keys
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  const ids = ['cert-contact', 'cert-address_detail', 'cert-email', 'cert-website'];
  let field = 0, keys = 0, el = null;
  window.__typing = true; window.__leaves = 0;
  const step = () => {
    if (!window.__typing) { el?.blur(); return; }
    if (!el) { el = document.getElementById(ids[field++ % ids.length]); el.focus(); keys = 0; }
    keys++;
    setValue.call(el, '基准' + 'abcdefghij'.slice(0, keys));
    el.dispatchEvent(new Event('input', {bubbles: true}));
    if (keys >= chars) { el.blur(); window.__leaves++; el = null; }
    setTimeout(step, keyMs);
  };
  setTimeout(step, Math.random() * keyMs);
}"""

_serial = itertools.count()  # user and company names stay unique across app setups

ROW_WITH = "(name) => [...document.querySelectorAll('tbody tr')].some(r => r.textContent.includes(name))"
FORM_HOLDS = "(name) => document.getElementById('cert-company_name')?.value === name"


# ------------------------------------------------------------------ tabs


@dataclass
class Tab:
    page: Page
    offset_ms: float = 0.0  # add to a page time to get system time

    def stamp(self, expression: str, timeout_ms: int = 20_000) -> float:
        """Wait until window.<expression> is set; that page time on the system clock."""
        value = self.page.wait_for_function(
            f"() => window.{expression}", timeout=timeout_ms, polling=20
        ).json_value()
        return float(value) + self.offset_ms

    def first_message_after(self, system_ms: float) -> float:
        """When the first websocket message after `system_ms` arrived (system clock)."""
        page_ms = self.page.evaluate(
            "(t) => window.__wsIn.find(x => x > t) ?? null", system_ms - self.offset_ms
        )
        if page_ms is None:
            raise RuntimeError("no websocket message arrived")
        return float(page_ms) + self.offset_ms


def signed_in_context(browser: Browser, url: str, token: str) -> BrowserContext:
    """A browser profile that holds the session token where SessionState keeps it."""
    storage = {
        "cookies": [],
        "origins": [{"origin": url, "localStorage": [{"name": "harbin_token", "value": token}]}],
    }
    context = browser.new_context(
        base_url=url, viewport={"width": 1366, "height": 768}, locale="zh-CN", storage_state=storage
    )
    context.add_init_script(RECORD_WEBSOCKET_JS)
    return context


def open_tabs(requests: list[tuple[BrowserContext, str, str, str]]) -> list[Tab]:
    """Open (context, path, ready-predicate, its argument) together; wait until each is ready."""
    pages = []
    for context, path, _ready, _arg in requests:
        page = context.new_page()
        page.goto(path, wait_until="commit")
        pages.append(page)
    tabs = []
    for page, (_context, _path, ready, arg) in zip(pages, requests, strict=True):
        page.wait_for_function(ready, arg=arg, timeout=60_000, polling=50)
        tabs.append(Tab(page, page.evaluate(CLOCK_OFFSET_JS)))
    return tabs


def reviewer_token() -> str:
    return accounts.login_password("reviewer", DEMO_PASSWORD)[0]


# ------------------------------------------------------------------ figure 3: live push


@dataclass
class LivePush:
    answer: Figure  # the server's answer reaches the submitter's tab
    own: Figure  # the submitter's own page shows 已提交 (the plain round trip of 提交)
    pushed: Figure  # the push reaches a reviewer tab (every tab of every submission)
    per_tab: Figure  # the row is shown in a reviewer tab (every tab of every submission)
    slowest: Figure  # the last tab to show it, per submission

    def figures(self) -> list[Figure]:
        return [self.answer, self.own, self.pushed, self.per_tab, self.slowest]


def _submitters(browser: Browser, url: str, label: str, count: int) -> list[tuple[BrowserContext, Tab, str]]:
    """Enterprise tabs on 企业认证 with a complete draft, ready to press 提交."""
    made = []
    for _ in range(count):
        n = next(_serial)
        name = f"推送测试{label}{n:03d}有限公司"
        token, actor = data.signed_in_enterprise(f"bench_push_{label}_{n}")
        data.draft(actor, data.content(20_000 + n, name))
        made.append((signed_in_context(browser, url, token), name))
    tabs = open_tabs([(ctx, "/workbench/enterprise", FORM_HOLDS, name) for ctx, name in made])
    return [(ctx, tab, name) for (ctx, name), tab in zip(made, tabs, strict=True)]


SUBMITTED_NOTE = "已提交，市工信局审核中"


@dataclass
class Submission:
    answer: float  # ms after the click, on the submitter's tab
    own: float
    pushed: list[float]  # per reviewer tab
    shown: list[float]


def _one_submission(submitter: Tab, name: str, viewers: list[Tab]) -> Submission:
    """Press 提交 in the enterprise tab; when the answer reached it and it showed 已提交, and when the
    push reached each reviewer tab and it showed the company's row."""
    for viewer in viewers:
        viewer.page.evaluate(WATCH_JS, ["tbody tr", name])
    submitter.page.evaluate(WATCH_JS, ["body", SUBMITTED_NOTE])
    submitter.page.evaluate(STAMP_CLICK_JS)
    submitter.page.get_by_role("button", name="提交").click()
    clicked = submitter.stamp("__clickedAt")
    try:
        own = submitter.stamp("__seenAt") - clicked
        shown = [viewer.stamp("__seenAt") - clicked for viewer in viewers]
    except Exception as exc:
        page_text = submitter.page.locator("body").inner_text()[:600]
        raise RuntimeError(
            f"{name} did not reach every reviewer tab; the enterprise tab shows:\n{page_text}"
        ) from exc
    return Submission(
        answer=submitter.first_message_after(clicked) - clicked,
        own=own,
        pushed=[viewer.first_message_after(clicked) - clicked for viewer in viewers],
        shown=shown,
    )


def _submissions(browser: Browser, url: str, label: str, viewers: list[Tab], name: str) -> LivePush:
    """SUBMISSIONS_PER_V enterprises submit one after the other while `viewers` watch the queue."""
    submitters = _submitters(browser, url, label, SUBMISSIONS_PER_V)
    runs = []
    try:
        for _ctx, tab, company in submitters:
            runs.append(_one_submission(tab, company, viewers))
            time.sleep(0.3)
    finally:
        for ctx, _tab, _company in submitters:
            ctx.close()
    return LivePush(
        Figure(f"{name} submitter: server's answer arrives", [r.answer for r in runs]),
        Figure(f"{name} submitter: page shows 已提交", [r.own for r in runs]),
        Figure(f"{name} reviewers: push arrives", [x for r in runs for x in r.pushed], "every tab"),
        Figure(f"{name} reviewers: row shown", [x for r in runs for x in r.shown], "every tab"),
        Figure(f"{name} reviewers: row shown, slowest", [max(r.shown) for r in runs], "per submission"),
    )


def live_push(browser: Browser, url: str, label: str) -> list[LivePush]:
    """Figure 3: V reviewer tabs (one browser profile) watch the queue while enterprises submit;
    then one fresh tab again, after the V tabs were closed (do closed tabs still cost?)."""
    results = []
    reviewers = signed_in_context(browser, url, reviewer_token())
    try:
        viewers: list[Tab] = []
        for v in VIEWERS:
            viewers += open_tabs([(reviewers, QUEUE, ROW_WITH, "有限公司")] * (v - len(viewers)))
            results.append(_submissions(browser, url, label, viewers, f"V={v:<2}"))
    finally:
        reviewers.close()
    again = signed_in_context(browser, url, reviewer_token())
    try:
        viewers = open_tabs([(again, QUEUE, ROW_WITH, "有限公司")])
        results.append(_submissions(browser, url, label, viewers, f"V=1 after {VIEWERS[-1]} closed,"))
    finally:
        again.close()
    return results


# ------------------------------------------------------------------ figure 4: responsiveness


def _probe(tab: Tab, n: int) -> list[float]:
    """Switch 我的待办 between 已处理 and 待处理 n times; ms until each switch shows."""
    samples = []
    for i in range(n):
        samples.append(tab.page.evaluate(SWITCH_TAB_JS, "handled" if i % 2 == 0 else "pending"))
        tab.page.wait_for_timeout(100)
    return samples


def _row_versions(enterprise_ids: list[int]) -> int:
    with db.reading() as session:
        return int(
            session.exec(
                select(func.coalesce(func.sum(WorkOrder.row_version), 0)).where(
                    col(WorkOrder.enterprise_id).in_(enterprise_ids)
                )
            ).one()
        )


@dataclass
class Responsiveness:
    idle: Figure
    busy: Figure
    load: str  # what the typing tabs achieved


def responsiveness(browser: Browser, url: str) -> Responsiveness:
    """Figure 4: a reviewer switches 我的待办 tabs, idle and while TYPISTS tabs type and autosave."""
    probe_ctx = signed_in_context(browser, url, reviewer_token())
    typists: list[tuple[BrowserContext, str]] = []
    enterprise_ids = []
    try:
        probe = open_tabs([(probe_ctx, "/workbench/todo", ROW_WITH, "有限公司")])[0]
        _probe(probe, 4)  # warm-up
        idle = _probe(probe, PROBES)
        for i in range(TYPISTS):
            token, actor = data.signed_in_enterprise(f"bench_typist_{next(_serial)}")
            name = f"打字测试{i:02d}有限公司"
            data.draft(actor, data.content(30_000 + i, name))
            enterprise_ids.append(actor.enterprise_id or 0)
            typists.append((signed_in_context(browser, url, token), name))
        tabs = open_tabs([(ctx, "/workbench/enterprise", FORM_HOLDS, name) for ctx, name in typists])
        before = _row_versions(enterprise_ids)
        began = time.monotonic()
        for tab in tabs:
            tab.page.evaluate(TYPE_JS, [KEY_MS, CHARS_PER_FIELD])
        probe.page.wait_for_timeout(1000)
        busy = _probe(probe, PROBES)
        leaves = sum(
            tab.page.evaluate("() => { window.__typing = false; return window.__leaves; }") for tab in tabs
        )
        seconds = time.monotonic() - began
        probe.page.wait_for_timeout(1000)  # let the last saves land
        saves = _row_versions(enterprise_ids) - before
    finally:
        for ctx, _name in typists:
            ctx.close()
        probe_ctx.close()
    load = (
        f"{TYPISTS} tabs typing (a key every {KEY_MS} ms, leaving the field after {CHARS_PER_FIELD}): "
        f"{leaves / seconds:.0f} field leaves/s, {saves / seconds:.0f} draft saves/s over {seconds:.1f} s"
    )
    return Responsiveness(
        Figure("switch 我的待办 tab, app idle", idle),
        Figure(f"switch 我的待办 tab, {TYPISTS} tabs typing", busy),
        load,
    )
