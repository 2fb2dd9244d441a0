import json
from pathlib import Path
from types import MappingProxyType

import derived_fixtures as fx
import pandas as pd
import pytest

from build_scripts.derived_writer import render_table_rows, write_derived
from scoring.derived import compute_derived, load_derived_schema
from scoring.errors import CheckError, DataPackageError, PipelineError
from scoring.package import Package


def _tables():
    tables = {"rankings": fx.rankings(), "editions": fx.editions(), "regions": fx.regions()}
    package = Package(root=Path("."), descriptor={}, tables=MappingProxyType(tables))
    return compute_derived(package, fx.PARAMS, fx.LISTS)


SMALL = {
    "name": "t",
    "resources": [{
        "name": "things", "type": "table", "path": "data/things.csv", "format": "csv", "encoding": "utf-8",
        "sortKey": ["code"],
        "schema": {
            "fields": [
                {"name": "code", "type": "string", "constraints": {"required": True}},
                {"name": "n", "type": "integer"},
                {"name": "pct", "type": "number", "constraints": {"minimum": 0, "maximum": 100}},
                {"name": "is_ok", "type": "boolean"},
            ],
            "primaryKey": ["code"], "missingValues": [""],
        },
    }],
}


def _things(pct=(12.345, 100.0)):
    return pd.DataFrame({
        "pct": pd.array(list(pct), dtype="Float64"),
        "is_ok": pd.array([True, None], dtype="boolean"),
        "n": pd.array([None, 7], dtype="Int64"),
        "code": pd.array(["b", "a"], dtype="string"),
    })


def test_render_table_rows_orders_columns_and_rows_and_formats_cells():
    rows = render_table_rows(_things(), SMALL["resources"][0])
    assert rows == [["code", "n", "pct", "is_ok"], ["a", "7", "100.00", ""], ["b", "", "12.35", "true"]]


def test_render_table_rows_rejects_missing_and_undeclared_columns():
    with pytest.raises(PipelineError, match=r'"things": missing column\(s\) \[\'is_ok\'\]'):
        render_table_rows(_things().drop(columns="is_ok"), SMALL["resources"][0])
    with pytest.raises(PipelineError, match=r"undeclared column\(s\) \['extra'\]"):
        render_table_rows(_things().assign(extra=1), SMALL["resources"][0])


def test_write_derived_writes_utf8_lf_csv_and_descriptor(tmp_path):
    out = tmp_path / "derived"
    package = write_derived({"things": _things()}, SMALL, out)
    raw = (out / "data" / "things.csv").read_bytes()
    assert raw == b"code,n,pct,is_ok\na,7,100.00,\nb,,12.35,true\n"
    written = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert package.root == out and package["things"]["code"].tolist() == ["a", "b"]
    assert [r["name"] for r in written["resources"]] == ["things"]


def test_write_derived_rejects_table_without_resource(tmp_path):
    with pytest.raises(PipelineError, match='"stuff" has no resource'):
        write_derived({"stuff": _things()}, SMALL, tmp_path / "derived")


def test_write_derived_schema_violation_names_file_and_column_and_keeps_old_output(tmp_path):
    out = tmp_path / "derived"
    write_derived({"things": _things()}, SMALL, out)
    before = (out / "data" / "things.csv").read_bytes()
    with pytest.raises(DataPackageError) as err:
        write_derived({"things": _things(pct=(150.0, 1.0))}, SMALL, out)
    message = str(err.value)
    assert "things.csv row 3" in message and 'column "pct"' in message and "constraint" in message
    assert (out / "data" / "things.csv").read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".derived-tmp")]


def test_write_derived_runs_cross_table_checks(tmp_path):
    tables = _tables()
    tables["kind_counts"] = tables["kind_counts"].assign(count=tables["kind_counts"]["count"] + 1)
    with pytest.raises(CheckError, match='kind_counts, edition "county_industrial-2019": counts sum to'):
        write_derived(tables, load_derived_schema(), tmp_path / "derived")


def test_write_derived_full_fixture_is_valid_and_byte_identical_whatever_the_row_order(tmp_path):
    schema = load_derived_schema()
    tables = _tables()
    write_derived(tables, schema, tmp_path / "one")
    shuffled = {name: table.sample(frac=1, random_state=3) for name, table in tables.items()}
    write_derived(shuffled, schema, tmp_path / "two")
    files = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*") if p.is_file())
    assert len(files) == 1 + len(tables)
    for rel in files:
        assert (tmp_path / "one" / rel).read_bytes() == (tmp_path / "two" / rel).read_bytes(), rel
    entries = (tmp_path / "one" / "data" / "entries.csv").read_text(encoding="utf-8")
    assert "\r" not in entries
    assert entries.splitlines()[0].startswith("edition,list,year,rank,printed_rank,region_code")


def test_run_score_writes_validated_derived_package_and_logs_counts(tmp_path, caplog):
    from build_scripts import paths, pipeline
    from build_scripts.paths import BuildPaths

    caplog.set_level("INFO")
    pipeline.run_score(BuildPaths(root=tmp_path))
    derived = tmp_path / "build" / "derived"
    descriptor = json.loads((derived / "datapackage.json").read_text(encoding="utf-8"))
    names = [r["name"] for r in descriptor["resources"]]
    assert {"entries", "movements", "persistence", "claim_verdicts"} <= set(names)
    lines = (derived / "data" / "entries.csv").read_text(encoding="utf-8").splitlines()
    ranked = len((paths.DATAPACKAGE / "data" / "rankings.csv").read_text(encoding="utf-8").splitlines()) - 1
    assert len(lines) == 1 + ranked  # one entry per ranking row (950 in the seeds' ten editions)
    score_lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("score:")]
    assert len(score_lines) == 1 and f"entries {ranked}" in score_lines[0]
