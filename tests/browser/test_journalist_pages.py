"""What journalists and researchers hit on the pages (issue 16), in headless Chromium.

Search ranking, the lazily loaded search index, page widths with and without JavaScript, movement
sorting, sort and filter in the URL, and an axe-core check of one page of every type. Every test
uses the `page` fixture: a request leaving 127.0.0.1 or a console error fails it.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).with_name("vendor") / "axe-core" / "axe.min.js"
SEARCH_INPUT = "input.md-search__input"
PLACE_RESULT = ".bq-places a.bq-places__link"
TIMEOUT_MS = 30_000
LIST_PAGE = "/lists/county_industrial/2024/"
EDITIONS = ("county_industrial/2024", "county_industrial/2021", "county_industrial/2019",
            "county_innovation/2024", "district_industrial/2021", "city_manufacturing/2023")


def place_results(page, base: str, query: str) -> list[str]:
    """Fill the search box (an input event, no key-up) and return the place results' paths."""
    page.goto(base + "/")
    page.locator(SEARCH_INPUT).click()
    page.locator(SEARCH_INPUT).fill(query)
    page.locator(PLACE_RESULT).first.wait_for(timeout=TIMEOUT_MS)
    hrefs = page.locator(PLACE_RESULT).evaluate_all("a => a.map(x => x.href)")
    return [urlsplit(href).path for href in hrefs]


@pytest.mark.parametrize(("query", "path"), [
    ("长沙县", "/county/430121-changshaxian/"),     # the exact full name, before 长沙市
    ("昆", "/county/320583-kunshan/"),          # prefix: the best-ranked place of that prefix
    ("kun", "/county/320583-kunshan/"),
    ("ks", "/county/320583-kunshan/"),          # pinyin initials
    ("昆仙", "/county/320583-kunshan/"),        # one character off
    ("320684", "/district/320614-haimen/"),     # the former code of 海门市
    ("海门市", "/district/320614-haimen/"),     # the former name
])
def test_search_ranks_the_place_first_issue_16(page, site_server, query, path):
    assert place_results(page, site_server, query)[0] == path


def test_search_full_name_beats_a_longer_prefix_match_issue_16(page, site_server):
    found = place_results(page, site_server, "长沙县")
    assert found[0] == "/county/430121-changshaxian/" and "/prefecture/430100-changsha/" in found[1:]


def test_search_index_is_fetched_only_when_the_box_is_used_issue_16(page, site_server, page_log):
    page.goto(site_server + "/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in page_log.requests if u.endswith("search_index.json")]
    page.locator(SEARCH_INPUT).click()
    page.wait_for_function("() => !document.querySelector('.md-search-result__meta')"
                           ".textContent.includes('初始化')", timeout=TIMEOUT_MS)
    assert [u for u in page_log.requests if u.endswith("search_index.json")]
    # Material's own results follow an input event too, not only a key-up.
    page.locator(SEARCH_INPUT).fill("江阴")
    page.locator(".md-search-result__list:not(.bq-places__list) .md-search-result__item").first.wait_for(
        timeout=TIMEOUT_MS)


def _no_script(page) -> None:
    """Serve every script empty: the page as a reader without JavaScript sees it."""
    page.route("**/*.js", lambda route: route.fulfill(status=200, content_type="text/javascript", body=""))


@pytest.mark.parametrize("path", [LIST_PAGE, "/notes/", "/downloads/", "/county/320583-kunshan/",
                                  "/province/"])
def test_page_without_javascript_is_no_wider_than_360_px_issue_16(page, site_server, path):
    _no_script(page)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(site_server + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    # Scripts are served empty but enabled, so <noscript> stays unparsed text: look at the HTML.
    assert 'class="bq-noscript"><a href="' in page.content() and "#places" in page.content()


@pytest.mark.parametrize("width", [1280, 1920])
@pytest.mark.parametrize("edition", EDITIONS)
def test_list_table_shows_every_column_at_desktop_widths_issue_16(page, site_server, width, edition):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{site_server}/lists/{edition}/")
    fits = page.locator(".bq-sortable table").first.evaluate(
        "t => { const box = t.closest('.md-typeset__scrollwrap') || t.parentElement;"
        " return t.getBoundingClientRect().right <= box.getBoundingClientRect().right + 1; }")
    assert fits, f"{edition} at {width} px: the table is wider than its column"


WIDE_PAGES = ("/downloads/", "/facts/", "/facts/fdi_actual/", "/methodology/", "/methodology/index-engine/",
              "/district/320614-haimen/", "/county/320583-kunshan/", "/province/320000-jiangsu/",
              "/province/",
              "/notes/", "/lists/county_industrial/", "/prefecture/320500-suzhou/")
# The extent of every table past its own box, in px (0 when it fits).
TABLE_OVERFLOW = ("() => Array.from(document.querySelectorAll('article table')).map(t => {"
                  " const box = t.closest('.md-typeset__scrollwrap') || t;"
                  " return Math.max(t.scrollWidth - t.clientWidth, box.scrollWidth - box.clientWidth,"
                  " t.getBoundingClientRect().right - document.querySelector('article')"
                  ".getBoundingClientRect().right); })")


@pytest.mark.parametrize("script", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("width", [1280, 1920])
@pytest.mark.parametrize("path", WIDE_PAGES)
def test_no_table_hides_a_column_at_desktop_widths_issue_16(page, site_server, width, path, script):
    if not script:
        _no_script(page)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site_server + path)
    overflow = page.evaluate(TABLE_OVERFLOW)
    assert max(overflow, default=0) <= 1, f"{path} at {width} px: tables reach past their box by {overflow}"


def _movement_cells(page) -> list[str]:
    return page.locator(".bq-sortable table").first.evaluate(
        "t => { const i = Array.from(t.tHead.rows[0].cells)"
        ".findIndex(c => c.textContent.trim() === '较上届');"
        " return Array.from(t.tBodies[0].rows).map(r => r.cells[i].textContent.trim()); }")


def _movement_value(cell: str) -> int | None:
    if cell.startswith("↑"):
        return int(cell[1:])
    if cell.startswith("↓"):
        return -int(cell[1:])
    return 0 if cell == "→" else None


@pytest.mark.parametrize("order", ["ascending", "descending"])
def test_movement_sorts_numerically_with_new_and_returned_last_issue_16(page, site_server, order):
    page.goto(site_server + "/lists/county_industrial/2021/")
    button = page.locator(".bq-sortable thead button.bq-sort", has_text="较上届")
    button.click()
    if order == "descending":
        button.click()
    values = [_movement_value(c) for c in _movement_cells(page)]
    numbers = [v for v in values if v is not None]
    assert 0 in numbers and values.index(None) == len(numbers), "新/回/转入 must come after every number"
    assert numbers == sorted(numbers, reverse=order == "descending")


def test_sort_and_province_filter_are_in_the_url_issue_16(page, site_server):
    page.goto(site_server + LIST_PAGE)
    page.locator(".bq-filter select").select_option("浙江省")
    page.locator(".bq-sortable thead button.bq-sort", has_text="较上届").click()
    query = dict(p.split("=", 1) for p in urlsplit(page.url).query.split("&"))
    assert unquote(query["province"]) == "浙江省" and unquote(query["sort"]) == "较上届"

    # The link opens the same view.
    page.goto(f"{site_server}{LIST_PAGE}?province={quote('浙江省')}&sort={quote('名称')}&order=desc")
    shown = page.locator(".bq-sortable table").first.evaluate(
        "t => Array.from(t.tBodies[0].rows).filter(r => !r.hidden).map(r => [r.cells[1].textContent.trim(),"
        " r.cells[2].textContent.trim()])")
    assert shown and {province for _, province in shown} == {"浙江省"}
    names = [name for name, _ in shown]
    assert page.evaluate("n => n.every((c, i) => i === 0 || n[i - 1].localeCompare(c, 'zh-Hans-CN') >= 0)",
                         names)
    assert page.locator(".bq-sortable th[aria-sort=descending]").inner_text().strip() == "名称"

    # The short name people type selects the province too.
    page.goto(f"{site_server}{LIST_PAGE}?province={quote('浙江')}")
    assert page.locator(".bq-filter select").input_value() == "浙江省"
    provinces = page.locator(".bq-sortable table").first.evaluate(
        "t => Array.from(t.tBodies[0].rows).filter(r => !r.hidden).map(r => r.cells[2].textContent.trim())")
    assert provinces and set(provinces) == {"浙江省"}


AXE_PAGES = ("/", LIST_PAGE, "/lists/county_industrial/", "/county/320583-kunshan/",
             "/prefecture/320500-suzhou/", "/province/320000-jiangsu/", "/province/", "/facts/",
             "/methodology/county_industrial/",
             "/notes/", "/downloads/", "/about/", "/404.html", "/methodology/", "/methodology/index-engine/",
             "/facts/fdi_actual/", "/district/320614-haimen/", "/district/330110-yuhang/",
             "/lists/district_industrial/2021/", "/embed/region-320583/", "/embed/")


@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_finds_no_serious_or_critical_violation_issue_16(page, site_server, path):
    _check_axe(page, site_server + path)


# On a phone the wide tables scroll inside their box: each such box must be reachable by keyboard.
@pytest.mark.parametrize("path", [LIST_PAGE, "/county/320583-kunshan/", "/methodology/", "/downloads/",
                                  "/facts/fdi_actual/", "/district/320614-haimen/",
                                  "/province/320000-jiangsu/"])
def test_axe_finds_no_serious_or_critical_violation_at_360_px_issue_16(page, site_server, path):
    page.set_viewport_size({"width": 360, "height": 800})
    _check_axe(page, site_server + path)


def _check_axe(page, url: str) -> None:
    page.goto(url)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
                           " return r.violations.map(v => ({id: v.id, impact: v.impact,"
                           " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})); }")
    serious = [v for v in result if v["impact"] in ("serious", "critical")]
    assert serious == [], json.dumps(serious, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("chart", ["region-320583", "edition-county_industrial-2024-provinces",
                                   "home-provinces"])
def test_embed_snippet_sizes_the_iframe_to_the_chart_issue_16(page, site_server, built_site, chart):
    embed = (built_site / "embed" / chart / "index.html").read_text(encoding="utf-8")
    snippet = html.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", embed, re.S).group(1))
    local = re.sub(r'src="[^"]*/embed/', f'src="{site_server}/embed/', snippet)
    page.set_viewport_size({"width": 900, "height": 900})
    page.set_content(f"<!DOCTYPE html><html><body style='margin:0'><div style='width:700px'>{local}</div>"
                     "</body></html>")
    frame = page.frame_locator("iframe[data-bq-embed]")
    frame.locator("figure img").wait_for(timeout=TIMEOUT_MS)
    content = page.frames[1].evaluate("() => document.documentElement.getBoundingClientRect().height")
    page.wait_for_function("h => Math.abs(document.querySelector('iframe').height - h) <= 1", arg=content,
                           timeout=TIMEOUT_MS)
    height = int(page.locator("iframe").get_attribute("height"))
    assert abs(height - content) <= 1 and content < 700, (height, content)
    # Nothing left blank below the chart: the caption ends within the frame's last 20 px.
    bottom = page.frames[1].evaluate(
        "() => document.querySelector('figcaption').getBoundingClientRect().bottom")
    assert height - bottom <= 20, (height, bottom)


def test_citation_of_the_page_carries_the_readers_access_date_issue_16(page, site_server):
    """The [EB/OL] 引用日期 and APA's Retrieved date are the day of the visit, in the copied text too."""
    # Only this page's clock: page.clock belongs to the shared browser context, and a frozen clock there
    # stalls Material's search timers in every later test.
    page.add_init_script("""(() => {
      const fixed = new Date(2026, 2, 5, 10).getTime();
      const Real = Date;
      class Fixed extends Real {
        constructor(...args) { super(...(args.length ? args : [fixed])); }
        static now() { return fixed; }
      }
      window.Date = Fixed;
    })();""")
    page.goto(site_server + "/county/320583-kunshan/")
    gbt = page.locator("pre.bq-cite[data-style=gbt] code")
    gbt.wait_for(state="attached", timeout=30_000)
    page.wait_for_function("() => document.querySelector('pre.bq-cite[data-style=gbt] code')"
                           ".textContent.includes('[2026-03-05]')", timeout=30_000)
    assert re.fullmatch(r"百强榜开放数据\. 昆山市\[EB/OL\]\. \(\d{4}-\d\d-\d\d\)\[2026-03-05\]\. \S+\.",
                        gbt.text_content())
    apa = page.locator("pre.bq-cite[data-style=apa] code").text_content()
    assert "Retrieved March 5, 2026, from " in apa
    # The report entries have no access date and stay as built.
    assert page.locator("pre.bq-cite:not([data-accessed]) code").count() >= 2
    note = page.locator(".bq-cite-note").text_content()
    assert note.startswith("引用日期取今天（2026-03-05）") and "更新日期为本站数据版本日期" in note
    # Material's copy button copies the code element's text as it is now.
    copy = page.locator("pre.bq-cite[data-style=gbt] button[data-md-type=copy]")
    target = copy.get_attribute("data-clipboard-target")
    assert page.locator(target).text_content() == gbt.text_content()
