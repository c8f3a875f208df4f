"""多台服务器: two app instances (python -m harbin_app.production) on one PostgreSQL and one Redis,
behind Debian's nginx running deploy/nginx.conf (its upstreams and listen rewritten, run as this
test's own process with a prefix in tmp_path). A signed-in tab keeps working when its instance is
stopped; uploads and downloads go through the proxy; an upload over 100 MB is refused (413).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import ROOT, _free_port
from tests.browser.helpers import certify, open_page, register, wait_ready
from tests.browser.production_stack import ProdApp, fresh_database, new_secret, prod_env, query, shared_redis_url, wait_for
from tests.browser.test_pool_entry_form import pdf

LONG = 120_000
MB = 1 << 20


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else "")
    if not found:
        pytest.fail("nginx is not installed: `make test` installs it (make nginx)")
    return found


def nginx_config(upstreams: list[int], port: int, prefix: Path) -> str:
    """deploy/nginx.conf with this test's upstreams, port, and every path under `prefix`."""
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    servers = "".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;\n" for p in upstreams)
    conf, n = re.subn(r"(upstream harbin_app \{\n)(?:\s*server [^\n]+\n)+", lambda m: m.group(1) + servers, conf)
    assert n == 1, "deploy/nginx.conf has no upstream harbin_app block"
    conf, n = re.subn(r"listen 80;", f"listen 127.0.0.1:{port};", conf)
    assert n == 1
    paths = "".join(
        f"    {name}_temp_path {prefix / name};\n" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = conf.replace("http {\n", f"http {{\n    access_log {prefix / 'access.log'};\n{paths}", 1)
    head = f"pid {prefix / 'nginx.pid'};\nerror_log {prefix / 'error.log'} warn;\ndaemon off;\n"
    if os.getuid() == 0:
        head += "user root;\n"  # workers must read the test's private tmp folder
    return head + conf.replace("worker_processes auto;", "worker_processes 1;")


@dataclass
class Farm:
    proxy_url: str
    apps: list[ProdApp]
    database_url: str

    def instance_of(self, pid: int) -> ProdApp:
        return next(a for a in self.apps if pid in a.workers())


@pytest.fixture(scope="module")
def farm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Farm]:
    nginx = nginx_binary()
    workdir = tmp_path_factory.mktemp("two")
    redis_url = shared_redis_url()
    with fresh_database("two") as database_url:
        secret = new_secret()
        port = _free_port()
        apps = []
        for name in ("a", "b"):
            own = workdir / name
            own.mkdir()
            env = prod_env(own, database_url, redis_url, secret=secret, workers=1)
            # one file store and one SMS outbox for both (shared storage in a real deployment)
            env.update(HARBIN_FILES_DIR=str(workdir / "files"), HARBIN_SMS_OUTBOX=str(workdir / "sms_outbox.jsonl"),
                       HARBIN_PUBLIC_URL=f"http://127.0.0.1:{port}")  # the browser's websocket goes through nginx
            apps.append(ProdApp(own, env))
        # set-up only: the reviewer account the test's certify step acts as (production never seeds)
        setup_env = {**apps[0].env, "HARBIN_ENV": "development", "HARBIN_SECRET_KEY": secret}
        subprocess.run([sys.executable, "-m", "harbin_app.migrate"], env=setup_env, cwd=ROOT, check=True)
        subprocess.run([sys.executable, "-m", "harbin_app.services.seed"], env=setup_env, cwd=ROOT, check=True)
        prefix = workdir / "nginx"
        prefix.mkdir()
        proc = None
        try:
            for app in apps:  # one after the other: they share the compiled frontend's folder
                app.start()
            (prefix / "nginx.conf").write_text(nginx_config([a.port for a in apps], port, prefix), encoding="utf-8")
            proc = subprocess.Popen([nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
            url = f"http://127.0.0.1:{port}"
            wait_for(lambda: _serves(url), 60, "nginx to serve the app")
            yield Farm(url, apps, database_url)
        finally:
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=20)
            for app in apps:
                app.stop()


def _serves(url: str) -> bool:
    try:
        return httpx.get(f"{url}/ping", timeout=3).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.fixture
def tab(browser: Browser, farm: Farm) -> Iterator:
    contexts: list[BrowserContext] = []

    def make() -> Page:
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN", base_url=farm.proxy_url,
                                      accept_downloads=True)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def worker_of(page: Page) -> int:
    marker = page.locator("#live-worker")
    expect(marker).to_have_attribute("data-worker", re.compile(r"\d+"), timeout=LONG)
    return int(marker.get_attribute("data-worker") or 0)


def stored(farm: Farm, username: str, text: str) -> bool:
    rows = query(
        farm.database_url,
        "SELECT d.value FROM work_order_draft_values d JOIN work_orders o ON o.id = d.order_id "
        "JOIN users u ON u.enterprise_id = o.enterprise_id WHERE u.username = :u",
        u=username,
    )
    return any(value == text for (value,) in rows)


def test_a_tab_survives_its_instance_and_files_go_through_the_proxy(tab, farm: Farm, tmp_path: Path) -> None:
    page = tab()
    server = farm.apps[0].server()
    server.url = farm.proxy_url
    register(page, server, username="twoinst1", phone="13900005001")
    open_page(page, "/workbench/enterprise")
    first = farm.instance_of(worker_of(page))
    other = next(a for a in farm.apps if a is not first)

    # typed on the first instance: kept
    field = page.get_by_label("联系人", exact=True)
    field.fill("第一台服务器上的联系人")
    field.press("Tab")
    wait_for(lambda: stored(farm, "twoinst1", "第一台服务器上的联系人"), 60, "the first draft save")

    # its instance stops: the proxy sends the tab to the other one, which carries on
    first.stop()
    field = page.get_by_label("详细地址", exact=True)
    field.fill("第二台服务器上的地址")
    field.press("Tab")
    wait_for(lambda: stored(farm, "twoinst1", "第二台服务器上的地址"), LONG / 1000, "a draft save through the other instance")
    assert farm.instance_of(worker_of(page)) is other
    expect(page.get_by_label("联系人", exact=True)).to_have_value("第一台服务器上的联系人")
    page.reload()
    wait_ready(page)
    expect(page).to_have_url(re.compile(r"/workbench/enterprise"))  # still signed in
    expect(page.get_by_label("详细地址", exact=True)).to_have_value("第二台服务器上的地址")

    # an upload and a download through the proxy (入库申请's evidence)
    certify(server, "twoinst1", "哈尔滨双机示范有限公司")
    open_page(page, "/workbench/pool-entry")
    page.get_by_role("button", name="添加").click()
    expect(page).to_have_url(re.compile(r"/workbench/pool-entry/\d+$"), timeout=LONG)
    wait_ready(page)
    upload = pdf(tmp_path / "信用报告.pdf", 2)
    page.locator("#pe-evidence-credit_report input[type=file]").set_input_files(str(upload))
    expect(page.get_by_text("信用报告.pdf")).to_be_visible(timeout=LONG)
    with page.expect_download() as download:
        page.get_by_text("信用报告.pdf", exact=True).locator("xpath=..").get_by_role("button", name="下载").click()
    assert Path(download.value.path()).read_bytes() == upload.read_bytes()

    # over 100 MB: the proxy refuses it at once, with the rule's message
    size = 102 * MB
    body = (b"\0" * MB for _ in range(102))
    answer = httpx.post(f"{farm.proxy_url}/_upload", content=body, timeout=60,
                        headers={"Content-Length": str(size), "Content-Type": "multipart/form-data; boundary=x"})
    assert answer.status_code == 413
    assert "文件不能超过 100 MB" in answer.text
