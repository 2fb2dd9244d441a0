"""Load stage: read the data package, validate it, and return typed DataFrames.

Input: a folder holding `datapackage.json` and the CSV files it names. Output: a `Package` whose
tables are DataFrames typed from the Table Schema. Nothing downstream sees unvalidated data: every
problem found (descriptor, missing file, encoding, byte-order mark, header, overlong cells, then
types, constraints and keys through frictionless, then the domain checks of `scoring.checks`) is
collected across all files and raised at once as one `DataPackageError` or `CheckError`, one line
per problem naming file, row, column, what is wrong and what to do. A flood (thousands of bad rows)
stays short: the error's message lists the first `MAX_LISTED` problems of each kind and counts the
rest (`scoring.messages.limit_problems`), and many blank or short rows are one line per file.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import pandas as pd
from frictionless import FrictionlessException, system
from frictionless import Package as FrictionlessPackage

from scoring.cells import find_cell_problem, parse_column
from scoring.descriptor import (
    DESCRIPTOR_NAME,
    PACKAGE_FILES,
    describe_unsafe_file,
    find_name_problems,
    find_path_problems,
    find_reading_problems,
    find_reference_problems,
    find_text_problems,
    load_reference,
)
from scoring.errors import DataPackageError
from scoring.messages import MAX_LISTED, SEE_THE_REST, describe_frictionless_errors

UTF8_BOM = b"\xef\xbb\xbf"
# No cell of this package needs more; a longer one is usually a missing closing quote that merged
# the following lines into one cell.
MAX_CELL_CHARS = 5000
# A package file larger than this is refused before it is parsed (the largest file is about 0.5 MB).
MAX_FILE_BYTES = 50 * 1024 * 1024
_PANDAS_TYPES = MappingProxyType({"integer": "Int64", "number": "Float64", "boolean": "boolean"})
# Python's csv module stops at 131,072 characters per cell unless told otherwise; a longer cell is
# reported by `_find_long_cells` with its row and column instead.
_CSV_FIELD_LIMIT = 2**31 - 1


@dataclass(frozen=True)
class Package:
    """A validated data package.

    Attributes:
        root: Folder holding the descriptor.
        descriptor: The parsed `datapackage.json`.
        tables: One DataFrame per resource name, columns in schema order, typed from the schema
            (strings as `string`, integers as `Int64`, booleans as `boolean`; empty cells are NA),
            rows in file order with a RangeIndex, so row `i` is CSV line `i + 2`.
    """

    root: Path
    descriptor: Mapping
    tables: Mapping[str, pd.DataFrame]

    def __getitem__(self, name: str) -> pd.DataFrame:
        """Return a copy of the named table, so callers can never mutate the package."""
        return self.tables[name].copy()

    def schema(self, name: str) -> dict:
        """Return the Table Schema of the named resource."""
        return _resource(self.descriptor, name)["schema"]

    def display_path(self, name: str) -> str:
        """Return the named resource's file path as error messages show it (relative to the cwd)."""
        return display_path(self.root, _resource(self.descriptor, name)["path"])

    def __reduce__(self) -> tuple:
        """Pickle support: the build hands packages to worker processes.

        The read-only mapping of tables travels as a dict and is made read-only again.
        """
        return (_unpickle_package, (self.root, self.descriptor, dict(self.tables)))


def _unpickle_package(root: Path, descriptor: Mapping, tables: dict[str, pd.DataFrame]) -> Package:
    return Package(root=root, descriptor=descriptor, tables=MappingProxyType(tables))


def load_descriptor(root: Path | str) -> dict:
    """Read `datapackage.json` from `root` and check its basic structure.

    Raises:
        DataPackageError: The file is missing, is not UTF-8 JSON, lacks a package name or
            resources with a name, a path and a schema with named fields, or a name is not a plain
            name (`scoring.descriptor.NAME`); or a file of `PACKAGE_FILES` (the descriptor, the
            README) is a symbolic link or not a regular file.
    """
    path = Path(root) / DESCRIPTOR_NAME
    shown = display_path(Path(root), DESCRIPTOR_NAME)
    unsafe = [f"{display_path(Path(root), name)}: {problem}." for name in PACKAGE_FILES
              if (problem := describe_unsafe_file(Path(root), name))]
    if unsafe:
        raise DataPackageError(unsafe)
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DataPackageError(f"{shown}: file not found. Point the build at a data package folder.") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataPackageError(f"{shown}: not valid UTF-8 JSON ({exc}). Fix the descriptor.") from exc
    except RecursionError as exc:  # thousands of nested brackets
        raise DataPackageError(f"{shown}: nested too deeply to be a data package descriptor. Restore the "
                               "descriptor.") from exc
    problems = _find_descriptor_problems(descriptor)
    if problems:
        raise DataPackageError([f"{shown}: {p}" for p in problems])
    problems = find_name_problems(descriptor, shown) or find_path_problems(Path(root), descriptor, shown)
    if problems:
        raise DataPackageError(problems)
    return descriptor


def load_package(root: Path | str, *, run_checks: bool = True) -> Package:
    """Validate the data package in `root` and return its tables.

    Args:
        root: Folder holding `datapackage.json`.
        run_checks: Also check the descriptor against the project's reference schema
            (`scoring.descriptor`) and run the domain checks of `scoring.checks` (rules a Table
            Schema cannot express). Tests of the schema layer alone, and readers of other packages
            (the derived package), turn this off.

    Returns:
        The validated `Package`.

    Raises:
        DataPackageError: Listing every descriptor, file, encoding, header, type, constraint and key
            problem of every file, one line each.
        CheckError: Listing every domain rule the data break.
    """
    root = Path(root)
    descriptor = load_descriptor(root)
    problems = []
    if run_checks:  # the domain checks, like the rest of the build, rely on the project's schema
        shown = display_path(root, DESCRIPTOR_NAME)
        problems = find_reference_problems(descriptor, load_reference(), shown)
        problems += find_text_problems(descriptor, shown) + find_reading_problems(descriptor, shown)
    if problems:
        raise DataPackageError(problems)
    unreadable: set[str] = set()
    for resource in descriptor["resources"]:
        file_problems, readable = _find_file_problems(root, resource)
        problems.extend(file_problems)
        if not readable:
            unreadable.add(resource["name"])
    # A cell the strict parser refused is reported once, with its advice, not again by frictionless.
    places = {problem.split('": ', 1)[0] for problem in problems}
    problems += [problem for problem in _find_table_problems(root, descriptor, unreadable)
                 if problem.split('": ', 1)[0] not in places]
    if problems:
        raise DataPackageError(problems)
    package = load_tables(root, descriptor)
    if run_checks:
        from scoring.checks import check_package  # checks need a loaded package
        from scoring.codelist import load_codelist

        check_package(package, load_codelist())
    return package


def check_files(root: Path | str, descriptor: Mapping) -> list[str]:
    """Check every resource file's bytes before parsing: present, UTF-8, no BOM, header, cell length.

    Returns:
        One message per problem; empty when every file can be handed to frictionless.
    """
    return [problem for resource in descriptor.get("resources", [])
            for problem in _find_file_problems(Path(root), resource)[0]]


def display_path(root: Path, place: str) -> str:
    """Return `root / place` relative to the current directory when inside it, else absolute.

    Only the folders are resolved: a file that is a symbolic link is named as itself, not as the
    file it points to.
    """
    path = Path(place)
    if not path.is_absolute():
        path = Path(root) / path
    path = path.parent.resolve() / path.name
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _resource(descriptor: Mapping, name: str) -> dict:
    return next(r for r in descriptor["resources"] if r["name"] == name)


def _find_descriptor_problems(descriptor) -> list[str]:
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return ['needs an object with a "resources" list. Restore the descriptor.']
    problems = []
    names = [r.get("name") for r in descriptor["resources"] if isinstance(r, dict)]
    problems += [f'resource name "{name}" is used twice. Give each resource its own name.'
                 for name in sorted({n for n in names if isinstance(n, str) and names.count(n) > 1})]
    for number, resource in enumerate(descriptor["resources"], start=1):
        resource = resource if isinstance(resource, dict) else {}
        schema = resource.get("schema")
        fields = schema.get("fields") if isinstance(schema, dict) else None
        for key, ok in (
            ("name", isinstance(resource.get("name"), str)),
            ("path", isinstance(resource.get("path"), str)),
            ("schema", isinstance(fields, list) and all(isinstance(f, dict) and "name" in f for f in fields)),
        ):
            if not ok:
                problems.append(
                    f'resource {number} has no valid "{key}" (a schema needs a "fields" list of named '
                    "fields). Fix the descriptor."
                )
    return problems


def _find_file_problems(root: Path, resource: dict) -> tuple[list[str], bool]:
    """Check a resource file's bytes: present, UTF-8, no BOM or NUL, header as declared, cells valid.

    Frictionless silently strips a byte-order mark and guesses around some encodings, and it accepts
    typed values pandas cannot read (full-width digits, `1_0`, NaN), so these are checked on the raw
    bytes first. The path was confined to the package folder by `load_descriptor`.

    Returns:
        The problems, and whether the file is readable enough for frictionless to validate it.
    """
    path = root / resource["path"]
    rel = display_path(root, resource["path"])
    if not path.is_file():
        return [f'{rel}: file not found (resource "{resource["name"]}"). Restore the file or fix its '
                f'"path" in {DESCRIPTOR_NAME}.'], False
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return [f"{rel}: is {size:,} bytes, more than the {MAX_FILE_BYTES:,} a package file may have. "
                "Check that it is the right file."], False
    raw = path.read_bytes()
    problems = []
    if raw.startswith(UTF8_BOM):
        problems.append(f"{rel} row 1: starts with a UTF-8 byte-order mark (BOM). Save the file as UTF-8 "
                        "without BOM.")
        raw = raw[len(UTF8_BOM):]
    declared = [f["name"] for f in resource["schema"]["fields"]]
    if b"\x00" in raw:
        return [*problems, *_find_nul_bytes(rel, raw, declared)], False
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [*problems, _describe_encoding_error(rel, raw, exc, declared)], False
    rows, error = _read_rows(text)
    if error:
        return [*problems, f"{rel}{error}"], False
    header_problems = _find_header_problems(rel, rows[0] if rows else None, declared)
    long_cells = _find_long_cells(rel, rows, declared)
    wide_rows = _find_wide_rows(rel, rows, declared)
    short_rows = _find_short_rows(rel, rows)
    problems += header_problems + long_cells + wide_rows + short_rows
    if not (header_problems or wide_rows):
        problems += _find_typed_cells(rel, rows, resource["schema"]["fields"])
    return problems, not (header_problems or long_cells or wide_rows or short_rows)


def _find_wide_rows(rel: str, rows: list[list[str]], declared: list[str]) -> list[str]:
    """Report rows with more cells than the header (before frictionless, which slows down on them)."""
    # A header with missing or extra columns is reported apart; a row is wide past both.
    width = max(len(rows[0]) if rows else 0, len(declared))
    wide = [(number, len(row)) for number, row in enumerate(rows[1:], start=2) if len(row) > width]
    return [f'{rel} row {number}, column "#{width + 1}": the row has {cells} cells, more than the '
            f"{width} columns of the header. Remove the extra commas, or quote a cell that holds a comma."
            for number, cells in wide]


def _find_short_rows(rel: str, rows: list[list[str]]) -> list[str]:
    """Report a file's blank rows in one line and its short rows in another, when there are many.

    Frictionless reports each blank or short row (and the keys it leaves empty) and stops after its
    first 1,000 problems; up to `MAX_LISTED` such rows are left to it, which names each short row's
    missing columns. More are reported here, one line each for the blank and the short rows, and
    the file is left out of frictionless's validation until they are fixed.
    """
    width = len(rows[0]) if rows else 0
    blank = [number for number, row in enumerate(rows[1:], start=2) if not any(row)]
    short = [(number, len(row)) for number, row in enumerate(rows[1:], start=2)
             if any(row) and len(row) < width]
    if len(blank) + len(short) <= MAX_LISTED:
        return []
    problems = []
    if blank:
        problems.append(f"{rel} row {blank[0]}: blank row, one of {len(blank):,} (rows "
                        f"{_describe_rows(blank)}). Delete the blank lines.")
    if short:
        number, cells = short[0]
        problems.append(f'{rel} row {number}, column "{rows[0][cells]}": the row ends before this column; '
                        f"{len(short):,} rows are shorter than the header (rows "
                        f"{_describe_rows([n for n, _ in short])}). Restore the missing values (keep a comma "
                        "for each empty cell).")
    return problems


def _describe_rows(numbers: list[int], most: int = 8) -> str:
    """Write ascending row numbers as ranges: `4-9, 12, 15-20, …` (at most `most` ranges)."""
    ranges: list[list[int]] = []
    for number in numbers:
        if ranges and ranges[-1][1] == number - 1:
            ranges[-1][1] = number
        else:
            ranges.append([number, number])
    shown = [str(first) if first == last else f"{first}-{last}" for first, last in ranges[:most]]
    return ", ".join(shown) + (", …" if len(ranges) > most else "")


def _read_rows(text: str) -> tuple[list[list[str]], str]:
    """Parse CSV text into rows; on failure return the place (" row N: …") instead."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[list[str]] = []
    previous = csv.field_size_limit(_CSV_FIELD_LIMIT)
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as exc:
        return rows, (f" row {len(rows) + 1}: cannot be read as CSV ({exc}); a quote is unbalanced. "
                      "Fix the quoting.")
    finally:
        csv.field_size_limit(previous)
    return rows, ""


def _find_nul_bytes(rel: str, raw: bytes, declared: list[str]) -> list[str]:
    problems = []
    for row, line in enumerate(raw.split(b"\n"), start=1):
        if b"\x00" in line:
            # The line's cells, the NUL replaced by a private-use marker, tell which column holds it.
            cells = next(csv.reader([line.decode("utf-8", "replace").replace("\x00", "\ue000")]), [])
            column = next((i for i, cell in enumerate(cells) if "\ue000" in cell), len(declared))
            name = f', column "{declared[column]}"' if row > 1 and column < len(declared) else ""
            problems.append(f"{rel} row {row}{name}: holds a NUL byte (\\u0000). Delete it; the file "
                            "must be plain UTF-8 text.")
    return problems


def _find_typed_cells(rel: str, rows: list[list[str]], fields: list[dict]) -> list[str]:
    """Check every typed or patterned cell with the strict parser of `scoring.cells`."""
    typed = [(position, field) for position, field in enumerate(fields)
             if field.get("type") in _PANDAS_TYPES or "pattern" in field.get("constraints", {})]
    problems = []
    for row_number, row in enumerate(rows[1:], start=2):
        for position, field in typed:
            cell = row[position] if position < len(row) else ""
            problem = find_cell_problem(cell, field) if cell else None
            if problem:
                problems.append(f'{rel} row {row_number}, column "{field["name"]}": {problem}.')
    return problems


def _describe_encoding_error(rel: str, raw: bytes, exc: UnicodeDecodeError, declared: list[str]) -> str:
    line_start = raw.rfind(b"\n", 0, exc.start) + 1
    row = raw[: exc.start].count(b"\n") + 1
    column_number = raw[line_start: exc.start].count(b",")
    column = f', column "{declared[column_number]}"' if row > 1 and column_number < len(declared) else ""
    try:
        raw.decode("gb18030")
        guess = "the file looks GBK-encoded"
    except UnicodeDecodeError:
        guess = "the file is in an unknown encoding"
    return (f"{rel} row {row}{column}: byte {raw[exc.start]:#04x} is not valid UTF-8 ({guess}). "
            "Save the file as UTF-8 without BOM.")


def _find_header_problems(rel: str, header: list[str] | None, declared: list[str]) -> list[str]:
    if not header:
        return [f"{rel}: file is empty. It needs at least the header row: {','.join(declared)}."]
    missing = [name for name in declared if name not in header]
    extra = [name for name in header if name not in declared]
    problems = [f'{rel} row 1, column "{name}": missing column. Add the column (its cells may be empty '
                "unless required)." for name in missing]
    problems += [f'{rel} row 1, column "{name}": not in the schema. Remove the column or declare it in '
                 f"{DESCRIPTOR_NAME}." for name in extra]
    if not problems and header != declared:
        problems.append(f"{rel} row 1: columns are out of order or repeated: {','.join(header)}. "
                        f"Use the schema's order: {','.join(declared)}.")
    return problems


def _find_long_cells(rel: str, rows: list[list[str]], declared: list[str]) -> list[str]:
    problems = []
    for row_number, row in enumerate(rows, start=1):
        for position, cell in enumerate(row):
            if len(cell) > MAX_CELL_CHARS:
                name = declared[position] if position < len(declared) else f"#{position + 1}"
                problems.append(
                    f'{rel} row {row_number}, column "{name}": cell is {len(cell)} characters long '
                    f"(limit {MAX_CELL_CHARS}). Shorten it; if it swallowed the following lines, close "
                    "the quote that opens it."
                )
    return problems


def _find_table_problems(root: Path, descriptor: dict, unreadable: set[str]) -> list[str]:
    """Validate types, constraints and keys with frictionless, leaving out unreadable files.

    Foreign keys into a left-out resource are dropped too, so the other files are still checked.
    """
    resources = [_without_keys_into(r, unreadable) for r in descriptor["resources"]
                 if r["name"] not in unreadable]
    if not resources:
        return []
    shown = display_path(root, DESCRIPTOR_NAME)
    try:
        with system.use_context(trusted=True):
            package = FrictionlessPackage({**descriptor, "resources": resources}, basepath=str(root))
            report = package.validate()
    except FrictionlessException as exc:
        reasons = "; ".join(r.message for r in exc.reasons) or exc.error.message
        return [f"{shown}: descriptor is not valid: {reasons}. Fix the descriptor."]
    problems = []
    for task in report.tasks:
        resource = next(r for r in resources if r["name"] == task.name)
        rel = display_path(root, task.place)
        problems += describe_frictionless_errors(rel, task.errors, resource,
                                                 {r["name"]: r for r in resources})
        if any(warning.startswith("reached error limit") for warning in task.warnings):
            problems.append(f"{rel}: the table checks stopped after this file's first "
                            f"{len(task.errors):,} problems. {SEE_THE_REST}")
    problems += [f"{shown}: {e.message}" for e in report.errors]
    return problems


def _without_keys_into(resource: dict, unreadable: set[str]) -> dict:
    schema = resource["schema"]
    keys = [k for k in schema.get("foreignKeys", [])
            if k.get("reference", {}).get("resource", resource["name"]) not in unreadable]
    return {**resource, "schema": {**schema, "foreignKeys": keys}}


def load_tables(root: Path, descriptor: dict) -> Package:
    """Read every resource of a descriptor into typed DataFrames, without validating them.

    Only for files this build has just validated (`load_package` and the derived package writer
    call it after their validation); everything else loads through `load_package`.

    Returns:
        The `Package` of `root`, tables typed from the Table Schema.
    """
    tables = {r["name"]: _read_table(root, r) for r in descriptor["resources"]}
    return Package(root=Path(root), descriptor=descriptor, tables=MappingProxyType(tables))


def _read_table(root: Path, resource: dict) -> pd.DataFrame:
    """Read a resource as text, then type each column with the strict parser of `scoring.cells`.

    pandas never parses a number itself, so a value it would read differently from the validator
    (full-width digits, `1_0`, NaN) cannot reach a table.
    """
    fields = resource["schema"]["fields"]
    frame = pd.read_csv(root / resource["path"], dtype="string", keep_default_na=False, na_values=[""],
                        encoding="utf-8")
    columns = {}
    for field in fields:
        name = field["name"]
        dtype = _PANDAS_TYPES.get(field.get("type"), "string")
        values = frame[name] if dtype == "string" else parse_column(frame[name].astype(object), field)
        columns[name] = pd.array(values, dtype=dtype)
    return pd.DataFrame(columns, columns=[f["name"] for f in fields])
