import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.ahp import (
    RANDOM_INDEX,
    build_matrix,
    check_pairwise_matrix,
    compute_global_weights,
    compute_priorities,
    compute_weights,
)
from scoring.errors import CheckError


def consistent_matrix(weights):
    w = np.asarray(weights, dtype=float)
    return w[:, None] / w[None, :]


def power_iteration(matrix, steps=2000):
    """Principal eigenpair by repeated multiplication (an independent check of numpy.linalg.eig)."""
    vector = np.ones(matrix.shape[0]) / matrix.shape[0]
    for _ in range(steps):
        product = matrix @ vector
        vector = product / product.sum()
    return vector, float(np.mean((matrix @ vector) / vector))


def test_random_index_table_is_saatys():
    """Saaty (1980), The Analytic Hierarchy Process: RI for n = 1..15."""
    expected = [0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59]
    assert [RANDOM_INDEX[n] for n in range(1, 16)] == expected


def test_compute_priorities_consistent_matrix_recovers_weights_exactly():
    """a_ij = w_i / w_j with w = (0.4, 0.3, 0.2, 0.1): the eigenvector is w, λmax = 4, CI = CR = 0."""
    weights = [0.4, 0.3, 0.2, 0.1]
    result = compute_priorities(consistent_matrix(weights), ["a", "b", "c", "d"])
    np.testing.assert_allclose(result.weights.to_numpy(), weights, rtol=1e-12)
    assert result.weights.index.tolist() == ["a", "b", "c", "d"]
    assert result.lambda_max == pytest.approx(4.0, abs=1e-12)
    assert result.consistency_index == pytest.approx(0.0, abs=1e-12)
    assert result.consistency_ratio == pytest.approx(0.0, abs=1e-12)
    assert result.random_index == 0.90


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=0.05, max_value=20), min_size=1, max_size=12))
def test_compute_priorities_any_consistent_matrix_gives_its_weights(raw):
    weights = np.asarray(raw) / np.sum(raw)
    labels = [f"i{k}" for k in range(len(raw))]
    result = compute_priorities(consistent_matrix(weights), labels)
    assert result.weights.sum() == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(result.weights.to_numpy(), weights, rtol=1e-8)
    assert result.lambda_max == pytest.approx(len(raw), abs=1e-8)
    assert result.consistency_ratio == pytest.approx(0.0, abs=1e-8)


def test_compute_priorities_three_by_three_matches_closed_form():
    """For n = 3 the principal eigenvector equals the normalised row geometric means, and
    λmax = 1 + d^(1/3) + d^(-1/3) with d = a13 / (a12·a23) (Crawford & Williams, J. Math. Psych. 29, 1985).

    Matrix a12 = 3, a13 = 5, a23 = 2: d = 5/6, λmax ≈ 3.0037, CR = (λmax − 3)/2/0.58 ≈ 0.0032,
    weights ≈ (0.6483, 0.2297, 0.1220).
    """
    matrix = np.array([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]])
    geometric = np.prod(matrix, axis=1) ** (1 / 3)
    d = 5 / (3 * 2)
    expected_lambda = 1 + d ** (1 / 3) + d ** (-1 / 3)
    result = compute_priorities(matrix, ["a", "b", "c"])
    np.testing.assert_allclose(result.weights.to_numpy(), geometric / geometric.sum(), rtol=1e-10)
    assert result.lambda_max == pytest.approx(expected_lambda, rel=1e-12)
    assert result.consistency_ratio == pytest.approx((expected_lambda - 3) / 2 / 0.58, rel=1e-9)
    np.testing.assert_allclose(result.weights.to_numpy(), [0.6483, 0.2297, 0.1220], atol=5e-5)
    assert result.consistency_ratio == pytest.approx(0.0032, abs=5e-5)


def test_compute_priorities_inconsistent_matrix_matches_power_iteration():
    """Saaty's 1977 light-intensity matrix (rows: chairs at increasing distance from a lamp).

    The expected numbers are computed here by power iteration, not quoted: weights ≈ (0.619, 0.235,
    0.101, 0.045), λmax ≈ 4.3907, CI ≈ 0.1302, CR ≈ 0.1447 — above 0.10, so it is refused by default.
    """
    matrix = np.array([[1, 5, 6, 7], [1 / 5, 1, 4, 6], [1 / 6, 1 / 4, 1, 4], [1 / 7, 1 / 6, 1 / 4, 1]])
    vector, lam = power_iteration(matrix)
    result = compute_priorities(matrix, list("abcd"), max_consistency_ratio=0.2)
    np.testing.assert_allclose(result.weights.to_numpy(), vector, rtol=1e-9)
    assert result.lambda_max == pytest.approx(lam, rel=1e-9)
    assert result.consistency_index == pytest.approx((lam - 4) / 3, rel=1e-9)
    assert result.consistency_ratio == pytest.approx((lam - 4) / 3 / 0.90, rel=1e-9)
    assert result.consistency_ratio == pytest.approx(0.1447, abs=1e-4)
    with pytest.raises(CheckError, match=r"CR = 0\.1447.*not below 0\.10"):
        compute_priorities(matrix, list("abcd"))


def test_compute_priorities_five_by_five_matches_power_iteration():
    matrix = build_matrix(
        pd.DataFrame(
            [("a", "b", 2), ("a", "c", 3), ("a", "d", 5), ("a", "e", 7), ("b", "c", 2), ("b", "d", 3),
             ("b", "e", 4), ("c", "d", 2), ("c", "e", 3), ("d", "e", 2)],
            columns=["row_node", "column_node", "value"],
        ),
        list("abcde"),
    )
    vector, lam = power_iteration(matrix)
    result = compute_priorities(matrix, list("abcde"))
    np.testing.assert_allclose(result.weights.to_numpy(), vector, rtol=1e-9)
    assert result.lambda_max == pytest.approx(lam, rel=1e-9)
    assert result.random_index == 1.12
    assert 0 < result.consistency_ratio < 0.10


def test_compute_priorities_two_items_are_always_consistent():
    result = compute_priorities(np.array([[1, 4], [0.25, 1]]), ["x", "y"])
    np.testing.assert_allclose(result.weights.to_numpy(), [0.8, 0.2])
    assert result.consistency_ratio == 0.0
    single = compute_priorities(np.array([[1.0]]), ["x"])
    assert single.weights.tolist() == [1.0]


def test_check_pairwise_matrix_names_non_reciprocal_pair():
    matrix = np.array([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1, 1]])
    with pytest.raises(CheckError, match=r"not reciprocal: b/c = 2 but c/b = 1") as info:
        check_pairwise_matrix(matrix, ["a", "b", "c"])
    assert len(info.value.problems) == 1


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        (np.ones((2, 3)), "not square"),
        (np.array([[1, -2], [-0.5, 1]]), "non-positive"),
        (np.array([[1, 0], [0, 1]]), "non-positive"),
        (np.array([[2, 2], [0.5, 1]]), "diagonal entry a/a is 2"),
    ],
)
def test_check_pairwise_matrix_refuses_malformed_matrices(matrix, message):
    with pytest.raises(CheckError, match=message):
        check_pairwise_matrix(matrix, ["a", "b"][: matrix.shape[0]])


def test_compute_priorities_refuses_more_items_than_the_random_index_table():
    labels = [f"i{k}" for k in range(16)]
    with pytest.raises(CheckError, match="covers 1..15"):
        compute_priorities(np.ones((16, 16)), labels)


def test_build_matrix_fills_reciprocals_and_diagonal():
    judgments = pd.DataFrame(
        {"row_node": ["a", "c", "b"], "column_node": ["b", "a", "c"], "value": [3.0, 0.5, 4.0]}
    )
    matrix = build_matrix(judgments, ["a", "b", "c"])
    expected = np.array([[1, 3, 2], [1 / 3, 1, 4], [0.5, 1 / 4, 1]])
    np.testing.assert_allclose(matrix, expected)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("a", "b", 3.0)], r"no judgment for a/c, b/c"),
        ([("a", "b", 3.0), ("a", "b", 3.0), ("a", "c", 1.0), ("b", "c", 1.0)], "given more than once: a/b"),
        ([("a", "z", 3.0)], "outside the group: z"),
    ],
)
def test_build_matrix_refuses_incomplete_or_ambiguous_judgments(rows, message):
    judgments = pd.DataFrame(rows, columns=["row_node", "column_node", "value"])
    with pytest.raises(CheckError, match=message):
        build_matrix(judgments, ["a", "b", "c"])


def test_compute_global_weights_multiplies_down_the_hierarchy():
    dimensions = pd.Series({"d1": 0.6, "d2": 0.4})
    local = {"d1": pd.Series({"x": 0.5, "y": 0.5}), "d2": pd.Series({"z": 1.0})}
    table = compute_global_weights(dimensions, local, {"x": "positive", "y": "negative", "z": "positive"})
    expected = pd.DataFrame(
        {
            "indicator": ["x", "y", "z"],
            "dimension": ["d1", "d1", "d2"],
            "direction": ["positive", "negative", "positive"],
            "dimension_weight": [0.6, 0.6, 0.4],
            "local_weight": [0.5, 0.5, 1.0],
            "weight": [0.3, 0.3, 0.4],
        }
    ).astype({"indicator": "string", "dimension": "string", "direction": "string"})
    pd.testing.assert_frame_equal(table, expected)


def test_compute_global_weights_refuses_dimension_without_indicators():
    with pytest.raises(CheckError, match="dimension d2: has a weight but no indicators"):
        compute_global_weights(
            pd.Series({"d1": 0.5, "d2": 0.5}), {"d1": pd.Series({"x": 1.0})}, {"x": "positive"}
        )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.floats(min_value=0.01, max_value=100), min_size=1, max_size=5),
        min_size=1,
        max_size=6,
    )
)
def test_compute_weights_global_weights_sum_to_one(groups):
    rows = [(f"d{g}", "dimension", None, None, float(len(group))) for g, group in enumerate(groups)]
    rows += [
        (f"d{g}_i{k}", "indicator", f"d{g}", "positive", value)
        for g, group in enumerate(groups)
        for k, value in enumerate(group)
    ]
    weights = pd.DataFrame(rows, columns=["node", "level", "dimension", "direction", "weight"])
    table, consistency = compute_weights(weights)
    assert table["weight"].sum() == pytest.approx(1.0, abs=1e-9)
    assert (table["weight"] >= 0).all()
    for _, members in table.groupby("dimension"):
        assert members["local_weight"].sum() == pytest.approx(1.0, abs=1e-9)
    assert set(consistency["method"]) == {"expert"}


def test_compute_weights_mixes_ahp_and_expert_groups():
    weights = pd.DataFrame(
        [
            ("d1", "dimension", None, None, None),
            ("d2", "dimension", None, None, None),
            ("x", "indicator", "d1", "positive", 30.0),
            ("y", "indicator", "d1", "negative", 10.0),
            ("z", "indicator", "d2", "positive", None),
        ],
        columns=["node", "level", "dimension", "direction", "weight"],
    )
    comparisons = pd.DataFrame(
        [("dimension", None, "d1", "d2", 3.0)],
        columns=["level", "dimension", "row_node", "column_node", "value"],
    )
    table, consistency = compute_weights(weights, comparisons)
    expected = {"x": 0.75 * 0.75, "y": 0.75 * 0.25, "z": 0.25}
    assert table.set_index("indicator")["weight"].to_dict() == pytest.approx(expected)
    assert consistency["method"].tolist() == ["ahp", "expert", "ahp"]
    assert consistency["item_count"].tolist() == [2, 2, 1]


def test_compute_weights_reports_which_group_is_inconsistent():
    weights = pd.DataFrame(
        [("d", "dimension", None, None, 1.0)]
        + [(n, "indicator", "d", "positive", None) for n in "abcd"],
        columns=["node", "level", "dimension", "direction", "weight"],
    )
    light = [("a", "b", 5), ("a", "c", 6), ("a", "d", 7), ("b", "c", 4), ("b", "d", 6), ("c", "d", 4)]
    comparisons = pd.DataFrame(
        [("indicator", "d", r, c, float(v)) for r, c, v in light],
        columns=["level", "dimension", "row_node", "column_node", "value"],
    )
    message = r"comparisons of indicators of dimension d: consistency ratio CR = 0\.1447"
    with pytest.raises(CheckError, match=message):
        compute_weights(weights, comparisons)
    table, consistency = compute_weights(weights, comparisons, max_consistency_ratio=0.2)
    assert consistency.loc[1, "consistency_ratio"] == pytest.approx(0.1447, abs=1e-4)
