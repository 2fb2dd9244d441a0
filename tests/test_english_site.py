"""The English twin of the built site (issue 15): /en/ pages with the Chinese pages' paths, a language
switcher and hreflang links between twins, no Chinese outside names, titles and quotes, working
downloads, and an English place index and search index within their budgets.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
KUNSHAN = "county/320583-kunshan"
MAX_INDEX_BYTES = 1_500_000
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _ChineseOutsideNames(HTMLParser):
    """Collect the body text with Chinese characters that is not marked lang="zh", not a citation entry
    (pre.bq-cite: APA entries keep the reports' Chinese titles) and not the page's own title (its
    name, which Material repeats in the header, navigation and table of contents)."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, bool]] = []  # (tag, exempt)
        self.exempt = 0
        self.title: str | None = None
        self.in_title = False
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.in_title = tag == "title"
        exempt = (a.get("lang") == "zh" or tag in ("head", "script", "style")
                  or (tag == "pre" and "bq-cite" in (a.get("class") or "")))
        for name in ("title", "alt", "aria-label", "placeholder"):
            if not self.exempt and a.get(name) and CJK.search(a[name]):
                self.found.append(f"{tag}@{name}: {a[name][:60]}")
        if tag not in VOID:
            self.open.append((tag, exempt))
            self.exempt += exempt

    def handle_endtag(self, tag):
        while self.open:
            name, exempt = self.open.pop()
            self.exempt -= exempt
            if name == tag:
                break

    def handle_data(self, data):
        if self.in_title:
            self.title = data.split(" - ")[0].strip()
            self.in_title = False
        text = data.strip()
        if not self.exempt and CJK.search(text) and text != self.title:
            self.found.append(text[:60])


def pages(site: Path, root: str) -> set[str]:
    """The pages (folders with an index.html, redirects included) of the site under `root`.

    The Chinese site's pages are those outside en/; MkDocs pages, embed pages and redirects alike.
    """
    base = site / root if root else site
    return {html.parent.relative_to(base).as_posix() for html in base.rglob("index.html")
            if root or html.relative_to(base).parts[0] != "en"}


def test_every_chinese_page_has_its_english_twin_and_back(built_site):
    chinese, english = pages(built_site, ""), pages(built_site, "en")

    assert len(chinese) > 1000
    assert sorted(chinese ^ english) == []
    for root in ("about", "downloads", ".", "province", "facts", "methodology", "notes", "embed",
                 "methodology/county_industrial", "methodology/index-engine", "methodology/adding-an-edition",
                 "embed/region-320583", "embed/home-provinces"):
        assert root in english, root


@pytest.mark.parametrize(("page", "twin", "lang"), [
    (KUNSHAN, f"en/{KUNSHAN}", "en"),
    (f"en/{KUNSHAN}", KUNSHAN, "zh"),
    ("lists/county_industrial/2024", "en/lists/county_industrial/2024", "en"),
    ("en/province/320000-jiangsu", "province/320000-jiangsu", "zh"),
    ("", "en", "en"),
    ("en", "", "zh"),
])
def test_the_switcher_and_hreflang_link_the_same_page_in_the_other_language(built_site, page, twin, lang):
    html = (built_site / page / "index.html").read_text(encoding="utf-8")
    switch = re.search(r'<a class="md-header__button bq-lang" href="([^"]+)" hreflang="([a-z]+)"', html)

    assert switch and switch[2] == lang
    target = (built_site / page / switch[1]).resolve()
    assert target == (built_site / twin).resolve() and (target / "index.html").is_file()
    hreflang = dict(re.findall(r'<link rel="alternate" hreflang="([a-z]+)" href="([^"]+)"', html))
    own = "zh" if lang == "en" else "en"
    assert hreflang[lang].endswith(f"/{twin}/".replace("//", "/")), hreflang
    assert hreflang[own].endswith(f"/{page}/".replace("//", "/")), hreflang
    assert f'<html lang="{own}"' in html


def test_the_index_engine_page_switches_to_its_english_twin(built_site):
    html = (built_site / "methodology" / "index-engine" / "index.html").read_text(encoding="utf-8")

    assert 'class="md-header__button bq-lang" href="../../en/methodology/index-engine/"' in html
    assert 'hreflang="en" href="https://baiqiang-open-data.github.io/en/methodology/index-engine/"' in html


def test_english_charts_are_in_english_and_their_pages_show_them(built_site):
    svg = (built_site / "en" / "charts" / "region" / "region-320583.svg").read_text(encoding="utf-8")
    page = (built_site / "en" / KUNSHAN / "index.html").read_text(encoding="utf-8")
    tiles = (built_site / "en" / "charts" / "edition" / "edition-county_industrial-2024-tiles.svg").read_text(
        encoding="utf-8")

    assert "<title>Kunshan: " in svg and not CJK.search(svg)
    assert '<img src="../../charts/region/region-320583.svg" alt="Kunshan in the Top 100' in page
    assert ">JS</text>" in tiles and "Jiangsu 2" in tiles and not CJK.search(tiles)
    for group in ("region", "edition", "list", "province", "home"):
        files = sorted((built_site / "en" / "charts" / group).glob("*.svg"))
        assert files, group
        for path in files:
            assert not CJK.search(path.read_text(encoding="utf-8")), path.name
            assert path.with_suffix(".png").is_file() and path.with_suffix(".csv").is_file(), path.name


def test_an_english_embed_page_is_english_and_links_the_english_page(built_site):
    html = (built_site / "en" / "embed" / "region-320583" / "index.html").read_text(encoding="utf-8")

    assert '<html lang="en">' in html
    assert 'href="https://baiqiang-open-data.github.io/en/county/320583-kunshan/"' in html
    assert 'src="../../charts/region/region-320583.svg"' in html
    assert "Embed code" in html and not CJK.search(html)


def test_no_english_page_shows_chinese_outside_names_titles_and_quotes(built_site):
    bad = {}
    english = sorted((built_site / "en").rglob("*.html"))
    for path in english:
        scan = _ChineseOutsideNames()
        scan.feed(path.read_text(encoding="utf-8"))
        if scan.found:
            bad[str(path.relative_to(built_site))] = scan.found[:3]

    assert len(english) > 450
    assert bad == {}


def test_the_checker_finds_chinese_outside_a_name():
    scan = _ChineseOutsideNames()
    scan.feed('<html><head><title>Kunshan 昆山市 - X</title></head><body><p>Kunshan 昆山市</p>'
              '<p><span lang="zh">昆山市</span> is 第一</p><pre class="bq-cite"><code>报告</code></pre>'
              '<select aria-label="按省份筛选"></select></body></html>')

    assert scan.found == ["is 第一", "select@aria-label: 按省份筛选"]


def test_the_english_region_page_names_the_place_in_pinyin_kind_and_province_in_english(built_site):
    html = (built_site / "en" / KUNSHAN / "index.html").read_text(encoding="utf-8")

    assert re.search(r'<h1[^>]*>Kunshan <span lang="zh">昆山市</span>', html)
    assert "County-level city" in html and 'Jiangsu <span lang="zh">江苏省</span>' in html
    assert "Top 100 industrial counties" in html and "No. 1" in html


def test_the_english_column_tables_give_each_columns_english_title_beside_the_chinese(built_site):
    html = (built_site / "en" / "methodology" / "index.html").read_text(encoding="utf-8")

    assert '<td>Division code <span lang="zh">区划代码</span></td>' in html
    assert '<td>First in province (★) <span lang="zh">省内第一（★）</span></td>' in html


def test_the_english_pages_downloads_are_the_chinese_pages_files(built_site):
    for page in (KUNSHAN, "lists/county_industrial/2024", "province/320000-jiangsu"):
        html = (built_site / "en" / page / "index.html").read_text(encoding="utf-8")
        links = [link for link in re.findall(r'<a href="([^"]+\.(?:csv|xlsx|json))">', html)
                 if "/charts/" not in link]  # the charts' data and specs are the English charts'
        assert len(links) == 5, page
        for link in links:
            assert (built_site / "en" / page / link).resolve().is_file(), link


def test_the_english_place_index_finds_places_by_pinyin_province_and_kind(built_site):
    index = json.loads((built_site / "en/assets/generated/places.json").read_text(encoding="utf-8"))
    kunshan = next(p for p in index["places"] if p["c"][0] == "320583")

    assert index["labels"]["places"] == "Places"
    assert kunshan["n"] == "Kunshan 昆山市" and kunshan["p"] == "kunshan"
    keys = {"kunshanjiangsu", "kunshancountylevelcity", "jiangsukunshan", "kunshansuzhou"}
    assert keys <= set(kunshan["k"])
    assert kunshan["d"] == "county-level city · Jiangsu · Suzhou"
    chinese = json.loads((built_site / "assets/generated/places.json").read_text(encoding="utf-8"))
    assert chinese["labels"]["places"] == "地区" and len(chinese["places"]) == len(index["places"])


def test_the_english_search_index_stays_under_its_budget_and_holds_english_pages(built_site):
    path = built_site / "en/search/search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))

    assert path.stat().st_size < MAX_INDEX_BYTES
    assert index["config"]["lang"] == ["en"]
    assert any(d["location"] == f"{KUNSHAN}/" for d in index["docs"])


def test_every_former_code_redirects_in_english_too(built_site):
    def redirects(root: Path) -> set[str]:
        return {p.parent.relative_to(root).as_posix() for kind in ("county", "district", "prefecture")
                for p in (root / kind).rglob("index.html") if "http-equiv" in p.read_text(encoding="utf-8")}

    chinese, english = redirects(built_site), redirects(built_site / "en")
    assert len(chinese) > 10 and chinese == english
    haimen = (built_site / "en/county/320684-haimen/index.html").read_text(encoding="utf-8")
    assert 'url=../../district/320614-haimen/' in haimen and '<html lang="en">' in haimen
    assert (built_site / "en/county/320684-haimen" / "../../district/320614-haimen/index.html").is_file()


def test_the_english_facts_state_each_figure_in_english_beside_its_chinese_quote(built_site):
    page = (built_site / "en/facts/advanced_mfg_clusters/index.html").read_text(encoding="utf-8")
    row = re.search(r"<tr><td><a href=\"../../prefecture/440300-shenzhen/\">Shenzhen .*?</tr>", page)

    assert row and "<td>4</td>" in row[0] and '<span lang="zh">“深圳' in row[0]
    assert "evaluation of high-quality development of urban manufacturing (2023)" in row[0]
    kunshan = (built_site / "en" / KUNSHAN / "index.html").read_text(encoding="utf-8")
    assert 'href="../../facts/' in kunshan and "In the reports' text" in kunshan


def test_the_english_notes_hold_every_checked_statement_at_the_chinese_anchors(built_site):
    chinese = (built_site / "notes/index.html").read_text(encoding="utf-8")
    english = (built_site / "en/notes/index.html").read_text(encoding="utf-8")
    anchors = set(re.findall(r'id="(k[0-9]{4}-[0-9]+)"', chinese))

    assert len(anchors) > 1000
    assert anchors == set(re.findall(r'id="(k[0-9]{4}-[0-9]+)"', english))
    assert english.count('class="bq-claim ') == english.count("the check, in Chinese")
    assert "Does not agree" in english and "Depends on the reading" in english
    link = re.search(r'<a href="(\.\./\.\./notes/#k[0-9]{4}-[0-9]+)">the check, in Chinese</a>', english)
    assert link and f'id="{link[1].rsplit("#", 1)[1]}"' in chinese


def test_the_english_region_page_lists_the_statements_about_the_place_with_their_checks(built_site):
    page = (built_site / "en" / KUNSHAN / "index.html").read_text(encoding="utf-8")
    notes = (built_site / "en" / "notes" / "index.html").read_text(encoding="utf-8")
    chinese = (built_site / KUNSHAN / "index.html").read_text(encoding="utf-8")

    item = r'<li>[✓✗◐] [A-Z][a-z ]+ · 20\d\d report: <a href="../../notes/#([a-z0-9-]+)">'
    anchors = re.findall(item, page)
    assert len(anchors) >= 5
    assert all(f'id="{anchor}"' in notes for anchor in anchors)
    assert sorted(anchors) == sorted(set(re.findall(r'notes/#([a-z0-9-]+)"', chinese)))  # the Chinese page's


def test_every_english_notes_entry_states_what_each_check_found(built_site):
    html = (built_site / "en" / "notes" / "index.html").read_text(encoding="utf-8")
    entries = re.findall(r'<div class="bq-claim bq-claim--([a-z_]+)"[^>]*>(.*?)</div>', html, re.DOTALL)
    checks = re.compile(r'<p class="bq-claim__checks">Checked \(stated in the text → found\): (.*?)\.</p>')

    assert len(entries) > 700
    # A quoted cell is named in English; a check of prose says what it counts or compares.
    assert ("Table 9, Central, 2019: ✗ 12 → 9; sum of the figures the text gives, 12 + 1: ✓ 13 → 13 (how the "
            "check reads it: Line 954: the Central region has 12, down 1 on the year before; the 2018 column "
            "of Table 9 gives 13).") in html
    # What a check found with the figures it is worked out from, per reading with its English label.
    assert "share of places of Jiangsu, Shandong, Hunan ranked 7–30: ✓ 66.7% → 66.7% (16 of 24)" in html
    assert ("share of places of Jiangsu marked ↑: ◐ 超过半数 → reading 1 ✗ 50.0% (5 of 10) / reading 2 ✓ "
            "60.0% (6 of 10)") in re.sub(r"<[^>]+>", "", html)
    assert ('The words can be read more than one way: <strong>reading 1</strong>: &quot;70%&quot; is an '
            "exact") in html
    assert "个名称" not in html and "未入榜" not in html
    assert "places of Central China in the whole list: ✗ 12 → 9." in html
    assert "places of Jiangsu, Shandong, Zhejiang in the whole list: " in html
    assert len(re.findall(r"(?:Table|Figure) \d+, [A-Z][A-Za-z ]+, ranks \d+–\d+: [✓✗◐]", html)) > 300
    for verdict, body in entries:
        found = checks.search(body)
        assert found, body[:200]
        marks = re.findall(r"(?:^|; |: )([✓✗◐]) ", found[1])
        assert marks and ("✗" in marks) == (verdict == "disagrees"), (verdict, found[1][:200])
