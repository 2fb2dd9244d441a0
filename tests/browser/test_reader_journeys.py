"""What a reader does, in headless Chromium against the built site served on 127.0.0.1.

Every test uses the `page` fixture, which fails the test when any request leaves 127.0.0.1 or the
console shows an error.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from build_scripts import paths
from scoring.package import load_package

pytestmark = pytest.mark.browser

SEARCH_INPUT = "input.md-search__input"
FIRST_RESULT = ".md-search-result__list .md-search-result__item a.md-search-result__link"
LIST_PAGE = "/lists/county_industrial/2024/"
REGION_PAGE = "/county/320281-jiangyin/"
TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def package():
    return load_package(paths.DATAPACKAGE)


def search(page, base: str, query: str) -> str:
    """Type `query` into Material's search box on the home page; return the first result's URL."""
    page.goto(base + "/")
    page.locator(SEARCH_INPUT).click()
    page.locator(SEARCH_INPUT).fill(query)
    first = page.locator(FIRST_RESULT).first
    first.wait_for(timeout=TIMEOUT_MS)
    return first.get_attribute("href")


def test_home_page_opens_with_title_and_search_box(page, site_server):
    page.goto(site_server + "/")

    assert "百强榜开放数据" in page.title()
    assert page.locator(SEARCH_INPUT).count() == 1
    assert page.locator("h1").first.is_visible()


@pytest.mark.parametrize(("query", "path", "name"), [
    ("江阴", "/county/320281-jiangyin/", "江阴市"),
    ("kunshan", "/county/320583-kunshan/", "昆山市"),
])
def test_search_finds_the_place_first_and_the_result_opens_its_page(page, site_server, query, path, name):
    first = urlsplit(search(page, site_server, query))

    assert first.path == path, f"first result for {query}: {first.path}"
    page.locator(FIRST_RESULT).first.click()
    # Material appends the query for highlighting: /county/320281-jiangyin/?h=江阴
    page.wait_for_url(re.compile(re.escape(site_server + path) + r"(\?.*)?$"), timeout=TIMEOUT_MS)
    assert page.locator("h1").first.inner_text().strip().startswith(name)


def province_cells(page) -> list[str]:
    return page.locator(".bq-table[data-filter-column] table").first.evaluate(
        "t => Array.from(t.tBodies[0].rows).filter(r => !r.hidden).map(r => r.cells[2].textContent.trim())")


def test_list_table_sorts_by_province_and_filters_to_zhejiang(page, site_server, package):
    regions = package["regions"].set_index("code")
    rankings = package["rankings"]
    edition = rankings[rankings["edition"] == "county_industrial-2024"]
    zhejiang = int((edition["region_code"].map(regions["province_code"]) == "330000").sum())
    page.goto(site_server + LIST_PAGE)
    table = page.locator(".bq-table[data-filter-column] table").first

    table.locator("thead button.bq-sort", has_text="省份").click()
    ordered = province_cells(page)
    assert len(ordered) == len(edition)
    assert page.evaluate("cells => cells.every((c, i) => i === 0 || "
                         "cells[i - 1].localeCompare(c, 'zh-Hans-CN') <= 0)", ordered)
    assert table.locator("thead th").nth(2).get_attribute("aria-sort") == "ascending"

    select = page.locator("select[aria-label='按省份筛选']").first
    select.select_option(label="浙江省")
    shown = province_cells(page)
    assert shown == ["浙江省"] * zhejiang
    assert zhejiang > 5
    assert table.locator("tbody tr:visible").count() == zhejiang


def test_region_page_shows_its_rank_chart_and_table(page, site_server, package):
    entries = package["rankings"]
    editions = package["editions"].set_index("edition")
    held = entries[entries["region_code"] == "320281"]
    page.goto(site_server + REGION_PAGE)

    chart = page.locator("img[src*='charts/region/region-320281']").first
    chart.scroll_into_view_if_needed()
    chart.wait_for(state="visible", timeout=TIMEOUT_MS)
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=chart.element_handle(),
                           timeout=TIMEOUT_MS)
    assert "江阴市" in chart.get_attribute("alt")
    # Rank history rows read "2019 年 | 1 | 第一梯队": the edition's year first, then its rank.
    rows = [row.split() for row in page.locator("table tbody tr").all_inner_texts()]
    assert len(held) == 6
    for entry in held.itertuples():
        year = str(editions.at[entry.edition, "year"])
        shown = any(row[:1] == [year] and str(entry.rank) in row[1:3] for row in rows)
        assert shown, (entry.edition, entry.rank)
    assert page.locator("table").first.is_visible()


def test_old_url_of_a_renamed_place_lands_on_its_current_page(page, site_server):
    page.goto(site_server + "/county/320684-haimen/")

    page.wait_for_url("**/district/320614-haimen/", timeout=TIMEOUT_MS)
    assert page.locator("h1").first.inner_text().strip().startswith("海门区")


@pytest.mark.parametrize("path", [REGION_PAGE, LIST_PAGE, "/"])
def test_page_reads_at_360_px_without_horizontal_page_scroll(page, site_server, path):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site_server + path)
    page.wait_for_load_state("load")

    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.body.scrollWidth, "
                           "window.innerWidth]")
    assert widths[2] == 360
    assert max(widths[:2]) <= 360, widths
