"""The search index supports finding places by name, pinyin and code, and stays small (issue 6).

Material's search segments Chinese with jieba only when jieba is installed and the separator keeps
"\\u200b"; a missing piece fails silently (the index just holds whole sentences), so these tests
guard every piece: the config, the user dictionary, the hook, and the index the real build writes.
Browser tests of the search box itself are separate; these check what the browser will load.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from build_scripts import paths
from build_scripts.search_dict import REGION_TAGS, USER_DICT, compute_region_tags
from mkdocs_plugin.search_index import (
    MAX_INDEX_BYTES,
    compute_search_head,
    compute_trimmed_index,
    render_search_index,
    rewrite_search_index,
)
from scoring.package import load_package

HOOK = "mkdocs_plugin/plugin.py"


class _IgnoreTags(yaml.SafeLoader):
    pass


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


@pytest.fixture(scope="module")
def config():
    return yaml.load(paths.MKDOCS_CONFIG.read_text(encoding="utf-8"), Loader=_IgnoreTags)


@pytest.fixture(scope="module")
def search_config(config):
    return next(p["search"] for p in config["plugins"] if isinstance(p, dict) and "search" in p)


@pytest.fixture(scope="module")
def index(built_site):
    return json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def regions():
    return load_package(paths.DATAPACKAGE)["regions"]


def _tokens(text: str, separator: str) -> list[str]:
    # The browser splits with the same pattern (Material passes it to lunr's tokenizer).
    return [t for t in re.split(separator, re.sub(r"<[^>]+>", " ", text).lower()) if t]


# --- configuration --------------------------------------------------------------------------------

def test_jieba_is_installed_so_material_segments_chinese():
    assert importlib.util.find_spec("jieba") is not None


def test_search_separator_keeps_the_zero_width_space(search_config):
    assert "\\u200b" in search_config["separator"]
    assert re.split(search_config["separator"], "江阴\u200b市") == ["江阴", "市"]
    assert search_config["lang"] == "zh"


def test_search_loads_the_generated_user_dictionary(search_config):
    assert search_config["jieba_dict_user"] == USER_DICT.as_posix()


def test_the_plugin_that_trims_the_index_is_registered(config):
    from importlib import metadata

    assert any(isinstance(p, dict) and "baiqiang" in p for p in config["plugins"])
    (entry,) = [e for e in metadata.entry_points(group="mkdocs.plugins") if e.name == "baiqiang"]
    assert entry.value == "mkdocs_plugin.plugin:BaiqiangPlugin" and (paths.ROOT / HOOK).is_file()
    # The plugin reads where the generate stage writes.
    options = next(p["baiqiang"] for p in config["plugins"] if isinstance(p, dict) and "baiqiang" in p)
    assert options["region_tags"] == REGION_TAGS.as_posix()
    assert options["nav"] == paths.BuildPaths(root=Path(".")).nav.as_posix()


# --- what the search plugin reads of a region page ------------------------------------------------

def test_compute_search_head_keeps_a_region_page_up_to_its_first_section():
    head = '<h1 id="x">昆山市</h1>\n<p>县级市 · 320583</p>\n'
    html = head + '<h2 id="_1">最新排名</h2>\n<p>第 1 名</p>'
    assert compute_search_head("county/320583-kunshan/", html) == head
    assert compute_search_head("district/320614-haimen/", "<h1>海门区</h1><p>市辖区</p>") == (
        "<h1>海门区</h1><p>市辖区</p>")


def test_compute_search_head_drops_the_tables_of_data_pages():
    html = ('<h1>2024</h1>\n<p>工业百强县（市）2024 年榜单</p>\n<h2 id="t">榜单</h2>\n'
            '<table class="x">\n<tr><td>昆山市</td></tr>\n</table>\n<p>注</p>\n'
            '<table><tr><td>1</td></tr></table>')
    for url in ("lists/county_industrial/2024/", "province/320000-jiangsu/", "facts/gdp/", "notes/"):
        assert compute_search_head(url, html) == (
            '<h1>2024</h1>\n<p>工业百强县（市）2024 年榜单</p>\n<h2 id="t">榜单</h2>\n\n<p>注</p>\n')


def test_compute_search_head_drops_the_citation_blocks_of_data_pages():
    head = '<h2 id="cite">如何引用</h2>\n<p>原始报告：</p>\n'
    html = (head + '<pre class="bq-cite"><code>中国信息通信研究院. 报告[R]. 2024.</code></pre>\n'
            '<div class="highlight"><pre><span></span><code>@misc{x}</code></pre></div>\n<p>引用日期</p>')
    for url in ("province/320000-jiangsu/", "facts/gdp/"):
        assert compute_search_head(url, html) == head + '\n<div class="highlight"></div>\n<p>引用日期</p>'
    assert compute_search_head("about/", html) is None


def test_compute_search_head_drops_the_statement_entries_of_the_notes_page_issue_14():
    html = ('<h2>核对</h2><p>核对 3 条</p><div class="bq-claim bq-claim--disagrees" id="k2021-001">'
            '<blockquote><p>江苏 41 个</p></blockquote><p>核对：24/41</p></div>'
            '<details class="bq-notes__agreeing"><summary>展开</summary>'
            '<p class="bq-claim bq-claim--brief bq-claim--agrees" id="k2021-002">江阴市</p></details>'
            "<p>勘误</p>")
    assert compute_search_head("notes/", html) == "<h2>核对</h2><p>核对 3 条</p><p>勘误</p>"


def test_compute_search_head_leaves_every_other_page_whole():
    html = "<h1>方法</h1><h2>表</h2><table><tr><td>指标</td></tr></table>"
    for url in ("methodology/county_industrial/", "", "about/", "county/320583-kunshan/#_1"):
        assert compute_search_head(url, html) is None


def test_searching_a_place_finds_no_list_table_rows(index):
    # The list and facts tables are not indexed: 昆山市 is found on its own page (and in prose).
    hits = [d["location"] for d in index["docs"] if "昆山市" in d["title"] + d["text"]]
    assert "county/320583-kunshan/" in hits
    assert not [h for h in hits if h.startswith("lists/county_industrial/2024/")]


def test_region_pages_are_written_whole_although_search_reads_only_their_head(built_site):
    page = (built_site / "county" / "320583-kunshan" / "index.html").read_text(encoding="utf-8")
    assert "最新排名" in page and "报告中的数据" in page and "如何引用" in page


# --- the trimming step ----------------------------------------------------------------------------

def test_compute_trimmed_index_drops_region_sections_and_tags_the_page_entry():
    index = {"config": {"lang": ["zh"]}, "docs": [
        {"location": "county/320583-kunshan/", "title": "昆山市", "text": "县级市 320583 kunshan"},
        {"location": "county/320583-kunshan/#_2", "title": "最新排名", "text": "…"},
        {"location": "lists/county_industrial/2024/", "title": "2024", "text": "昆山市"},
        {"location": "lists/county_industrial/2024/#_1", "title": "表", "text": "昆山市"},
        {"location": "province/320000-jiangsu/", "title": "江苏省", "text": "…"},
    ]}
    trimmed = compute_trimmed_index(index)
    assert [d["location"] for d in trimmed["docs"]] == [
        "county/320583-kunshan/", "lists/county_industrial/2024/", "lists/county_industrial/2024/#_1",
        "province/320000-jiangsu/"]
    assert trimmed["docs"][0]["tags"] == ["320583", "kunshan"]
    assert "tags" not in trimmed["docs"][1] and "tags" not in trimmed["docs"][3]
    assert trimmed["config"] == index["config"]
    assert "tags" not in index["docs"][0]  # input untouched


def test_compute_trimmed_index_adds_short_and_former_names_as_tags():
    index = {"config": {}, "docs": [
        {"location": "county/320281-jiangyin/", "title": "江阴市", "text": "县级市"},
        {"location": "district/320614-haimen/", "title": "海门区", "text": "市辖区"},
        {"location": "facts/gdp/", "title": "江阴\u200b与\u200b靖江", "text": "…"},
    ]}
    trimmed = compute_trimmed_index(index, {"320281": ["江阴"], "320614": ["海门", "海门市"]})
    assert trimmed["docs"][0]["tags"] == ["320281", "jiangyin", "江阴"]
    assert trimmed["docs"][1]["tags"] == ["320614", "haimen", "海门", "海门市"]
    assert "tags" not in trimmed["docs"][2]


def test_compute_region_tags_gives_short_and_former_names_but_not_the_title():
    regions = pd.DataFrame({
        "code": ["320281", "320614", "430121", "320000"], "name": ["江阴市", "海门区", "长沙县", "江苏省"],
        "short_name": ["江阴", "海门", "长沙县", "江苏"],
        "level": ["county", "district", "county", "province"],
    })
    changes = pd.DataFrame({"old_code": ["320684"], "old_name": ["海门市"], "new_code": ["320614"],
                            "new_name": ["海门区"]})
    assert compute_region_tags(regions, changes) == {"320281": ["江阴"], "320614": ["海门", "海门市"]}


def test_real_index_tags_jiangyin_with_its_short_name(index):
    page = next(d for d in index["docs"] if d["location"] == "county/320281-jiangyin/")
    assert "江阴" in page["tags"]


def test_rewrite_search_index_writes_utf8_and_is_idempotent(tmp_path):
    path = tmp_path / "search_index.json"
    original = {"config": {}, "docs": [{"location": "", "title": "百强\u200b榜", "text": "江阴"}]}
    path.write_text(json.dumps(original), encoding="utf-8")
    before, after = rewrite_search_index(path)
    assert after < before
    text = path.read_text(encoding="utf-8")
    assert "百强\u200b榜" in text and "\\u" not in text
    assert json.loads(text) == original
    rewrite_search_index(path)
    assert path.read_text(encoding="utf-8") == text == render_search_index(original)


# --- the index of the real build ------------------------------------------------------------------

def test_search_index_of_the_real_data_is_under_1_5_mb(built_site):
    size = (built_site / "search" / "search_index.json").stat().st_size
    assert size < MAX_INDEX_BYTES, f"search index is {size} bytes"


def test_search_index_holds_jieba_segmented_chinese(index):
    texts = [d["title"] + d["text"] for d in index["docs"]]
    assert sum("\u200b" in t for t in texts) > len(texts) / 2
    assert any("\u200b江阴市\u200b" in t for t in texts)
    assert any("\u200b昆山市\u200b" in t for t in texts)


@pytest.mark.parametrize(("code", "name", "pinyin", "short"), [
    ("320583", "昆山市", "kunshan", "昆山"), ("320281", "江阴市", "jiangyin", "江阴"),
    ("320582", "张家港市", "zhangjiagang", "张家港"), ("150622", "准格尔旗", "zhungeer", "准格尔"),
])
def test_region_page_entry_carries_its_name_pinyin_and_code(index, search_config, code, name, pinyin, short):
    entries = [d for d in index["docs"] if d["location"].startswith(f"county/{code}-")]
    assert len(entries) == 1, "a region page keeps exactly one entry"
    entry = entries[0]
    assert entry["location"] == f"county/{code}-{pinyin}/"
    assert _tokens(entry["title"], search_config["separator"]) == [name]
    tokens = _tokens(entry["text"], search_config["separator"])
    assert pinyin in tokens and code in tokens
    assert entry["tags"] == [code, pinyin, short]


def test_every_region_name_stays_one_token_in_its_page_title(index, search_config, regions):
    names = dict(zip(regions["slug"], regions["name"], strict=True))
    region_entries = [d for d in index["docs"] if re.match(r"^(county|district|prefecture)/", d["location"])]
    assert len(region_entries) > 300
    split = []
    for entry in region_entries:
        name = names[entry["location"].split("/")[1]]
        if _tokens(entry["title"], search_config["separator"]) != [name.lower()]:
            split.append(name)
    assert split == []


def test_only_the_region_page_matches_its_code_or_pinyin_in_a_title_or_tag(index):
    for word in ("320583", "kunshan"):
        tagged = [d["location"] for d in index["docs"] if word in d.get("tags", [])]
        assert tagged == ["county/320583-kunshan/"]
