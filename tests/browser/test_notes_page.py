"""The data notes page in headless Chromium: readable at 360 px and 1280 px, its filter, its links.

Every test uses the `page` fixture, which fails the test when any request leaves 127.0.0.1 or the
console shows an error.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

NOTES = "/notes/"
TIMEOUT_MS = 30_000
# Anything a reader should never see: claim and edition ids, raw field names, booleans.
INTERNAL = re.compile(r"K20\d\d-\d{3}|[a-z]+_[a-z]+-20\d\d|printed_|province_first|\btrue\b|\bfalse\b")

# Each visible element of the article whose box reaches past the window, and each table or code
# block whose content is wider than its box (a column cut off or hidden behind a scroll bar).
CUT_OFF = """() => {
  const width = document.documentElement.clientWidth;
  const article = document.querySelector("article");
  const wide = [];
  for (const el of article.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1) { wide.push(el.tagName + "." + el.className); }
  }
  for (const el of article.querySelectorAll("table, pre, .md-typeset__scrollwrap")) {
    if (el.scrollWidth > el.clientWidth + 1) { wide.push("overflow " + el.tagName + "." + el.className); }
  }
  return {page: [document.documentElement.scrollWidth, document.body.scrollWidth, width], wide: wide};
}"""


def open_all_folds(page) -> None:
    page.evaluate("() => document.querySelectorAll('article details').forEach(d => { d.open = true; })")


@pytest.mark.parametrize("width", [360, 1280])
def test_notes_page_has_no_cut_off_column_and_no_horizontal_scroll(page, site_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site_server + NOTES)
    page.wait_for_load_state("load")
    open_all_folds(page)

    found = page.evaluate(CUT_OFF)
    assert found["page"][2] <= width
    assert max(found["page"][:2]) <= found["page"][2], found["page"]
    assert found["wide"] == []
    # One entry per statement (several hundred), each check with its own anchor (over a thousand).
    assert page.locator(".bq-claim").count() > 500
    assert page.locator(".bq-claim[id^='k'], .bq-claim__check[id^='k']").count() > 1000


def test_notes_page_reads_as_sentences_without_internal_ids(page, site_server):
    page.goto(site_server + NOTES)
    text = page.locator("article").evaluate("a => a.textContent")

    assert INTERNAL.findall(text) == []
    assert "24/41 = 58.5%" in text
    assert re.search(r"核对 \d+ 条，其中 ✓ 一致 \d+ 条，✗ 不一致 \d+ 条，◐ 取决于读法 \d+ 条", text)
    assert re.search(r"逐项核对共 \d+ 项：✓ 一致 \d+ 项，✗ 不一致 \d+ 项，◐ 取决于读法 \d+ 项", text)
    assert "图 20，辽宁省，第 21–40 名：报告图中印 1，按榜单计为 2" in text
    assert "省内第一（★）：印刷本为“无”，应为“有”" in text


def test_notes_filter_shows_only_the_problems(page, site_server):
    page.goto(site_server + NOTES)
    box = page.locator("#bq-notes-only-problems")
    box.wait_for(state="visible", timeout=TIMEOUT_MS)
    problems = page.locator(".bq-claim--disagrees:visible, .bq-claim--depends_on_reading:visible").count()
    assert problems > 30
    open_all_folds(page)
    assert page.locator(".bq-claim--agrees:visible").count() > 500

    box.check()
    assert page.locator(".bq-claim--agrees:visible").count() == 0
    shown = page.locator(".bq-claim--disagrees:visible, .bq-claim--depends_on_reading:visible").count()
    assert shown == problems
    box.uncheck()
    assert page.locator(".bq-claim--agrees:visible").count() > 500


def test_region_page_links_its_notes_and_the_link_opens_the_fold(page, site_server):
    page.goto(site_server + "/county/320281-jiangyin/")
    link = page.locator("article a[href*='notes/#k']").first
    href = link.get_attribute("href")
    anchor = href.rsplit("#", 1)[1]

    link.click()
    page.wait_for_url(re.compile(r".*/notes/#" + anchor + "$"), timeout=TIMEOUT_MS)
    target = page.locator(f"[id='{anchor}']")
    target.wait_for(state="visible", timeout=TIMEOUT_MS)
    assert "江阴" in target.inner_text()


def test_list_page_says_how_many_of_its_reports_statements_hold(page, site_server):
    page.goto(site_server + "/lists/county_industrial/2021/")
    text = page.locator("article").inner_text()

    assert re.search(r"报告正文中可核对的说法共 \d+ 条：✓ \d+ 条与表格一致", text)
    page.locator("article a", has_text="逐条核对").click()
    page.wait_for_url(re.compile(r".*/notes/#report-2021$"), timeout=TIMEOUT_MS)
