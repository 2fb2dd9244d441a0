"""Load stage: read the data package, validate it, and return typed DataFrames.

Input: a folder holding `datapackage.json` and the CSV files it names. Output: a `Package` whose
tables are DataFrames typed from the Table Schema. Nothing downstream sees unvalidated data: every
problem found (encoding, byte-order mark, header, types, constraints, keys, then the domain checks
of `scoring.checks`) is collected and raised at once as one `DataPackageError` or `CheckError`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import pandas as pd
from frictionless import Package as FrictionlessPackage
from frictionless import system

from scoring.errors import DataPackageError

DESCRIPTOR_NAME = "datapackage.json"
UTF8_BOM = b"\xef\xbb\xbf"
_PANDAS_TYPES = MappingProxyType({"integer": "Int64", "number": "Float64", "boolean": "boolean"})
_TRUE_VALUES = ("true",)
_FALSE_VALUES = ("false",)


@dataclass(frozen=True)
class Package:
    """A validated data package.

    Attributes:
        root: Folder holding the descriptor.
        descriptor: The parsed `datapackage.json`.
        tables: One DataFrame per resource name, columns in schema order, typed from the schema
            (strings as `string`, integers as `Int64`, booleans as `boolean`; empty cells are NA).
    """

    root: Path
    descriptor: Mapping
    tables: Mapping[str, pd.DataFrame]

    def __getitem__(self, name: str) -> pd.DataFrame:
        """Return a copy of the named table, so callers can never mutate the package."""
        return self.tables[name].copy()

    def schema(self, name: str) -> dict:
        """Return the Table Schema of the named resource."""
        return next(r["schema"] for r in self.descriptor["resources"] if r["name"] == name)


def load_descriptor(root: Path) -> dict:
    """Read `datapackage.json` from `root`.

    Raises:
        DataPackageError: The file is missing or is not valid JSON.
    """
    path = Path(root) / DESCRIPTOR_NAME
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DataPackageError(f"{path}: file not found. Point the build at a data package folder.") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataPackageError(f"{path}: not valid UTF-8 JSON ({exc}). Fix the descriptor.") from exc


def load_package(root: Path | str, *, run_checks: bool = True) -> Package:
    """Validate the data package in `root` and return its tables.

    Args:
        root: Folder holding `datapackage.json`.
        run_checks: Also run the domain checks of `scoring.checks` (rules a Table Schema cannot
            express). Tests of the schema layer alone turn this off.

    Returns:
        The validated `Package`.

    Raises:
        DataPackageError: Listing every encoding, header, type, constraint and key problem, one line
            each, naming file, row, field and what is wrong.
        CheckError: Listing every domain rule the data break.
    """
    root = Path(root)
    descriptor = load_descriptor(root)
    problems = check_files(root, descriptor)
    if not problems:
        problems = _check_with_frictionless(root)
    if problems:
        raise DataPackageError(problems)
    tables = {r["name"]: _read_table(root, r) for r in descriptor["resources"]}
    package = Package(root=root, descriptor=descriptor, tables=MappingProxyType(tables))
    if run_checks:
        from scoring.checks import check_package  # the checks need a loaded package

        check_package(package)
    return package


def check_files(root: Path, descriptor: dict) -> list[str]:
    """Check every resource file's bytes before parsing: present, UTF-8, no BOM, header as declared.

    Frictionless silently strips a byte-order mark and guesses around some encodings, so these are
    checked on the raw bytes first.

    Returns:
        One message per problem; empty when all files are readable.
    """
    problems = []
    for resource in descriptor.get("resources", []):
        path = root / resource["path"]
        rel = _display_path(root, resource["path"])
        if not path.is_file():
            problems.append(f"{rel}: file not found (resource \"{resource['name']}\"). Restore the file.")
            continue
        raw = path.read_bytes()
        if raw.startswith(UTF8_BOM):
            problems.append(f"{rel} row 1: starts with a UTF-8 byte-order mark. Save the file as UTF-8 without BOM.")
            raw = raw[len(UTF8_BOM):]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            problems.append(
                f"{rel} row {line}: byte {raw[exc.start]:#04x} is not valid UTF-8 (is the file GBK-encoded?). "
                "Save the file as UTF-8."
            )
            continue
        problems.extend(_check_header(rel, text, resource))
    return problems


def _check_header(rel: str, text: str, resource: dict) -> list[str]:
    header = text.split("\n", 1)[0].rstrip("\r").split(",")
    declared = [f["name"] for f in resource["schema"]["fields"]]
    missing = [name for name in declared if name not in header]
    extra = [name for name in header if name not in declared]
    problems = [f'{rel} row 1, column "{name}": missing column. Add the column (it may be empty).' for name in missing]
    problems += [f'{rel} row 1, column "{name}": not in the schema. Remove it or declare it.' for name in extra]
    if not missing and not extra and header != declared:
        problems.append(f"{rel} row 1: columns are out of order. Expected: {','.join(declared)}.")
    return problems


def _check_with_frictionless(root: Path) -> list[str]:
    with system.use_context(trusted=True):
        package = FrictionlessPackage(str(root / DESCRIPTOR_NAME))
        report = package.validate()
    problems = []
    for task in report.tasks:
        rel = _display_path(root, task.place)
        for error in task.errors:
            problems.append(_describe_error(rel, error))
    problems.extend(f"{DESCRIPTOR_NAME}: {e.message}" for e in report.errors)
    return problems


def _describe_error(rel: str, error) -> str:
    row = getattr(error, "row_number", None)
    field = getattr(error, "field_name", None)
    where = rel + (f" row {row}" if row else "") + (f', column "{field}"' if field else "")
    cell = getattr(error, "cell", None)
    what = {
        "type-error": f'"{cell}" does not have the declared type',
        "constraint-error": f'"{cell}" breaks a constraint',
        "primary-key": "duplicate primary key",
        "unique-error": f'"{cell}" is not unique',
        "foreign-key": "refers to a key that does not exist",
        "missing-cell": "row is shorter than the header (missing cell)",
        "extra-cell": "row is longer than the header (extra cell)",
        "blank-row": "blank row",
    }.get(error.type, error.type)
    return f"{where}: {what}. {error.note or error.message}"


def _read_table(root: Path, resource: dict) -> pd.DataFrame:
    fields = resource["schema"]["fields"]
    dtypes = {f["name"]: _PANDAS_TYPES.get(f["type"], "string") for f in fields}
    frame = pd.read_csv(
        root / resource["path"],
        dtype={name: ("string" if t == "boolean" else t) for name, t in dtypes.items()},
        keep_default_na=False,
        na_values=[""],
        encoding="utf-8",
    )
    for name, dtype in dtypes.items():
        if dtype == "boolean":
            frame[name] = frame[name].map({"true": True, "false": False}, na_action="ignore").astype("boolean")
    return frame[[f["name"] for f in fields]]


def _display_path(root: Path, place: str) -> str:
    path = Path(place)
    if not path.is_absolute():
        path = root / path
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
