import markdown
import pandas as pd
import pytest

from build_scripts import formatting as f


def _render_cell(text: str) -> str:
    return markdown.markdown(f"| h |\n|---|\n| {text} |", extensions=["tables", "attr_list", "md_in_html"])


def test_format_rank_number_and_missing():
    assert f.format_rank(3) == "第 3 名"
    assert f.format_rank(pd.NA) == f.MISSING
    assert f.format_rank(None) == f.MISSING


def test_format_movement_arrow_all_kinds():
    assert f.format_movement_arrow("up", 3) == "↑3"
    assert f.format_movement_arrow("down", -12) == "↓12"
    assert f.format_movement_arrow("unchanged", 0) == "→"
    assert f.format_movement_arrow("new", pd.NA) == "新"
    assert f.format_movement_arrow("returned", None) == "回"
    assert f.format_movement_arrow(pd.NA) == f.MISSING


def test_format_movement_words_states_places():
    assert f.format_movement_words("up", 3) == "上升 3 位"
    assert f.format_movement_words("down", -2) == "下降 2 位"
    assert f.format_movement_words("unchanged", 0) == "持平"
    assert f.format_movement_words("new") == "新上榜"
    assert f.format_movement_words("returned") == "重回榜单"


def test_format_pct_and_number():
    assert f.format_pct(12.345) == "12.3%"
    assert f.format_pct(5, digits=0) == "5%"
    assert f.format_pct(None) == f.MISSING
    assert f.format_number(1234567.891, 1) == "1,234,567.9"
    assert f.format_value(204) == "204"
    assert f.format_value(12.50) == "12.5"
    assert f.format_value(pd.NA) == f.MISSING


@pytest.mark.parametrize(("value", "expected"), [
    ("2021", "2021 年"),
    ("2021-09", "2021 年 9 月"),
    ("2020-12-31", "2020 年 12 月 31 日"),
    (None, f.MISSING),
])
def test_format_date_zh_any_precision(value, expected):
    assert f.format_date_zh(value) == expected


def test_format_source_lines_one_line_or_a_range_issue_17():
    assert f.format_source_lines(582) == "第 582 行"
    assert f.format_source_lines(582, None) == "第 582 行"
    assert f.format_source_lines(582, 584) == "第 582–584 行"
    assert f.format_source_lines(582, 582) == "第 582 行"
    assert f.format_source_lines(None) == ""


def test_format_qualifier_in_words():
    assert f.format_qualifier(">") == "超过"
    assert f.format_qualifier("≥") == "不低于"
    assert f.format_qualifier("≈") == "约"
    assert f.format_qualifier("named-in") == "名列其中"
    assert f.format_qualifier(None) == ""


def test_format_yes_marks_only_true():
    assert f.format_yes(True) == "★"
    assert f.format_yes(False) == ""
    assert f.format_yes(pd.NA) == ""


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>", "a|b", "*bold*", "{{ x }}", "[x](y)", "_u_ `c` #h !img", "it's & <b>",
])
def test_escape_markdown_renders_as_text_in_a_table(text):
    html = _render_cell(f.escape_markdown(text))
    assert "<script>" not in html
    assert "<b>" not in html
    assert "<a " not in html and "<em>" not in html and "<strong>" not in html and "<code>" not in html
    assert html.count("<td>") == 1  # "|" did not split the row
    visible = html.split("<td>")[1].split("</td>")[0]
    import html as html_lib
    assert html_lib.unescape(visible) == text


@pytest.mark.parametrize(("items", "expected"), [
    ([], ""), (["甲"], "甲"), (["甲", "乙"], "甲和乙"), (["甲", "乙", "丙", "丁"], "甲、乙、丙和丁"),
])
def test_join_zh_joins_names_as_prose(items, expected):
    assert f.join_zh(items) == expected


def test_escape_markdown_flattens_line_breaks():
    assert f.escape_markdown("a\nb") == "a b"


def test_escape_front_matter_is_a_quoted_escaped_string():
    import yaml
    value = f.escape_front_matter('名 "x" <script>')
    assert yaml.safe_load(f"title: {value}")["title"] == "名 &quot;x&quot; &lt;script&gt;"


def test_escape_link_target_encodes_parentheses():
    assert f.escape_link_target("a (b).md") == "a%20%28b%29.md"


def test_filters_registry_names_every_filter():
    assert set(f.FILTERS) >= {"rank", "arrow", "movement_words", "pct", "date_zh", "qualifier", "md", "front"}


def test_escape_text_escapes_for_markdown_or_for_a_raw_html_block():
    assert f.escape_text("001_a.txt <b>") == f.escape_markdown("001_a.txt <b>") == "001\\_a\\.txt &lt;b&gt;"
    assert f.escape_text("001_a.txt <b>", html=True) == "001_a.txt &lt;b&gt;"
