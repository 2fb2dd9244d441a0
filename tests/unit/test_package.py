"""Tests for scoring.package: loading, typing, and one readable line per bad-data problem."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from frictionless import validate
from minimal_package import VALID, copy_valid, replace_in

from scoring.errors import CheckError, DataPackageError
from scoring.messages import MAX_LINES, MAX_LISTED
from scoring.package import MAX_CELL_CHARS, Package, check_files, load_descriptor, load_package

ROOT = Path(__file__).resolve().parents[2]


def load_errors(package: Path) -> list[str]:
    with pytest.raises(DataPackageError) as caught:
        load_package(package)
    return caught.value.problems


# --- the valid package -------------------------------------------------------------------------


def test_load_package_valid_minimal_types_every_column_from_the_schema():
    package = load_package(VALID)

    assert isinstance(package, Package)
    assert sorted(package.tables) == ["corrections", "editions", "rankings", "region_changes", "regions"]
    rankings = package["rankings"]
    assert list(rankings.columns) == [f["name"] for f in package.schema("rankings")["fields"]]
    assert rankings["rank"].dtype == "Int64"
    assert rankings["printed_province_first"].dtype == "boolean"
    assert rankings["region_code"].dtype == "string"
    assert len(rankings) == 13
    assert rankings["printed_province_first"].sum() == 6
    assert rankings.loc[0, "region_code"] == "320583"
    assert pd.isna(rankings.loc[0, "printed_region_rank"])
    assert package["editions"].set_index("edition").at["county_industrial-2021", "size"] == 5
    assert pd.isna(package["regions"].set_index("code").at["429004", "prefecture_code"])


def test_package_getitem_returns_a_copy_that_cannot_change_the_package():
    package = load_package(VALID)

    frame = package["regions"]
    frame.loc[0, "name"] = "changed"

    assert package["regions"].loc[0, "name"] == "江苏省"


def test_package_display_path_is_relative_to_the_working_directory(tmp_path, monkeypatch):
    copy_valid(tmp_path)
    monkeypatch.chdir(tmp_path)

    package = load_package("datapackage")

    assert package.display_path("rankings") == "datapackage/data/rankings.csv"


def test_load_package_reads_boolean_true_values_the_schema_accepts(tmp_path):
    package_dir = copy_valid(tmp_path)
    replace_in(package_dir, "rankings", "苏州市,true,,,127", "苏州市,1,,,127")

    assert bool(load_package(package_dir)["rankings"].loc[0, "printed_province_first"]) is True


def test_valid_minimal_descriptor_declares_the_same_schemas_as_the_real_package():
    real = json.loads((ROOT / "datapackage" / "datapackage.json").read_text(encoding="utf-8"))
    fixture = json.loads((VALID / "datapackage.json").read_text(encoding="utf-8"))

    fixture_schemas = {r["name"]: r["schema"] for r in fixture["resources"]}
    for resource in real["resources"]:
        if resource["name"] in fixture_schemas:
            assert fixture_schemas[resource["name"]] == resource["schema"], resource["name"]


def test_real_descriptor_is_valid_for_frictionless():
    report = validate(str(ROOT / "datapackage" / "datapackage.json"))

    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]


def test_load_package_real_datapackage_validates():
    package = load_package(ROOT / "datapackage")

    assert len(package["rankings"]) == package["editions"]["size"].sum()


# --- one line per problem, naming file, row, column, what and what to do -----------------------

BAD_CELLS = [
    pytest.param("rankings", "county_industrial-2019,1,", "county_industrial-2019,一,",
                 ['rankings.csv row 2, column "rank": "一" is not an integer'], id="wrong-integer"),
    pytest.param("rankings", "苏州市,true,,,127", "苏州市,yes,,,127",
                 ['rankings.csv row 2, column "printed_province_first": "yes" is not a boolean. '
                  "Write true or false"],
                 id="wrong-boolean"),
    pytest.param("regions", "county,县级市,420000", "county,city,420000",
                 ['regions.csv row 11, column "kind": "city" is not an allowed value. '
                  "Use one of: 省, 自治区"],
                 id="enum"),
    pytest.param("regions", ",changshaxian,", ",Changshaxian,",
                 ['regions.csv row 14, column "pinyin": "Changshaxian" does not match the pattern ^[a-z]+$'],
                 id="pattern"),
    pytest.param("editions", "2019,2019年", "1999,2019年",
                 ['editions.csv row 2, column "year": "1999" is below the minimum 2000'], id="minimum"),
    pytest.param("rankings", "昆山市,江苏,苏州市", ",江苏,苏州市",
                 ['rankings.csv row 2, column "printed_name": empty cell in a required column. Fill it in.'],
                 id="required"),
    pytest.param("rankings", "county_industrial-2019,4,429004", "county_industrial-2019,4,429005",
                 ['rankings.csv row 5, column "region_code": "429005" has no match in column "code" of '
                  "regions.csv. Add that row to regions.csv or fix the value."], id="unknown-code"),
    pytest.param("rankings", "county_industrial-2019,4,", "county_industrial-2018,4,",
                 ['rankings.csv row 5, column "edition": "county_industrial-2018" has no match in column '
                  '"edition" of editions.csv'], id="unknown-edition"),
    pytest.param("rankings", "county_industrial-2021,2,320581", "county_industrial-2021,2,320582",
                 ['rankings.csv row 8: duplicate primary key (edition "county_industrial-2021", '
                  'region_code "320582") (same as row 7). Keep one row per key.'], id="duplicate-key"),
    pytest.param("regions", "320000-jiangsu", "320500-suzhou",
                 ['regions.csv row 3, column "slug": "320500-suzhou" is repeated (same as row 2)'],
                 id="unique"),
    pytest.param("rankings", "苏州市,false,,,128", "苏州市,false,,",
                 ['rankings.csv row 3: the row is shorter than the header; no value for "source_line"'],
                 id="truncated-row"),
    pytest.param("rankings", "苏州市,false,,,128", "苏州市,false,,,128,9",
                 ['rankings.csv row 3, column "#11": the row has 11 cells, more than the 10 columns of '
                  "the header"],
                 id="extra-cell"),
    pytest.param("rankings", "county_industrial-2021,1,", "\ncounty_industrial-2021,1,",
                 ["rankings.csv row 6: blank row. Delete the line."], id="blank-row"),
    pytest.param("rankings", "昆山市,江苏,苏州市", "昆" * (MAX_CELL_CHARS + 1) + ",江苏,苏州市",
                 [f'rankings.csv row 2, column "printed_name": cell is {MAX_CELL_CHARS + 1} characters long '
                  f"(limit {MAX_CELL_CHARS})"], id="very-long-string"),
    pytest.param("rankings", "昆山市,江苏,苏州市", "昆" * 200_000 + ",江苏,苏州市",
                 ['rankings.csv row 2, column "printed_name": cell is 200000 characters long'],
                 id="longer-than-the-csv-field-limit"),
    pytest.param("editions", "source_file,source_section,", "source_file,",
                 ['editions.csv row 1, column "source_section": missing column. Add the column'],
                 id="missing-column"),
    pytest.param("regions", "pinyin,slug\n", "pinyin,slug,population\n",
                 ['regions.csv row 1, column "population": not in the schema. '
                  "Remove the column or declare it"],
                 id="extra-column"),
    pytest.param("regions", "code,name,short_name", "name,code,short_name",
                 ["regions.csv row 1: columns are out of order or repeated: name,code,short_name",
                  "Use the schema's order: code,name,short_name"], id="columns-out-of-order"),
]


@pytest.mark.parametrize(("resource", "old", "new", "expected"), BAD_CELLS)
def test_load_package_names_file_row_column_and_remedy(tmp_path, resource, old, new, expected):
    package_dir = copy_valid(tmp_path)
    replace_in(package_dir, resource, old, new)

    problems = load_errors(package_dir)

    assert len(problems) == 1, problems
    for fragment in expected:
        assert fragment in problems[0]
    assert "\n" not in problems[0]
    assert "Row at position" not in problems[0]


def test_load_package_reports_gbk_file_with_row_and_column(tmp_path):
    package_dir = copy_valid(tmp_path)
    path = package_dir / "data" / "regions.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))

    problems = load_errors(package_dir)

    assert len(problems) == 1
    expected = 'regions.csv row 2, column "name": byte 0xbd is not valid UTF-8 (the file looks GBK-encoded)'
    assert expected in problems[0]
    assert "Save the file as UTF-8 without BOM." in problems[0]


def test_load_package_reports_byte_order_mark(tmp_path):
    package_dir = copy_valid(tmp_path)
    path = package_dir / "data" / "editions.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())

    problems = load_errors(package_dir)

    assert problems == [f"{path} row 1: starts with a UTF-8 byte-order mark (BOM). Save the file as UTF-8 "
                        "without BOM."]


def test_load_package_reports_missing_file(tmp_path):
    package_dir = copy_valid(tmp_path)
    (package_dir / "data" / "corrections.csv").unlink()

    problems = load_errors(package_dir)

    path = package_dir / "data" / "corrections.csv"
    assert problems == [f'{path}: file not found (resource "corrections"). '
                        'Restore the file or fix its "path" in datapackage.json.']


def test_load_package_reports_empty_file(tmp_path):
    package_dir = copy_valid(tmp_path)
    (package_dir / "data" / "corrections.csv").write_text("", encoding="utf-8")

    problems = load_errors(package_dir)

    assert len(problems) == 1
    assert "corrections.csv: file is empty. It needs at least the header row: correction_id," in problems[0]


def test_load_package_shows_paths_relative_to_the_working_directory(tmp_path, monkeypatch):
    package_dir = copy_valid(tmp_path)
    replace_in(package_dir, "rankings", "county_industrial-2019,1,", "county_industrial-2019,–,")
    monkeypatch.chdir(tmp_path)

    problems = load_errors(Path("datapackage"))

    assert problems[0].startswith('datapackage/data/rankings.csv row 2, column "rank": "–" is not an '
                                  "integer.")


def test_load_package_collects_problems_of_every_file_before_raising(tmp_path):
    package_dir = copy_valid(tmp_path)
    regions = package_dir / "data" / "regions.csv"
    regions.write_bytes(regions.read_text(encoding="utf-8").encode("gbk"))
    replace_in(package_dir, "editions", "2019,2019年", "x,2019年")
    replace_in(package_dir, "rankings", "county_industrial-2019,1,", "county_industrial-2019,0,")
    replace_in(package_dir, "corrections", "C001", "D001")

    problems = load_errors(package_dir)

    assert len(problems) == 4, problems
    text = "\n".join(problems)
    assert "regions.csv row 2" in problems[0] and "GBK" in problems[0]
    assert 'editions.csv row 2, column "year": "x" is not an integer' in text
    assert 'rankings.csv row 2, column "rank": "0" is below the minimum 1' in text
    assert 'corrections.csv row 2, column "correction_id": "D001" does not match the pattern' in text


def test_load_package_merges_the_missing_cells_of_one_row_into_one_line(tmp_path):
    package_dir = copy_valid(tmp_path)
    replace_in(package_dir, "rankings", ",江苏,苏州市,true,,,127", "")

    problems = load_errors(package_dir)

    assert len(problems) == 1
    assert problems[0].endswith(
        'rankings.csv row 2: the row is shorter than the header; no value for "printed_province", '
        '"printed_prefecture", "printed_province_first", "printed_region_rank", "printed_rank_change", '
        '"source_line". Restore the missing values (keep a comma for each empty cell).'
    )


# --- the descriptor ----------------------------------------------------------------------------


def test_load_package_reports_missing_descriptor(tmp_path):
    with pytest.raises(DataPackageError, match=r"datapackage.json: file not found\. Point the build at"):
        load_package(tmp_path)


def test_load_package_reports_descriptor_that_is_not_json(tmp_path):
    package_dir = copy_valid(tmp_path)
    (package_dir / "datapackage.json").write_text('{"resources": [', encoding="utf-8")

    with pytest.raises(DataPackageError, match=r"datapackage.json: not valid UTF-8 JSON \(.*\)\. Fix the"):
        load_package(package_dir)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda d: d.pop("resources"), 'needs an object with a "resources" list'),
        (lambda d: d["resources"][1].pop("path"), 'resource 2 has no valid "path"'),
        (lambda d: d["resources"][2]["schema"].pop("fields"), 'resource 3 has no valid "schema"'),
        # The reference schema refuses the type before frictionless sees it.
        (lambda d: d["resources"][0]["schema"]["fields"][0].update(type="int"),
         'resource "regions", field "code": type is "int", not "string"'),
    ],
    ids=["no-resources", "no-path", "no-fields", "unknown-type"],
)
def test_load_package_reports_bad_descriptor_structure(tmp_path, edit, expected):
    package_dir = copy_valid(tmp_path)
    path = package_dir / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    edit(descriptor)
    path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")

    problems = load_errors(package_dir)

    assert any(expected in p for p in problems), problems
    assert all("datapackage.json: " in p for p in problems)


def test_a_readme_that_is_a_regular_file_of_the_package_is_accepted_issue_18(tmp_path):
    package_dir = copy_valid(tmp_path)
    (package_dir / "README.md").write_text("# 说明\n", encoding="utf-8")

    assert load_package(package_dir).tables


@pytest.mark.parametrize("how", ["readme-link-out", "readme-link-in", "readme-folder", "descriptor-link"])
def test_package_files_that_are_links_or_not_regular_files_are_refused_unread_issue_18(tmp_path, how):
    package_dir = copy_valid(tmp_path)
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:SECRET\n", encoding="utf-8")
    name = "datapackage.json" if how == "descriptor-link" else "README.md"
    if how == "readme-link-out":
        (package_dir / "README.md").symlink_to(secret)
    elif how == "readme-link-in":
        (package_dir / "README.md").symlink_to(package_dir / "data" / "regions.csv")
    elif how == "readme-folder":
        (package_dir / "README.md").mkdir()
    else:
        moved = tmp_path / "elsewhere.json"
        (package_dir / "datapackage.json").rename(moved)
        (package_dir / "datapackage.json").symlink_to(moved)

    problems = load_errors(package_dir)

    assert len(problems) == 1 and problems[0].startswith(f"{package_dir / name}: "), problems
    assert ("symbolic link" if "link" in how else "not a regular file") in problems[0]
    assert "SECRET" not in problems[0]


def test_load_descriptor_returns_the_parsed_descriptor():
    descriptor = load_descriptor(VALID)

    assert [r["name"] for r in descriptor["resources"]][:2] == ["regions", "region_changes"]


def test_check_files_returns_no_problem_for_readable_files():
    assert check_files(VALID, load_descriptor(VALID)) == []


def test_check_files_lists_problems_without_raising(tmp_path):
    package_dir = copy_valid(tmp_path)
    (package_dir / "data" / "editions.csv").unlink()

    problems = check_files(package_dir, load_descriptor(package_dir))

    assert len(problems) == 1 and "editions.csv: file not found" in problems[0]


# --- floods: thousands of bad rows give a bounded message (issue 18) ---------------------------

FLOOD = 5000


def flood_rankings(package: Path, lines: list[str]) -> Path:
    """Append lines to the minimal package's rankings.csv; return its path."""
    path = package / "data" / "rankings.csv"
    added = "".join(f"{line}\n" for line in lines)
    path.write_text(path.read_text(encoding="utf-8") + added, encoding="utf-8")
    return path


def load_error(package: Path) -> DataPackageError:
    with pytest.raises(DataPackageError) as caught:
        load_package(package)
    return caught.value


def test_thousands_of_blank_rows_are_one_line_issue_18(tmp_path):
    package = copy_valid(tmp_path)
    path = flood_rankings(package, [""] * FLOOD + [",,,,,,,,,"])

    error = load_error(package)

    assert str(error).splitlines() == [f"{path} row 15: blank row, one of {FLOOD + 1:,} (rows "
                                       f"15-{FLOOD + 15}). Delete the blank lines."]


def test_thousands_of_short_rows_are_one_line_naming_the_first_issue_18(tmp_path):
    package = copy_valid(tmp_path)
    short = [f"county_industrial-2019,{n}" for n in range(FLOOD)]
    path = flood_rankings(package, ["", *short[:10], "", *short[10:]])

    error = load_error(package)

    assert str(error).splitlines() == [
        f"{path} row 15: blank row, one of 2 (rows 15, 26). Delete the blank lines.",
        f'{path} row 16, column "region_code": the row ends before this column; {FLOOD:,} rows are shorter '
        f"than the header (rows 16-25, 27-{FLOOD + 16}). Restore the missing values (keep a comma for each "
        "empty cell)."]


def test_a_header_with_hundreds_of_extra_columns_lists_twenty_issue_18(tmp_path):
    package = copy_valid(tmp_path)
    path = package / "data" / "regions.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    extra = 500
    lines = [lines[0] + "".join(f",extra{n}" for n in range(extra)),
             *[line + "," * extra for line in lines[1:]]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    shown = str(load_error(package)).splitlines()

    assert len(shown) == MAX_LISTED + 1
    assert shown[0] == (f'{path} row 1, column "extra0": not in the schema. Remove the column or declare it '
                        "in datapackage.json.")
    assert shown[-1].startswith(f"{path}: {extra - MAX_LISTED} more problems like the line above, in row 1.")


def test_thousands_of_rows_breaking_several_rules_give_a_bounded_message_issue_18(tmp_path):
    """Each appended row breaks one rule of five in turn: an unknown code, a rank that is no
    integer, an unknown edition, a ★ that is no boolean, a region rank of another form (and most
    repeat the key of row 2: a sixth kind)."""
    package = copy_valid(tmp_path)
    valid = "county_industrial-2019,{rank},320583,昆山市,江苏,苏州市,true,,,127"
    bad = [valid.replace("320583", "{code}"), valid.replace("{rank}", "x{rank}"),
           valid.replace("county_industrial-2019", "county_industrial-1999"), valid.replace("true", "yes"),
           valid.replace("true,,", "true,火星99,")]
    path = flood_rankings(package, [bad[n % len(bad)].format(rank=100 + n, code=900000 + n)
                                    for n in range(FLOOD)])

    error = load_error(package)

    shown = str(error).splitlines()
    assert len(error.problems) > 1000
    assert len(shown) <= (len(bad) + 1) * (MAX_LISTED + 1) + 1 < MAX_LINES
    for first, column in enumerate(("region_code", "rank", "edition", "printed_province_first",
                                    "printed_region_rank"), start=15):
        assert any(line.startswith(f'{path} row {first}, column "{column}": ') for line in shown), column
    assert sum("more problems like the line above" in line for line in shown) >= len(bad)
    assert shown[-1] == (f"{path}: the table checks stopped after this file's first 1,000 problems. "
                         "Fix those listed, then validate again to see the rest.")


def test_thousands_of_places_breaking_the_domain_rules_give_a_bounded_message_issue_18(tmp_path):
    """Regions that pass the schema but not the domain checks: codes of no place, slugs of another
    code, names with a zero-width space (their messages name each place, unquoted)."""
    package = copy_valid(tmp_path)
    path = package / "data" / "regions.csv"
    letters = ["".join(chr(97 + int(digit)) for digit in str(n)) for n in range(FLOOD // 5)]
    hidden = "\u200b"
    rows = [f"{500000 + n},测试{n}县{hidden * (n % 2)},测试{n},county,县,320000,320500,ceshi{word},"
            f"{320583 if n % 3 == 0 else 500000 + n}-ceshi{word}" for n, word in enumerate(letters)]
    path.write_text(path.read_text(encoding="utf-8") + "\n".join(rows) + "\n", encoding="utf-8")

    with pytest.raises(CheckError) as caught:
        load_package(package)

    shown = str(caught.value).splitlines()
    assert len(caught.value.problems) > FLOOD
    assert len(shown) <= MAX_LINES + MAX_LINES // MAX_LISTED + 1
    for kind in ("is not in the national code list", "holds an invisible character", 'column "slug"',
                 "is not a reading of"):
        assert 0 < sum(kind in line for line in shown) <= MAX_LISTED, kind
