"""config/lists.yml: loading, the schemas' list enums and the editions' lists held to it."""

import json
import shutil

import pandas as pd
import pytest
import yaml
from minimal_package import VALID

from build_scripts import paths, pipeline
from build_scripts.lists_schema import write_list_schemas
from scoring.derived import DERIVED_SCHEMA_PATH, load_derived_schema
from scoring.errors import CheckError, DataPackageError, PipelineError
from scoring.lists import (
    build_lists,
    check_editions_lists,
    check_list_enums,
    compute_list_enum_fields,
    load_lists,
)

LISTS = load_lists(paths.LISTS)


def _config() -> dict:
    return yaml.safe_load(paths.LISTS.read_text(encoding="utf-8"))


def _fifth(config: dict) -> dict:
    entry = {"code": "county_fifth_test", "name_zh": "数字百强县", "name_en": "Top 100 digital counties",
             "level": "county", "size": 100, "tiers": "none", "rank_ticks": [1, 50, 100]}
    return {"lists": [*config["lists"], entry]}


@pytest.mark.parametrize("path", [paths.DATAPACKAGE / "datapackage.json", DERIVED_SCHEMA_PATH,
                                  VALID / "datapackage.json"])
def test_committed_list_enums_equal_the_configured_lists(path):
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    fields = compute_list_enum_fields(descriptor)
    assert fields, f"{path} has no list enum"
    for _, field in fields:
        assert field["constraints"]["enum"] == list(LISTS.codes)
        assert field.get("categories", list(LISTS.codes)) == list(LISTS.codes)
    check_list_enums(descriptor, LISTS, str(path))


def test_derived_schema_has_the_list_enum_twice_and_takes_the_configured_codes():
    fifth = build_lists(_fifth(_config()))
    schema = load_derived_schema(lists=fifth)
    fields = compute_list_enum_fields(schema)
    assert len(fields) >= 2
    assert all(f["constraints"]["enum"][-1] == "county_fifth_test" for _, f in fields)
    assert load_derived_schema() == json.loads(DERIVED_SCHEMA_PATH.read_text(encoding="utf-8"))


def test_lists_keep_the_file_order_and_fields():
    # The reports' four lists first, in the file's order (a list added later comes after them).
    assert LISTS.codes[:4] == (
        "county_industrial", "county_innovation", "district_industrial", "city_manufacturing")
    city = LISTS.get("city_manufacturing")
    assert (city.level, city.size, city.rank_ticks) == ("city", 50, (1, 10, 20, 30, 40, 50))
    assert city.registry_levels == ("prefecture",)
    assert LISTS.get("county_industrial").registry_levels == ("county", "district")
    assert LISTS.order("unknown") == len(LISTS.codes)
    # The industrial lists of counties and districts share a measure; a list without one is its own.
    assert LISTS.get("county_industrial").measure == LISTS.get("district_industrial").measure == "industrial"
    assert LISTS.get("county_innovation").measure != "industrial"
    bare = {k: v for k, v in _config()["lists"][1].items() if k != "measure"}
    assert build_lists({"lists": [bare]}).get(bare["code"]).measure == bare["code"]


def test_lists_schema_command_rewrites_only_the_enums(tmp_path):
    package = tmp_path / "datapackage"
    shutil.copytree(paths.DATAPACKAGE, package)
    derived = tmp_path / "derived_schema.json"
    shutil.copy(DERIVED_SCHEMA_PATH, derived)
    config = tmp_path / "lists.yml"
    where = paths.BuildPaths(root=tmp_path, datapackage=package, lists=config)
    config.write_text(paths.LISTS.read_text(encoding="utf-8"), encoding="utf-8")
    assert write_list_schemas(where, derived) == []
    assert derived.read_bytes() == DERIVED_SCHEMA_PATH.read_bytes()
    config.write_text(yaml.safe_dump(_fifth(_config()), allow_unicode=True), encoding="utf-8")
    assert write_list_schemas(where, derived) == [package / "datapackage.json", derived]
    before = json.loads((paths.DATAPACKAGE / "datapackage.json").read_text(encoding="utf-8"))
    after = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    (_, field), = compute_list_enum_fields(after)
    assert field["constraints"]["enum"][-1] == field["categories"][-1] == "county_fifth_test"
    field["constraints"]["enum"].pop()
    field["categories"].pop()
    assert after == before


def test_validate_stops_while_the_package_enum_disagrees_with_the_config(tmp_path):
    config = tmp_path / "lists.yml"
    config.write_text(yaml.safe_dump(_fifth(_config()), allow_unicode=True), encoding="utf-8")
    where = paths.BuildPaths(root=tmp_path, datapackage=VALID, lists=config)
    with pytest.raises(DataPackageError) as error:
        pipeline.run_validate(where)
    message = str(error.value)
    assert 'resource "editions", field "list"' in message and "county_fifth_test" in message
    assert "python -m build_scripts lists-schema" in message


def test_check_editions_lists_names_row_and_column():
    editions = pd.DataFrame({
        "edition": ["county_industrial-2019", "county_innovation-2019", "county_fifth_test-2025"],
        "list": ["county_industrial", "county_innovation", "county_fifth_test"],
        "list_name": ["工业百强县", "创新百强县（市）", "数字百强县"],
        "tier_boundaries": [None, "1-10;11-100", None],
    })
    with pytest.raises(CheckError) as error:
        check_editions_lists(editions, LISTS)
    assert error.value.problems == [
        'datapackage/data/editions.csv row 2 ("county_industrial-2019"), column "list_name": "工业百强县" '
        'differs from config/lists.yml "工业百强县（市）".',
        'datapackage/data/editions.csv row 3 ("county_innovation-2019"), column "tier_boundaries": the list '
        "states no tiers (tiers: none in config/lists.yml); leave the cell empty or set tiers: stated.",
        'datapackage/data/editions.csv row 4 ("county_fifth_test-2025"), column "list": "county_fifth_test" '
        "is not in config/lists.yml. Add it there.",
    ]


@pytest.mark.parametrize(("change", "message"), [
    ({"level": "town"}, 'level "town" is not one of county, district, city'),
    ({"tiers": "auto"}, 'tiers "auto" is not one of stated, none'),
    ({"rank_ticks": [1, 50]}, "rank_ticks [1, 50] must be ascending integers from 1 to size (100)"),
    ({"code": "County-X"}, 'code "County-X" must be lower-case letters and _'),
    ({"size": 0}, "size 0 is not a positive integer"),
    ({"measure": "Innovation!"}, 'measure "Innovation!" must be lower-case letters and _'),
])
def test_build_lists_rejects_bad_entries(change, message):
    config = _config()
    config["lists"][1] = {**config["lists"][1], **change}
    with pytest.raises(PipelineError, match=r"lists\[1\]: " + message.replace("[", r"\[").replace("(", r"\(")
                       .replace(")", r"\)").replace("]", r"\]")):
        build_lists(config)


def test_build_lists_rejects_a_duplicate_code_and_a_missing_field():
    config = _config()
    config["lists"].append(dict(config["lists"][0]))
    del config["lists"][2]["size"]
    with pytest.raises(PipelineError) as error:
        build_lists(config)
    assert error.value.problems == ["config/lists.yml: lists[2]: missing size.",
                                    'config/lists.yml: code "county_industrial" appears more than once.']
