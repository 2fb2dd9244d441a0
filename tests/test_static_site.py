"""Static checks over the built site: links, loaded files, external hosts, one page per place, heads.

All tests read the session's `built_site` (the real data built by the pipeline into tmp).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from sitescan import css_urls, is_external, resolve, scan_site

from build_scripts import paths
from scoring.package import load_package

# A URL literal in JavaScript: a quote or backtick immediately followed by http(s):// or //host.tld.
JS_URL_LITERAL = re.compile(r"""["'`]((?:https?:)?//[A-Za-z0-9-]+\.[A-Za-z0-9.-]+[^"'`\s]*)""")
LOCAL_ANCHORS = {"", "top"}


@pytest.fixture(scope="module")
def scans(built_site):
    return scan_site(built_site)


@pytest.fixture(scope="module")
def site_url() -> str:
    config = yaml.load(paths.MKDOCS_CONFIG.read_text(encoding="utf-8"), Loader=_IgnoreTags)
    return config["site_url"]


class _IgnoreTags(yaml.SafeLoader):
    pass


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


def _site_file(site: Path, target: str) -> str | None:
    """Return the file a server answers for `target` (a folder answers with its index.html)."""
    if (site / target).is_file():
        return target
    if (site / target).is_dir() and (site / target / "index.html").is_file():
        return f"{target.rstrip('/')}/index.html"
    return None


def test_site_holds_the_pages_of_every_kind(scans):
    kinds = {path.split("/")[0] for path in scans if "/" in path}

    assert {"county", "district", "prefecture", "province", "lists", "methodology", "notes"} <= kinds
    assert len(scans) > 400


def test_every_internal_link_and_anchor_resolves(built_site, scans, site_url):
    broken = []
    for path, scan in scans.items():
        for tag, reference in scan.links:
            if reference.startswith(("mailto:", "tel:")):
                continue
            target, fragment = resolve(path, reference, site_url)
            if target is None:
                continue
            found = _site_file(built_site, target)
            if found is None:
                broken.append(f"{path}: <{tag}> {reference} -> {target} missing")
            elif fragment and found.endswith(".html") and fragment not in LOCAL_ANCHORS \
                    and fragment not in scans[found].ids:
                broken.append(f"{path}: <{tag}> {reference} -> no id {fragment!r} in {found}")

    assert broken == []


def test_every_file_a_page_loads_exists(built_site, scans, site_url):
    missing = []
    for path, scan in scans.items():
        for tag, reference in scan.resources + [("css", url) for url in scan.css_urls]:
            if reference.startswith("data:") or reference.startswith("#"):
                continue
            target, _ = resolve(path, reference, site_url)
            if target is not None and _site_file(built_site, target) is None:
                missing.append(f"{path}: <{tag}> {reference}")
    for sheet in built_site.rglob("*.css"):
        path = sheet.relative_to(built_site).as_posix()
        for url in css_urls(sheet.read_text(encoding="utf-8")):
            target, _ = resolve(path, url, site_url)
            if not url.startswith("data:") and target is not None and _site_file(built_site, target) is None:
                missing.append(f"{path}: url({url})")

    assert missing == []


def test_no_html_or_css_loads_a_resource_from_another_host(built_site, scans):
    external = [f"{path}: <{tag}> {reference}" for path, scan in scans.items()
                for tag, reference in scan.resources + [("css", url) for url in scan.css_urls]
                if is_external(reference)]
    for sheet in built_site.rglob("*.css"):
        external += [f"{sheet.relative_to(built_site)}: url({url})"
                     for url in css_urls(sheet.read_text(encoding="utf-8")) if is_external(url)]
    for image in built_site.rglob("*.svg"):
        text = image.read_text(encoding="utf-8")
        external += [f"{image.relative_to(built_site)}: {m.group(0)}"
                     for m in re.finditer(r"""(?:href|src)\s*=\s*["']((?:https?:)?//[^"']+)""", text)]
        external += [f"{image.relative_to(built_site)}: url({url})"
                     for url in css_urls(text) if is_external(url)]

    assert external == []


def test_no_script_names_another_host(built_site):
    # Material's bundle loads a polyfill and Mermaid from unpkg.com and repository facts from
    # api.github.com under conditions; the build replaces those URLs (mkdocs_plugin.offline_scripts),
    # so no script a page loads can reach another host, under any condition.
    found = {}
    for script in built_site.rglob("*.js"):
        for match in JS_URL_LITERAL.finditer(script.read_text(encoding="utf-8")):
            found.setdefault(match.group(1), set()).add(script.relative_to(built_site).as_posix())
    # Inline scripts of every page too (the polyfill loader, the embed pages' height messages).
    inline = 0
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for body in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", text, re.S):
            inline += 1
            for match in JS_URL_LITERAL.finditer(body):
                found.setdefault(match.group(1), set()).add(page.relative_to(built_site).as_posix())
    scripts = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*.js")}
    assert inline > 0

    assert found == {}
    assert any(re.fullmatch(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js", f) for f in scripts)


def test_every_page_loads_the_polyfill_only_where_resize_observer_is_missing(built_site, scans):
    polyfill = "assets/javascripts/vendor/resize-observer-polyfill.js"
    assert (built_site / polyfill).is_file()
    for path in scans:
        head = (built_site / path).read_text(encoding="utf-8").split("</head>")[0]
        if "assets/javascripts/bundle." not in (built_site / path).read_text(encoding="utf-8"):
            continue  # redirect and embed pages load no theme script
        assert 'if(typeof ResizeObserver==="undefined")' in head, path
        assert "resize-observer-polyfill.js" in head, path


def test_no_page_needs_material_external_loaders(built_site, scans):
    config = yaml.load(paths.MKDOCS_CONFIG.read_text(encoding="utf-8"), Loader=_IgnoreTags)
    html = {path: (built_site / path).read_text(encoding="utf-8") for path in scans}
    mermaid_pages = [path for path, text in html.items() if re.search(r'class="[^"]*\bmermaid\b', text)]
    source_pages = [path for path, text in html.items() if 'data-md-component="source"' in text]

    assert "repo_url" not in config and "repo_name" not in config
    assert config["theme"].get("font") is False  # no Google Fonts stylesheet
    assert mermaid_pages == []
    assert source_pages == []


def _region_pages(scans) -> dict[str, list[str]]:
    pages: dict[str, list[str]] = {}
    for path, scan in scans.items():
        match = re.fullmatch(r"(county|district|prefecture)/([0-9]{6})-[a-z]+/index\.html", path)
        if match and scan.refresh is None:
            pages.setdefault(match.group(2), []).append(path)
    return pages


def test_every_ranked_region_has_exactly_one_page_at_its_level_and_slug(scans):
    package = load_package(paths.DATAPACKAGE)
    regions = package["regions"].set_index("code")
    ranked = sorted(set(package["rankings"]["region_code"]))
    pages = _region_pages(scans)

    wrong = {code: pages.get(code, []) for code in ranked
             if pages.get(code, []) != [f"{regions.at[code, 'level']}/{regions.at[code, 'slug']}/index.html"]}
    assert len(ranked) > 300
    assert wrong == {}


def test_no_region_has_two_pages(scans):
    assert {code: found for code, found in _region_pages(scans).items() if len(found) != 1} == {}


def test_every_page_has_title_description_canonical_and_lang_zh(scans, site_url):
    problems = []
    for path, scan in scans.items():
        # The English twin lives under en/ (issue 15).
        if scan.lang != ("en" if path.startswith("en/") else "zh"):
            problems.append(f"{path}: lang={scan.lang!r}")
        if not scan.title:
            problems.append(f"{path}: no title")
        if path in ("404.html", "en/404.html"):
            continue  # served at any missing URL, so it has no canonical address of its own
        if scan.refresh is None and not (scan.description or "").strip():
            # A redirect page has no content to describe (it is marked noindex); every other page does.
            problems.append(f"{path}: no meta description")
        own = site_url + path.removesuffix("index.html")
        if scan.canonical != own and not (scan.noindex and (scan.canonical or "").startswith(site_url)):
            # Only a noindex page (redirect, chart embed) may name another page of the site as canonical.
            problems.append(f"{path}: canonical {scan.canonical!r}, expected {own!r}")

    assert problems == []


def test_pages_with_another_canonical_are_noindex_and_not_in_the_sitemap(built_site, scans, site_url):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    elsewhere = [path for path, scan in scans.items()
                 if path not in ("404.html", "en/404.html")
                 and scan.canonical != site_url + path.removesuffix("index.html")]

    assert [path for path in elsewhere if not scans[path].noindex] == []
    assert [path for path in elsewhere
            if f"<loc>{site_url}{path.removesuffix('index.html')}</loc>" in sitemap] == []


def test_redirect_pages_point_at_an_existing_page(built_site, scans, site_url):
    redirects = {path: scan for path, scan in scans.items() if scan.refresh is not None}
    broken = []
    for path, scan in redirects.items():
        target, _ = resolve(path, scan.refresh.split("url=", 1)[1], site_url)
        found = target and _site_file(built_site, target)
        if not found or scans[found].refresh is not None:
            broken.append(f"{path} -> {target}")

    assert "county/320684-haimen/index.html" in redirects
    assert broken == []


def _primary_nav(html: str) -> str:
    start = html.index('<nav class="md-nav md-nav--primary')
    return html[start:html.index("md-sidebar--secondary", start)]


def test_pages_outside_the_navigation_show_it_unmarked_and_a_page_in_it_marks_itself(built_site):
    # Their navigation is rendered once per folder (mkdocs_plugin/nav_memo.py): it must be the same
    # for the pages of one folder, mark no page, and a page of the navigation must still mark itself.
    kunshan = (built_site / "county/320583-kunshan/index.html").read_text(encoding="utf-8")
    jiangyin = (built_site / "county/320281-jiangyin/index.html").read_text(encoding="utf-8")
    province = (built_site / "province/320000-jiangsu/index.html").read_text(encoding="utf-8")
    listed = (built_site / "lists/county_industrial/2024/index.html").read_text(encoding="utf-8")

    assert _primary_nav(kunshan) == _primary_nav(jiangyin)
    assert "--active" not in _primary_nav(kunshan) and "md-tabs__item--active" not in kunshan
    # The links are relative to the page: a province page links the province index in its own folder.
    assert 'href="../../province/"' in _primary_nav(kunshan) and 'href="../"' not in _primary_nav(kunshan)
    assert 'href="../"' in _primary_nav(province) and 'href="../../province/"' not in _primary_nav(province)
    assert "md-nav__link--active" in _primary_nav(listed) and "md-tabs__item--active" in listed
