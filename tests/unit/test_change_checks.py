"""Tests for scoring.change_checks: region changes form a history that can have happened."""

from __future__ import annotations

from pathlib import Path

import pytest
from minimal_package import copy_valid, replace_in

from scoring.change_checks import FIRST_CODES
from scoring.errors import CheckError
from scoring.package import load_package


@pytest.fixture()
def package_dir(tmp_path, monkeypatch) -> Path:
    target = copy_valid(tmp_path)
    monkeypatch.chdir(tmp_path)  # messages then show datapackage/data/<file>.csv
    return target


@pytest.mark.parametrize("bad", ["0001", "1979", "1979-12", "1979-12-31", "0999-01-01"])
def test_a_change_before_the_first_codes_of_1980_is_refused_issue_18(package_dir, bad):
    replace_in(package_dir, "region_changes", ",2020-10,", f",{FIRST_CODES.year},")
    load_package(package_dir)  # 1980 itself is possible

    replace_in(package_dir, "region_changes", f",{FIRST_CODES.year},", f",{bad},")
    with pytest.raises(CheckError) as caught:
        load_package(package_dir)

    assert caught.value.problems == [
        f'datapackage/data/region_changes.csv row 2, column "effective": {bad} lies before 1980, when '
        "GB 2260-80 gave the first codes; fix the date."]
