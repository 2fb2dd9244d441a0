"""Tests for scoring.edition_checks: corrections and printed places against the schema and the registry."""

from __future__ import annotations

from pathlib import Path

import pytest
from minimal_package import copy_valid, replace_in

from scoring.errors import CheckError, DataPackageError
from scoring.package import load_package

CITY = "city_manufacturing-2023"
# Each edition's source file and the line of a row it prints.
SOURCES = {CITY: ("003_056a35d9438bd0d3.txt", "401"),
           "county_industrial-2019": ("001_4407d7522e96988f.txt", "128")}


@pytest.fixture()
def package_dir(tmp_path, monkeypatch) -> Path:
    target = copy_valid(tmp_path)
    monkeypatch.chdir(tmp_path)  # messages then show datapackage/data/<file>.csv
    return target


def add_correction(package: Path, *cells: str) -> int:
    """Append a corrections row (id, edition, region_code, field, printed, corrected); return its row."""
    path = package / "data" / "corrections.csv"
    text = path.read_text(encoding="utf-8")
    line = ",".join([*cells, "Test.", "测试。", *SOURCES[cells[1]]])
    path.write_text(text + line + "\n", encoding="utf-8")
    return len(text.splitlines()) + 1


def check_errors(package: Path) -> list[str]:
    with pytest.raises(CheckError) as caught:
        load_package(package)
    return caught.value.problems


# --- corrected values hold what their rankings column holds ------------------------------------------


@pytest.mark.parametrize(("field", "printed", "good", "bad"), [
    ("printed_rank_change", "—", "↑", '"=HYPERLINK(""http://evil"")"'),
    ("printed_rank_change", "—", "新增", "up"),
    ("printed_region_rank", "苏1", "苏 1", "火星99"),
    ("printed_region_rank", "苏1", "苏2", "苏0"),
])
def test_a_corrected_mark_or_region_rank_must_be_a_value_of_its_rankings_column_issue_18(
        package_dir, field, printed, good, bad):
    add_correction(package_dir, "C101", CITY, "320500", field, printed, good)
    load_package(package_dir)  # accepted

    replace_in(package_dir, "corrections", f",{good},", f",{bad},")
    problems = check_errors(package_dir)

    shown = bad.strip('"').replace('""', '"')
    assert len(problems) == 1, problems
    assert problems[0].startswith(f'datapackage/data/corrections.csv row 3, column "corrected_value": '
                                  f'"{shown}" is not a value of the rankings column "{field}" (')
    assert problems[0].endswith("; fix it.")


def test_a_printed_region_rank_is_a_province_abbreviation_and_a_position_issue_18(package_dir):
    replace_in(package_dir, "rankings", ",苏1,", ",苏 1,")
    load_package(package_dir)  # the inner space is kept as printed

    replace_in(package_dir, "rankings", ",苏 1,", ",火星99,")
    with pytest.raises(DataPackageError) as caught:
        load_package(package_dir)

    expected = 'datapackage/data/rankings.csv row 13, column "printed_region_rank": "火星99" does not match'
    assert any(p.startswith(expected) for p in caught.value.problems), caught.value.problems


# --- one correction per field of a row ----------------------------------------------------------------


def test_a_second_correction_of_the_same_field_is_refused_naming_both_rows_issue_18(package_dir):
    add_correction(package_dir, "C101", CITY, "320500", "printed_rank_change", "—", "↑")
    add_correction(package_dir, "C102", CITY, "320500", "printed_region_rank", "苏1", "苏 1")
    load_package(package_dir)  # two fields of one row: one correction each

    add_correction(package_dir, "C103", CITY, "320500", "printed_rank_change", "—", "↓")
    problems = check_errors(package_dir)

    assert problems == [
        'datapackage/data/corrections.csv row 5, column "field": printed_rank_change of '
        "city_manufacturing-2023 320500 is corrected again (row 3 corrects it already); keep one of rows 3 "
        "and 5."]


# --- printed places name the registry's parents --------------------------------------------------------


@pytest.mark.parametrize(("column", "old", "good", "bad"), [
    ("printed_prefecture", ",江苏,苏州市,true,,,127", ",江苏,苏州,true,,,127", ",江苏,市,true,,,127"),
    ("printed_prefecture", ",江苏,苏州市,true,,,127", ",江苏,苏,true,,,127", ",江苏,苏州市市,true,,,127"),
    ("printed_province", ",湖北,省直管,true,,,130", ",湖北省,省直管,true,,,130", ",湖,省直管,true,,,130"),
    ("printed_province", ",湖北,省直管,true,,,130", ",湖北,省直管,true,,,130", ",湖北省省,省直管,true,,,130"),
])
def test_a_printed_place_must_name_its_parent_and_no_other_issue_18(package_dir, column, old, good, bad):
    replace_in(package_dir, "rankings", old, good)
    load_package(package_dir)  # the full name, or a start only that parent has

    replace_in(package_dir, "rankings", good, bad)
    problems = check_errors(package_dir)

    row = 2 if column == "printed_prefecture" else 5
    assert len(problems) == 1 and problems[0].startswith(
        f'datapackage/data/rankings.csv row {row}, column "{column}": '), problems
    assert "does not name the registry's parent" in problems[0]


@pytest.mark.parametrize(("value", "accepted"),
                         [("无锡市", False), ("市", False), ("苏", True), ("苏州市", True)])
def test_a_corrected_prefecture_must_name_the_parent_like_a_printed_one_issue_18(package_dir, value,
                                                                                 accepted):
    replace_in(package_dir, "rankings", ",江苏,苏州市,true,,,127", ",江苏,无锡,true,,,127")
    add_correction(package_dir, "C101", "county_industrial-2019", "320583", "printed_prefecture", "无锡",
                   value)

    if accepted:
        load_package(package_dir)
        return
    problems = check_errors(package_dir)
    assert problems == [f'datapackage/data/corrections.csv row 3, column "corrected_value": "{value}" '
                        "does not name the place's prefecture; fix it."]
