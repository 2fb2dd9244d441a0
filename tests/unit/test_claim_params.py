"""Tests for scoring.claim_params: claim params of the types and shapes the evaluators read (issue 18)."""

from __future__ import annotations

import csv
import json

import pytest

from build_scripts.paths import DATAPACKAGE
from scoring.claim_params import find_param_problems


def test_the_real_claims_have_params_of_their_types_and_shapes():
    with (DATAPACKAGE / "data" / "claims.csv").open(encoding="utf-8", newline="") as file:
        claims = list(csv.DictReader(file))

    assert [(c["claim_id"], find_param_problems(c["check"], c["params"])) for c in claims
            if find_param_problems(c["check"], c["params"])] == []


SHARE = {"denominator": 24, "numerator": 16, "op": "approx", "tolerance": 0.1, "value": 66.7}
GROUPS = {"groups": [{"count": 71, "over": 60}, {"count": 50, "over": 70}], "unit": "%"}
KINDS = {"kinds": ["县级市"], "value": 78}
READINGS = {**KINDS, "reading": "a", "other_readings": [{"reading": "b", "value": 70}]}
NOT_GROUPS = 'not a non-empty list of groups {"count": a whole number, "over": a number}'
DIVIDES = "a figure the claim divides by must be above 0"


def other(reading: dict, base: dict = READINGS) -> dict:
    """Return `base` with one other reading."""
    return {**base, "reading": "a", "other_readings": [reading]}


@pytest.mark.parametrize(("check", "params", "expected"), [
    pytest.param("stated_share", {**SHARE, "denominator": 0}, [f'"denominator" is "0": {DIVIDES}'],
                 id="denominator-0"),
    pytest.param("stated_share", {**SHARE, "denominator": [3, -3]},
                 [f'"denominator" is "[3, -3]": {DIVIDES}'],
                 id="denominator-parts-adding-to-0"),
    pytest.param("stated_mean", {"count": -2, "total": 5, "value": 1}, [f'"count" is "-2": {DIVIDES}'],
                 id="count-below-0"),
    pytest.param("share_of_stated_total", {"denominator": 40.5, "province_code": "32", "value": 60},
                 ['"denominator" is "40.5", not a whole number'], id="share-of-stated-total-counts-places"),
    pytest.param("nested_counts", {**GROUPS, "groups": []}, [f'"groups" is "[]", {NOT_GROUPS}'],
                 id="empty-groups"),
    pytest.param("bounded_total", {"groups": [{"count": 10, "over": "500"}], "total": 3},
                 [f'"groups" is "[{{"count": 10, "over": "500"}}]", {NOT_GROUPS}'], id="group-text"),
    pytest.param("nested_counts", {"groups": [{"count": 1.5, "over": 60}]}, ['"groups" is'],
                 id="group-count"),
    pytest.param("nested_counts", {"groups": [{"over": 60}]}, ['"groups" is'], id="group-without-count"),
    pytest.param("nested_counts", {"groups": [{"count": 1, "over": 60, "x": 1}]}, ['"groups" is'],
                 id="group-other-key"),
    pytest.param("same_fact", {"fact_ids": []}, ['"fact_ids" is "[]", not a non-empty list of texts'],
                 id="empty-fact-ids"),
    pytest.param("same_fact", {"fact_ids": ["001-0508-01"]},
                 ['"fact_ids" names 1 fact: same_fact compares at least two figures'], id="one-fact"),
    pytest.param("ordered_list", {"names": ["江阴市", "晋江市"], "values": [1, 5, 6]},
                 ['"names" has 2 and "values" 3 items: ordered_list pairs them one by one'],
                 id="ordered-names-and-values"),
    pytest.param("list_pairing", {"names": ["山东", "浙江"], "values": [19, 18], "keys": ["a"]},
                 ['"keys" has 1 and "names" 2 items'], id="pairing-keys-and-names"),
    pytest.param("count_of_kind", other({"reading": "b", "value": "x"}),
                 ['"other_readings[0].value" is ""x"", not a finite number'], id="reading-value-text"),
    pytest.param("count_of_kind", other({"value": 3}),
                 ['"other_readings[0].reading" is missing or not a text'],
                 id="reading-without-label"),
    pytest.param("count_of_kind", other({"reading": ["b"], "value": 3}),
                 ['"other_readings[0].reading" is missing or not a text'], id="reading-label-list"),
    pytest.param("count_of_kind", other({"reading": "b", "reading_en": 7, "value": 3}),
                 ['"other_readings[0].reading_en" is "7", not a text'], id="reading-english-label-number"),
    pytest.param("count_of_kind", {**KINDS, "reading": "a", "reading_en": ["a"]},
                 ['"reading_en" is "["a"]", not a text'], id="first-reading-english-label-list"),
    pytest.param("count_of_kind", {**KINDS, "other_readings": [{"reading": "b", "value": 3}]},
                 ['"reading" is missing: params with other_readings label their own reading too'],
                 id="first-reading-without-label"),
    pytest.param("stated_share", other({"reading": "b", "denominator": 0}, SHARE),
                 [f'"other_readings[0].denominator" is "0": {DIVIDES}'], id="reading-denominator-0"),
    pytest.param("same_fact", other({"reading": "b", "fact_ids": ["a"]}, {"fact_ids": ["a", "b"]}),
                 ['"other_readings[0].fact_ids" names 1 fact'], id="reading-with-one-fact"),
    pytest.param("count_of_kind", other({"reading": "b", "other_readings": []}),
                 ['"other_readings[0].other_readings": a reading cannot hold other readings'],
                 id="nested-readings"),
    pytest.param("count_of_kind", {**READINGS, "other_readings": ["b"]},
                 ['"other_readings" is "["b"]", not a non-empty list of objects'],
                 id="reading-not-an-object"),
    pytest.param("count_of_kind", {"kinds": [], "value": 1},
                 ['"kinds" is "[]", not a non-empty list of texts'],
                 id="empty-kinds"),
    pytest.param("count_of_kind", {**KINDS, "value_file": ["a.txt"]},
                 ['"value_file" is "["a.txt"]", not a text'],
                 id="file-list"),
])
def test_params_of_the_wrong_type_or_shape_are_refused_naming_the_key(check, params, expected):
    problems = find_param_problems(check, json.dumps(params, ensure_ascii=False))

    assert len(problems) == len(expected), problems
    for problem, start in zip(problems, expected, strict=True):
        assert problem.startswith(start), problem


@pytest.mark.parametrize("text", ['{"a":' + "[" * 2400 + "]" * 2400 + "}",
                                  '{"a": ' * 1200 + "1" + "}" * 1200])
def test_params_nested_beyond_the_parser_are_refused(text):
    assert find_param_problems("count_of_kind", text) == ["is nested too deeply to be params"]


def test_list_pairing_may_pair_unequal_lists_its_verdict_reports():
    params = {"names": ["山东", "浙江"], "values": [19]}

    assert find_param_problems("list_pairing", json.dumps(params, ensure_ascii=False)) == []


RANGE = {**SHARE, "op": "between", "low": 60, "high": 70}


@pytest.mark.parametrize(("check", "params", "expected"), [
    pytest.param("stated_share", {**SHARE, "tolerance": -0.5},
                 ['"tolerance" is "-0.5": a tolerance cannot be below 0'], id="negative-tolerance"),
    pytest.param("stated_share", {**SHARE, "op": "between", "low": 70, "high": 60},
                 ['"low" is 70, above "high" 60: a range runs from low to high'], id="low-above-high"),
    pytest.param("same_figure", {"value": 5, "other": 50000, "scale": 0},
                 ['"scale" is "0": a unit factor must be above 0'], id="scale-0"),
    pytest.param("same_figure", {"value": 5, "other": 50000, "other_scale": -1e-4},
                 ['"other_scale" is "-0.0001": a unit factor must be above 0'], id="negative-other-scale"),
    pytest.param("stated_share", other({"reading": "b", "low": 80}, RANGE),
                 ['"other_readings[0].low" is 80, above "high" 70: a range runs from low to high'],
                 id="reading-low-above-high"),
])
def test_ranges_tolerances_and_unit_factors_are_refused_when_they_cannot_hold(check, params, expected):
    assert find_param_problems(check, json.dumps(params)) == expected


def test_a_zero_tolerance_and_a_one_point_range_are_kept():
    assert find_param_problems("stated_share", json.dumps({**SHARE, "tolerance": 0})) == []
    one_point = {**SHARE, "op": "between", "low": 60, "high": 60}
    assert find_param_problems("stated_share", json.dumps(one_point)) == []
