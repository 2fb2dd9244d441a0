"""Static checks of the built site for what journalists and researchers need (issue 16).

Citations and links to the sources, Chinese reader-facing text, a useful 404 page, moves between
lists, rank context, per-page Excel files with typed descriptors, titles, social cards and footnote
marks. Browser-side behaviour (search, widths, sorting, axe) is in tests/browser/test_journalist_pages.py.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re

import pytest

from build_scripts import paths
from scoring.package import load_package

KUNSHAN = "county/320583-kunshan"
HAIMEN = "district/320614-haimen"
PUBLISHED = "北京: 中国信息通信研究院"


@pytest.fixture(scope="module")
def package():
    return load_package(paths.DATAPACKAGE)


def read(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8") if not path.endswith(".html") else (
        site / path).read_text(encoding="utf-8")


def citations(page: str) -> list[str]:
    found = re.findall(r'<pre class="bq-cite"[^>]*><code>(.*?)</code></pre>', page, re.S)
    return [html.unescape(c) for c in found]


def text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def section(page: str, heading: str) -> str:
    """Return the HTML from the h2 `heading` to the next h2 (empty when there is no such heading)."""
    match = re.search(rf"<h2[^>]*>{re.escape(heading)}.*?</h2>(.*?)(?=<h2|</article>)", page, re.S)
    return match.group(1) if match else ""


def test_region_page_cites_each_report_once_in_gbt_7714_and_itself_as_eb_ol_issue_16(built_site):
    entries = citations(read(built_site, KUNSHAN))
    reports = [e for e in entries if "[R]" in e]
    assert reports == [
        f"中国信息通信研究院信息化与工业化融合研究所. 县域工业经济发展报告（2024年）[R]. {PUBLISHED}, 2024.",
        f"中国信息通信研究院. 中国工业百强县（市）、百强区发展报告[R]. {PUBLISHED}, 2021.",
        f"中国信息通信研究院. 中国工业百强县（市）、百强区发展报告（2019年）[R]. {PUBLISHED}, 2019."]
    page_entries = [e for e in entries if "[EB/OL]" in e]
    assert page_entries == ["百强榜开放数据. 昆山市[EB/OL]. (2024-12-01)[2024-12-01]. "
                            "https://baiqiang-open-data.github.io/county/320583-kunshan/."]
    assert sum("[Report]" in e for e in entries) == 3 and sum("[Data set]" in e for e in entries) == 1
    # Nothing addressed to the reader is inside a copyable entry.
    assert not [e for e in entries if "请" in e or "引用时" in e]


def test_edition_page_cites_its_one_report_and_offers_bibtex_and_ris_issue_16(built_site):
    page = read(built_site, "lists/county_industrial/2019")
    assert [e for e in citations(page) if "[R]" in e] == [
        f"中国信息通信研究院. 中国工业百强县（市）、百强区发展报告（2019年）[R]. {PUBLISHED}, 2019."]
    assert 'href="cite.bib"' in page and 'href="cite.ris"' in page
    bib = (built_site / "lists/county_industrial/2019/cite.bib").read_text(encoding="utf-8")
    assert bib.count("@techreport{caict2019,") == 1 and "@misc{baiqiang-county_industrial-2019," in bib
    ris = (built_site / KUNSHAN / "cite.ris").read_text(encoding="utf-8")
    assert ris.count("TY  - RPRT") == 3 and ris.count("TY  - ELEC") == 1 and "Y2  - 2024/12/01" in ris


def test_pages_name_the_report_and_the_publishers_printed_address_not_only_file_lines_issue_16(
        built_site, package):
    editions = package["editions"]
    # No report prints an address of its own: none is guessed.
    assert editions["report_url"].isna().all()
    assert set(editions["publisher_url"]) == {"http://www.caict.ac.cn"}
    for e in editions.itertuples():
        page = read(built_site, f"lists/{e.list}/{e.year}")
        source = text(page)
        assert f"《{e.report_title}》" in source and 'href="http://www.caict.ac.cn"' in page
        # The seed file line is kept, as the secondary transcription location.
        assert f"转录位置：{e.source_file} 第 {e.source_line} 行" in source
    methodology = read(built_site, "methodology/county_industrial")
    assert 'href="http://www.caict.ac.cn"' in methodology and "转录位置" in text(methodology)
    # A province page names the report of every edition it shows, with the publisher's address.
    jiangsu = section(read(built_site, "province/320000-jiangsu"), "数据来源")
    assert 'href="http://www.caict.ac.cn"' in jiangsu
    for e in editions.itertuples():
        assert f"《{e.report_title}》" in text(jiangsu)


ENGLISH = re.compile(r"\b[A-Za-z]{2,}(?: [A-Za-z]{2,}){3,}")


@pytest.mark.parametrize("path", [HAIMEN, "county/429004-xiantao", "county/330624-xinchang", "notes"])
def test_corrections_and_change_evidence_are_chinese_on_chinese_pages_issue_16(built_site, path):
    page = read(built_site, path)
    cells = [text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", page, re.S)]
    english = [c for c in cells if ENGLISH.search(c)]
    assert english == [], english[:3]
    assert "Seeds:" not in text(page) and "Codes:" not in text(page)


def test_404_page_is_chinese_with_search_and_the_main_sections_issue_16(built_site):
    page = read(built_site, "404.html")
    assert "页面不存在" in text(page) and "Not found" not in text(page)
    assert re.search(r'<form class="bq-search-form"[^>]*role="search"', page)
    for target in ("/lists/county_industrial/", "/province/", "/downloads/", "/methodology/",
                   "/province/#places"):
        assert f'href="{target}"' in page, target


def test_place_index_lists_every_place_page_and_the_header_links_it_without_javascript_issue_16(built_site):
    page = read(built_site, "province")
    places = section(page, "地区索引")
    # Every region page (the search box's place index lists them; redirects of old codes are not pages).
    index = json.loads((built_site / "assets/generated/places.json").read_text(encoding="utf-8"))
    pages = {place["u"].removesuffix("/") for place in index["places"]}
    assert len(pages) == len({p.parent for p in built_site.glob("county/*/index.html")
                              if "http-equiv" not in p.read_text(encoding="utf-8")}
                             | {p.parent for p in built_site.glob("district/*/index.html")
                                if "http-equiv" not in p.read_text(encoding="utf-8")}
                             | {p.parent for p in built_site.glob("prefecture/*/index.html")
                                if "http-equiv" not in p.read_text(encoding="utf-8")})
    linked = {href.strip("./").removesuffix("/") for href in re.findall(r'href="\.\./([^"#]+)"', places)}
    assert pages and pages <= linked
    assert '<noscript>' in read(built_site, KUNSHAN) and 'class="bq-noscript"' in read(built_site, KUNSHAN)


def test_county_that_became_a_district_off_every_list_is_not_a_drop_out_issue_16(built_site):
    """蓬莱市 and 茌平县 became districts (2020, 2019) and are on no list in 2021: not 跌出榜单."""
    county_2021 = read(built_site, "lists/county_industrial/2021")
    dropped = text(section(county_2021, "跌出榜单"))
    assert "蓬莱区" not in dropped and "茌平区" not in dropped
    reclassified = text(section(county_2021, "撤县（市）设区"))
    assert "蓬莱区（原第 65 名，2020 年 6 月撤市设区）" in reclassified
    assert "茌平区（原第 88 名，2019 年 8 月撤县设区）" in reclassified
    penglai = text(read(built_site, "district/370614-penglai"))
    assert "2021 年为市辖区（2020 年 6 月撤市设区），2024 年类型已变更，不再参评本榜" in penglai
    assert "2021 年未上榜" not in penglai


def test_county_that_became_a_district_is_moved_not_dropped_issue_16(built_site):
    county_2021 = read(built_site, "lists/county_industrial/2021")
    assert "海门区" not in text(section(county_2021, "跌出榜单"))
    moved = text(section(county_2021, "转入其他榜单"))
    assert "海门区（原第 14 名，转入工业百强区（第 40 名）" in moved
    district_2021 = text(section(read(built_site, "lists/district_industrial/2021"), "由其他榜单转入"))
    assert "海门区（第 40 名，由工业百强县（市）转入（2019 年第 14 名）" in district_2021
    haimen = text(read(built_site, HAIMEN))
    assert "2021 年转入工业百强区（第 40 名）" in haimen
    assert "2021 年转入工业百强区（第 40 名），2024 年类型已变更，不再参评本榜。最好名次为第 14 名" in haimen
    chart = json.loads((built_site / "charts/region/region-320614.vl.json").read_text(encoding="utf-8"))
    county_clause = chart["description"].split("；")[0]
    assert "2021年转入工业百强区" in county_clause and "未上榜" not in county_clause
    # Counted apart in the published movements.
    movements = (built_site / "downloads/derived/data/movements.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(movements)))
    moved = {(r["edition"], r["region_code"]): r for r in rows if r["movement"] in ("moved_out", "moved_in")}
    assert moved[("county_industrial-2021", "320614")]["transfer_rank"] == "40"
    assert moved[("district_industrial-2021", "320614")]["movement"] == "moved_in"
    # No district list ranks innovation: on the innovation list 海门 left the list's scope.
    innovation = read(built_site, "lists/county_innovation/2021")
    assert "转入工业百强区" not in text(innovation)
    assert "海门区（原第 19 名，2020 年 7 月撤市设区）" in text(section(innovation, "撤县（市）设区"))
    assert ("county_innovation-2021", "320614") not in moved


def test_history_rows_show_province_rank_and_percentile_in_every_edition_issue_16(built_site):
    page = read(built_site, KUNSHAN)
    tables = re.findall(r"<table>(.*?)</table>", section(page, "排名变化"), re.S)
    assert tables
    for table in tables:
        head = [text(h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)]
        assert head[:4] == ["版次", "名次", "省内名次", "百分位"]
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]:
            cells = [text(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            assert cells[2].isdigit() and cells[3].endswith("%"), cells


def test_every_page_table_has_an_excel_csv_an_xlsx_and_a_typed_descriptor_issue_16(built_site):
    folders = [built_site / KUNSHAN, built_site / "lists/county_industrial/2024"]
    for folder in folders:
        plain = (folder / "rankings.csv").read_bytes()
        assert (folder / "rankings-excel.csv").read_bytes() == b"\xef\xbb\xbf" + plain
        assert (folder / "rankings.xlsx").read_bytes()[:2] == b"PK"
        descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        fields = {f["name"]: f["type"] for f in descriptor["resources"][0]["schema"]["fields"]}
        assert fields["region_code"] == "string" and fields["rank"] == "integer"
        assert list(fields) == next(csv.reader(io.StringIO(plain.decode("utf-8"))))
    metric = next((built_site / "facts").glob("*/datapackage.json"))
    assert json.loads(metric.read_text(encoding="utf-8"))["resources"][0]["schema"]["fields"]


def test_home_title_region_og_title_and_social_cards_issue_16(built_site, package):
    assert re.search(r"<title>百强榜开放数据</title>", read(built_site, ""))
    cixi = read(built_site, "county/330282-cixi")
    assert 'property="og:title" content="慈溪市：2024 工业百强县（市）第 5 名' in cixi
    social = built_site / "assets/generated/social"
    for e in package["editions"].itertuples():
        assert (social / "lists" / e.list / f"{e.year}.png").is_file()
        assert f"social/lists/{e.list}/{e.year}.png" in read(built_site, f"lists/{e.list}/{e.year}")
    assert "social/province/320000-jiangsu.png" in read(built_site, "province/320000-jiangsu")
    assert (social / "province/320000-jiangsu.png").is_file()


def test_footnote_marks_show_as_marks_and_source_line_breaks_leave_no_space_issue_16(built_site):
    pages = list(built_site.rglob("*.html"))
    # A footnote reference (<sup>5</sup>) shows as a mark; the English column notes name the markup itself.
    assert not [p for p in pages if re.search(r"&lt;sup&gt;\s*[0-9]", p.read_text(encoding="utf-8"))]
    assert "⁶，山东省、河北省、浙江省各新进 1 个" in read(built_site, "notes")
    about = read(built_site, "about")
    assert "逐条转录，按 CC BY 4.0 发布，印刷错误" in re.sub(r"<[^>]+>", "", about)  # the footer
    paragraphs = [text(p) for p in re.findall(r"<p>(.*?)</p>", about, re.S)]
    split = [p for p in paragraphs if re.search(r"[\u4e00-\u9fff，。、]\n[\u4e00-\u9fff]", p)]
    assert split == []


def test_every_chart_has_a_png_drawn_at_build_time_and_pages_link_it_issue_16(built_site):
    svgs = sorted(built_site.glob("charts/*/*.svg"))
    assert svgs
    for svg in svgs:
        png = svg.with_suffix(".png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n", svg.name
    page = read(built_site, "lists/county_industrial/2024")
    assert 'href="../../../charts/edition/edition-county_industrial-2024-provinces.png"' in page
    embed = read(built_site, "embed/edition-county_industrial-2024-provinces")
    assert 'edition-county_industrial-2024-provinces.png"' in embed


def test_province_pages_have_their_table_files_and_a_citation_issue_16(built_site, package):
    folder = built_site / "province/320000-jiangsu"
    rows = list(csv.DictReader(io.StringIO((folder / "rankings.csv").read_text(encoding="utf-8"))))
    entries = (built_site / "downloads/derived/data/entries.csv").read_text(encoding="utf-8")
    jiangsu = [r for r in csv.DictReader(io.StringIO(entries)) if r["province_code"] == "320000"]
    assert len(rows) == len(jiangsu) and {r["province_name"] for r in rows} == {"江苏省"}
    assert (folder / "rankings-excel.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (folder / "rankings.xlsx").is_file() and (folder / "datapackage.json").is_file()
    page = read(built_site, "province/320000-jiangsu")
    entries_cited = citations(page)
    assert len([e for e in entries_cited if "[R]" in e]) == 4  # 2019, 2021, 2024 and the 2023 city report
    assert "百强榜开放数据. 江苏省[EB/OL]." in page and "@techreport" in (folder / "cite.bib").read_text(
        encoding="utf-8")


def test_fact_pages_and_the_notes_name_the_reports_they_quote_issue_16(built_site):
    page = read(built_site, "facts/fdi_actual")
    sources = text(section(page, "来源"))
    assert ("《城市制造业高质量发展评价研究报告（2023年）》，"
            "中国信息通信研究院信息化与工业化融合研究所（北京），2023 年 12 月发布") in sources
    assert "Institute of Informatization and Industrialization Integration" in text(section(page, "如何引用"))
    assert (built_site / "facts/fdi_actual/cite.ris").read_text(encoding="utf-8").startswith("TY  - RPRT")
    notes = text(read(built_site, "notes"))
    for title in ("中国工业百强县（市）、百强区发展报告（2019年）", "县域工业经济发展报告（2024年）"):
        assert f"报告：《{title}》，中国信息通信研究院" in notes


def test_province_pages_link_the_statements_about_them_issue_14(built_site):
    shanxi = read(built_site, "province/140000-shanxi")
    notes = section(shanxi, "报告说法核对")
    assert "1 条有问题" in text(notes) and "湖北省、内蒙古、山西省各 3 个" in text(notes)
    anchors = re.findall(r'href="\.\./\.\./notes/#(k\d{4}-\d{3})"', notes)
    assert anchors and all(f'id="{a}"' in read(built_site, "notes") for a in anchors)
