"""What each check counts or compares, in English (build_scripts/english/checks.py, issue 15)."""

import json

import pytest

from build_scripts import paths
from build_scripts.catalogue import compute_fields, load_catalogue
from build_scripts.contexts.sitedata import build_site_data
from build_scripts.english.checks import build_check_subject, build_subject_fields
from scoring.claims import EVALUATORS
from scoring.derived import compute_derived
from scoring.lists import load_lists
from scoring.package import load_package
from scoring.params import load_params


@pytest.fixture(scope="module")
def data():
    package = load_package(paths.DATAPACKAGE)
    lists = load_lists(paths.LISTS)
    derived = compute_derived(package, load_params(paths.PARAMS), lists)
    return build_site_data(package.tables, derived, "https://example.org/", {}, lists)


def test_every_kind_of_check_has_an_english_subject_whose_fields_the_params_give():
    en = load_catalogue("en")
    for kind in EVALUATORS:
        assert en.has(f"notes.subject.{kind}"), kind
    given = {"scope", "first", "last", "tier", "mark", "provinces", "blocs", "who", "kinds", "place", "parts",
             "ratio", "denominator", "groups", "total"}
    for kind in EVALUATORS:
        assert compute_fields(en.messages[f"notes.subject.{kind}"]) <= given, kind


def test_every_claim_of_the_real_data_gets_an_english_subject_without_chinese(data):
    en = load_catalogue("en")
    claims = data.table("claims")
    subjects = {str(c["claim_id"]): build_check_subject(data, en, c, json.loads(str(c["params"])))
                for c in claims}
    assert len(subjects) == len(claims) > 1000
    for claim in claims:
        subject = subjects[str(claim["claim_id"])]
        # A printed mark (新增) or a threshold's printed label (增速为正) is shown as printed.
        printed = '"mark"' in str(claim["params"]) or '"label"' in str(claim["params"])
        assert printed or not any("\u4e00" <= ch <= "\u9fff" for ch in subject), subject
    assert subjects["K2019-001"] == "places that are a county-level city, in the whole list"
    assert subjects["K2023-142"] == "whether the place coded 220100 is absent from the list"
    sums = [claim for claim in claims if claim["check"] == "stated_sum"]
    assert subjects[str(sums[0]["claim_id"])].startswith("sum of the figures the text gives, 78 + 18 + 4")


def test_a_share_of_figures_the_text_gives_shows_them(data):
    en = load_catalogue("en")
    fields = build_subject_fields(data, en, {"numerator": [46.7, -27.8], "denominator": 24, "value": 1}, 100)
    assert en.t("notes.subject.stated_share", **fields).endswith("gives, (46.7 − 27.8) / 24")


@pytest.mark.parametrize(("params", "expected"), [
    ({"province_codes": ["32", "33"], "rank_from": 1, "rank_to": 30, "value": 20},
     "places of Jiangsu, Zhejiang ranked 1–30"),
    ({"province_code": "32", "rank_to": 100, "value": 24}, "places of Jiangsu in the whole list"),
    ({"blocs": ["东部", "东北"], "rank_from": 51, "value": 3},
     "places of East, Northeast China ranked 51–100"),
])
def test_a_count_names_its_provinces_or_blocs_and_its_ranks(data, params, expected):
    en = load_catalogue("en")
    kind = "count_in_bloc" if "blocs" in params else "count_in_province"
    assert en.t(f"notes.subject.{kind}", **build_subject_fields(data, en, params, 100)) == expected


def test_a_place_is_named_in_pinyin(data):
    en = load_catalogue("en")
    fields = build_subject_fields(data, en, {"region_code": "320281", "rank_from": 1, "rank_to": 2}, 100)
    assert en.t("notes.subject.rank_within", **fields) == "whether Jiangyin ranks 1–2"


def test_nested_and_bounded_counts_show_their_thresholds_with_english_units(data):
    en = load_catalogue("en")
    nested = {"groups": [{"count": 71, "over": 60}, {"count": 50, "over": 70}], "unit": "%"}
    assert en.t("notes.subject.nested_counts", **build_subject_fields(data, en, nested, 100)).endswith(
        "a higher one (over 60%: 71; over 70%: 50)")
    bounded = {"groups": [{"count": 10, "over": 500}, {"count": 1, "over": 1000}], "total": 29363.7,
               "unit": " 亿元"}
    assert en.t("notes.subject.bounded_total", **build_subject_fields(data, en, bounded, 100)) == (
        "places over each threshold (over 500 (× 100 million yuan): 10; over 1000 (× 100 million yuan): 1) "
        "against the total the text gives, 29363.7 (× 100 million yuan)")
    labelled = {"groups": [{"count": 97, "label": "增速为正", "over": 0}], "unit": "%"}
    assert build_subject_fields(data, en, labelled, 100)["groups"] == "增速为正: 97"


def test_a_province_or_kind_the_catalogue_lacks_is_named_as_the_params_give_it(data):
    en = load_catalogue("en")
    params = {"province_codes": ["99", "32"], "kinds": ["县级市", "某类"]}
    fields = build_subject_fields(data, en, params, 100)
    assert fields["provinces"] == "99, Jiangsu"
    assert fields["kinds"] == "county-level city or 某类"
