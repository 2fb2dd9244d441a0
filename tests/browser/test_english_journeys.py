"""What a reader does on the English twin (issue 15), in headless Chromium against the built site:
search in pinyin (with or without spaces and tones, with a province), open a place, switch language
and land on the same place, sort and filter a list, download its CSV.

Every test uses the `page` fixture, which fails the test when any request leaves 127.0.0.1 or the
console shows an error.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest

pytestmark = pytest.mark.browser

SEARCH_INPUT = "input.md-search__input"
PLACE_RESULT = ".bq-places .md-search-result__item a.md-search-result__link"
TIMEOUT_MS = 30_000


def first_place(page, base: str, query: str) -> str:
    """Type `query` into the search box of the English home page; return the first place's URL path."""
    page.goto(base + "/en/")
    page.locator(SEARCH_INPUT).click()
    page.locator(SEARCH_INPUT).fill(query)
    first = page.locator(PLACE_RESULT).first
    first.wait_for(timeout=TIMEOUT_MS)
    return urlsplit(first.get_attribute("href")).path


@pytest.mark.parametrize(("query", "path"), [
    ("kunshan", "/en/county/320583-kunshan/"),
    ("Jiangyin", "/en/county/320281-jiangyin/"),
    ("zhang jia gang", "/en/county/320582-zhangjiagang/"),
    ("Zhāngjiāgǎng", "/en/county/320582-zhangjiagang/"),
    ("Kunshan Jiangsu", "/en/county/320583-kunshan/"),
    ("320583", "/en/county/320583-kunshan/"),
])
def test_english_search_lists_the_place_first(page, site_server, query, path):
    assert first_place(page, site_server, query) == path
    assert page.locator(".bq-places .md-search-result__meta").first.inner_text() == "Places"


def test_a_search_result_opens_the_english_page_and_the_switcher_lands_on_the_same_place(page, site_server):
    first_place(page, site_server, "kunshan")
    page.locator(PLACE_RESULT).first.click()
    page.wait_for_url(site_server + "/en/county/320583-kunshan/", timeout=TIMEOUT_MS)
    assert page.locator("h1").first.inner_text().startswith("Kunshan")
    assert page.locator("html").get_attribute("lang") == "en"

    page.locator("a.bq-lang").click()
    page.wait_for_url(site_server + "/county/320583-kunshan/", timeout=TIMEOUT_MS)
    assert page.locator("h1").first.inner_text().startswith("昆山市")
    page.locator("a.bq-lang").click()
    page.wait_for_url(site_server + "/en/county/320583-kunshan/", timeout=TIMEOUT_MS)


def test_the_english_list_sorts_filters_in_english_and_downloads_its_csv(page, site_server):
    page.goto(site_server + "/en/lists/county_industrial/2024/")
    table = page.locator(".bq-table[data-filter-column] table").first

    table.locator("thead").get_by_role("button", name="Province", exact=True).click()
    provinces = table.evaluate("t => Array.from(t.tBodies[0].rows).map(r => r.cells[2].textContent.trim())")
    assert len(provinces) == 100 and provinces == sorted(provinces, key=lambda p: p.split(" ")[0])

    select = page.locator("select[aria-label='Filter by province']").first
    assert select.locator("option").first.inner_text() == "All provinces"
    select.select_option(label="Zhejiang 浙江省")
    shown = table.evaluate("t => Array.from(t.tBodies[0].rows).filter(r => !r.hidden)"
                           ".map(r => r.cells[2].textContent.trim())")
    assert len(shown) > 5 and set(shown) == {"Zhejiang 浙江省"}
    assert re.fullmatch(r"Showing \d+ of 100 rows", page.locator(".bq-filter [aria-live]").first.inner_text())

    csv = page.get_by_role("link", name="CSV", exact=True).first.get_attribute("href")
    response = page.request.get(urljoin(page.url, csv))
    assert response.ok
    assert response.text().splitlines()[0].startswith("edition,rank,region_code")
