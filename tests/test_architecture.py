"""Architecture rules of STYLE.md: import directions, templates in use, navigation and page links."""

import ast
import re
from pathlib import Path

import pytest
import yaml

from build_scripts import paths
from build_scripts.contexts import build_site_data
from build_scripts.generate import build_nav_sections, compute_nav_pages
from scoring.derived import compute_derived
from scoring.lists import load_lists
from scoring.package import load_package
from scoring.params import load_params

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "build_scripts" / "templates"
# STYLE.md §2: scoring is a library and must not import the application layers.
SCORING_FORBIDDEN = {"jinja2", "altair", "vl_convert", "mkdocs", "build_scripts", "material", "curation",
                     "devtools", "mkdocs_plugin"}
# STYLE.md §2: build_scripts may import scoring, jinja2, altair, vl-convert and yaml (plus pandas/numpy
# for the DataFrames scoring returns). The output formats of the downloads and previews add the writers
# of those formats: frictionless (validating written packages), xlsxwriter (XLSX), PIL (PNG previews).
# The MkDocs stage runs MkDocs' own build in a child process it starts early (mkdocs_runner), with a
# Python-Markdown extension of its own (markdown_inline). The search box's place index spells pinyin
# initials with pypinyin, a pinned dependency the curation already uses (issue 16). Two writers are
# there for speed: orjson writes the indented JSON (json_text), zlib-ng deflates the cards' PNGs, and
# aggdraw draws the rank histories' PNGs (history_png).
BUILD_ALLOWED = {"scoring", "build_scripts", "jinja2", "altair", "vl_convert", "yaml", "pandas", "numpy",
                 "frictionless", "xlsxwriter", "PIL", "jieba", "mkdocs", "material", "markdown", "pypinyin",
                 "orjson", "zlib_ng", "aggdraw"}
# Curation tools (curation/) are the one place that reads seeds and writes datapackage/; the build
# reads what they wrote and never imports them, but for the command line's import-edition dispatch.
CURATION_DISPATCH = {ROOT / "build_scripts" / "__main__.py"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def _stdlib() -> set[str]:
    import sys
    return set(sys.stdlib_module_names) | {"__future__"}


def _modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", _modules("scoring"), ids=lambda p: p.name)
def test_scoring_imports_no_application_layer(path):
    assert _imports(path) & SCORING_FORBIDDEN == set()


@pytest.mark.parametrize("path", _modules("build_scripts"), ids=lambda p: str(p.relative_to(ROOT)))
def test_build_scripts_import_only_allowed_packages(path):
    allowed = BUILD_ALLOWED | ({"curation"} if path in CURATION_DISPATCH else set())
    assert _imports(path) - _stdlib() - allowed == set()


@pytest.mark.parametrize("path", _modules("build_scripts"), ids=lambda p: str(p.relative_to(ROOT)))
def test_build_scripts_never_read_the_data_package_directly(path):
    text = path.read_text(encoding="utf-8")
    assert "datapackage/data" not in text
    assert not re.search(r"read_csv\([^)]*DATAPACKAGE", text)


# The code that runs inside MkDocs (mkdocs_plugin/) reads only what the build wrote, with MkDocs'
# own dependencies: it imports neither the build nor the library.
PLUGIN_ALLOWED = {"mkdocs_plugin", "mkdocs", "markdown", "yaml"}


@pytest.mark.parametrize("path", _modules("mkdocs_plugin"), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_mkdocs_plugin_imports_only_mkdocs_and_itself(path):
    assert _imports(path) - _stdlib() - PLUGIN_ALLOWED == set()


def test_no_other_package_imports_the_mkdocs_plugin():
    for folder in ("scoring", "build_scripts", "curation", "devtools"):
        assert not [p for p in _modules(folder) if "mkdocs_plugin" in _imports(p)], folder


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    return found | {node.module for node in ast.walk(tree)
                    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module}


def test_the_build_machinery_is_used_through_one_module():
    """Workers, the MkDocs child, the build folders: code outside build_scripts/runtime/ imports
    `build_scripts.runtime`, never its submodules."""
    runtime = ROOT / "build_scripts" / "runtime"
    for folder in ("build_scripts", "devtools", "curation", "scoring", "mkdocs_plugin"):
        for path in _modules(folder):
            if runtime not in path.parents:
                inner = [m for m in _imported_modules(path) if m.startswith("build_scripts.runtime.")]
                assert inner == [], path


# The curation tools may read the build's locations and fonts folder, nothing else of it.
CURATION_FROM_BUILD = {"build_scripts", "build_scripts.paths", "build_scripts.fonts"}


@pytest.mark.parametrize("path", _modules("curation"), ids=lambda p: str(p.relative_to(ROOT)))
def test_curation_uses_only_the_builds_locations(path):
    from_build = {m for m in _imported_modules(path) if m.split(".")[0] == "build_scripts"}
    assert from_build <= CURATION_FROM_BUILD
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"from build_scripts import (?!paths\b|fonts\b)", text)


def test_nothing_but_the_tests_imports_the_developer_tools():
    for folder in ("scoring", "build_scripts", "curation", "mkdocs_plugin"):
        assert not [p for p in _modules(folder) if "devtools" in _imports(p)], folder


def test_every_template_is_used():
    code = "\n".join(p.read_text(encoding="utf-8") for p in _modules("build_scripts"))
    templates = "\n".join(p.read_text(encoding="utf-8") for p in TEMPLATES.glob("*.j2"))
    used = code + templates
    unused = [t.name for t in TEMPLATES.glob("*.j2") if f'"{t.name}"' not in used]
    assert unused == []


def test_contexts_are_frozen_dataclasses():
    import dataclasses
    import inspect

    from build_scripts import contexts
    from build_scripts.contexts import facts, lists, pages, province, region, sources
    for module in (facts, lists, pages, province, region, sources, contexts.sitedata):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if dataclasses.is_dataclass(cls) and cls.__module__ == module.__name__:
                assert cls.__dataclass_params__.frozen, cls.__name__


@pytest.fixture(scope="module")
def mkdocs_config():
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


def _nav_files(nav) -> list[str]:
    files = []
    for entry in nav:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        files += _nav_files(value) if isinstance(value, list) else [value]
    return files


def test_nav_lists_every_edition_of_the_data_package(mkdocs_config):
    package = load_package(ROOT / "datapackage")
    lists_config = load_lists(paths.LISTS)
    derived = compute_derived(package, load_params(ROOT / "config" / "params.yml"), lists_config)
    methodology = [c for c in lists_config.codes if (ROOT / "docs" / "methodology" / f"{c}.md").is_file()]
    data = build_site_data(package.tables, derived, mkdocs_config["site_url"], None, lists_config,
                           methodology)
    # mkdocs.yml holds only the markers; the nav hook puts there what build_nav_sections returns.
    assert {"榜单": ["@lists"]} in mkdocs_config["nav"]
    assert any(isinstance(p, dict) and "baiqiang" in p for p in mkdocs_config["plugins"])
    sections = build_nav_sections(data)
    lists = _nav_files(sections["lists"])
    assert sorted(lists) == sorted(compute_nav_pages(data))
    assert len(lists) == len(package["editions"]) + package["editions"]["list"].nunique()
    county = sections["lists"][0]["工业百强县（市）"]
    newest = int(package["editions"].query("list == 'county_industrial'")["year"].max())  # newest first
    assert county[:2] == ["lists/county_industrial/index.md",
                          {f"{newest} 年": f"lists/county_industrial/{newest}/index.md"}]
    assert _nav_files(sections["methodology"]) == [f"methodology/{c}.md" for c in methodology]


def test_nav_plugin_splices_the_generated_entries(tmp_path, mkdocs_config):
    from mkdocs_plugin.plugin import BaiqiangPlugin

    plugin = BaiqiangPlugin()
    plugin.load_config({"nav": "build/nav.yml"})
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "nav.yml").write_text(yaml.safe_dump(
        {"lists": [{"甲": ["lists/a/index.md"]}], "methodology": [{"甲": "methodology/a.md"}],
         "list_names": "甲"}, allow_unicode=True), encoding="utf-8")
    config = {"config_file_path": str(tmp_path / "mkdocs.yml"), "nav": mkdocs_config["nav"], "extra": {},
              "site_description": mkdocs_config["site_description"]}
    config = plugin.on_config(config)
    assert config["site_description"] == "中国信通院甲榜单的开放数据"
    assert config["extra"]["bq_lists"] == [{"title": "甲", "url": "lists/a/"}]
    nav = config["nav"]
    assert {"榜单": [{"甲": ["lists/a/index.md"]}]} in nav
    methods = next(e["方法"] for e in nav if isinstance(e, dict) and "方法" in e)
    assert methods[:2] == ["methodology/index.md", {"甲": "methodology/a.md"}]
    assert "@" not in str(nav)


def test_nav_holds_no_region_pages_and_they_are_not_in_nav(mkdocs_config):
    nav = _nav_files(mkdocs_config["nav"])
    assert not [f for f in nav if f.split("/")[0] in ("county", "district", "prefecture")]
    assert [f for f in nav if f.startswith("province/")] == ["province/index.md"]
    not_in_nav = mkdocs_config["not_in_nav"].split()
    assert {"/county/", "/district/", "/prefecture/", "/province/*/"} <= set(not_in_nav)


def test_nav_hand_written_pages_exist(mkdocs_config):
    generated = ("lists/", "province/", "facts/")
    missing = [f for f in _nav_files(mkdocs_config["nav"])
               if not f.startswith(generated) and not f.startswith("@") and not (ROOT / "docs" / f).exists()]
    assert missing == []


def test_search_keeps_the_jieba_separator(mkdocs_config):
    search = next(p["search"] for p in mkdocs_config["plugins"] if isinstance(p, dict) and "search" in p)
    assert "\\u200b" in search["separator"]
