"""Facts on the built site (the session's `built_site`, built once from the real data package).

- The featured region pages show every fact about the place with its quote, report and line.
- The city list page shows the city report's top-10 tables and named lists, linked to each city.
- Each metric has a page whose CSV and JSON downloads are that metric's rows of facts.csv.
- The facts index is in the navigation and links every metric page.
"""

import html
import json
import re

import pandas as pd
import pytest

from build_scripts.formatting import format_source_lines
from build_scripts.paths import DATAPACKAGE
from scoring.package import load_package

FEATURED = ("440300", "330200", "320583", "320281", "430181")
CITY_FILE = "003_056a35d9438bd0d3.txt"
SUB_INDICES = ("city_index_scale_speed", "city_index_quality_efficiency", "city_index_innovation",
               "city_index_green", "city_index_digital", "city_index_enterprise")


@pytest.fixture(scope="module")
def package():
    return load_package(DATAPACKAGE)


@pytest.fixture(scope="module")
def facts(package):
    return package["facts"]


def _text(path):
    """The page's visible text: tags removed, entities decoded, whitespace collapsed."""
    raw = path.read_text(encoding="utf-8")
    body = raw[raw.index('<article class="md-content__inner'):]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def _norm(text):
    # A footnote mark the seed keeps as <sup>5</sup> is shown as the mark ⁵ (issue 16).
    marks = re.sub(r"<sup>\s*(\d+)\s*</sup>", lambda m: m.group(1).translate(str.maketrans(
        "0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")), text)
    return re.sub(r"\s+", " ", marks).strip()


def _region_page(built_site, package, code):
    region = package["regions"].set_index("code").loc[code]
    return built_site / region["level"] / region["slug"] / "index.html"


@pytest.mark.parametrize("code", FEATURED)
def test_region_page_shows_every_fact_with_quote_and_source(built_site, package, facts, code):
    mine = facts[facts["region_code"] == code]
    assert len(mine) > 0
    text = _text(_region_page(built_site, package, code))
    section = text[text.index("报告中的数据"):]
    for fact in mine.itertuples():
        assert f"“{_norm(fact.quote)}”" in section, fact.fact_id
        assert format_source_lines(fact.source_line, fact.source_line_end) in section, fact.fact_id
    for source in mine["source"].unique():
        assert source in section
    assert "转录说明" in section


def test_ningbo_page_states_its_283_little_giants(built_site, package):
    raw = _region_page(built_site, package, "330200").read_text(encoding="utf-8")
    text = _text(_region_page(built_site, package, "330200"))
    assert "截至 2022 年底，宁波累计培育国家级专精特新“小巨人”283 家" in text
    assert "283 家" in text
    assert 'href="../../facts/little_giants/"' in raw
    assert 'href="../../facts/#method"' in raw


def test_city_list_page_shows_the_report_tables_linked_to_cities(built_site, facts, package):
    page = built_site / "lists" / "city_manufacturing" / "2023" / "index.html"
    raw = page.read_text(encoding="utf-8")
    text = _text(page)
    assert "报告中的城市排行" in text
    city = facts[facts["source_file"] == CITY_FILE]
    tables = city[city["source_section"].str.startswith("表")]["source_section"].unique()
    assert len(tables) == 7  # 表4 工业经济首位度 and 表 5 to 表 10
    for title in tables:
        assert _norm(title) in text
    labels = package["metrics"].set_index("metric")["label_zh"]
    for metric in SUB_INDICES:
        assert labels[metric] in text
        assert f'href="../../../facts/{metric}/"' in raw
    # Table 9: 深圳市 first with 751 little giants, linked to its page, 2nd in the list itself.
    row = re.search(r"<tr>\s*<td[^>]*>1</td>\s*<td><a href=\"([^\"]+)\">深圳市</a></td>\s*"
                    r"<td>751 家</td>\s*<td[^>]*>(\d+)</td>", raw)
    assert row is not None
    assert row.group(1) == "../../../prefecture/440300-shenzhen/"
    assert row.group(2) == "2"


def test_metric_downloads_match_the_facts_rows(built_site, facts):
    metrics = sorted(facts["metric"].unique())
    assert len(list((built_site / "facts").glob("*/index.html"))) == len(metrics)
    source = pd.read_csv(DATAPACKAGE / "data" / "facts.csv")
    for metric in metrics:
        folder = built_site / "facts" / metric
        assert (folder / "index.html").exists()
        written = pd.read_csv(folder / f"{metric}.csv")
        expected = source[source["metric"] == metric]
        assert list(written.columns) == list(source.columns)
        pd.testing.assert_frame_equal(
            written.sort_values("fact_id").reset_index(drop=True),
            expected.sort_values("fact_id").reset_index(drop=True), check_dtype=False)
        rows = json.loads((folder / f"{metric}.json").read_text(encoding="utf-8"))
        assert [r["fact_id"] for r in rows] == list(written["fact_id"])


def test_little_giants_page_lists_every_fact_with_links(built_site, facts):
    page = built_site / "facts" / "little_giants" / "index.html"
    raw = page.read_text(encoding="utf-8")
    text = _text(page)
    for fact in facts[facts["metric"] == "little_giants"].itertuples():
        assert f"“{_norm(fact.quote)}”" in text
    assert 'href="../../prefecture/440300-shenzhen/"' in raw
    assert 'href="little_giants.csv"' in raw and 'href="little_giants.json"' in raw


def test_facts_index_is_in_the_nav_and_links_every_metric(built_site, facts):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="facts/"[^>]*>\s*(<span[^>]*>)?\s*报告数据', home)
    index = (built_site / "facts" / "index.html").read_text(encoding="utf-8")
    for metric in facts["metric"].unique():
        assert f'href="{metric}/"' in index
    assert 'id="method"' in index
