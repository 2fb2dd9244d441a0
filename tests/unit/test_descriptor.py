"""Tests of scoring.descriptor and its tools: paths confined to the package, the reference schema."""

from __future__ import annotations

import copy
import json
import re

import pytest
from minimal_package import copy_valid

from build_scripts.paths import DATAPACKAGE, SEEDS
from curation import cited_lines, reference_schema
from scoring.derived import DERIVED_SCHEMA_PATH
from scoring.descriptor import (
    find_name_problems,
    find_path_problems,
    find_reference_problems,
    find_text_problems,
    load_reference,
)
from scoring.errors import DataPackageError
from scoring.package import load_package
from scoring.source_checks import load_inventory

REAL = json.loads((DATAPACKAGE / "datapackage.json").read_text(encoding="utf-8"))
SHOWN = "datapackage/datapackage.json"


def resource(descriptor: dict, name: str) -> dict:
    return next(r for r in descriptor["resources"] if r["name"] == name)


def field(descriptor: dict, resource_name: str, name: str) -> dict:
    return next(f for f in resource(descriptor, resource_name)["schema"]["fields"] if f["name"] == name)


def test_the_committed_reference_accepts_the_real_descriptor():
    assert find_reference_problems(REAL, load_reference(), SHOWN) == []


def test_the_reference_tool_writes_what_is_committed_from_the_real_descriptor(tmp_path):
    target = tmp_path / "reference.json"
    reference_schema.write_reference(DATAPACKAGE, target)

    assert find_reference_problems(REAL, json.loads(target.read_text(encoding="utf-8")), SHOWN) == []
    assert json.loads(target.read_text(encoding="utf-8"))["regenerate"] == load_reference()["regenerate"]


def test_new_fields_resources_and_enum_values_need_no_new_reference():
    # Other work adds fields and enum values in parallel (a new change kind, lists from a config file).
    grown = copy.deepcopy(REAL)
    field(grown, "region_changes", "kind")["constraints"]["enum"].append("拆分")
    field(grown, "editions", "list")["constraints"]["enum"].append("new_list")
    resource(grown, "regions")["schema"]["fields"].append({"name": "name_en", "type": "string"})
    grown["resources"].append({"name": "extra", "path": "data/extra.csv", "schema": {"fields": []}})

    assert find_reference_problems(grown, load_reference(), SHOWN) == []


@pytest.mark.parametrize(("edit", "expected"), [
    (lambda d: field(d, "regions", "slug")["constraints"].pop("pattern"),
     'resource "regions", field "slug": constraint "pattern" is missing'),
    (lambda d: field(d, "rankings", "rank")["constraints"].update(minimum=0),
     'resource "rankings", field "rank": constraint "minimum" is 0, not 1'),
    (lambda d: field(d, "rankings", "rank").update(type="string"),
     'resource "rankings", field "rank": type is "string", not "integer"'),
    (lambda d: resource(d, "rankings")["schema"].pop("foreignKeys"),
     'resource "rankings": foreignKeys is [], must hold'),
    (lambda d: resource(d, "regions")["schema"].update(primaryKey=["slug"]),
     'resource "regions": primaryKey is ["slug"], must hold ["code"]'),
    (lambda d: field(d, "region_changes", "kind")["constraints"].pop("enum"),
     'resource "region_changes", field "kind": constraint "enum" is missing'),
    (lambda d: d["resources"].remove(resource(d, "corrections")), 'resource "corrections" is missing'),
])
def test_a_dropped_or_loosened_constraint_or_key_is_refused_naming_it(edit, expected):
    loosened = copy.deepcopy(REAL)
    edit(loosened)

    problems = find_reference_problems(loosened, load_reference(), SHOWN)

    assert any(p.startswith(f"{SHOWN}: {expected}") for p in problems), problems
    assert "python -m curation.reference_schema" in problems[-1]


def test_the_optional_resources_may_be_left_out():
    minimal = copy.deepcopy(REAL)
    optional = ("claims", "facts", "metrics")
    minimal["resources"] = [r for r in minimal["resources"] if r["name"] not in optional]

    assert find_reference_problems(minimal, load_reference(), SHOWN) == []


@pytest.mark.parametrize("path", ["/etc/passwd", "../x.csv", "data/../../x.csv", "https://a.invalid/x.csv",
                                  "data\\x.csv", "C:/x.csv", "data/x\x00.csv", "", "data/ x.csv"])
def test_resource_paths_out_of_or_around_the_package_are_refused(tmp_path, path):
    descriptor = {"resources": [{"name": "regions", "path": path}]}

    problems = find_path_problems(tmp_path, descriptor, SHOWN)

    assert len(problems) == 1 and problems[0].startswith(f'{SHOWN}: resource "regions", "path" ')


def test_a_resource_path_through_a_link_out_is_refused_and_one_inside_accepted(tmp_path):
    (tmp_path / "outside").mkdir()
    package = tmp_path / "package"
    (package / "data").mkdir(parents=True)
    (package / "data" / "out.csv").symlink_to(tmp_path / "outside" / "x.csv")
    (package / "data" / "real.csv").write_text("a\n", encoding="utf-8")
    (package / "data" / "in.csv").symlink_to(package / "data" / "real.csv")

    problems = find_path_problems(package, {"resources": [{"name": "a", "path": "data/out.csv"},
                                                          {"name": "b", "path": "data/in.csv"}]}, SHOWN)

    assert len(problems) == 1 and "symbolic link" in problems[0] and 'resource "a"' in problems[0]


def test_the_real_package_and_resource_names_are_plain_names_issue_18():
    derived = json.loads(DERIVED_SCHEMA_PATH.read_text(encoding="utf-8"))

    assert find_name_problems(REAL, SHOWN) == []
    assert find_name_problems(derived, SHOWN) == []


@pytest.mark.parametrize("name", ["../../../../tmp/x/evil", "../../x", "a/b", "data..csv", "Regions", "区划",
                                  ".hidden", "-x", "", "a b", "x\x00", "a:b", "sheet[1]", "x\n"])
def test_package_and_resource_names_that_are_not_plain_names_are_refused_issue_18(name):
    renamed = copy.deepcopy(REAL)
    resource(renamed, "rankings")["name"] = name
    renamed["name"] = name

    problems = find_name_problems(renamed, SHOWN)

    number = [r["name"] for r in REAL["resources"]].index("rankings") + 1
    assert len(problems) == 2, problems
    assert problems[0].startswith(f'{SHOWN}: the package "name" is ')
    assert problems[1].startswith(f'{SHOWN}: resource {number} "name" ')
    assert "\x00" not in "".join(problems) and "\n" not in "".join(problems)


def test_a_package_without_a_name_is_refused_issue_18():
    nameless = copy.deepcopy(REAL)
    del nameless["name"]

    assert find_name_problems(nameless, SHOWN) == [
        f'{SHOWN}: the package "name" is missing; write a name of lower-case letters, digits, ".", "_" and '
        '"-", starting with a letter or digit, without ".." (it names the download files).']


def test_the_cited_lines_inventory_matches_the_seeds_and_the_package():
    if not SEEDS.is_dir():  # without the seeds: every cited line is in the inventory (the validator checks)
        assert load_inventory()["files"]
        return
    assert cited_lines.build_inventory(DATAPACKAGE, SEEDS) == load_inventory()


def test_every_resource_and_field_has_titles_and_descriptions_in_both_languages_issues_15_16():
    for path in (DATAPACKAGE / "datapackage.json", DERIVED_SCHEMA_PATH):
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        assert find_text_problems(descriptor, "d") == [], path
        texts = [f["description_zh"] for r in descriptor["resources"] for f in r["schema"]["fields"]]
        assert all(re.search(r"[\u4e00-\u9fff]", t) for t in texts), path


def test_a_field_without_its_chinese_description_or_english_title_is_refused_naming_it():
    descriptor = json.loads((DATAPACKAGE / "datapackage.json").read_text(encoding="utf-8"))
    field = descriptor["resources"][0]["schema"]["fields"][1]
    del field["description_zh"]
    other = descriptor["resources"][0]["schema"]["fields"][2]
    other["title_en"] = ""
    descriptor["resources"][1]["title"] = " "
    problems = find_text_problems(descriptor, "datapackage.json")
    first = descriptor["resources"][0]["name"]
    assert problems == [
        f'datapackage.json: resource "{first}", field "{field["name"]}": '
        '"description_zh" is missing or empty; write it (the methodology page\'s column tables show it).',
        f'datapackage.json: resource "{first}", field "{other["name"]}": '
        '"title_en" is missing or empty; write it (the methodology page\'s column tables show it).',
        f'datapackage.json: resource "{descriptor["resources"][1]["name"]}": "title" is missing or empty; '
        "write it (the site shows it)."]


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\n", "\t", "\x85", "\u200b", "\u202e", "\u2066",
                                  "\ufeff", "\u00a0", "\u2028"])
def test_descriptor_texts_with_a_control_or_invisible_character_are_refused_naming_the_place_issue_18(char):
    descriptor = copy.deepcopy(REAL)
    rankings = resource(descriptor, "rankings")
    index = descriptor["resources"].index(rankings)
    position = next(i for i, f in enumerate(rankings["schema"]["fields"]) if f["name"] == "rank")
    text = rankings["schema"]["fields"][position]["description"] + " 名次" * 40
    rankings["schema"]["fields"][position]["description"] = text[:7] + char + text[7:]
    descriptor["title"] += char
    rankings["schema"]["fields"][0]["constraints"]["enum"] = ["a" + char + "b"]
    rankings["schema"]["fields"][0]["note" + char] = "x"

    problems = find_text_problems(descriptor, "datapackage.json")

    escaped = f"\\u{ord(char):04x}"
    first = rankings["schema"]["fields"][0]["name"]
    assert problems == [
        f'datapackage.json title: "{REAL["title"]}{escaped}" holds an invisible or control character or '
        "surrounding spaces; delete them.",
        f'datapackage.json resources[{index}].schema.fields[0] (resource "rankings", field "{first}"): '
        f'the key "note{escaped}" holds an invisible or control character or surrounding spaces; delete '
        "them.",
        f"datapackage.json resources[{index}].schema.fields[0].constraints.enum[0] (resource \"rankings\", "
        f'field "{first}"): "a{escaped}b" holds an invisible or control character or surrounding spaces; '
        "delete them.",
        f"datapackage.json resources[{index}].schema.fields[{position}].description (resource \"rankings\", "
        f'field "rank"): "{text[:7]}{escaped}{text[7:60 - 1]}"… ({len(text) + 1} characters) holds an '
        "invisible or control character or surrounding spaces; delete them."]


def test_a_blank_required_text_is_reported_once_as_missing():
    descriptor = copy.deepcopy(REAL)
    descriptor["resources"][0]["schema"]["fields"][0]["title"] = "\u3000"

    problems = find_text_problems(descriptor, "d")

    assert len(problems) == 1 and '"title" is missing or empty' in problems[0]


def test_load_package_refuses_a_nul_byte_in_a_descriptor_text_issue_18(tmp_path):
    package = copy_valid(tmp_path)
    path = package / "datapackage.json"
    edited = json.loads(path.read_text(encoding="utf-8"))
    edited["resources"][1]["schema"]["fields"][2]["description_zh"] += "\u0000"
    path.write_text(json.dumps(edited, ensure_ascii=False), encoding="utf-8")

    with pytest.raises(DataPackageError) as caught:
        load_package(package)

    field = edited["resources"][1]["schema"]["fields"][2]["name"]
    assert any(f"datapackage.json resources[1].schema.fields[2].description_zh (resource "
               f'"{edited["resources"][1]["name"]}", field "{field}"): ' in p and "\\u0000\"" in p
               for p in caught.value.problems), caught.value.problems
