"""The message catalogues (build_scripts/catalogues/<lang>.yml, issue 15): every key the code and the
templates use is in the catalogue of each language that uses it, the two agree on each message's
fields, the Chinese templates take their words from zh.yml instead of holding them, the data's
vocabularies (kinds, change kinds, provinces, movements) all have English words, and a broken
catalogue or a missing message fails with a message naming file and key.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from build_scripts.catalogue import Catalogue, compute_fields, load_catalogue
from build_scripts.paths import ROOT
from scoring.errors import RenderError
from scoring.package import load_package

# t("key" in templates, t.t("key" / catalogue.t("key" in code.
KEY_USE = re.compile(r"""\bt(?:\.t)?\(\s*["']([a-z_]+(?:\.[a-z_0-9]+)+)["']""")
# Any "pages.…" literal in a Chinese template, also a key chosen by a condition (t("a" if x else "b")).
PAGE_KEY = re.compile(r"""["'](pages(?:\.[a-z_0-9]+)+)["']""")
ENGLISH_SOURCES = (*sorted((ROOT / "build_scripts" / "english").glob("*.py")),
                   *sorted((ROOT / "build_scripts" / "templates" / "en").glob("*.j2")))
# Code and templates both languages run with their own catalogue: charts, embed pages, social cards.
SHARED_SOURCES = (*sorted((ROOT / "build_scripts" / "charts").glob("*.py")),
                  ROOT / "build_scripts" / "site_charts.py", ROOT / "build_scripts" / "social.py",
                  ROOT / "build_scripts" / "templates" / "embed.html.j2",
                  ROOT / "build_scripts" / "templates" / "embed_index.html.j2")
# Groups both sites read (theme words, the place index's labels, charts, embed pages, social cards,
# movements and qualifiers, with the same keys and fields). The charts'
# province labels are names, in Chinese the tile grid's short names (charts/tilegrid.py).
SHARED_GROUPS = ("theme.", "search.", "chart.", "embed.", "card.", "movement.", "arrow.", "qualifier.")
ENGLISH_ONLY = ("chart.tile_label.",)
# The Chinese pages' templates (templates/*.j2 outside en/, without the shared embed pages).
CHINESE_TEMPLATES = tuple(path for path in sorted((ROOT / "build_scripts" / "templates").glob("*.j2"))
                          if path not in SHARED_SOURCES)
# The Chinese page contexts, which take their sentences from zh.yml's `contexts.` group.
CHINESE_CONTEXTS = tuple(sorted((ROOT / "build_scripts" / "contexts").glob("*.py")))
# The Chinese pages' own sentences (templates: `pages.`, contexts: `contexts.`, the formatting
# filters: `format.`): the English pages have their own templates, contexts (build_scripts/english)
# and messages until both languages share them.
TEMPLATE_GROUP = "pages."
CHINESE_ONLY = (TEMPLATE_GROUP, "contexts.", "format.")
# Chinese characters, CJK punctuation (、《》) and full-width forms (，：（）), and a template's Jinja
# comments.
CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
# The Chinese the contexts' code may still hold: values of the data it compares with or parses, never
# shown as the page's own words.
CHINESE_DATA_KEYS = (
    ("fact_tables.py", "表"),  # a report section that is a table ("表 9 …") starts with it
    ("notes.py", r"([图表]\s*\d+)"),  # finds the table or figure ("图 20") a claim's section names
    ("notes.py", "图"),  # tells a figure's cell from a table's
    # splits a verdict's explanation into its readings
    ("notes.py", r"读法[一二三四五六七八九]（(.*?)）：(.*?)(?=；读法[一二三四五六七八九]（|$)"),
    # kinds of region_changes rows (pages.OLD_LEVEL_BY_KIND, territory.MERGE)
    ("pages.py", "撤县设区"), ("pages.py", "撤县设市"), ("pages.py", "撤市设区"), ("pages.py", "撤旗设区"),
    ("territory.py", "合并"),
    # a district's name ends with 区; its change kind starts with 撤 (compute_district_change_words)
    ("sitedata.py", "区"), ("sitedata.py", "撤"),
    # the blocs as the data names them (the charts' order; their words are chart.bloc.*)
    ("theme.py", "东部"), ("theme.py", "中部"), ("theme.py", "西部"), ("theme.py", "东北"),
    ("redirects.py", "合并"),  # the change kind of a merger
    ("region_related.py", "县市区旗"),  # the suffixes a former name loses before its pinyin is read
)
# The tile grid's province short names (charts/tilegrid.py): names, the Chinese charts' labels.
NAMES_MODULES = ("tilegrid.py",)


@pytest.fixture(scope="module")
def en() -> Catalogue:
    return load_catalogue("en")


@pytest.fixture(scope="module")
def zh() -> Catalogue:
    return load_catalogue("zh")


@pytest.fixture(scope="module")
def package():
    return load_package(ROOT / "datapackage")


def used_keys(paths: tuple[Path, ...]) -> set[str]:
    return {key for path in paths for key in KEY_USE.findall(path.read_text(encoding="utf-8"))}


def test_every_key_the_english_pages_use_is_in_the_english_catalogue(en):
    keys = used_keys(ENGLISH_SOURCES)

    assert len(keys) > 80  # the scan finds the templates' and contexts' keys
    assert sorted(keys - set(en.messages)) == []


def test_every_key_the_charts_and_embed_pages_use_is_in_both_catalogues(en, zh):
    keys = used_keys(SHARED_SOURCES)

    assert len(keys) > 30
    assert sorted(keys - set(en.messages)) == []
    assert sorted(keys - set(zh.messages)) == []


def test_the_groups_both_sites_use_are_in_both_catalogues_with_the_same_fields(en, zh):
    shared = {k for k in set(en.messages) | set(zh.messages)
              if k.startswith(SHARED_GROUPS) and not k.startswith(ENGLISH_ONLY)}

    assert sorted(k for k in shared if not zh.has(k)) == []
    assert sorted(k for k in shared if not en.has(k)) == []
    # An English message may leave a field out (a shorter line), never name one the caller may not give.
    assert [k for k in shared if not compute_fields(en.messages[k]) <= compute_fields(zh.messages[k])] == []
    assert [k for k in shared if not compute_fields(en.messages[k])
            and compute_fields(zh.messages[k])] == []


def chinese_page_keys() -> set[str]:
    return used_keys(CHINESE_TEMPLATES) | {key for path in CHINESE_TEMPLATES
                                           for key in PAGE_KEY.findall(path.read_text(encoding="utf-8"))}


def test_every_key_the_chinese_pages_use_is_in_the_chinese_catalogue(zh):
    keys = chinese_page_keys()

    assert len(keys) > 200  # the scan finds the templates' keys
    assert sorted(keys - set(zh.messages)) == []


def test_every_message_of_the_chinese_pages_is_used_by_a_chinese_template(zh):
    keys = chinese_page_keys()

    assert sorted(k for k in zh.messages if k.startswith(TEMPLATE_GROUP) and k not in keys) == []


def test_the_chinese_templates_take_their_words_from_the_catalogue():
    found = {path.name: sorted(set(CHINESE.findall(JINJA_COMMENT.sub("", path.read_text(encoding="utf-8")))))
             for path in CHINESE_TEMPLATES}

    assert len(found) > 15  # the scan reads the templates
    assert {name: chars for name, chars in found.items() if chars} == {}


def test_every_key_the_chinese_contexts_use_is_in_the_chinese_catalogue(zh):
    keys = used_keys(CHINESE_CONTEXTS)

    # The scan finds the contexts' ZH.t("contexts.…") calls; the keys they build (notes' kinds and
    # columns, the corrected fields) are read when the modules are imported, so a gap fails there.
    assert len(keys) > 30
    assert sorted(keys - set(zh.messages)) == []


def chinese_literals(path: Path) -> list[tuple[str, str]]:
    """Return (file name, text) of each string literal (f-string parts too) with Chinese, but docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)
                  and isinstance(node.body[0].value.value, str)}
    return [(path.name, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
            and CHINESE.search(node.value)]


def test_the_build_code_holds_no_chinese_words_of_its_own():
    code = sorted((ROOT / "build_scripts").rglob("*.py"))
    found = [literal for path in code if path.name not in NAMES_MODULES for literal in chinese_literals(path)]

    assert len(code) > 50  # the scan reads the whole build
    assert sorted(set(found)) == sorted(CHINESE_DATA_KEYS)


def test_every_chinese_message_has_its_english_twin(en, zh):
    assert sorted(k for k in set(zh.messages) - set(en.messages) if not k.startswith(CHINESE_ONLY)) == []


def test_the_datas_vocabularies_have_english_words(en, package):
    regions, changes = package["regions"], package["region_changes"]

    assert sorted(k for k in set(regions["kind"]) if not en.has(f"kind.{k}")) == []
    assert sorted(k for k in set(changes["kind"]) if not en.has(f"change.{k}")) == []
    provinces = set(regions.loc[regions["level"] == "province", "code"])
    assert sorted(c for c in provinces if not en.has(f"province_name.{c}")) == []
    facts, metrics = package["facts"], package["metrics"]
    assert sorted(u for u in set(facts["unit"].dropna()) if not en.has(f"unit.{u}")) == []
    assert sorted(u for u in set(metrics["unit"].dropna()) if not en.has(f"metric_unit.{u}")) == []
    assert sorted(q for q in set(facts["qualifier"]) if not en.has(f"qualifier.{q}")) == []
    for movement in ("up", "down", "unchanged", "new", "returned", "dropped", "moved_in", "moved_out",
                     "reclassified"):
        assert en.has(f"movement.{movement}") and en.has(f"arrow.{movement}"), movement


def test_every_province_of_the_tile_grid_has_an_english_chart_label_and_tile_code(en):
    from build_scripts.charts.tilegrid import SHORT_NAMES

    assert sorted(code for code in SHORT_NAMES if not en.has(f"province_name.{code}0000")) == []
    assert sorted(code for code in SHORT_NAMES if not en.has(f"chart.tile_label.{code}")) == []
    codes = [en.t(f"chart.tile_label.{code}") for code in SHORT_NAMES]
    assert len(set(codes)) == len(codes) and all(re.fullmatch(r"[A-Z]{2}", c) for c in codes)


def test_english_names_are_english(en):
    names = {k: v for k, v in en.messages.items()
             if k.startswith(("kind.", "change.", "province_name.", "chart.", "embed.", "figure."))}

    assert [k for k, v in names.items() if re.search(r"[\u3400-\u9fff]", v)] == []


def test_a_message_gets_its_fields_and_a_missing_key_or_field_names_the_catalogue(en):
    assert en.t("rank", rank=7) == "No. 7"
    with pytest.raises(RenderError, match=r'en\.yml: no message "rank\.nope"'):
        en.t("rank.nope")
    with pytest.raises(RenderError, match=r'en\.yml: message "rank" names the field \{rank\}'):
        en.t("rank", place=7)


@pytest.mark.parametrize(("text", "expected"), [
    ("a:\n  b: one\na:\n  c: two\n", "given twice"),
    ("a:\n  b: 3\n", 'message "a.b" must be text'),
    ("- a\n- b\n", "must be a mapping"),
    ("a: [\n", "cannot be read as YAML"),
])
def test_a_broken_catalogue_is_refused_with_its_file_named(tmp_path, text, expected):
    (tmp_path / "xx.yml").write_text(text, encoding="utf-8")

    with pytest.raises(RenderError, match=re.escape(expected)) as error:
        load_catalogue("xx", tmp_path)
    assert "xx.yml" in str(error.value)


@pytest.mark.parametrize(("fact", "expected"), [
    ({"unit": "亿元", "value": 5000.0, "qualifier": ">"}, "more than 5,000 × 100 million yuan"),
    ({"unit": "%", "value": 30.9, "qualifier": "="}, "30.9%"),
    ({"unit": "家", "value": 78.0, "qualifier": "≥"}, "at least 78"),
    ({"unit": None, "value": None, "qualifier": "top-N", "group_size": 10}, "in the top 10"),
    ({"unit": None, "value": None, "qualifier": "named-in", "group_size": 15}, "named among (one of 15)"),
])
def test_a_facts_figure_is_stated_in_english(en, fact, expected):
    from build_scripts.english.facts import compute_figure

    assert compute_figure(en, fact) == expected
