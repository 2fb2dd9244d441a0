"""Tests for build_scripts.citation: GB/T 7714 and English citation strings."""

from __future__ import annotations

from pathlib import Path

from build_scripts.citation import ReportRef, format_gbt_citation, render_en_citation

ROOT = Path(__file__).resolve().parents[2]

R2019 = ReportRef("中国工业百强县（市）、百强区发展报告（2019年）", "中国信息通信研究院", "2019-11")
R2024 = ReportRef("中国工业百强县（市）、百强区发展报告（2024年）", "中国信息通信研究院", "2024-12")
URL = "https://example.org/county/320583-kunshan/"


def test_gbt_citation_cites_the_report_then_the_page_as_electronic_resource():
    text = format_gbt_citation([R2019.title], R2019.publisher, "昆山市", URL, "2024-12", R2019.published)
    assert text == (
        "中国信息通信研究院．中国工业百强县（市）、百强区发展报告（2019年）［R］．2019 年 11 月．"
        "转引自：百强榜开放数据．昆山市［EB/OL］．<https://example.org/county/320583-kunshan/>．"
        "数据版本 2024 年 12 月。"
    )


def test_gbt_citation_lists_the_reports_in_the_order_given_without_a_month():
    text = format_gbt_citation([R2024.title, R2019.title], R2019.publisher, "昆山市", URL, "2024-12")
    assert text.count("［R］") == 1 and text.index("2024年") < text.index("2019年")
    assert "［R］．转引自：" in text


def test_gbt_citation_escapes_markdown_in_data_but_not_the_link():
    text = format_gbt_citation(["报告*"], "出版者", "名称[1]", URL, "2024-12")
    assert "报告\\*" in text and "名称\\[1\\]" in text and f"<{URL}>" in text


def test_en_citation_names_caict_in_english_and_the_access_date_placeholder():
    text = render_en_citation([R2019], "昆山市", URL, "2024-12")
    assert text.startswith("China Academy of Information and Communications Technology (CAICT). ")
    assert "[Report], 2019-11." in text
    assert ("Transcribed in: Baiqiang Open Data (百强榜开放数据), \u201c昆山市\u201d, "
            "data release 2024-12.") in text
    assert text.endswith(f"{URL} (accessed [access date]).")


def test_en_citation_keeps_an_unknown_publisher_as_printed():
    other = ReportRef("某报告", "某研究院", "2023-12")
    assert render_en_citation([other], "页", URL, "2024-12").startswith("某研究院. 某报告 [Report], 2023-12.")


# --- CITATION.cff ----------------------------------------------------------------------------------

def _cff():
    import yaml

    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_cff_agrees_with_the_data_package_descriptor():
    import json

    descriptor = json.loads((ROOT / "datapackage" / "datapackage.json").read_text(encoding="utf-8"))
    cff = _cff()
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "dataset"
    assert cff["version"] == descriptor["version"]
    assert cff["license"] == descriptor["licenses"][0]["name"]
    assert cff["authors"] and cff["title"]


def test_citation_cff_cites_every_report_of_the_editions_and_no_other():
    import pandas as pd

    editions = pd.read_csv(ROOT / "datapackage" / "data" / "editions.csv", dtype=str)
    expected = {(r.report_title, int(r.published[:4]), int(r.published[5:7]))
                for r in editions.itertuples()}
    cited = {(r["title"], r["year"], r["month"]) for r in _cff()["references"]}
    assert cited == expected


def test_cite_en_filter_builds_the_citation_from_page_fields():
    from build_scripts.citation import CITATION_FILTERS

    cite = CITATION_FILTERS["cite_en"]
    one = cite([R2019.title], "中国信息通信研究院", "昆山市", URL, "2024-12", "2019-11")
    assert one == render_en_citation([R2019], "昆山市", URL, "2024-12")
    undated = cite([R2019.title, R2024.title], "中国信息通信研究院", "昆山市", URL, "2024-12")
    assert "（2019年） [Report]; 中国工业百强县（市）、百强区发展报告（2024年） [Report]. " in undated
    assert undated.count("China Academy") == 1


def test_cite_en_renders_in_a_page_template():
    import jinja2

    from build_scripts.citation import CITATION_FILTERS

    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    env.filters.update(CITATION_FILTERS)
    text = env.from_string("{{ titles|cite_en(p, n, u, r) }}").render(
        titles=("报告",), p="中国信息通信研究院", n="昆山市", u=URL, r="2024-12")
    assert text.startswith("China Academy of Information and Communications Technology (CAICT). "
                           "报告 [Report].")
