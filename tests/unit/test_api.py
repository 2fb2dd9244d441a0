"""Tests for build_scripts.api: the static JSON documents parse, match the data and are deterministic."""

from __future__ import annotations

import json

import pytest
from minimal_package import LISTS, VALID, build_minimal_site_data

from build_scripts.api import (
    api_list_path,
    api_region_path,
    build_api_files,
    build_region_document,
    render_json,
    write_api,
)
from scoring.package import load_package

SITE_URL = "https://example.org/site/"


@pytest.fixture(scope="module")
def package():
    return load_package(VALID)


@pytest.fixture(scope="module")
def data(package):
    return build_minimal_site_data(package, SITE_URL)


@pytest.fixture(scope="module")
def files(data):
    return build_api_files(data)


def test_region_document_has_the_rank_of_every_edition_and_null_where_absent(package, data):
    rankings = package["rankings"]
    document = build_region_document(data, "320583")
    expected = {e: None for e in package["editions"]["edition"]}
    for row in rankings[rankings["region_code"] == "320583"].itertuples():
        expected[row.edition] = int(row.rank)
    assert document["ranks"] == expected
    assert any(rank is None for rank in document["ranks"].values())
    assert [r["edition"] for r in document["rankings"]] == [e for e, r in expected.items() if r is not None]
    assert document["name"] == "昆山市" and document["pinyin"] == "kunshan"
    assert document["url"].startswith(SITE_URL) and "320583-kunshan" in document["url"]


def test_region_document_carries_changes_and_corrections_of_the_place(package, data):
    changes = package["region_changes"]
    new_code = str(changes.loc[0, "new_code"])
    document = build_region_document(data, new_code)
    assert [c["old_code"] for c in document["changes"]] == [changes.loc[0, "old_code"]]
    corrections = package["corrections"]
    code = str(corrections.loc[0, "region_code"])
    assert [c["correction_id"] for c in build_region_document(data, code)["corrections"]] == [
        corrections.loc[0, "correction_id"]]


def test_former_code_document_points_to_the_current_place(package, files):
    change = package["region_changes"].iloc[0]
    document = json.loads(files[api_region_path(change["old_code"])])
    assert document["name"] == change["old_name"]
    assert [r["code"] for r in document["replaced_by"]] == [change["new_code"]]
    assert document["replaced_by"][0]["document"] == SITE_URL + api_region_path(change["new_code"])


def test_list_documents_hold_the_edition_rows_in_rank_order(package, files):
    rankings = package["rankings"]
    for edition in package["editions"].itertuples():
        document = json.loads(files[api_list_path(edition.list, edition.year)])
        rows = rankings[rankings["edition"] == edition.edition].sort_values(["rank", "region_code"])
        assert [(r["rank"], r["region_code"]) for r in document["rows"]] == [
            (int(r.rank), r.region_code) for r in rows.itertuples()]
        assert document["edition"]["edition"] == edition.edition
        assert all(r["url"].startswith(SITE_URL) for r in document["rows"])


def test_index_names_a_document_for_every_edition_and_region(files):
    index = json.loads(files["api/index.json"])
    for entry in index["editions"] + index["regions"]:
        assert entry["document"].startswith(SITE_URL)
        assert entry["document"].removeprefix(SITE_URL) in files
    assert {r["code"] for r in index["regions"]} >= {"320583"}
    held = {e["list"] for e in index["editions"]}
    assert [entry["list"] for entry in index["lists"]] == [c for c in LISTS.codes if c in held]
    assert index["lists"][0]["name_zh"] == LISTS.get(index["lists"][0]["list"]).name_zh


def test_every_document_is_sorted_key_utf8_json(files):
    for path, text in files.items():
        assert text == render_json(json.loads(text)), path
        assert "\\u" not in text, path


def test_write_api_is_byte_identical_across_runs(data, tmp_path):
    count = write_api(data, tmp_path / "one")
    write_api(data, tmp_path / "two")
    one = sorted((tmp_path / "one").rglob("*.json"))
    assert len(one) == count
    for path in one:
        assert path.read_bytes() == (tmp_path / "two" / path.relative_to(tmp_path / "one")).read_bytes()
