"""Write stage of the derived package: CSVs and descriptor under build/derived/, then validation.

Input: the derived DataFrames (`scoring.derived.compute_derived`) and their descriptor
(`scoring/derived_schema.json`). Output: `<out_dir>/datapackage.json` and
`<out_dir>/data/<name>.csv`, UTF-8 with LF line endings, columns in schema order, rows in each
resource's `sortKey` order (primary key breaking ties), numbers with two decimals, booleans as
true/false, missing values as empty cells. The package is written to a temporary sibling folder,
validated with frictionless and `scoring.derived_checks`, and only then replaces `out_dir`, so a
failed build leaves the previous output untouched.
"""

from __future__ import annotations

import copy
import csv
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
from frictionless import Package as FrictionlessPackage
from frictionless import system

from build_scripts.json_text import render_json_text
from build_scripts.paths import join_inside
from scoring.derived_checks import check_derived
from scoring.errors import DataPackageError, PipelineError
from scoring.messages import format_error_place
from scoring.package import DESCRIPTOR_NAME, Package, load_tables

FLOAT_DECIMALS = 2


def _resource(schema: Mapping, name: str) -> dict:
    for resource in schema["resources"]:
        if resource["name"] == name:
            return resource
    raise PipelineError(
        f'derived table "{name}" has no resource in the derived schema. '
        "Add it to scoring/derived_schema.json."
    )


def _format_cell(value: object, field_type: str) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if field_type == "number":
        return f"{float(value):.{FLOAT_DECIMALS}f}"
    if field_type == "integer":
        return str(int(value))
    if field_type == "boolean":
        return "true" if bool(value) else "false"
    return str(value)


def render_table_rows(table: pd.DataFrame, resource: Mapping) -> list[list[str]]:
    """Turn a table into CSV rows (header first) in schema column order, rows by `sortKey` then primary key.

    Raises:
        PipelineError: The table lacks a schema column or has a column the schema does not declare.
    """
    fields = resource["schema"]["fields"]
    names = [field["name"] for field in fields]
    missing = [name for name in names if name not in table.columns]
    extra = [name for name in table.columns if name not in names]
    if missing or extra:
        raise PipelineError(
            f'derived table "{resource["name"]}": missing column(s) {missing}, undeclared column(s) {extra}. '
            "Make the table and scoring/derived_schema.json agree."
        )
    ordered = table[names]
    # The primary key breaks ties, so the row order never depends on the input order.
    sort_key = list(resource.get("sortKey", []))
    sort_key += [name for name in resource["schema"].get("primaryKey", []) if name not in sort_key]
    if sort_key:
        ordered = ordered.sort_values(sort_key, kind="stable", na_position="last")
    types = [field["type"] for field in fields]
    body = [[_format_cell(value, t) for value, t in zip(row, types, strict=True)]
            for row in ordered.itertuples(index=False, name=None)]
    return [names, *body]


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def _validate_files(root: Path, final: Path) -> list[str]:
    with system.use_context(trusted=True):
        report = FrictionlessPackage(str(root / DESCRIPTOR_NAME)).validate()
    problems = []
    for task in report.tasks:
        place = Path(task.place)
        place = final / (place.relative_to(root) if place.is_absolute() else place)
        problems += [f"{format_error_place(str(place), error)}: {error.type}: {error.note or error.message}"
                     for error in task.errors]
    problems.extend(f"{final / DESCRIPTOR_NAME}: {error.message}" for error in report.errors)
    return problems


def write_derived(tables: Mapping[str, pd.DataFrame], schema: Mapping, out_dir: Path | str) -> Package:
    """Write the derived tables and their descriptor to `out_dir`, validated.

    Args:
        tables: Resource name -> DataFrame; every name must have a resource in `schema`.
        schema: The derived descriptor (Data Package v2 without data). The written descriptor holds
            the resources of `tables` only, in the descriptor's order.
        out_dir: Target folder (build/derived/); replaced as a whole on success.

    Returns:
        The written package, read back typed from its files (what downloads publish); its
        descriptor is `out_dir`/datapackage.json.

    Raises:
        PipelineError: A table has no resource or its columns disagree with the schema.
        DataPackageError: The written files break the Table Schema (types, constraints, keys).
        CheckError: The tables break a cross-table rule of `scoring.derived_checks`.
    """
    out_dir = Path(out_dir)
    check_derived(tables)
    resources = {name: _resource(schema, name) for name in tables}
    descriptor = copy.deepcopy(dict(schema))
    descriptor["resources"] = [copy.deepcopy(r) for r in schema["resources"] if r["name"] in tables]
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-tmp-", dir=out_dir.parent))
    try:
        for name, table in tables.items():
            _write_csv(join_inside(tmp, resources[name]["path"]), render_table_rows(table, resources[name]))
        text = render_json_text(descriptor)
        (tmp / DESCRIPTOR_NAME).write_text(text, encoding="utf-8", newline="\n")
        problems = _validate_files(tmp, out_dir)
        if problems:
            raise DataPackageError(problems)
        shutil.rmtree(out_dir, ignore_errors=True)
        tmp.rename(out_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return load_tables(out_dir, descriptor)
