import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.clustering import add_tiers, choose_tier_count, compute_linkage, compute_tiers
from scoring.errors import CheckError


def test_compute_tiers_separates_obvious_groups_best_first():
    """Three pairs far apart: 10/9.9, 5/4.9, 1/0.9 → tiers 1, 1, 2, 2, 3, 3."""
    scores = np.array([10, 9.9, 5, 4.9, 1, 0.9])
    assert compute_tiers(scores, 3).tolist() == [1, 1, 2, 2, 3, 3]


def test_compute_tiers_does_not_depend_on_input_order():
    scores = np.array([0.9, 5, 10, 1, 4.9, 9.9])
    assert compute_tiers(scores, 3).tolist() == [3, 2, 1, 3, 2, 1]


def test_compute_tiers_never_splits_equal_scores():
    """Only two distinct scores: asking for 4 tiers gives 2."""
    scores = np.array([3.0, 3.0, 1.0, 1.0, 1.0])
    assert compute_tiers(scores, 4).tolist() == [1, 1, 2, 2, 2]
    assert compute_tiers(np.array([2.0, 2.0]), 3).tolist() == [1, 1]


def test_compute_tiers_refuses_zero_tiers():
    with pytest.raises(CheckError, match="at least 1"):
        compute_tiers(np.array([1.0, 2.0]), 0)


def test_compute_linkage_merge_heights_never_decrease():
    heights = compute_linkage(np.array([0.1, 0.5, 0.55, 2, 2.1, 9]))[:, 2]
    assert np.all(np.diff(heights) >= 0)
    assert len(heights) == 5


FOUR_GROUPS = np.array([0, 0.2, 0.4, 10, 10.2, 10.4, 20, 20.2, 20.4, 40, 40.2, 40.4])


def test_choose_tier_count_log_gap_finds_four_separated_groups():
    """Four groups of three around 0, 10, 20, 40. Ward heights: eight within-group merges of 0.2 or
    0.346, then 17.3, 30.0, 63.6. The largest ratio between successive heights is 17.3 / 0.346 = 50
    (cut before the first between-group merge) → 4 tiers."""
    heights = compute_linkage(FOUR_GROUPS)[:, 2]
    expected = [0.2 * np.sqrt(3), 10 * np.sqrt(3), 30.0, 45 * np.sqrt(2)]
    np.testing.assert_allclose(heights[-4:], expected, rtol=1e-9)
    assert choose_tier_count(FOUR_GROUPS) == 4


def test_choose_tier_count_mojena_uses_mean_plus_125_sd():
    """Same heights: mean + 1.25·sd ≈ 35.6, so only the last merge (63.6) is undone → 2 tiers; a
    long tail of small merges would lower the threshold."""
    heights = compute_linkage(FOUR_GROUPS)[:, 2]
    assert heights.mean() + 1.25 * heights.std(ddof=1) == pytest.approx(35.556, abs=1e-3)
    assert choose_tier_count(FOUR_GROUPS, rule="mojena") == 2


def test_choose_tier_count_largest_gap_picks_the_widest_jump():
    """Same heights: differences 63.6 − 30.0 = 33.6 (k = 2), 30.0 − 17.3 = 12.7 (k = 3),
    17.3 − 0.35 = 17.0 (k = 4) → 2; with at least 3 tiers → 4."""
    assert choose_tier_count(FOUR_GROUPS, rule="largest_gap") == 2
    assert choose_tier_count(FOUR_GROUPS, rule="largest_gap", min_tiers=3) == 4


def test_choose_tier_count_respects_bounds_and_distinct_scores():
    assert choose_tier_count(FOUR_GROUPS, max_tiers=3) == 2  # 63.6 / 30.0 > 30.0 / 17.3
    assert choose_tier_count(FOUR_GROUPS, min_tiers=5) == 6  # 0.346 / 0.2 > 0.346 / 0.346
    assert choose_tier_count(np.array([1.0, 1.0, 1.0])) == 1
    assert choose_tier_count(np.array([1.0, 2.0])) == 2
    # at most n/2 tiers: five places allow two
    assert choose_tier_count(np.array([0, 0.2, 10, 10.2, 30]), min_tiers=3) == 2


def test_choose_tier_count_refuses_unknown_rule():
    with pytest.raises(CheckError, match="rule 'elbow' is unknown"):
        choose_tier_count(np.array([1.0, 2.0, 3.0]), rule="elbow")


def test_add_tiers_clusters_each_year_separately():
    scores = pd.DataFrame({"year": [2022, 2022, 2022, 2023, 2023], "score": [1.0, 0.9, 0.1, 5.0, 5.0]})
    result = add_tiers(scores, 2)
    assert result["tier"].tolist() == [1, 1, 2, 1, 1]
    assert result["tier_count"].tolist() == [2, 2, 2, 1, 1]
    assert "tier" not in scores.columns


def test_add_tiers_refuses_bad_request():
    with pytest.raises(CheckError, match="neither auto nor a positive whole number"):
        add_tiers(pd.DataFrame({"year": [2023], "score": [1.0]}), "many")


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.floats(min_value=-5, max_value=5, allow_nan=False).map(lambda x: round(x, 2)), min_size=1,
             max_size=40),
    st.integers(min_value=1, max_value=8),
)
def test_compute_tiers_are_contiguous_ordered_and_complete(values, k):
    scores = np.array(values)
    tiers = compute_tiers(scores, k)
    expected_count = min(k, len(np.unique(scores)))
    assert sorted(set(tiers.tolist())) == list(range(1, expected_count + 1))
    # a higher score never sits in a worse (larger) tier, and equal scores share a tier
    for i in range(len(scores)):
        for j in range(len(scores)):
            if scores[i] > scores[j]:
                assert tiers[i] <= tiers[j]
            if scores[i] == scores[j]:
                assert tiers[i] == tiers[j]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=1, allow_nan=False), min_size=1, max_size=60))
def test_choose_tier_count_stays_within_bounds(values):
    scores = np.array(values)
    for rule in ("log_gap", "largest_gap", "mojena"):
        k = choose_tier_count(scores, rule=rule, min_tiers=2, max_tiers=6)
        assert 1 <= k <= min(6, len(np.unique(scores)), max(2, len(scores) // 2))
        if len(np.unique(scores)) >= 2:
            assert k >= 2
