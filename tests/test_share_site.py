"""The built site's downloads, JSON interface, social meta, footer and sitemap (issue 6).

All tests read the session's `built_site` (the real data built by the pipeline into tmp).
"""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from frictionless import validate
from PIL import Image

from build_scripts import paths
from scoring.package import load_package
from scoring.territory import select_identity_changes

KUNSHAN = "county/320583-kunshan"


class _Head(HTMLParser):
    """Collect <meta property|name=… content=…> and <link rel=… href=…> of a page."""

    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and "content" in a:
            self.meta[a.get("property") or a.get("name") or ""] = a["content"]
        if tag == "link" and "rel" in a:
            self.links[a["rel"]] = a.get("href", "")


def _head(path: Path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def package():
    return load_package(paths.DATAPACKAGE)


@pytest.fixture(scope="module")
def site_url(built_site) -> str:
    return _head(built_site / "index.html").links["canonical"]


# --- Open Graph / Twitter -----------------------------------------------------------------------------

def test_region_page_head_has_open_graph_twitter_and_canonical(built_site, site_url):
    head = _head(built_site / KUNSHAN / "index.html")
    # The preview names the place and its latest ranks (issue 16).
    assert head.meta["og:title"] == "昆山市：2024 工业百强县（市）第 1 名；2024 创新百强县（市）第 1 名"
    assert "昆山市" in head.meta["og:description"] and "第" in head.meta["og:description"]
    assert head.links["canonical"] == f"{site_url}{KUNSHAN}/"
    assert head.meta["og:url"] == head.links["canonical"]
    assert head.meta["twitter:card"] == "summary_large_image"
    image = head.meta["og:image"]
    assert image == f"{site_url}assets/generated/social/{KUNSHAN}.png"
    assert head.meta["twitter:image"] == image
    png = built_site / image.removeprefix(site_url)
    with Image.open(png) as picture:
        assert picture.format == "PNG" and picture.size == (1200, 630)


def test_every_page_has_an_og_image_that_exists(built_site, site_url):
    pages = sorted(built_site.glob("**/index.html"))
    checked = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text or "<body" not in text or 'name="robots" content="noindex"' in text:
            continue  # redirect and embed pages are plain HTML
        image = _head(page).meta["og:image"]
        assert (built_site / image.removeprefix(site_url)).is_file(), page
        checked += 1
    assert checked > 400


# --- footer -------------------------------------------------------------------------------------------

def test_every_page_footer_states_licence_and_provenance_and_links_the_corrections(built_site):
    for page in (built_site / "index.html", built_site / KUNSHAN / "index.html",
                 built_site / "lists" / "county_industrial" / "2024" / "index.html"):
        text = page.read_text(encoding="utf-8")
        footer = text[text.index('class="md-copyright"'):]
        assert "中国信息通信研究院" in footer and "转录" in footer and "CC BY 4.0" in footer
        assert re.search(r'href="[./]*notes/"', footer)


# --- downloads ----------------------------------------------------------------------------------------

def test_every_resource_download_opens_and_matches_the_package(built_site, package):
    folder = built_site / "downloads"
    for resource in package.descriptor["resources"]:
        stem = resource["path"].removesuffix(".csv")
        frame = package[resource["name"]]
        csv = pd.read_csv(folder / f"{stem}.csv", dtype=str, keep_default_na=False)
        assert len(csv) == len(frame) and list(csv.columns) == list(frame.columns)
        excel = pd.read_csv(folder / f"{stem}-excel.csv", dtype=str, keep_default_na=False,
                            encoding="utf-8-sig")
        # The Excel twin guards text cells that Excel would run as a formula (OWASP CSV injection).
        text = [f["name"] for f in resource["schema"]["fields"] if f["type"] == "string"]
        guarded = csv.copy()
        for column in text:
            guarded[column] = guarded[column].map(lambda v: "'" + v if v[:1] in "=+-@\t\r" and v else v)
        pd.testing.assert_frame_equal(guarded, excel)
        sheet = openpyxl.load_workbook(folder / f"{stem}.xlsx", read_only=True).active
        assert sheet.max_row == len(frame) + 1
        records = json.loads((folder / f"{stem}.json").read_text(encoding="utf-8"))
        assert len(records) == len(frame) and list(records[0]) == list(frame.columns)


def test_zip_and_site_descriptor_validate_with_frictionless(built_site, package):
    folder = built_site / "downloads"
    assert validate(str(folder / f"{package.descriptor['name']}.zip")).valid
    site = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for resource in site["resources"]:
        data = (folder / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert resource["bytes"] == len(data)


def test_derived_package_downloads_exist_for_every_derived_resource(built_site):
    descriptor = built_site / "downloads" / "derived" / "datapackage.json"
    derived = json.loads(descriptor.read_text(encoding="utf-8"))
    assert {r["name"] for r in derived["resources"]} >= {"entries", "persistence", "province_counts"}
    for resource in derived["resources"]:
        stem = resource["path"].removesuffix(".csv")
        for suffix in (".csv", "-excel.csv", ".xlsx", ".json"):
            assert (built_site / "downloads" / "derived" / f"{stem}{suffix}").is_file()


def test_downloads_page_lists_every_file_it_links(built_site):
    text = (built_site / "downloads" / "index.html").read_text(encoding="utf-8")
    for name in ("datapackage.json", "SHA256SUMS", "data/rankings.csv", "data/rankings-excel.csv",
                 "data/rankings.xlsx", "data/rankings.json", "derived/data/entries.csv"):
        assert f'href="{name}"' in text, name


# --- JSON interface -----------------------------------------------------------------------------------

def test_region_api_document_matches_the_rankings(built_site, package):
    document = json.loads((built_site / "api" / "regions" / "320583.json").read_text(encoding="utf-8"))
    rankings = package["rankings"]
    own = rankings[rankings["region_code"] == "320583"]
    printed = {r["edition"]: r["printed_rank"] for r in document["rankings"]}
    assert printed == {row.edition: int(row.rank) for row in own.itertuples()}
    assert {e for e, r in document["ranks"].items() if r is not None} == set(own["edition"])
    assert set(document["ranks"]) == set(package["editions"]["edition"])
    assert document["name"] == "昆山市"


def test_list_api_documents_hold_every_row_of_their_edition(built_site, package):
    rankings = package["rankings"]
    for edition in package["editions"].itertuples():
        path = built_site / "api" / "lists" / edition.list / f"{edition.year}.json"
        rows = json.loads(path.read_text(encoding="utf-8"))["rows"]
        expected = rankings[rankings["edition"] == edition.edition]
        assert len(rows) == int(edition.size) == len(expected)
        # `rank` applies the recorded corrections; `printed_rank` is the rank as the report printed it.
        assert sorted((r["printed_rank"], r["region_code"]) for r in rows) == sorted(
            (int(r.rank), r.region_code) for r in expected.itertuples())


def test_former_codes_have_api_documents_pointing_to_the_current_place(built_site, package):
    changes = select_identity_changes(package["region_changes"])  # 区域调整 rows name no former code
    current = set(package["regions"]["code"])
    for change in changes.itertuples():
        if change.old_code in current:
            continue
        document = json.loads((built_site / "api" / "regions" / f"{change.old_code}.json").read_text(
            encoding="utf-8"))
        assert change.new_code in [r["code"] for r in document["replaced_by"]]


# --- each page links its own rows ---------------------------------------------------------------------

def test_list_and_region_pages_link_their_rows_as_csv_and_json(built_site):
    for page in (built_site / KUNSHAN, built_site / "lists" / "county_industrial" / "2024"):
        text = (page / "index.html").read_text(encoding="utf-8")
        assert 'href="rankings.csv"' in text and 'href="rankings.json"' in text
        assert (page / "rankings.csv").is_file() and (page / "rankings.json").is_file()
    rows = json.loads((built_site / KUNSHAN / "rankings.json").read_text(encoding="utf-8"))
    assert rows and {r["region_code"] for r in rows} == {"320583"}


# --- sitemap, embeds, print ---------------------------------------------------------------------------

def test_sitemap_lists_region_pages_but_no_redirect_or_embed_page(built_site, site_url, package):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    locations = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    assert f"{site_url}{KUNSHAN}/" in locations
    assert not any("/embed/" in loc for loc in locations)
    slugs = dict(zip(package["regions"]["code"], package["regions"]["slug"], strict=True))
    for change in select_identity_changes(package["region_changes"]).itertuples():
        redirects = [loc for loc in locations if f"/{change.old_code}-" in loc]
        assert redirects == [], redirects
        assert slugs[change.new_code]


def test_every_chart_has_an_embed_page_with_an_iframe_snippet(built_site, site_url):
    svgs = sorted((built_site / "charts").rglob("*.svg"))
    assert svgs
    for svg in svgs[:50]:
        page = built_site / "embed" / svg.stem / "index.html"
        text = page.read_text(encoding="utf-8")
        assert "&lt;iframe src=&#34;" in text or "&lt;iframe src=&quot;" in text
        assert f"{site_url}embed/{svg.stem}/" in text
        assert "../../charts/" in text


def test_region_page_loads_the_print_stylesheet(built_site):
    text = (built_site / KUNSHAN / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="[./]*assets/stylesheets/print\.css" media="print"', text)
    assert (built_site / "assets" / "stylesheets" / "print.css").is_file()


# --- print --------------------------------------------------------------------------------------------

def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.mark.browser
def test_region_pages_print_on_at_most_two_a4_pages(page, site_server, built_site):
    levels = ("county", "district", "prefecture")
    regions = [p for level in levels for p in (built_site / level).glob("*/index.html")]
    largest = max(regions, key=lambda p: p.stat().st_size).parent.relative_to(built_site).as_posix()
    urls = {f"{KUNSHAN}/", "prefecture/320500-suzhou/", largest + "/"}
    for url in sorted(urls):
        page.goto(f"{site_server}/{url}")
        pages = _pdf_pages(page.pdf(format="A4"))
        assert 1 <= pages <= 2, f"{url} prints on {pages} pages"
