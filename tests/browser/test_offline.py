"""No request leaves 127.0.0.1, also on a browser without ResizeObserver (where Material's bundle
would load a polyfill from unpkg.com): the page loads the self-hosted one before the bundle."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

POLYFILL = "/assets/javascripts/vendor/resize-observer-polyfill.js"
TIMEOUT_MS = 30_000


@pytest.mark.parametrize("path", ["/", "/county/320281-jiangyin/", "/lists/county_industrial/2024/"])
def test_a_page_without_resize_observer_loads_the_self_hosted_polyfill_and_nothing_external(
        page, page_log, site_server, path):
    page.add_init_script("delete window.ResizeObserver")
    page.goto(site_server + path)
    page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
    # Material's header and search work on the polyfill (they observe element sizes).
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").fill("江阴")
    page.locator("input.md-search__input").press("End")  # Material searches on key-up
    page.locator(".md-search-result__list a.md-search-result__link").first.wait_for(timeout=TIMEOUT_MS)

    assert page.evaluate("typeof ResizeObserver") == "function"
    assert any(url.endswith(POLYFILL) for url in page_log.requests)
    # The page fixture fails the test at teardown if any request left 127.0.0.1.


def test_a_page_with_resize_observer_does_not_load_the_polyfill(page, page_log, site_server):
    page.goto(site_server + "/county/320281-jiangyin/")
    page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)

    assert not any(url.endswith(POLYFILL) for url in page_log.requests)
