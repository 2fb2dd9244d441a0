"""Session fixtures: the real site built once, a local server for it, and a headless Chromium.

- `built_site`: the real data package built by the pipeline (`pipeline.run_site`) into a scratch
  build root under the session's tmp folder, once per test session; every test needing a built site
  shares it. It is always built, never taken from site/, so the tests check what the code produces.
- `small_package`: a synthetic package of about 40 places (`devtools.synthetic`), for tests
  that build whole sites from modified input.
- `site_server`: that folder served on 127.0.0.1 at a free port from a background thread.
- `browser`: Debian's Chromium (/usr/bin/chromium) driven by Playwright with a fresh profile. A
  missing Chromium makes the browser tests fail, never skip.
- `page`: a new page that records every request and console message; the test fails at teardown if
  a request went to a host other than 127.0.0.1 or a console error or page error appeared.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from build_scripts import pipeline
from build_scripts.runtime import write_work_root
from devtools.synthetic import write_synthetic_package

# Debian's Chromium, or the one `make test CHROMIUM=…` names (the Makefile passes it on).
CHROMIUM = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]
LOCAL_HOST = "127.0.0.1"
# URL schemes that never reach the network.
LOCAL_SCHEMES = ("data", "blob", "about")
SMALL_PLACES = 40


def build_site_into(root: Path, datapackage: Path | None = None) -> Path:
    """Build the whole site with the pipeline in a scratch build root; return its site/ folder."""
    where = write_work_root(root, datapackage)
    pipeline.run_site(where)
    return where.site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    return build_site_into(tmp_path_factory.mktemp("built-site") / "root")


@pytest.fixture(scope="session")
def small_package(tmp_path_factory) -> Path:
    """A valid synthetic package of about 40 places and the real ten editions (builds in seconds)."""
    package = tmp_path_factory.mktemp("small-package") / "datapackage"
    write_synthetic_package(package, SMALL_PLACES)
    return package


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@pytest.fixture(scope="session")
def site_server(built_site) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        # A persistent context is how Playwright takes an explicit --user-data-dir; the folder is new.
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
            locale="zh-CN", viewport={"width": 1280, "height": 900})
        try:
            yield context
        finally:
            context.close()


class PageLog:
    """What a page did: every request URL, console errors and uncaught page errors."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []

    def external_requests(self) -> list[str]:
        return [url for url in self.requests
                if urlsplit(url).scheme not in LOCAL_SCHEMES and urlsplit(url).hostname != LOCAL_HOST]


@pytest.fixture()
def page_log() -> PageLog:
    return PageLog()


@pytest.fixture()
def page(browser, site_server, page_log):
    page = browser.new_page()
    # On the context, so requests of workers (Material's search worker) are recorded too.
    record = lambda request: page_log.requests.append(request.url)  # noqa: E731
    browser.on("request", record)
    page.on("console", lambda message: page_log.console_errors.append(message.text)
            if message.type == "error" else None)
    page.on("pageerror", lambda error: page_log.page_errors.append(str(error)))

    def _stay_local(route):
        # Record and refuse anything leaving 127.0.0.1, so a stray request fails fast instead of hanging.
        if urlsplit(route.request.url).hostname == LOCAL_HOST:
            route.continue_()
        else:
            route.abort()

    page.route("**/*", _stay_local)
    try:
        yield page
    finally:
        page.close()
        browser.remove_listener("request", record)
    assert page_log.external_requests() == [], "requests left 127.0.0.1"
    assert page_log.console_errors == [], "console errors"
    assert page_log.page_errors == [], "uncaught page errors"
