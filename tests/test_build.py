"""End-to-end: generate the site from a fixture package into tmp_path, build it with MkDocs --strict,
twice, and compare; then check sample pages. Also renders hostile data strings through the templates."""

import filecmp
import html
from pathlib import Path

import markdown
import pytest
import yaml
from minimal_package import LISTS, VALID

from build_scripts import paths, pipeline
from build_scripts.contexts import build_region_context, build_site_data
from build_scripts.render import build_environment, render_page
from build_scripts.runtime import write_work_root
from scoring.derived import compute_derived
from scoring.lists import load_lists
from scoring.package import load_package
from scoring.params import load_params


def _build(root: Path) -> Path:
    where = write_work_root(root, VALID)
    config = yaml.safe_load(where.mkdocs_config.read_text(encoding="utf-8"))
    config["site_url"] = "https://example.org/"
    where.mkdocs_config.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    pipeline.run_site(where)
    return where.site


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    # MkDocs dates the sitemap with the build date unless SOURCE_DATE_EPOCH fixes it.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        one = _build(tmp_path_factory.mktemp("one") / "root")
        return one, _build(tmp_path_factory.mktemp("two") / "root")


def _differences(a: Path, b: Path) -> list[str]:
    comparison = filecmp.dircmp(a, b)
    found = [str(a / n) for n in comparison.left_only + comparison.right_only + comparison.diff_files]
    found += [str(a / n) for n in comparison.common_files if not filecmp.cmp(a / n, b / n, shallow=False)]
    for sub in comparison.common_dirs:
        found += _differences(a / sub, b / sub)
    return found


@pytest.mark.slow
def test_two_builds_are_byte_identical(sites):
    one, two = sites
    assert _differences(one, two) == []


@pytest.mark.slow
def test_region_page_shows_ranks_history_and_sources(sites):
    page = (sites[0] / "county" / "320583-kunshan" / "index.html").read_text(encoding="utf-8")
    assert "<h1" in page and "昆山市" in page
    assert "最新排名" in page and "排名变化" in page and "数据来源" in page and "如何引用" in page
    assert "https://example.org/county/320583-kunshan/" in page
    rows = (sites[0] / "county" / "320583-kunshan" / "rankings.csv").read_text(encoding="utf-8")
    assert rows.count("\n") == 3


@pytest.mark.slow
def test_renamed_place_has_redirect_from_old_url(sites):
    redirect = (sites[0] / "county" / "320684-haimen" / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' in redirect
    assert 'href="../../district/320614-haimen/"' in redirect
    assert 'rel="canonical" href="https://example.org/district/320614-haimen/"' in redirect
    current = (sites[0] / "district" / "320614-haimen" / "index.html").read_text(encoding="utf-8")
    assert "海门市" in current and "320684" in current


@pytest.mark.slow
def test_list_page_has_every_row_and_a_filterable_table(sites):
    page = (sites[0] / "lists" / "county_industrial" / "2021" / "index.html").read_text(encoding="utf-8")
    assert 'data-filter-column="2"' in page
    for name in ("昆山市", "常熟市", "张家港市", "长沙县", "仙桃市"):
        assert name in page
    assert "tables.js" in page


@pytest.mark.slow
def test_every_region_and_province_page_is_reachable_from_a_list_or_index(sites):
    site = sites[0]
    linked = set()
    for page in list((site / "lists").rglob("index.html")) + list((site / "province").rglob("index.html")):
        text = page.read_text(encoding="utf-8")
        for folder in ("county", "district", "prefecture", "province"):
            for target in (site / folder).glob("*/index.html"):
                if f"{folder}/{target.parent.name}/" in text:
                    linked.add(target)
    pages = {p for f in ("county", "district", "prefecture") for p in (site / f).glob("*/index.html")
             if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")}
    unreachable = {p for p in pages if p not in linked}
    assert unreachable == set()


def test_hostile_names_render_as_text(tmp_path):
    package = load_package(VALID)
    derived = compute_derived(package, load_params(paths.PARAMS), load_lists(paths.LISTS))
    hostile = '<script>alert(1)</script>|*x*{{ y }}[a](b)'
    regions = package["regions"]
    regions.loc[regions["code"] == "320581", "name"] = hostile
    tables = {**package.tables, "regions": regions}
    data = build_site_data(tables, derived, "https://example.org/", None, LISTS)
    text = render_page(build_environment(), "region.md.j2", build_region_context(data, "320583"))
    body = text.split("---", 2)[2]
    rendered = markdown.markdown(body, extensions=["tables", "attr_list", "md_in_html", "admonition"])
    assert "<script>" not in rendered
    assert html.escape("<script>alert(1)</script>") in rendered or "&lt;script&gt;" in rendered
    assert "{{ y }}" in rendered
    assert '<a href="b">' not in rendered
    front = yaml.safe_load(render_page(build_environment(), "region.md.j2",
                                       build_region_context(data, "320581")).split("---")[1])
    assert "<" not in front["title"]
