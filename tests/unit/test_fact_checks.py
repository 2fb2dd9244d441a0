"""Tests for scoring.fact_checks: a fact's figures are printed in its quote (issue 18, from issue 17)."""

from __future__ import annotations

import pytest
from minimal_package import VALID

from scoring.errors import CheckError
from scoring.fact_checks import check_fact_figures, compute_chinese_value, find_printed_numbers
from scoring.package import load_package


def test_number_reader_reads_the_printed_forms():
    assert {15.0, 4000.0, 1000.0, 40.0, 12.5, 33.3, 10.0, 1.0} <= (
        find_printed_numbers("15% 以上，超 4 千亿，超过千亿元，四成，八分之一，约1/3，两位数，上万家，"
                             "占比过半"))
    assert 10000.0 in find_printed_numbers("2 个城市超万亿") and 50.0 in find_printed_numbers("占比过半")
    assert compute_chinese_value("二十三") == 23 and compute_chinese_value("十") == 10


def test_the_real_facts_print_their_figures():
    check_fact_figures(load_package(VALID.parents[2] / "datapackage", run_checks=False))


def _real_with(tmp_path, edit) -> object:
    import shutil

    folder = tmp_path / "datapackage"
    shutil.copytree(VALID.parents[2] / "datapackage", folder)
    path = folder / "data" / "facts.csv"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return load_package(folder, run_checks=False)


def test_a_value_the_quote_does_not_print_is_refused_naming_the_cell(tmp_path):
    # 001-0601-12 义乌市: "义乌市、昆山市分别高达 202% 和 96%" holds 202, not 203.
    package = _real_with(tmp_path, lambda text: text.replace(
        "001-0601-12,330782,义乌市,2019 中国工业百强县（市）、百强区发展报告,export_gdp_share,202,",
        "001-0601-12,330782,义乌市,2019 中国工业百强县（市）、百强区发展报告,export_gdp_share,203,"))
    with pytest.raises(CheckError) as caught:
        check_fact_figures(package)
    (problem,) = caught.value.problems
    assert 'facts.csv row ' in problem and 'column "value": 203 is not printed in the quote' in problem


def test_a_passage_that_ends_before_it_starts_is_refused(tmp_path):
    # 001-0582-04 spans lines 582-584; an end before the start is a typo.
    package = _real_with(tmp_path, lambda text: text.replace(",582,584", ",582,580", 1))
    with pytest.raises(CheckError) as caught:
        check_fact_figures(package)
    assert any('column "source_line_end": 580 is before source_line 582' in p for p in caught.value.problems)
