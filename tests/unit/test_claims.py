import io
import json
from pathlib import Path
from types import MappingProxyType

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_scripts.paths import SEEDS
from scoring.claims import EVALUATORS, compute_claim_entries, compute_claim_verdicts
from scoring.errors import CheckError
from scoring.package import Package, load_package
from scoring.params import load_params

ROOT = Path(__file__).resolve().parents[2]
BLOCS = {"东部": ("32", "33"), "中部": ("43",), "西部": ("61",), "东北": ("21",)}

REGIONS = """code,name,kind,province_code
320000,江苏省,省,320000
330000,浙江省,省,330000
430000,湖南省,省,430000
320281,江阴市,县级市,320000
320583,昆山市,县级市,320000
320614,海门区,市辖区,320000
330282,慈溪市,县级市,330000
430121,长沙县,县,430000
"""
# A six-entry list: rank 4 is printed twice (海门市 and 长沙县) and corrected to 5 for 长沙县.
RANKINGS = """edition,rank,region_code,printed_name,printed_rank_change
demo-2021,1,320281,江阴市,↑
demo-2021,2,330282,慈溪市,—
demo-2021,3,320583,昆山市,新增
demo-2021,4,320614,海门市,↓
demo-2021,4,430121,长沙县,↑
"""
CORRECTIONS = """correction_id,edition,region_code,field,printed_value,corrected_value
C001,demo-2021,430121,rank,4,5
"""
REGION_CHANGES = """old_code,old_name,new_code,new_name
320684,海门市,320614,海门区
"""
EDITIONS = """edition,size,tier_boundaries
demo-2021,5,1-2;3-5
"""


def _frame(text, **dtypes):
    frame = pd.read_csv(io.StringIO(text), dtype="string", keep_default_na=False, na_values=[""])
    return frame.astype(dtypes) if dtypes else frame


def _package(claims: list[tuple[str, str, dict]]) -> Package:
    rows = [
        {"claim_id": cid, "edition": "demo-2021", "check": check, "params": json.dumps(p, ensure_ascii=False),
         "expected": str(p.get("value", ""))}
        for cid, check, p in claims
    ]
    tables = {
        "regions": _frame(REGIONS),
        "rankings": _frame(RANKINGS, rank="Int64"),
        "corrections": _frame(CORRECTIONS),
        "region_changes": _frame(REGION_CHANGES),
        "editions": _frame(EDITIONS, size="Int64"),
        "claims": pd.DataFrame(rows, dtype="string"),
    }
    return Package(root=Path("."), descriptor={}, tables=MappingProxyType(tables))


def _verdicts(claims):
    table = compute_claim_verdicts(_package(claims), BLOCS)
    return {row.claim_id: (row.verdict, row.found) for row in table.itertuples()}


def test_compute_claim_entries_applies_rank_corrections_and_printed_kinds():
    entries = compute_claim_entries(_package([]), BLOCS)
    assert entries["rank"].tolist() == [1, 2, 3, 4, 5]
    assert entries.set_index("region_code").loc["430121", "rank"] == 5
    # 海门市 was a 县级市 when printed; the registry holds it as today's 海门区 (市辖区).
    assert entries.set_index("region_code").loc["320614", "kind"] == "县级市"
    assert entries["bloc"].tolist() == ["东部", "东部", "东部", "东部", "中部"]


def test_compute_claim_verdicts_counts_province_bloc_kind_in_rank_range():
    verdicts = _verdicts([
        ("K2021-001", "count_in_province", {"province_code": "32", "value": 3}),
        ("K2021-002", "count_in_province", {"province_code": "32", "rank_from": 2, "rank_to": 5, "value": 3}),
        ("K2021-003", "count_in_province", {"province_codes": ["32", "33"], "rank_from": 1, "rank_to": 3,
                                            "value": 3}),
        ("K2021-004", "count_in_bloc", {"bloc": "东部", "rank_from": 1, "rank_to": 4, "value": 4}),
        ("K2021-005", "count_in_bloc", {"blocs": ["中部", "西部"], "value": 2}),
        ("K2021-006", "count_of_kind", {"kinds": ["县级市"], "value": 4}),
        ("K2021-007", "province_count", {"rank_from": 1, "rank_to": 2, "value": 2}),
    ])
    assert verdicts == {
        "K2021-001": ("agrees", "3"),
        "K2021-002": ("disagrees", "2"),
        "K2021-003": ("agrees", "3"),
        "K2021-004": ("agrees", "4"),
        "K2021-005": ("disagrees", "1"),
        "K2021-006": ("agrees", "4"),
        "K2021-007": ("agrees", "2"),
    }


def test_compute_claim_verdicts_comparison_ops():
    verdicts = _verdicts([
        ("K2021-001", "count_in_province", {"province_code": "32", "op": "ge", "value": 3}),
        ("K2021-002", "count_in_province", {"province_code": "32", "op": "gt", "value": 3}),
        ("K2021-003", "count_in_province", {"province_code": "32", "op": "between", "low": 3, "high": 4}),
        ("K2021-004", "share_pct", {"blocs": ["东部"], "op": "approx", "value": 80.5, "tolerance": 0.5}),
        ("K2021-005", "share_pct", {"province_codes": ["33"], "rank_from": 1, "rank_to": 2, "value": 50}),
        ("K2021-006", "share_pct", {"blocs": ["东部"], "op": "lt", "value": 80}),
    ])
    assert verdicts == {
        "K2021-001": ("agrees", "3"),
        "K2021-002": ("disagrees", "3"),
        "K2021-003": ("agrees", "3"),
        "K2021-004": ("agrees", "80.0"),
        "K2021-005": ("agrees", "50.0"),
        "K2021-006": ("disagrees", "80.0"),
    }


def test_compute_claim_verdicts_leaders_ranks_and_marks():
    verdicts = _verdicts([
        ("K2021-001", "province_leader", {"province_code": "32", "region_code": "320281", "rank": 1}),
        ("K2021-002", "province_leader", {"province_code": "32", "region_code": "320583", "rank": 3}),
        ("K2021-003", "province_leader", {"province_code": "43", "region_code": "430121"}),
        ("K2021-004", "bloc_leader", {"bloc": "中部", "region_code": "430121"}),
        ("K2021-005", "rank_of", {"region_code": "430121", "rank": 4}),
        ("K2021-006", "rank_within", {"region_code": "320583", "rank_from": 1, "rank_to": 3}),
        ("K2021-007", "province_rank", {"region_code": "320583", "value": 2}),
        ("K2021-008", "bloc_of", {"region_code": "330282", "bloc": "中部"}),
        ("K2021-009", "printed_change_mark", {"region_code": "320583", "mark": "↑"}),
        ("K2021-010", "not_ranked", {"region_code": "220100"}),
        ("K2021-011", "not_ranked", {"region_code": "320281"}),
        ("K2021-012", "tier_size", {"tier": 2, "value": 3}),
        ("K2021-013", "printed_mark_share", {"province_code": "32", "mark": "↑", "op": "gt", "value": 50}),
    ])
    assert verdicts == {
        "K2021-001": ("agrees", "江阴市（1）"),
        "K2021-002": ("disagrees", "江阴市（1）"),
        "K2021-003": ("agrees", "长沙县（5）"),
        "K2021-004": ("agrees", "长沙县（5）"),
        "K2021-005": ("disagrees", "5"),
        "K2021-006": ("agrees", "3"),
        "K2021-007": ("agrees", "2"),
        "K2021-008": ("disagrees", "东部"),
        "K2021-009": ("disagrees", "新增"),
        "K2021-010": ("agrees", "未入榜"),
        "K2021-011": ("disagrees", "1"),
        "K2021-012": ("agrees", "3"),
        "K2021-013": ("disagrees", "33.3"),
    }


def test_compute_claim_verdicts_explains_in_one_line():
    table = compute_claim_verdicts(
        _package([("K2021-001", "count_in_province", {"province_code": "32", "value": 4})]), BLOCS
    )
    assert list(table.columns) == ["claim_id", "verdict", "expected", "found", "explanation"]
    assert table.loc[0, "explanation"] == "表中全榜江苏省的数量为 3 个，文中称 4 个，与文中不符"


@pytest.mark.parametrize(
    ("check", "params", "message"),
    [
        ("count_in_province", "not json", "params is not valid JSON"),
        ("count_in_province", {"value": 3}, "params lacks 'province_code'"),
        ("count_in_bloc", {"bloc": "南部", "value": 3}, "params lacks '南部'"),
        ("rank_of", {"region_code": "999999", "rank": 1}, "params lacks '999999'"),
        ("count_in_province", {"province_code": "32", "op": "about", "value": 3}, 'unknown op "about"'),
        ("count_in_province", {"province_code": "32", "op": "between", "low": 3}, "params lacks 'high'"),
        ("rank_sum", {"value": 3}, 'unknown check "rank_sum"'),
        ("tier_size", {"tier": 3, "value": 1}, "tier 3 is not in 1..2"),
        ("count_in_province", {"province_code": "32", "rank_from": 50, "rank_to": 60, "value": 0},
         "no entry of demo-2021 lies in ranks 50-60"),
    ],
)
def test_compute_claim_verdicts_unevaluable_params_raise_check_error_naming_claim(check, params, message):
    package = _package([("K2021-007", check, params if isinstance(params, dict) else {})])
    if not isinstance(params, dict):
        claims = package.tables["claims"].assign(params=params)
        tables = MappingProxyType({**package.tables, "claims": claims})
        package = Package(package.root, package.descriptor, tables)
    with pytest.raises(CheckError) as info:
        compute_claim_verdicts(package, BLOCS)
    assert "K2021-007" in str(info.value)
    assert message in str(info.value)


def test_compute_claim_verdicts_without_claims_resource_is_empty():
    package = _package([])
    tables = MappingProxyType({k: v for k, v in package.tables.items() if k != "claims"})
    table = compute_claim_verdicts(Package(package.root, package.descriptor, tables), BLOCS)
    assert table.empty
    assert list(table.columns) == ["claim_id", "verdict", "expected", "found", "explanation"]


def test_compute_claim_verdicts_do_not_depend_on_claim_row_order():
    # 长沙县 is printed at 4 and corrected to 5, so the claim "长沙县 is 4th" disagrees.
    claims = [(f"K2021-{i:03d}", "rank_of", {"region_code": code, "rank": i})
              for i, code in enumerate(["320281", "330282", "320583", "430121", "320614"], 1)]
    forward = compute_claim_verdicts(_package(claims), BLOCS)
    backward = compute_claim_verdicts(_package(claims[::-1]), BLOCS)
    pd.testing.assert_frame_equal(forward, backward)
    assert forward["verdict"].tolist() == ["agrees"] * 3 + ["disagrees"] * 2


MIXED_CLAIMS = [
    ("K2021-001", "count_in_province", {"province_code": "32", "rank_from": 2, "rank_to": 5, "value": 2}),
    ("K2021-002", "province_leader", {"province_code": "43", "region_code": "430121", "rank": 5}),
    ("K2021-003", "province_rank", {"region_code": "320614", "value": 3}),
    ("K2021-004", "share_pct", {"blocs": ["中部"], "value": 20}),
    ("K2021-005", "count_of_kind", {"kinds": ["县级市"], "rank_from": 3, "rank_to": 5, "value": 2}),
]


@settings(max_examples=25, deadline=None)
@given(st.permutations(range(5)))
def test_compute_claim_verdicts_do_not_depend_on_ranking_row_order(order):
    package = _package(MIXED_CLAIMS)
    shuffled = package.tables["rankings"].iloc[list(order)].reset_index(drop=True)
    tables = MappingProxyType({**package.tables, "rankings": shuffled})
    expected = compute_claim_verdicts(package, BLOCS)
    pd.testing.assert_frame_equal(compute_claim_verdicts(Package(package.root, {}, tables), BLOCS), expected)
    assert expected["verdict"].tolist() == ["agrees"] * 5


# --- the published claims resource ---------------------------------------------------------------


@pytest.fixture(scope="module")
def published():
    # Schema validation only: the domain checks of other resources are tested elsewhere.
    package = load_package(ROOT / "datapackage", run_checks=False)
    verdicts = compute_claim_verdicts(package, load_params(ROOT / "build_scripts" / "params.yml"))
    return package, verdicts.set_index("claim_id")


def test_claims_inventory_per_report(published):
    package, _ = published
    counts = package["claims"]["source_file"].value_counts().to_dict()
    assert counts == {
        "000_9e9d2714e45a3c02.txt": 198,  # 2021 county, district and innovation report
        "001_4407d7522e96988f.txt": 504,  # 2019 report, two 各省位次分布 tables of 160 cells
        "002_84ab89b478967b6c.txt": 241,  # 2024 report, one 各省位次分布 table of 90 cells
        "003_056a35d9438bd0d3.txt": 142,  # 2023 city report
    }


def test_claims_check_enum_matches_evaluators(published):
    package, _ = published
    field = next(f for f in package.schema("claims")["fields"] if f["name"] == "check")
    assert field["constraints"]["enum"] == list(EVALUATORS)
    assert set(package["claims"]["check"]) == set(EVALUATORS)


def test_every_published_claim_evaluates(published):
    package, verdicts = published
    assert sorted(verdicts.index) == sorted(package["claims"]["claim_id"])
    assert set(verdicts["verdict"]) == {"agrees", "disagrees"}
    assert verdicts["explanation"].str.contains("\n").sum() == 0


def test_every_statement_is_quoted_verbatim_at_its_source_line(published):
    package, _ = published
    claims = package["claims"]
    if not SEEDS.is_dir():
        assert (claims["source_line"] > 0).all()
        return
    files = set(claims["source_file"])
    lines = {name: (SEEDS / name).read_text(encoding="utf-8").split("\n") for name in files}
    for claim in claims.itertuples():
        # A quote may run over a page break (up to four lines on); table cells are quoted space-separated.
        window = "".join(
            line.strip().replace("\t", " ")
            for line in lines[claim.source_file][claim.source_line - 1: claim.source_line + 4]
        )
        for piece in claim.statement.split("…"):
            assert piece in window, (claim.claim_id, piece)


# Verified by reading the seed tables by hand (rows quoted in the comments).
HAND_VERIFIED = {
    # 2019 表7 has no 山西 row; its three 西部 districts are 陕西's 榆阳区, 长安区, 未央区.
    "K2019-293": ("disagrees", "0"),
    # 2019 表7 row "49 广西 南宁市 西乡塘区★"; the text prints 广西省西乡塘区（59）.
    "K2019-336": ("disagrees", "西乡塘区（49）"),
    # 2021 表1 row "72 湖北省 宜昌市 宜都市★" ranks above 仙桃市 (74); the text names 仙桃市.
    "K2021-120": ("disagrees", "宜都市（72）"),
    # 2023 表3 top 20 outside 东部: 长沙市 7, 武汉市 10, 成都市 13, 西安市 16, 合肥市 17.
    "K2023-090": ("disagrees", "5"),
    # 2023 表3 湖北: 武汉市 ↑, 宜昌市 —, 襄阳市 ↓: one of three improved, not "超过半数".
    "K2023-078": ("disagrees", "33.3"),
    # 2024 表3 江苏 districts at ranks 61-80: 海门区 63, 铜山区 77, 溧水区 78; the chart table prints 4.
    "K2024-200": ("disagrees", "3"),
    # 2024 tier 3 (31-86) 中西部: the text's own province list gives 12 中部 + 6 西部 = 18 of 56.
    "K2024-065": ("disagrees", "32.1"),
    # 2021 表1 has 24 rows of 江苏省.
    "K2021-072": ("agrees", "24"),
    # 2019 表1 ranks 7-30 hold 9 江苏 counties.
    "K2019-224": ("agrees", "9"),
    # 2019 表1: 78 县级市 as printed (海门市, 蓬莱市, 龙海市 became districts later).
    "K2019-001": ("agrees", "78"),
    # 2023 表3: 33 东部 cities.
    "K2023-033": ("agrees", "33"),
    # 2019 表4 row "太仓市 7".
    "K2019-250": ("agrees", "7"),
}


@pytest.mark.parametrize("claim_id", sorted(HAND_VERIFIED))
def test_hand_verified_claims(published, claim_id):
    _, verdicts = published
    assert (verdicts.loc[claim_id, "verdict"], verdicts.loc[claim_id, "found"]) == HAND_VERIFIED[claim_id]
