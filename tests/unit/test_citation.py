"""Tests for build_scripts.citation: GB/T 7714-2015, APA, BibTeX and RIS entries (issue 16)."""

from __future__ import annotations

from pathlib import Path

from build_scripts.citation import (
    ReportRef,
    render_apa_page,
    render_apa_report,
    render_bibtex,
    render_gbt_page,
    render_gbt_report,
    render_ris,
    unique_reports,
)

ROOT = Path(__file__).resolve().parents[2]

CAICT = "中国信息通信研究院"
CAICT_EN = "China Academy of Information and Communications Technology (CAICT)"
INSTITUTE_EN = f"Institute of Informatization and Industrialization Integration, {CAICT_EN}"
R2019 = ReportRef("中国工业百强县（市）、百强区发展报告（2019年）", CAICT, CAICT, "2019-11", place="北京",
                  publisher_url="http://www.caict.ac.cn", issuer_en=CAICT_EN, publisher_en=CAICT_EN)
R2024 = ReportRef("县域工业经济发展报告（2024年）", "中国信息通信研究院信息化与工业化融合研究所",
                  "中国信息通信研究院", "2024-12", place="北京", issuer_en=INSTITUTE_EN,
                  publisher_en=CAICT_EN)
URL = "https://example.org/county/320583-kunshan/"


def test_gbt_report_entry_has_issuer_title_type_place_publisher_and_year_issue_16():
    assert render_gbt_report(R2019, "2024-12-01") == (
        "中国信息通信研究院. 中国工业百强县（市）、百强区发展报告（2019年）[R]. "
        "北京: 中国信息通信研究院, 2019.")
    assert render_gbt_report(R2024, "2024-12-01").startswith(
        "中国信息通信研究院信息化与工业化融合研究所. 县域工业经济发展报告（2024年）[R]. 北京: ")


def test_gbt_report_entry_gets_a_url_and_citation_date_only_when_the_report_has_its_own_address():
    online = ReportRef("报告", "机构", "机构", "2024-12", place="北京", report_url="https://example.org/r.pdf")
    assert render_gbt_report(online, "2024-12-01") == (
        "机构. 报告[R/OL]. 北京: 机构, 2024[2024-12-01]. https://example.org/r.pdf.")
    # The publisher's site is not the report's address and never stands in for it.
    assert "caict" not in render_gbt_report(R2019, "2024-12-01")


def test_gbt_page_entry_is_an_electronic_resource_with_update_and_citation_dates():
    text = render_gbt_page("昆山市", URL, "2024-12-01")
    assert text == f"百强榜开放数据. 昆山市[EB/OL]. (2024-12-01)[2024-12-01]. {URL}."


def test_reports_are_cited_once_each_newest_first():
    assert unique_reports([R2019, R2024, R2019]) == (R2024, R2019)


def test_apa_entries_name_caict_in_english_and_the_retrieval_date():
    assert render_apa_report(R2019) == (
        "China Academy of Information and Communications Technology (CAICT). (2019, November). "
        "中国工业百强县（市）、百强区发展报告（2019年） [Report]. "
        "China Academy of Information and Communications Technology (CAICT).")
    # The institute's English name too (issue 16: no Chinese author in the English entry).
    assert render_apa_report(R2024).startswith(f"{INSTITUTE_EN}. (2024, December). 县域工业经济发展报告")
    # Without a recorded English name the entry gives the Chinese one rather than a guess.
    unnamed = ReportRef("报告", "某研究所", "某研究所", "2025-03")
    assert render_apa_report(unnamed).startswith("某研究所. (2025, March)")
    # A recorded English translation of the title follows it in brackets, as APA gives one.
    translated = ReportRef("县域工业经济发展报告（2024年）", "研究所", "研究所", "2024-12",
                           title_en="Report on county industrial economic development (2024)")
    assert render_apa_report(translated) == (
        "研究所. (2024, December). 县域工业经济发展报告（2024年） "
        "[Report on county industrial economic development (2024)] [Report]. 研究所.")
    assert render_apa_page("昆山市", URL, "2024-12-01") == (
        "China Industrial Rankings Open Data (百强榜开放数据). (2024, December 1). 昆山市 [Data set]. "
        f"Retrieved December 1, 2024, from {URL}")


def test_bibtex_has_one_techreport_per_report_and_the_page_as_misc():
    text = render_bibtex([R2019, R2024, R2019], "昆山市", URL, "2024-12-01", "baiqiang-320583")
    assert text.count("@techreport{") == 2 and text.count("@misc{baiqiang-320583,") == 1
    assert "@techreport{caict2019,\n  author = {{中国信息通信研究院}}," in text
    assert "  month = nov\n" in text and f"  url = {{{URL}}}" in text and "urldate = {2024-12-01}" in text
    assert text.count("{") == text.count("}")


def test_ris_has_one_report_record_per_report_and_the_page_record():
    text = render_ris([R2024, R2019], "昆山市", URL, "2024-12-01")
    records = [r for r in text.split("ER  - \n") if r.strip()]
    assert [r.strip().splitlines()[0] for r in records] == ["TY  - RPRT", "TY  - RPRT", "TY  - ELEC"]
    assert "AU  - 中国信息通信研究院信息化与工业化融合研究所\nTI  - 县域工业经济发展报告（2024年）" in text
    assert f"UR  - {URL}\nY2  - 2024/12/01\n" in text


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
