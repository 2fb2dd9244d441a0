"""What each check counts or compares and what it found, in English (build_scripts/english/checks.py,
issue 15): figures with what they are worked out from, each reading with its English label."""

import json
import re

import pytest

from build_scripts import paths
from build_scripts.catalogue import compute_fields, load_catalogue
from build_scripts.contexts.sitedata import build_site_data
from build_scripts.english.checks import Reading, build_check_subject, build_readings, build_subject_fields
from build_scripts.english.notes import build_notes_context
from scoring.claim_evaluators import NOT_RANKED
from scoring.claims import EVALUATORS
from scoring.derived import compute_derived
from scoring.lists import load_lists
from scoring.package import load_package
from scoring.params import load_params


@pytest.fixture(scope="module")
def package():
    return load_package(paths.DATAPACKAGE)


@pytest.fixture(scope="module")
def data(package):
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


def _verdict(*readings: dict) -> dict:
    return {"readings": json.dumps(list(readings), ensure_ascii=False)}


def test_what_a_check_found_is_said_in_english_with_its_figures(data):
    en = load_catalogue("en")

    def found(reading: dict) -> str:
        (said,) = build_readings(data, en, _verdict(reading), {})
        return said.found

    assert found({"verdict": "agrees", "found": "66.7", "count": 16, "total": 24}) == "66.7% (16 of 24)"
    assert found({"verdict": "disagrees", "found": "至多13.3", "count": 24, "total": 180, "total_bound": "ge",
                  "share": "13.3"}) == "at most 13.3% (24 of a total of 180 or more)"
    assert found({"verdict": "agrees", "found": "至少5.0", "count": 3, "total": 60, "total_bound": "le",
                  "share": "5.0"}) == "at least 5.0% (3 of a total of at most 60)"
    assert found({"verdict": "disagrees", "found": "12 个名称，11 个数字", "names": 12, "figures": 11,
                  "repeated": [["山东", "鲁"]]}) == (
        "12 names, 11 figures; 山东 and 鲁 are one place, listed 2 times")
    assert found({"verdict": "disagrees", "found": "44、59、52", "values": ["44", "59", "52"],
                  "out_of_order": [[["西乡塘区", "59"], ["青山湖区", "52"]]]}) == (
        "44, 59, 52; 西乡塘区 (59) before 青山湖区 (52)")
    assert found({"verdict": "disagrees", "found": "宜都市（72）", "region_code": "420581", "rank": 72}) == (
        "Yidu 宜都市 (72)")
    assert found({"verdict": "agrees", "found": NOT_RANKED}) == "not on the list"
    assert found({"verdict": "disagrees", "found": "东北"}) == "Northeast"
    assert found({"verdict": "agrees", "found": "78"}) == "78"


def test_each_reading_gets_its_english_label_and_verdict(data):
    en = load_catalogue("en")
    other = {"reading": "新增也算", "reading_en": "new entries count too", "marks": ["↑"]}
    params = {"reading": "只算 ↑", "reading_en": "only ↑ counts", "other_readings": [other]}
    verdict = _verdict({"verdict": "disagrees", "found": "33.3", "count": 1, "total": 3},
                       {"verdict": "agrees", "found": "66.7", "count": 2, "total": 3})
    assert build_readings(data, en, verdict, params) == (
        Reading("only ↑ counts", "✗", "33.3% (1 of 3)"),
        Reading("new entries count too", "✓", "66.7% (2 of 3)"))
    assert build_readings(data, en, _verdict({"verdict": "agrees", "found": "3"}), {})[0].label == ""


def test_every_reading_of_the_real_data_has_an_english_label(data):
    labels = [(str(c["claim_id"]), reading) for c in data.table("claims")
              for params in [json.loads(str(c["params"]))] if "reading" in params
              for reading in (params, *params.get("other_readings", ()))]
    assert len(labels) > 100
    assert [claim for claim, reading in labels if not reading.get("reading_en")] == []
    # English words, not the Chinese label copied (its quoted words of the report stay in Chinese).
    assert [claim for claim, reading in labels if not re.search("[A-Za-z]{3}", reading["reading_en"])] == []


def test_the_statement_numbers_its_readings_once_for_all_its_checks(data, package):
    en = load_catalogue("en")
    notes = build_notes_context(data, en, package.descriptor)
    statements = [s for r in notes.reports for s in (*r.problems, *r.agreeing)]
    shares = next(s for s in statements if len(s.checks) == 3 and s.readings
                  and all(c.subject.startswith("share of places of") for c in s.checks))
    assert shares.readings[0].startswith('"进步" (progress)')
    assert len(shares.readings) == 2
    assert shares.checks[0].found == "reading 1 ✗ 50.0% (5 of 10) / reading 2 ✓ 60.0% (6 of 10)"
    assert shares.checks[1].found == "33.3% (1 of 3)"
    pairing = [c for s in statements for c in s.checks if c.subject.startswith("names and figures")]
    assert pairing and all("个" not in c.stated + c.found for c in pairing)
    assert sum(bool(c.assumption) for s in statements for c in s.checks) > 50
