"""Territory changes (区域调整, issue 17): scoring.territory, the region and list page notes, and the
consumers that must not read a 区域调整 row as a former name (search tags, redirects, printed names)."""

import pandas as pd
import pytest
from minimal_package import LISTS

from build_scripts import paths
from build_scripts.contexts import (
    build_edition_context,
    build_redirect_contexts,
    build_region_context,
    build_site_data,
)
from build_scripts.contexts.territory import compute_territory_note
from build_scripts.search_dict import compute_region_tags
from curation import region_changes
from scoring.derived import compute_derived
from scoring.entries import add_edition_kind
from scoring.lists import load_lists
from scoring.package import load_package
from scoring.params import load_params
from scoring.territory import is_across_change, select_identity_changes, select_territory_changes

CHANGES = pd.DataFrame({
    "old_code": ["330110", "320684"], "old_name": ["余杭区", "海门市"], "new_code": ["330113", "320614"],
    "new_name": ["临平区", "海门区"], "effective": ["2021", "2020-07"], "kind": ["区域调整", "撤市设区"],
    "source": ["s", "s"]})


@pytest.fixture(scope="module")
def package():
    return load_package(paths.DATAPACKAGE)


@pytest.fixture(scope="module")
def data(package):
    derived = compute_derived(package, load_params(paths.PARAMS), load_lists(paths.LISTS))
    return build_site_data(package.tables, derived, "https://example.org/", None, LISTS)


def test_select_changes_splits_identity_from_territory():
    assert select_identity_changes(CHANGES)["old_code"].tolist() == ["320684"]
    assert select_territory_changes(CHANGES)["old_code"].tolist() == ["330110"]


@pytest.mark.parametrize(("earlier", "later", "effective", "expected"), [
    (2021, 2024, "2021", True),  # the 2021 edition still covers the old territory
    (2019, 2021, "2021", False),
    (2019, 2021, "2019-12", True),
    (2021, 2024, "2019-12", False),
])
def test_is_across_change_counts_the_change_year_with_the_old_territory(earlier, later, effective, expected):
    assert is_across_change(earlier, later, effective) is expected


def test_compute_territory_note_reads_from_either_side():
    change = {"old_code": "330110", "old_name": "余杭区", "new_code": "330113", "new_name": "临平区",
              "effective": "2021"}
    assert compute_territory_note(change, "330110") == "2021 年调整后不含划入临平区的区域"
    assert compute_territory_note(change, "330113") == "2021 年调整后含原属余杭区的区域"


def test_the_three_territory_changes_are_recorded_with_evidence(package):
    rows = select_territory_changes(package["region_changes"])
    pairs = set(zip(rows["old_code"], rows["new_code"], rows["effective"], strict=True))
    assert pairs == {("330110", "330113", "2021"), ("330104", "330114", "2021"),
                     ("330109", "330114", "2021"), ("360112", "360113", "2019-12")}
    hangzhou = rows[rows["effective"] == "2021"]
    assert hangzhou["source"].str.contains("国函〔2021〕29号").all()
    assert rows.loc[rows["new_code"] == "360113", "source"].str.startswith("Evidence secondary").all()
    # Changes the State Council approves whose approval is not at hand say their evidence is secondary.
    sources = package["region_changes"].set_index("old_code")
    for old_code in ("510132", "350681"):  # 新津县 -> 新津区, 龙海市 -> 龙海区
        assert sources.loc[old_code, "source"].startswith("Evidence secondary: ")
        assert "State Council" in sources.loc[old_code, "source"]
        assert sources.loc[old_code, "source_zh"].startswith("证据为二手：")


def test_region_page_of_yuhang_shows_the_split_and_the_movement_note(data):
    context = build_region_context(data, "330110")
    assert [t.note for t in context.territory] == ["2021 年调整后不含划入临平区的区域"]
    district = next(s for s in context.standings if s.list_code == "district_industrial")
    assert (district.previous_year, district.latest_year) == (2021, 2024)
    assert district.territory_note == "2021 年调整后不含划入临平区的区域"
    assert context.changes == ()  # not a former name of anything
    # The Chinese page shows the Chinese evidence (issue 16: no English on reader-facing pages).
    evidence = context.territory[0].source_zh
    assert evidence.startswith("区域调整") and "国函〔2021〕29号" in evidence


def test_region_pages_of_xiaoshan_xinjian_and_the_new_districts(data):
    xiaoshan = build_region_context(data, "330109")
    assert [t.note for t in xiaoshan.territory] == ["2021 年调整后不含划入钱塘区的区域"]
    assert [t.note for t in build_region_context(data, "360112").territory][-1] == (
        "2019 年 12 月调整后不含划入红谷滩区的区域")
    qiantang = build_region_context(data, "330114")
    assert [t.note for t in qiantang.territory] == [
        "2021 年调整后含原属江干区的区域", "2021 年调整后含原属萧山区的区域"]


def test_list_page_notes_the_places_whose_territory_changed_since_the_previous_edition(data):
    latest = build_edition_context(data, "district_industrial-2024")
    notes = {t.place.text: t.note for t in latest.territory_notes}
    assert notes["余杭区"] == "2021 年调整后不含划入临平区的区域"
    assert notes["萧山区"] == "2021 年调整后不含划入钱塘区的区域"
    earlier = build_edition_context(data, "district_industrial-2021").territory_notes
    # 余杭区 2019 -> 2021: same territory; 弋江区 took in 三山区 (合并, 2020-07)
    assert [t.place.text for t in earlier] == ["新建区", "弋江区"]


def test_territory_rows_are_not_former_names(package, data):
    tags = compute_region_tags(package["regions"], package["region_changes"])
    assert "余杭区" not in tags.get("330113", []) and "萧山区" not in tags.get("330114", [])
    assert not [r for r in build_redirect_contexts(data) if r.old_code in {"330110", "330109", "360112"}]
    entries = pd.DataFrame({"region_code": ["330113"], "printed_name": ["余杭区"], "kind": ["市辖区"]})
    assert add_edition_kind(entries, package["region_changes"])["edition_kind"].tolist() == ["市辖区"]


def test_curation_accepts_a_current_old_code_only_in_a_territory_change():
    row = {"old_code": "330110", "old_name": "余杭区", "new_code": "330113", "new_name": "临平区"}
    current = {"330110": "余杭区", "330113": "临平区"}
    history = {"201904": {"330110": "余杭区"}}
    assert region_changes.check_changes([{**row, "kind": "区域调整"}], current, history) == []
    assert "still current" in region_changes.check_changes([{**row, "kind": "撤县设区"}], current, history)[0]


def test_a_merge_into_a_ranked_place_notes_its_movement_issue_17(data):
    """上城区 took in 江干区 (2021), 弋江区 took in 三山区 (2020-07): their movements compare territories."""
    shangcheng = build_region_context(data, "330102")
    district = next(s for s in shangcheng.standings if s.list_code == "district_industrial")
    assert (district.previous_year, district.latest_year) == (2021, 2024)
    assert district.territory_note == "2021 年调整后含原属江干区的区域"
    edition = build_edition_context(data, "district_industrial-2021")
    notes = {t.place.text: t.note for t in edition.territory_notes}
    assert notes.get("弋江区") == "2020 年 7 月调整后含原属三山区的区域"
