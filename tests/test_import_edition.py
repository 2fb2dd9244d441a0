"""`python -m build_scripts import-edition`: re-importing every held edition reproduces the package byte for
byte; bad tables stop with one line per row and change nothing."""

import csv
import io
import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

from build_scripts import paths
from build_scripts.__main__ import main as cli
from curation.codes import prefecture_of, province_of
from curation.edition_origins import ChangeRecord
from curation.edition_rules import Fix, Pin
from curation.edition_table import load_printed_rows
from curation.import_edition import EditionMeta, import_edition
from curation.import_edition_cli import render_summary
from curation.names import compute_short_name
from scoring.errors import PipelineError
from scoring.lists import load_lists

LISTS = load_lists(paths.LISTS)
DATA = paths.DATAPACKAGE / "data"
WRITTEN = ("editions", "rankings", "regions", "corrections")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _rows(name: str, package: Path = paths.DATAPACKAGE) -> list[dict]:
    with (package / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write_rows(package: Path, name: str, rows: list[dict]) -> None:
    fields = list(_rows(name)[0]) if _rows(name) else []
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (package / "data" / f"{name}.csv").write_bytes(buffer.getvalue().encode("utf-8"))


def _closure(codes: set[str]) -> set[str]:
    return codes | {province_of(c) for c in codes} | {p for c in codes if (p := prefecture_of(c))}


def _without_edition(tmp_path: Path, edition: str) -> Path:
    """Copy the package and take out the edition: its editions and rankings rows, and every registry row
    only it refers to (so the import must add those places again from the national code list)."""
    package = tmp_path / "datapackage"
    shutil.copytree(paths.DATAPACKAGE, package)
    rankings = [r for r in _rows("rankings") if r["edition"] != edition]
    keep = _closure({r["region_code"] for r in rankings} | {r["region_code"] for r in _rows("facts")}
                    | {r["new_code"] for r in _rows("region_changes")})
    _write_rows(package, "rankings", rankings)
    _write_rows(package, "editions", [e for e in _rows("editions") if e["edition"] != edition])
    _write_rows(package, "regions", [r for r in _rows("regions") if r["code"] in keep])
    return package


def _meta(edition: str) -> EditionMeta:
    e = next(row for row in _rows("editions") if row["edition"] == edition)
    return EditionMeta(
        list=e["list"], year=int(e["year"]), title=e["title"], report_title=e["report_title"],
        publisher=e["publisher"], published=e["published"], division_cutoff=e["division_cutoff"] or None,
        size=int(e["size"]), weighting_method=e["weighting_method"], dimensions=e["dimensions"],
        method_note=e["method_note"] or None, tier_boundaries=e["tier_boundaries"] or None,
        source_file=e["source_file"], source_section=e["source_section"], source_line=int(e["source_line"]),
        issuer=e["issuer"], publisher_place=e["publisher_place"] or None,
        publisher_url=e["publisher_url"] or None, report_url=e["report_url"] or None,
        issuer_en=e["issuer_en"] or None, publisher_en=e["publisher_en"] or None,
        report_title_en=e["report_title_en"] or None)


HEADER = ["行号", "县（市）", "所属地级市", "排名", "省份", "省内排名", "排名变化"]
CITY_HEADER = ["行号", "城市", "排名", "省份", "省内排名", "排名变化"]


def _table_rows(edition: str) -> tuple[list[str], list[list[str]]]:
    """The edition's rows as a reposted table: another column order, full-width ranks, ★ after the name,
    a header repeated at a page break and blank lines."""
    city = LISTS.get(edition.rsplit("-", 1)[0]).level == "city"
    header = CITY_HEADER if city else HEADER
    body = []
    for r in (r for r in _rows("rankings") if r["edition"] == edition):
        name = r["printed_name"] + ("★" if r["printed_province_first"] == "true" else "")
        cells = {"行号": r["source_line"], "县（市）": name, "城市": name,
                 "所属地级市": r["printed_prefecture"],
                 "排名": r["rank"].translate(FULL_WIDTH), "省份": r["printed_province"],
                 "省内排名": r["printed_region_rank"], "排名变化": r["printed_rank_change"]}
        body.append([cells[h] for h in header])
    return header, [*body[:40], [""] * len(header), header, *body[40:], [""] * len(header)]


def _write_table(path: Path, header: list[str], body: list[list[str]]) -> Path:
    if path.suffix == ".xlsx":
        book = Workbook()
        sheet = book.active
        sheet.append(["2024 年中国工业百强县（市）"])  # a title line above the header, as reposts have
        for row in [header, *body]:
            sheet.append([int(c) if c.isdigit() else (c or None) for c in row])
        book.save(path)
    else:
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerows([header, *body])
        path.write_text(text.getvalue(), encoding="utf-8-sig")
    return path


def _pins(edition: str, table: Path) -> list[Pin]:
    """The rows the name rules cannot resolve (misprints), pinned with the recorded reason."""
    rows = {str(r.source_line): r.row for r in load_printed_rows(table)}
    return [Pin(row=rows[c["source_line"]], code=c["region_code"], reason=c["reason"],
                reason_zh=c["reason_zh"])
            for c in _rows("corrections") if c["edition"] == edition and c["field"] == "printed_name"]


EDITIONS = [e["edition"] for e in _rows("editions")]


@pytest.mark.parametrize("edition", EDITIONS)
def test_reimport_of_every_held_edition_reproduces_the_package_byte_for_byte(tmp_path, edition):
    package = _without_edition(tmp_path, edition)
    removed = len(_rows("regions")) - len(_rows("regions", package))
    suffix = ".xlsx" if EDITIONS.index(edition) % 2 else ".csv"
    table = _write_table(tmp_path / f"table{suffix}", *_table_rows(edition))
    summary = import_edition(package, table, _meta(edition), LISTS, _pins(edition, table))
    for name in WRITTEN:
        assert (package / "data" / f"{name}.csv").read_bytes() == (DATA / f"{name}.csv").read_bytes(), name
    assert summary.rows == len([r for r in _rows("rankings") if r["edition"] == edition])
    assert summary.corrections == ()  # the misprints' corrections are already recorded
    marks = [c for c in _rows("corrections")
             if c["edition"] == edition and c["field"] == "printed_province_first"]
    assert summary.marks == summary.marks_on_leaders
    assert summary.leaders_unmarked == len(marks)
    assert len(summary.new_places) <= removed


def test_reimport_adds_places_with_parents_and_counts_renamed_places(tmp_path):
    edition = "county_industrial-2019"
    package = _without_edition(tmp_path, edition)
    table = _write_table(tmp_path / "t.csv", *_table_rows(edition))
    summary = import_edition(package, table, _meta(edition), LISTS, _pins(edition, table))
    assert "海门市 -> 海门区 320614" in summary.renamed and "蓬莱市 -> 蓬莱区 370614" in summary.renamed
    assert summary.new_places  # places only the 2019 list has come back from the national code list
    provinces = {r["region_code"][:2] for r in _rows("rankings") if r["edition"] == edition}
    assert summary.provinces == len(provinces) == summary.marks  # 2019 marks each province's best entry
    text = render_summary(summary)
    assert "rows: 100" in text and "★ marks checked: " in text and "new places: " in text


@pytest.mark.parametrize("edition", EDITIONS)
def test_short_names_without_suffixes_resolve_to_the_same_codes(tmp_path, edition):
    """Names as short names (昆山, 准格尔, 长沙县 keeps 县; a former name's too: 海门市 as 海门), provinces
    as 江苏, 广西, prefectures as 苏州; misprints stay as printed (they are pinned)."""
    package = _without_edition(tmp_path, edition)
    regions = {r["code"]: r for r in _rows("regions")}
    former = {r["old_name"] for r in _rows("region_changes")}
    held = [r for r in _rows("rankings") if r["edition"] == edition]
    header, body = _table_rows(edition)
    name = header.index("城市" if "城市" in header else "县（市）")
    province = header.index("省份")
    prefecture = header.index("所属地级市") if "所属地级市" in header else None
    for row, entry in zip([r for r in body if any(r) and r != header], held, strict=True):
        region = regions[entry["region_code"]]
        printed = entry["printed_name"]
        short = (region["short_name"] if printed == region["name"]
                 else compute_short_name(printed) if printed in former else printed)
        row[name] = short + ("★" if "★" in row[name] else "")
        row[province] = regions[region["province_code"]]["short_name"]
        if prefecture is not None and region["prefecture_code"]:
            row[prefecture] = regions[region["prefecture_code"]]["short_name"]
    # This table prints other provinces and prefectures, so the recorded fixes of the printed ones go.
    rewritten = {"printed_province"} | ({"printed_prefecture"} if prefecture is not None else set())
    _write_rows(package, "corrections", [
        c for c in _rows("corrections") if c["edition"] != edition or c["field"] not in rewritten
        or (c["field"] == "printed_prefecture" and not regions[c["region_code"]]["prefecture_code"])])
    table = _write_table(tmp_path / "short.xlsx", header, body)
    import_edition(package, table, _meta(edition), LISTS, _pins(edition, table))
    imported = [r for r in _rows("rankings", package) if r["edition"] == edition]
    assert [(r["rank"], r["region_code"]) for r in imported] == [(r["rank"], r["region_code"]) for r in held]
    shortened = [r for r in imported if r["printed_name"] != regions[r["region_code"]]["name"]]
    assert len(shortened) > len(held) / 2  # kept as that table prints them


def _snapshot(package: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (package / "data").iterdir()}


def _broken(tmp_path: Path, change) -> tuple[Path, Path]:
    edition = "county_industrial-2024"
    package = _without_edition(tmp_path, edition)
    header, body = _table_rows(edition)
    change(header, body)
    return package, _write_table(tmp_path / "bad.csv", header, body)


def _expect_error(tmp_path, change, *expected, edition="county_industrial-2024", meta=None):
    package, table = _broken(tmp_path, change)
    before = _snapshot(package)
    with pytest.raises(PipelineError) as error:
        import_edition(package, table, meta or _meta(edition), LISTS, _pins(edition, table))
    assert _snapshot(package) == before
    assert not list(package.parent.glob(".import-*"))
    message = str(error.value)
    assert message.startswith("import-edition: county_industrial-2024 not imported, nothing written")
    for part in expected:
        assert part in message, message
    return error.value.problems


def _set(row_index: int, column: str, value: str):
    def change(header, body):
        rows = [r for r in body if any(r) and r != header]
        rows[row_index][header.index(column)] = value
    return change


def test_unknown_name_names_the_row_and_the_printed_name(tmp_path):
    problems = _expect_error(tmp_path, _set(4, "县（市）", "桃花源市"),
                             '.csv row 6: "桃花源市" (浙江省 宁波市): no county-level place named '
                             "桃花源市 in 浙江省; candidates: none.")
    assert len(problems) == 2


def test_wrong_province_lists_the_place_found_elsewhere(tmp_path):
    _expect_error(tmp_path, _set(0, "省份", "浙江省"),
                  '.csv row 2: "昆山市" (浙江省 苏州市): no county-level place named 昆山市 in 浙江省; '
                  "found: 昆山市 320583 (江苏省苏州市).")


def test_duplicate_place_names_both_rows(tmp_path):
    def change(header, body):
        name = header.index("县（市）")
        body[3][name] = body[1][name]
    _expect_error(tmp_path, change, 'row 5: "江阴市" is 320281, already listed in row 3.')


def test_gap_in_ranks_names_the_row_and_the_missing_rank(tmp_path):
    _expect_error(tmp_path, _set(9, "排名", "１２"),
                  "row 12: rank 11 follows rank 9; ranks run 1..N as competition ranks (ties as 5, 5, 7), "
                  "so rank 10 is missing.")


def test_wrong_row_count_is_an_error(tmp_path):
    def change(header, body):
        del body[-2]
    _expect_error(tmp_path, change, ".csv: 99 rows, but the list has 100 entries (--size to change).")


def test_place_printed_under_a_name_it_took_after_the_cutoff(tmp_path):
    edition = "county_industrial-2019"
    package = _without_edition(tmp_path, edition)
    header, body = _table_rows(edition)
    name = header.index("县（市）")
    for row in body:
        if row[name] == "茌平县":
            row[name] = "茌平区"
    table = _write_table(tmp_path / "late.csv", header, body)
    before = _snapshot(package)
    with pytest.raises(PipelineError) as error:
        import_edition(package, table, _meta(edition), LISTS, _pins(edition, table))
    assert _snapshot(package) == before
    row = next(r.row for r in load_printed_rows(table) if r.name == "茌平区")
    assert (f'row {row}: "茌平区" (山东 聊城市): 茌平区 371503 took this name and code 2019-08 '
            "(撤县设区 from 茌平县 371523), after the edition's division cut-off 2019-07-31; "
            "at the cut-off it was 茌平县." in str(error.value))


def test_place_printed_under_a_former_name_it_lost_before_the_cutoff(tmp_path):
    edition = "district_industrial-2021"
    package = _without_edition(tmp_path, edition)
    header, body = _table_rows(edition)
    name = header.index("县（市）")
    for row in body:
        if row[name].replace("★", "") == "海门区":
            row[name] = "海门市"
    table = _write_table(tmp_path / "early.csv", header, body)
    expected = ("海门市 is the former name of 海门区 320614, which it lost 2020-07 "
                r"\(撤市设区\), before the edition's division cut-off 2021-07-31")
    with pytest.raises(PipelineError, match=expected):
        import_edition(package, table, _meta(edition), LISTS, _pins(edition, table))


def test_pin_records_a_correction_with_the_reason(tmp_path):
    edition = "county_industrial-2024"
    package = _without_edition(tmp_path, edition)
    header, body = _table_rows(edition)
    body[1][header.index("县（市）")] = "江阴县"  # a misprint of 江阴市 (rank 2)
    table = _write_table(tmp_path / "pin.csv", header, body)
    summary = import_edition(package, table, _meta(edition), LISTS, [Pin(3, "320281", "Misprint of 江阴市.",
                                                                                   "江阴市的误印。")])
    assert summary.corrections == ("C010",)
    added = _rows("corrections", package)[-1]
    assert {k: added[k] for k in ("edition", "region_code", "field", "printed_value", "corrected_value",
                                  "reason", "reason_zh")} == {
        "edition": edition, "region_code": "320281", "field": "printed_name", "printed_value": "江阴县",
        "corrected_value": "江阴市", "reason": "Misprint of 江阴市.", "reason_zh": "江阴市的误印。"}
    assert [r["printed_name"] for r in _rows("rankings", package) if r["edition"] == edition][1] == "江阴县"


def test_table_reader_skips_blank_and_repeated_header_rows(tmp_path):
    table = _write_table(tmp_path / "t.xlsx", *_table_rows("county_industrial-2024"))
    rows = load_printed_rows(table)
    assert len(rows) == 100 and rows[0].rank == 1 and rows[0].row == 3
    assert rows[0].name == "昆山市" and rows[0].is_marked
    assert unicodedata.normalize("NFKC", "１") == "1"


def test_command_line_import_and_its_error(tmp_path, capsys):
    edition = "city_manufacturing-2023"
    package = _without_edition(tmp_path, edition)
    table = _write_table(tmp_path / "cities.csv", *_table_rows(edition))
    meta = _meta(edition)
    args = ["import-edition", str(table), "--package", str(package), "--list", meta.list, "--year", "2023",
            "--title", meta.title, "--report-title", meta.report_title, "--published", meta.published,
            "--source-file", meta.source_file, "--source-section", meta.source_section,
            "--weighting-method", meta.weighting_method, "--dimensions", meta.dimensions,
            "--method-note", meta.method_note, "--source-line", str(meta.source_line),
            "--issuer", meta.issuer, "--publisher-place", meta.publisher_place,
            "--publisher-url", meta.publisher_url, "--issuer-en", meta.issuer_en,
            "--publisher-en", meta.publisher_en, "--report-title-en", meta.report_title_en]
    assert cli(args) == 0
    assert "import-edition: city_manufacturing-2023 imported" in capsys.readouterr().out
    for name in WRITTEN:
        assert (package / "data" / f"{name}.csv").read_bytes() == (DATA / f"{name}.csv").read_bytes(), name
    assert cli(args) == 1
    assert "city_manufacturing-2023 is already in editions.csv" in capsys.readouterr().err


def test_ambiguous_name_lists_the_candidates_with_codes(tmp_path):
    def change(header, body):
        body[4][header.index("县（市）")] = "鼓楼区"
        body[4][header.index("省份")] = "江苏省"
        body[4][header.index("所属地级市")] = ""
    edition = "district_industrial-2024"
    package = _without_edition(tmp_path, edition)
    header, body = _table_rows(edition)
    change(header, body)
    table = _write_table(tmp_path / "two.csv", header, body)
    before = _snapshot(package)
    with pytest.raises(PipelineError) as error:
        import_edition(package, table, _meta(edition), LISTS, _pins(edition, table))
    assert _snapshot(package) == before
    assert ('two.csv row 6: "鼓楼区" (江苏省): 2 places match: 鼓楼区 320106 (江苏省南京市), '
            "鼓楼区 320302 (江苏省徐州市)." in str(error.value))


def test_result_the_validator_rejects_writes_nothing(tmp_path):
    def change(header, body):
        name = header.index("县（市）")
        body[0][name] = body[0][name].replace("★", "")  # 昆山市, 江苏's best-ranked entry, loses its ★
    package, table = _broken(tmp_path, change)
    before = _snapshot(package)
    with pytest.raises(PipelineError) as error:
        import_edition(package, table, _meta("county_industrial-2024"), LISTS, [])
    assert _snapshot(package) == before
    assert not list(package.parent.glob(".import-*"))
    message = str(error.value)
    assert message.startswith("import-edition: the validator rejects the result; nothing written:")
    assert f"{package}/data/rankings.csv row" in message and "昆山市 (320583) is the top entry" in message


def test_correct_records_a_missing_mark_and_a_misprinted_rank(tmp_path):
    def change(header, body):
        name = header.index("县（市）")
        body[0][name] = body[0][name].replace("★", "")  # 昆山市 (rank 1, row 2) printed without ★
        body[9][header.index("排名")] = "１２"  # rank 10 (row 11) printed as 12
    package, table = _broken(tmp_path, change)
    fixes = [Fix(2, "printed_province_first", "true", "昆山市 is 江苏's best-ranked entry.",
                 "昆山市是江苏排名最高的县（市）。"),
             Fix(11, "rank", "10", "Rank 10 is missing and 12 printed twice.", "缺第10名，12印了两次。")]
    summary = import_edition(package, table, _meta("county_industrial-2024"), LISTS, [], fixes=fixes)
    assert summary.corrections == ("C010", "C011")
    added = [{k: c[k] for k in ("region_code", "field", "printed_value", "corrected_value", "source_line")}
             for c in _rows("corrections", package)[-2:]]
    assert added == [
        {"region_code": "320583", "field": "printed_province_first", "printed_value": "false",
         "corrected_value": "true", "source_line": "201"},
        {"region_code": "320585", "field": "rank", "printed_value": "12", "corrected_value": "10",
         "source_line": "210"}]
    rows = [r for r in _rows("rankings", package) if r["edition"] == "county_industrial-2024"]
    assert [r["rank"] for r in rows if r["region_code"] == "320585"] == ["12"]  # kept as printed


def test_correct_rejects_an_unknown_field_and_row(tmp_path):
    package, table = _broken(tmp_path, lambda header, body: None)
    with pytest.raises(PipelineError) as error:
        import_edition(package, table, _meta("county_industrial-2024"), LISTS, [],
                       fixes=[Fix(2, "printed_name", "x", "r", "理由"), Fix(500, "rank", "1", "r", "理由")])
    assert error.value.problems[1:] == [
        "--correct 2 printed_name: not a correctable field (rank, printed_province, printed_prefecture, "
        "printed_province_first, printed_region_rank, printed_rank_change; names: --pin).",
        "--correct 500 rank: the table has no data row 500."]


def _edition_2025(tmp_path: Path, replace: dict[int, tuple[str, str, str]]) -> tuple[Path, EditionMeta]:
    """The 2024 county table as a 2025 edition, some rows replaced: rank -> (name, province, prefecture)."""
    header, body = _table_rows("county_industrial-2024")
    at = {h: i for i, h in enumerate(header)}
    for row in body:
        rank = unicodedata.normalize("NFKC", row[at["排名"]]) if row[at["排名"]] != "排名" else ""
        if rank.isdigit() and int(rank) in replace:
            name, province, prefecture = replace[int(rank)]
            # Keep the row's ★; rank 100 becomes 广西's only entry, so it gets one.
            mark = "★" if row[at["县（市）"]].endswith("★") or int(rank) == 100 else ""
            row[at["县（市）"]], row[at["省份"]], row[at["所属地级市"]] = name + mark, province, prefecture
    meta = _meta("county_industrial-2024")
    meta = EditionMeta(**{**meta.__dict__, "year": 2025, "published": "2025-12",
                          "division_cutoff": "2025-07-31", "title": "2025 年中国工业百强县（市）",
                          "source_section": "表 1 2025 年中国工业百强县（市）",
                          "tier_boundaries": None, "source_line": 1})
    return _write_table(tmp_path / "2025.csv", header, body), meta


def test_a_place_new_since_the_code_history_needs_a_recorded_change_issue_13(tmp_path):
    """平果市 451082 (平果县 451023 became a city in 2019): the import asks for the change, then records
    it."""
    package = tmp_path / "datapackage"
    shutil.copytree(paths.DATAPACKAGE, package)
    table, meta = _edition_2025(tmp_path, {100: ("平果", "广西", "百色")})
    before = _snapshot(package)
    with pytest.raises(PipelineError) as caught:
        import_edition(package, table, meta, LISTS)
    text = "\n".join(caught.value.problems)
    assert "平果市 451082 is new since the code history (2019-04)" in text
    assert "--change 451023 451082 <date> 撤县设市" in text  # the suggestion from the code history
    assert _snapshot(package) == before

    change = ChangeRecord("451023", "451082", "2019-12", "撤县设市", "Test evidence.", "测试依据。")
    shutil.copy(paths.ROOT / "CITATION.cff", tmp_path / "CITATION.cff")  # beside the package, as in the repo
    summary = import_edition(package, table, meta, LISTS, changes=[change])
    assert summary.changes == ("平果县 451023 -> 平果市 451082",)
    # The edition's report (published 2025-12) joins CITATION.cff's references.
    cited = yaml.safe_load((tmp_path / "CITATION.cff").read_text(encoding="utf-8"))["references"]
    assert summary.citation == str(tmp_path / "CITATION.cff") and (cited[-1]["year"], cited[-1]["month"]) == (
        2025, 12)
    recorded = [c for c in _rows("region_changes", package) if c["new_code"] == "451082"]
    assert recorded == [{"old_code": "451023", "old_name": "平果县", "new_code": "451082",
                         "new_name": "平果市",
                         "effective": "2019-12", "kind": "撤县设市", "source": "Test evidence.",
                         "source_zh": "测试依据。"}]
    assert "平果市 451082" in summary.new_places


def test_a_short_name_its_prefecture_holds_and_padded_names_resolve_issue_13(tmp_path):
    """长沙 under 长沙市 on a county list is 长沙县 (its short name would be the prefecture's);
    "江　阴" is 江阴."""
    package = tmp_path / "datapackage"
    shutil.copytree(paths.DATAPACKAGE, package)
    rankings = {r["printed_name"]: r["rank"] for r in _rows("rankings")
                if r["edition"] == "county_industrial-2024"}
    table, meta = _edition_2025(tmp_path, {int(rankings["长沙县"]): ("长沙", "湖南", "长沙"),
                                           int(rankings["江阴市"]): ("江　阴", "江　苏", "无　锡")})
    import_edition(package, table, meta, LISTS)
    new = {r["printed_name"]: r["region_code"] for r in _rows("rankings", package)
           if r["edition"] == "county_industrial-2025"}
    assert new["长沙"] == "430121" and new["江阴"] == "320281"
    (recorded,) = [c for c in _rows("corrections", package) if c["edition"] == "county_industrial-2025"]
    assert (recorded["printed_value"], recorded["corrected_value"]) == ("长沙", "长沙县")
    assert "长沙市" in recorded["reason_zh"]
