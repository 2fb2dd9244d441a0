import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.composite import (
    SCORE_COLUMNS,
    compute_competition_ranks,
    compute_complete_values,
    compute_index,
    compute_weighted_sum,
)
from scoring.errors import CheckError
from scoring.indicators import load_table, load_weights

EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "index-example"


def long_table(text: str) -> pd.DataFrame:
    return pd.read_csv(
        io.StringIO(text),
        dtype={"region_code": "string", "year": "Int64", "indicator": "string", "value": "float64"},
        keep_default_na=False,
        na_values=[""],
    )


GAPPY = """region_code,year,indicator,value
A,2023,x,1
A,2023,y,10
B,2023,x,
B,2023,y,30
C,2023,x,5
D,2023,x,3
D,2023,y,20
"""
DIRECTIONS = pd.Series({"x": "positive", "y": "negative"})


def test_compute_complete_values_fail_lists_every_gap_with_its_cause():
    with pytest.raises(CheckError) as info:
        compute_complete_values(long_table(GAPPY), DIRECTIONS)
    assert [p.split(": missing")[0] for p in info.value.problems] == [
        "indicators: region_code B, year 2023, indicator x",
        "indicators: region_code C, year 2023, indicator y",
    ]
    assert "(empty_value)" in info.value.problems[0]
    assert "(no_row)" in info.value.problems[1]


def test_compute_complete_values_drop_leaves_places_out_and_reports_them():
    values, report = compute_complete_values(long_table(GAPPY), DIRECTIONS, missing="drop")
    assert values.index.get_level_values("region_code").tolist() == ["A", "D"]
    assert report["action"].tolist() == ["dropped_place", "dropped_place"]
    assert report["cause"].tolist() == ["empty_value", "no_row"]
    assert report["imputed_value"].isna().all()


def test_compute_complete_values_mean_imputes_the_year_mean():
    values, report = compute_complete_values(long_table(GAPPY), DIRECTIONS, missing="mean")
    assert values.loc[(2023, "B"), "x"] == pytest.approx(3.0)  # mean of 1, 5, 3
    assert values.loc[(2023, "C"), "y"] == pytest.approx(20.0)  # mean of 10, 30, 20
    assert report["imputed_value"].tolist() == pytest.approx([3.0, 20.0])
    assert report["action"].tolist() == ["imputed_mean", "imputed_mean"]


def test_compute_complete_values_worst_uses_min_of_positive_and_max_of_negative():
    values, report = compute_complete_values(long_table(GAPPY), DIRECTIONS, missing="worst")
    assert values.loc[(2023, "B"), "x"] == 1.0
    assert values.loc[(2023, "C"), "y"] == 30.0
    assert report.columns.tolist() == ["region_code", "year", "indicator", "cause", "action", "imputed_value"]


def test_compute_complete_values_complete_data_gives_empty_report():
    data = long_table("region_code,year,indicator,value\nA,2023,x,1\nA,2023,y,2\n")
    values, report = compute_complete_values(data, DIRECTIONS)
    assert report.empty
    assert values.columns.tolist() == ["x", "y"]


def test_compute_complete_values_cannot_impute_an_indicator_nobody_has():
    data = long_table("region_code,year,indicator,value\nA,2023,x,1\nA,2023,y,\nB,2023,x,2\nB,2023,y,\n")
    with pytest.raises(CheckError, match="no place has a value of y in 2023"):
        compute_complete_values(data, DIRECTIONS, missing="mean")
    with pytest.raises(CheckError, match="leaves nothing to score"):
        compute_complete_values(data, DIRECTIONS, missing="drop")


def test_compute_complete_values_refuses_unknown_policy():
    with pytest.raises(CheckError, match="missing policy 'zero' is unknown"):
        compute_complete_values(long_table(GAPPY), DIRECTIONS, missing="zero")


def test_compute_competition_ranks_shares_the_best_rank_on_ties():
    values = pd.Series([0.9, 0.5, 0.5, 0.1, 0.7, 0.7])
    groups = pd.Series([1, 1, 1, 1, 2, 2])
    assert compute_competition_ranks(values, groups).tolist() == [1, 2, 2, 4, 1, 1]


def test_compute_weighted_sum_weights_each_indicator():
    normalised = pd.DataFrame({"x": [1.0, 0.0, 0.5], "y": [0.0, 1.0, 0.5]})
    scores = compute_weighted_sum(normalised, pd.Series({"y": 0.25, "x": 0.75}))
    assert scores.tolist() == [0.75, 0.25, 0.5]


def example_result(**options):
    indicators = load_table(EXAMPLE / "datapackage.json", "indicators")
    weights, comparisons = load_weights(EXAMPLE / "datapackage.json")
    return compute_index(indicators, weights, comparisons, **options)


def test_compute_index_example_scores_equal_weights_times_normalised_values():
    result = example_result()
    weights = result.weights.set_index("indicator")["weight"]
    independent = result.normalised[weights.index].to_numpy() @ weights.to_numpy()
    scores = result.scores.set_index("region_code")["score"]
    np.testing.assert_allclose(
        scores.loc[result.normalised.index.get_level_values("region_code")].to_numpy(), independent, atol=5e-7
    )
    assert result.weights["weight"].sum() == pytest.approx(1.0)
    assert result.scores.columns.tolist() == list(SCORE_COLUMNS)
    assert result.scores["rank"].tolist() == list(range(1, 9))
    assert result.scores["region_code"].tolist()[:3] == ["EX01", "EX02", "EX03"]


def test_compute_index_dimension_scores_recompose_the_score():
    """score = Σ dimension weight × dimension score (each rounded to 6 decimals)."""
    result = example_result()
    dimension_weight = result.weights.drop_duplicates("dimension").set_index("dimension")["dimension_weight"]
    table = result.dimension_scores
    table = table.assign(part=table["dimension_score"] * table["dimension"].map(dimension_weight))
    recomposed = table.groupby("region_code")["part"].sum()
    scores = result.scores.set_index("region_code")["score"]
    np.testing.assert_allclose(recomposed.loc[scores.index].to_numpy(), scores.to_numpy(), atol=5e-6)
    assert len(result.dimension_scores) == 8 * 6


def test_compute_index_zscore_keeps_the_example_order_at_the_top():
    result = example_result(normalise="zscore", tiers=3)
    assert result.scores["region_code"].tolist()[:3] == ["EX01", "EX02", "EX03"]
    assert result.scores["tier"].tolist() == [1, 1, 1, 2, 2, 2, 3, 3]


def test_compute_index_refuses_indicator_without_weight():
    indicators = load_table(EXAMPLE / "indicators.csv", "indicators")
    weights, _ = load_weights(EXAMPLE / "weights-expert.csv")
    with pytest.raises(CheckError, match="indicator value_added has no row in the indicator data"):
        compute_index(indicators[indicators["indicator"] != "value_added"], weights)


# Property tests: random small indicator sets with expert weights.


@st.composite
def index_inputs(draw):
    place_count = draw(st.integers(min_value=2, max_value=7))
    indicator_count = draw(st.integers(min_value=1, max_value=4))
    places = [f"P{k}" for k in range(place_count)]
    codes = [f"i{k}" for k in range(indicator_count)]
    directions = draw(st.lists(st.sampled_from(["positive", "negative"]), min_size=indicator_count,
                               max_size=indicator_count))
    dimension_of = [f"d{k % 2}" for k in range(indicator_count)]
    sized = {"min_size": indicator_count, "max_size": indicator_count}
    raw = draw(st.lists(st.floats(min_value=0.1, max_value=10), **sized))
    values = draw(
        st.lists(
            st.lists(st.integers(min_value=0, max_value=4), **sized),
            min_size=place_count,
            max_size=place_count,
        )
    )
    indicators = pd.DataFrame(
        [(p, 2023, c, float(values[i][j])) for i, p in enumerate(places) for j, c in enumerate(codes)],
        columns=["region_code", "year", "indicator", "value"],
    ).astype({"region_code": "string", "year": "Int64", "indicator": "string"})
    dimensions = sorted(set(dimension_of))
    weight_rows = [(d, "dimension", pd.NA, pd.NA, pd.NA, 1.0) for d in dimensions]
    weight_rows += [
        (c, "indicator", dimension_of[j], pd.NA, directions[j], raw[j]) for j, c in enumerate(codes)
    ]
    weights = pd.DataFrame(
        weight_rows, columns=["node", "level", "dimension", "node_name", "direction", "weight"]
    ).astype({c: "string" for c in ["node", "level", "dimension", "node_name", "direction"]})
    method = draw(st.sampled_from(["minmax", "zscore"]))
    return indicators, weights, method, values, directions


def ranks_by_place(result):
    return result.scores.set_index("region_code")["rank"].sort_index()


@settings(max_examples=30, deadline=None)
@given(index_inputs(), st.randoms(use_true_random=False))
def test_compute_index_does_not_depend_on_row_order(inputs, random):
    indicators, weights, method, _, _ = inputs
    result = compute_index(indicators, weights, normalise=method, tiers=2)
    order = list(indicators.index)
    random.shuffle(order)
    weight_order = list(weights.index)
    random.shuffle(weight_order)
    shuffled = compute_index(indicators.loc[order], weights.loc[weight_order], normalise=method, tiers=2)
    pd.testing.assert_frame_equal(result.scores, shuffled.scores)
    pd.testing.assert_frame_equal(result.weights, shuffled.weights)


@settings(max_examples=40, deadline=None)
@given(index_inputs())
def test_compute_index_ranks_lie_in_one_to_n_and_weights_sum_to_one(inputs):
    indicators, weights, method, _, _ = inputs
    result = compute_index(indicators, weights, normalise=method)
    ranks = result.scores["rank"]
    assert ranks.min() == 1
    assert ranks.max() <= len(ranks)
    assert result.weights["weight"].sum() == pytest.approx(1.0, abs=1e-9)
    # competition ranks: each rank is 1 + the number of strictly higher scores
    scores = result.scores["score"].to_numpy()
    expected = [1 + int((scores > s).sum()) for s in scores]
    assert ranks.tolist() == expected


@settings(max_examples=40, deadline=None)
@given(index_inputs())
def test_compute_index_dominated_place_never_outranks_its_dominator(inputs):
    indicators, weights, method, values, directions = inputs
    result = compute_index(indicators, weights, normalise=method)
    rank = ranks_by_place(result)
    places = [f"P{k}" for k in range(len(values))]
    sign = np.array([1 if d == "positive" else -1 for d in directions])
    for a, row_a in zip(places, values, strict=True):
        for b, row_b in zip(places, values, strict=True):
            if a != b and np.all(sign * np.array(row_a) <= sign * np.array(row_b)):
                assert rank[a] >= rank[b]
                score = result.scores.set_index("region_code")["score"]
                assert score[a] <= score[b]


@settings(max_examples=30, deadline=None)
@given(index_inputs())
def test_compute_index_equal_values_get_equal_ranks_and_tiers(inputs):
    indicators, weights, method, values, _ = inputs
    # give P1 exactly P0's values
    copied = indicators.copy()
    p0 = copied[copied["region_code"] == "P0"].set_index("indicator")["value"]
    is_p1 = copied["region_code"] == "P1"
    copied.loc[is_p1, "value"] = copied.loc[is_p1, "indicator"].map(p0).to_numpy()
    result = compute_index(copied, weights, normalise=method)
    table = result.scores.set_index("region_code")
    assert table.loc["P0", "rank"] == table.loc["P1", "rank"]
    assert table.loc["P0", "score"] == table.loc["P1", "score"]
    assert table.loc["P0", "tier"] == table.loc["P1", "tier"]


def test_compute_complete_values_refuses_infinite_values():
    data = long_table("region_code,year,indicator,value\nA,2023,x,inf\nA,2023,y,1\n")
    with pytest.raises(CheckError, match="region_code A, year 2023, indicator x: value inf is not finite"):
        compute_complete_values(data, DIRECTIONS)


def test_compute_index_single_place_is_rank_one_tier_one():
    indicators = long_table("region_code,year,indicator,value\nA,2023,x,4\nA,2023,y,2\n")
    weights = pd.DataFrame(
        [("d", "dimension", pd.NA, pd.NA, pd.NA, 1.0), ("x", "indicator", "d", pd.NA, "positive", 1.0),
         ("y", "indicator", "d", pd.NA, "negative", 3.0)],
        columns=["node", "level", "dimension", "node_name", "direction", "weight"],
    )
    result = compute_index(indicators, weights)
    row = result.scores.iloc[0]
    assert row[["score", "rank", "tier", "tier_count", "place_count"]].tolist() == [0.5, 1, 1, 1, 1]
