"""Tests for build_scripts.embeds: chart-only pages, their iframe snippet and links."""

from __future__ import annotations

import html

import pytest
from minimal_package import VALID, build_minimal_site_data

from build_scripts.contexts import ChartFiles
from build_scripts.embeds import build_embed_context, compute_chart_page, write_embed_pages
from build_scripts.render import build_environment
from scoring.package import load_package

SITE_URL = "https://example.org/"


def _chart(name: str, group: str) -> ChartFiles:
    base = f"charts/{group}/{name}"
    return ChartFiles(name=name, title=f"{name} 标题 <b>", description="说明 & 描述", svg=base + ".svg",
                      spec=base + ".vl.json", data=base + ".csv")


@pytest.fixture(scope="module")
def data():
    charts = {c.name: c for c in (
        _chart("region-320583", "region"),
        _chart("edition-county_industrial-2019-provinces", "edition"),
        _chart("list-county_industrial-blocs", "list"),
        _chart("home-provinces", "home"),
    )}
    return build_minimal_site_data(load_package(VALID), SITE_URL, charts)


def test_compute_chart_page_maps_each_chart_to_the_page_that_shows_it(data):
    assert compute_chart_page(data, "region-320583") == "county/320583-kunshan/index.md"
    assert compute_chart_page(data, "edition-county_industrial-2019-provinces") == \
        "lists/county_industrial/2019/index.md"
    assert compute_chart_page(data, "list-county_industrial-blocs") == "lists/county_industrial/index.md"
    assert compute_chart_page(data, "home-provinces") == "index.md"


def test_embed_context_links_files_relative_to_the_embed_page_and_urls_absolute(data):
    context = build_embed_context(data, "region-320583")
    assert context.path == "embed/region-320583/index.html"
    assert context.svg == "../../charts/region/region-320583.svg"
    assert context.csv == "../../charts/region/region-320583.csv"
    assert context.page_href == "../../county/320583-kunshan/"
    assert context.page_url == SITE_URL + "county/320583-kunshan/"
    assert context.embed_url == SITE_URL + "embed/region-320583/"


def test_iframe_snippet_loads_the_embed_page_and_escapes_the_title(data):
    snippet = build_embed_context(data, "region-320583").snippet
    assert snippet.startswith(f'<iframe src="{SITE_URL}embed/region-320583/"')
    assert 'title="region-320583 标题 &lt;b&gt;"' in snippet
    assert 'height="320"' in snippet and " data-bq-embed></iframe><script>" in snippet  # region chart
    assert snippet.endswith("</script>") and "bq-embed-height" in snippet


def test_home_chart_links_back_to_the_site_root(data):
    context = build_embed_context(data, "home-provinces")
    assert context.page_href == "../../"
    assert context.page_url == SITE_URL


def test_write_embed_pages_writes_one_plain_html_page_per_chart_and_an_index(data, tmp_path):
    count = write_embed_pages(build_environment(), data, tmp_path)
    assert count == len(data.charts) + 1
    page = (tmp_path / "embed" / "region-320583" / "index.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert 'name="robots" content="noindex"' in page
    assert '<img src="../../charts/region/region-320583.svg" alt="说明 &amp; 描述">' in page
    assert html.escape(build_embed_context(data, "region-320583").snippet) in page
    assert "<b>" not in page  # data strings are escaped
    index = (tmp_path / "embed" / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{name}/"' in index for name in data.charts)


def test_embed_pages_carry_a_description_and_their_own_canonical_url(data, tmp_path):
    write_embed_pages(build_environment(), data, tmp_path)
    page = (tmp_path / "embed" / "region-320583" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SITE_URL}embed/region-320583/">' in page
    assert '<meta name="description" content="说明 &amp; 描述">' in page
    index = (tmp_path / "embed" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SITE_URL}embed/">' in index
