"""Tests for scoring.source_checks: the sources editions, rankings and corrections cite exist."""

from __future__ import annotations

from pathlib import Path

import pytest
from minimal_package import copy_valid, replace_in

from scoring.errors import CheckError
from scoring.package import load_package
from scoring.source_checks import load_inventory

EDITION = "county_industrial-2019,"  # its row in editions.csv: source file 001_…, line 1
SOURCE = "001_4407d7522e96988f.txt"


@pytest.fixture()
def package_dir(tmp_path, monkeypatch) -> Path:
    target = copy_valid(tmp_path)
    monkeypatch.chdir(tmp_path)  # messages then show datapackage/data/<file>.csv
    return target


def check_errors(package: Path) -> list[str]:
    with pytest.raises(CheckError) as caught:
        load_package(package)
    return caught.value.problems


@pytest.mark.parametrize("line", [99999, 2**63 - 1])
def test_an_edition_line_past_the_end_of_its_source_is_refused_issue_18(package_dir, line):
    lines = load_inventory()["files"][SOURCE]["lines"]
    path = package_dir / "data" / "editions.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, r in enumerate(rows) if r.startswith(EDITION))
    cells = rows[at].split(",")
    position = rows[0].split(",").index("source_line")

    for value, accepted in ((lines, True), (line, False)):
        cells[position] = str(value)
        rows[at] = ",".join(cells)
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
        if accepted:
            load_package(package_dir)  # the last line of the file
            continue
        assert check_errors(package_dir) == [
            f'datapackage/data/editions.csv row {at + 1}, column "source_line": line {line} lies past the '
            f"end of {SOURCE}, which has {lines} lines; fix the line number."]


def test_a_correction_must_cite_the_source_file_of_an_edition_issue_18(package_dir):
    replace_in(package_dir, "corrections", f",{SOURCE},", ",000_9e9d2714e45a3c02.txt,")
    load_package(package_dir)  # another edition's report

    replace_in(package_dir, "corrections", ",000_9e9d2714e45a3c02.txt,", ",999_nonexistent.txt,")
    problems = check_errors(package_dir)

    assert problems == [
        'datapackage/data/corrections.csv row 2, column "source_file": "999_nonexistent.txt" is not the '
        "source file of an edition (000_9e9d2714e45a3c02.txt, 001_4407d7522e96988f.txt, "
        "003_056a35d9438bd0d3.txt); a correction cites the report that prints the row. Fix the file name."]
