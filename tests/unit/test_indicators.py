import io
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from scoring.errors import CheckError, DataPackageError
from scoring.indicators import (
    check_indicator_codes,
    check_weights_table,
    compute_normalised,
    load_index_schemas,
    load_table,
    load_weights,
)

EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "index-example"
WEIGHT_COLUMNS = ["node", "level", "dimension", "node_name", "direction", "weight"]


def long_table(text: str) -> pd.DataFrame:
    return pd.read_csv(
        io.StringIO(text),
        dtype={"region_code": "string", "year": "Int64", "indicator": "string", "value": "float64"},
        keep_default_na=False,
        na_values=[""],
    )


def weights_table(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=WEIGHT_COLUMNS).astype(
        {c: "string" for c in WEIGHT_COLUMNS[:-1]} | {"weight": "float64"}
    )


def test_load_index_schemas_describes_inputs_and_outputs():
    schemas = load_index_schemas()
    assert {"indicators", "weights", "comparisons", "index_scores", "index_missing"} <= set(schemas)
    names = [f["name"] for f in schemas["indicators"]["fields"]]
    assert names == ["region_code", "year", "indicator", "value"]


def test_load_table_reads_csv_and_datapackage_alike():
    from_csv = load_table(EXAMPLE / "indicators.csv", "indicators")
    from_package = load_table(EXAMPLE / "datapackage.json", "indicators")
    pd.testing.assert_frame_equal(from_csv, from_package)
    assert len(from_csv) == 8 * 13
    assert from_csv.dtypes.astype(str).tolist() == ["string", "Int64", "string", "float64"]


def test_load_weights_from_csv_has_no_comparisons():
    weights, comparisons = load_weights(EXAMPLE / "weights-expert.csv")
    assert comparisons is None
    assert len(weights) == 19
    weights, comparisons = load_weights(EXAMPLE / "datapackage.json")
    assert len(comparisons) == 18


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        ("region_code,year,indicator,value\nA,2023,x,1\nB,2023,x,abc\n", ["row 3", '"value"', '"abc"']),
        ("region_code,year,indicator,value\nA,2023,x,1\nA,2023,x,2\n", ["row 3", "duplicate key"]),
        ("region_code,year,indicator,value\nA,20x3,x,1\n", ["row 2", 'column "year"']),
        ("region_code,year,indicator\nA,2023,x\n", ['column "value": missing column']),
        ("\ufeffregion_code,year,indicator,value\nA,2023,x,1\n", ["byte-order mark"]),
        ("region_code,year,indicator,value\n,2023,x,1\n", ["row 2", 'column "region_code"']),
    ],
)
def test_load_table_reports_file_row_and_column(tmp_path, content, fragments):
    path = tmp_path / "indicators.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataPackageError) as info:
        load_table(path, "indicators")
    message = str(info.value)
    assert "indicators.csv" in message
    for fragment in fragments:
        assert fragment in message


def test_load_table_refuses_weights_with_non_positive_weight(tmp_path):
    path = tmp_path / "weights.csv"
    path.write_text("node,level,dimension,node_name,direction,weight\nd,dimension,,,,0\n", encoding="utf-8")
    with pytest.raises(DataPackageError, match=r'row 2, column "weight"'):
        load_table(path, "weights")


def test_load_table_refuses_datapackage_declaring_other_fields(tmp_path):
    shutil.copy(EXAMPLE / "indicators.csv", tmp_path / "indicators.csv")
    descriptor = {"resources": [{"name": "indicators", "path": "indicators.csv",
                                 "schema": {"fields": [{"name": "code", "type": "string"}]}}]}
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(DataPackageError, match='resource "indicators" declares fields code'):
        load_table(tmp_path / "datapackage.json", "indicators")


def test_load_table_missing_resource_is_none_only_when_optional(tmp_path):
    (tmp_path / "datapackage.json").write_text('{"resources": []}', encoding="utf-8")
    assert load_table(tmp_path / "datapackage.json", "comparisons", required=False) is None
    with pytest.raises(DataPackageError, match='no resource named "weights"'):
        load_table(tmp_path / "datapackage.json", "weights")


def test_check_weights_table_accepts_the_example():
    weights, comparisons = load_weights(EXAMPLE / "datapackage.json")
    check_weights_table(weights, comparisons)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("d", "dimension", None, None, None, None), ("x", "indicator", "e", None, "positive", 1.0)],
         "dimension e is not a dimension row"),
        ([("d", "dimension", None, None, None, None), ("x", "indicator", "d", None, None, 1.0)],
         "x: an indicator needs a direction"),
        ([("d", "dimension", None, None, None, 0.5), ("e", "dimension", None, None, None, None),
          ("x", "indicator", "d", None, "positive", 1.0), ("y", "indicator", "e", None, "positive", 1.0)],
         "the dimensions give a weight on some rows but not all"),
        ([("d", "dimension", None, None, None, 1.0), ("e", "dimension", None, None, None, 1.0),
          ("x", "indicator", "d", None, "positive", 1.0)],
         "dimension e: has no indicator rows"),
        ([("d", "dimension", "d", None, None, 1.0), ("x", "indicator", "d", None, "positive", 1.0)],
         "d: a dimension row must leave dimension and direction empty"),
        ([("x", "indicator", "d", None, "positive", 1.0)], "no dimension rows"),
    ],
)
def test_check_weights_table_refuses_broken_hierarchies(rows, message):
    with pytest.raises(CheckError, match=message):
        check_weights_table(weights_table(rows))


def test_check_weights_table_refuses_group_weighted_twice():
    weights = weights_table(
        [("d", "dimension", None, None, None, 1.0), ("x", "indicator", "d", None, "positive", 1.0),
         ("y", "indicator", "d", None, "positive", 1.0)]
    )
    comparisons = pd.DataFrame(
        [("indicator", "d", "x", "y", 2.0)],
        columns=["level", "dimension", "row_node", "column_node", "value"],
    )
    with pytest.raises(CheckError, match="both expert weights and pairwise comparisons"):
        check_weights_table(weights, comparisons)


def test_check_indicator_codes_names_both_directions():
    weights = weights_table(
        [("d", "dimension", None, None, None, 1.0), ("x", "indicator", "d", None, "positive", 1.0),
         ("y", "indicator", "d", None, "positive", 1.0)]
    )
    data = long_table("region_code,year,indicator,value\nA,2023,x,1\nA,2023,z,2\n")
    with pytest.raises(CheckError) as info:
        check_indicator_codes(data, weights)
    assert info.value.problems == [
        "indicators: indicator z has no row in the weights table. Weight it or remove its rows.",
        "weights: indicator y has no row in the indicator data. Add its values or remove it.",
    ]


DIRECTIONS = pd.Series({"x": "positive", "y": "negative"})


def frame(values, regions, columns, year=2023):
    index = pd.MultiIndex.from_tuples([(year, r) for r in regions], names=["year", "region_code"])
    return pd.DataFrame(np.asarray(values, dtype=float), index=index, columns=columns)


def test_compute_normalised_minmax_reverses_negative_indicators():
    """x (positive) 1, 3, 5 → 0, .5, 1; y (negative) 10, 20, 30 → 1, .5, 0."""
    values = frame([[1, 10], [3, 20], [5, 30]], ["A", "B", "C"], ["x", "y"])
    result = compute_normalised(values, DIRECTIONS)
    np.testing.assert_allclose(result.to_numpy(), [[0, 1], [0.5, 0.5], [1, 0]])


def test_compute_normalised_zscore_uses_population_sd():
    """x 1, 3, 5: mean 3, population sd sqrt(8/3); y negated."""
    values = frame([[1, 10], [3, 20], [5, 30]], ["A", "B", "C"], ["x", "y"])
    result = compute_normalised(values, DIRECTIONS, method="zscore")
    z = np.array([-2, 0, 2]) / np.sqrt(8 / 3)
    np.testing.assert_allclose(result.to_numpy(), np.column_stack([z, -z]))


def test_compute_normalised_constant_indicator_is_neutral():
    values = frame([[4, 10], [4, 20]], ["A", "B"], ["x", "y"])
    assert compute_normalised(values, DIRECTIONS)["x"].tolist() == [0.5, 0.5]
    assert compute_normalised(values, DIRECTIONS, method="zscore")["x"].tolist() == [0.0, 0.0]


def test_compute_normalised_works_within_each_year():
    values = pd.concat([frame([[1, 1], [2, 2]], ["A", "B"], ["x", "y"], 2022),
                        frame([[100, 1], [300, 2]], ["A", "B"], ["x", "y"], 2023)])
    result = compute_normalised(values, DIRECTIONS)
    assert result["x"].tolist() == [0.0, 1.0, 0.0, 1.0]


def test_compute_normalised_refuses_unknown_method():
    with pytest.raises(CheckError, match="normalisation 'rank' is unknown"):
        compute_normalised(frame([[1, 1]], ["A"], ["x", "y"]), DIRECTIONS, method="rank")


def comparisons_table(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["level", "dimension", "row_node", "column_node", "value"]).astype(
        {"level": "string", "dimension": "string", "row_node": "string", "column_node": "string"}
    )


def test_check_weights_table_refuses_group_with_neither_weights_nor_comparisons():
    weights = weights_table(
        [("d", "dimension", None, None, None, 1.0), ("x", "indicator", "d", None, "positive", None),
         ("y", "indicator", "d", None, "positive", None)]
    )
    with pytest.raises(CheckError, match="dimension d have neither weights nor pairwise comparisons"):
        check_weights_table(weights)
    check_weights_table(weights, comparisons_table([("indicator", "d", "x", "y", 2.0)]))


def test_check_weights_table_refuses_comparisons_of_unknown_groups():
    weights = weights_table(
        [("d", "dimension", None, None, None, 1.0), ("x", "indicator", "d", None, "positive", 1.0)]
    )
    comparisons = comparisons_table([("indicator", "e", "x", "y", 2.0), ("dimension", "d", "d", "e", 2.0)])
    with pytest.raises(CheckError) as info:
        check_weights_table(weights, comparisons)
    assert info.value.problems == [
        "comparisons x/y: dimension e is not a dimension of the weights table.",
        "comparisons d/e: a comparison of dimensions must leave dimension empty.",
    ]
