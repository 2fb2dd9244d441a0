"""End-to-end: generate the site from a fixture package into tmp_path, build it with MkDocs --strict,
twice, and compare; then check sample pages. Also renders hostile data strings through the templates."""

import filecmp
import html
import os
import shutil
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
import yaml

from build_scripts.contexts import build_region_context, build_site_data
from build_scripts.generate import compute_nav_pages, write_site
from build_scripts.render import build_environment, render_page
from build_scripts.site_charts import write_site_charts
from scoring.derived import compute_derived
from scoring.package import load_package
from scoring.params import load_params

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "data" / "valid-minimal"
GENERATED = ("county", "district", "prefecture", "province", "lists", "charts", "embed", "api", "downloads",
             "generated", "assets/generated")


def _copy_project(target: Path, nav_pages: tuple[str, ...]) -> None:
    shutil.copytree(ROOT / "site_overrides", target / "site_overrides")
    def skip_generated(folder, names):
        return [n for n in names if Path(folder) == ROOT / "docs" and n in GENERATED]

    shutil.copytree(ROOT / "docs", target / "docs", dirs_exist_ok=True, ignore=skip_generated)
    if (ROOT / "docs" / "assets").exists():
        shutil.rmtree(target / "docs" / "assets" / "generated", ignore_errors=True)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    # The fixture holds fewer editions than the real package: point the list section at its pages.
    config["nav"] = [entry if "榜单" not in entry else {"榜单": list(nav_pages)} for entry in config["nav"]]
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")


def _build(target: Path) -> Path:
    package = load_package(FIXTURE)
    derived = compute_derived(package, load_params(ROOT / "build_scripts" / "params.yml"))
    docs = target / "docs"
    charts = write_site_charts(package.tables, derived, docs, workers=1)
    data = build_site_data(package.tables, derived, "https://example.org/", charts)
    _copy_project(target, compute_nav_pages(data))
    write_site(build_environment(), data, package.descriptor, docs)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"],
                            cwd=target, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return target / "site"


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("one")), _build(tmp_path_factory.mktemp("two"))


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
    unreachable = {p for p in pages if p not in linked and "prefecture" not in str(p)}
    assert unreachable == set()


def test_hostile_names_render_as_text(tmp_path):
    package = load_package(FIXTURE)
    derived = compute_derived(package, load_params(ROOT / "build_scripts" / "params.yml"))
    hostile = '<script>alert(1)</script>|*x*{{ y }}[a](b)'
    regions = package["regions"]
    regions.loc[regions["code"] == "320581", "name"] = hostile
    tables = {**package.tables, "regions": regions}
    data = build_site_data(tables, derived, "https://example.org/")
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
