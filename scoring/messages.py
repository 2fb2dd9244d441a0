"""Validation messages: turn frictionless errors into one readable line each.

Input: the errors of one frictionless validation task and the resource descriptor. Output: lines of
the form `<file> row <n>, column "<field>": <what is wrong>. <what to do>.`, with frictionless's
boilerplate ("Row at position ...") removed. Row numbers are frictionless's, which count the header
as row 1, so they equal CSV line numbers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

_CONSTRAINT_NOTE = re.compile(r'constraint "(?P<name>\w+)" is "(?P<value>.*)"', re.DOTALL)
_SAME_AS_ROW = re.compile(r"position (\d+)")
_TYPE_ADVICE = MappingProxyType({
    "integer": "is not an integer. Write a whole number such as 12, or leave the cell empty if allowed",
    "number": "is not a number. Write a decimal number such as 1.5",
    "boolean": "is not a boolean. Write true or false",
})
# Errors that only repeat an error already reported for the same row (a blank or short row makes
# its required cells empty and its key "None").
_CONSEQUENCES = frozenset({"constraint-error", "primary-key", "unique-error", "foreign-key", "type-error"})


def describe_frictionless_errors(rel: str, errors: list, resource: Mapping, resources: Mapping) -> list[str]:
    """Describe one file's frictionless errors, one line per problem.

    Args:
        rel: File path as shown to the user.
        errors: `task.errors` of a frictionless validation report.
        resource: The file's resource descriptor (for field types, enums and keys).
        resources: All validated resource descriptors by name (to name foreign-key targets).

    Returns:
        One message per problem. Missing cells of one row are merged into one line, and errors
        that only follow from a blank or short row are left out.
    """
    blank = {e.row_number for e in errors if e.type == "blank-row"}
    missing: dict[int, list[str]] = {}
    for error in errors:
        if error.type == "missing-cell":
            missing.setdefault(error.row_number, []).append(error.field_name)
    lines = []
    for error in errors:
        row = getattr(error, "row_number", None)
        if error.type == "missing-cell" or (error.type in _CONSEQUENCES and (
                row in blank or (row in missing and _is_empty(error)))):
            continue
        lines.append(_describe_error(rel, error, resource, resources))
    for row, names in sorted(missing.items()):
        columns = ", ".join(f'"{name}"' for name in names)
        lines.append(f"{rel} row {row}: the row is shorter than the header; no value for {columns}. "
                     "Restore the missing values (keep a comma for each empty cell).")
    return lines


def _is_empty(error) -> bool:
    cells = getattr(error, "cells", None) or []
    if error.type == "primary-key":
        return any(c in (None, "", "None") for c in cells)
    return getattr(error, "cell", None) in (None, "", "None")


def format_error_place(rel: str, error) -> str:
    """Return where a frictionless error lies: `<file> row <n>, column "<field>"` (parts it has)."""
    row = getattr(error, "row_number", None)
    field = getattr(error, "field_name", None) or ", ".join(getattr(error, "field_names", None) or [])
    return rel + (f" row {row}" if row else "") + (f', column "{field}"' if field else "")


def _describe_error(rel: str, error, resource: Mapping, resources: Mapping) -> str:
    where = format_error_place(rel, error)
    describe = {
        "type-error": _describe_type_error,
        "constraint-error": _describe_constraint_error,
        "unique-error": _describe_unique_error,
        "primary-key": _describe_primary_key_error,
        "foreign-key": _describe_foreign_key_error,
    }.get(error.type)
    if describe is not None:
        return f"{where}: {describe(error, resource, resources)}."
    if error.type == "blank-row":
        return f"{where}: blank row. Delete the line."
    if error.type == "extra-cell":
        return (f"{where}: the row has more values than the header. Remove the extra value, or quote "
                'a cell that contains a comma ("a,b").')
    return f"{where}: {error.title.lower()}: {error.note or error.message}. Fix the file."


def _field(resource: Mapping, name: str) -> Mapping:
    return next((f for f in resource["schema"]["fields"] if f["name"] == name), {})


def _describe_type_error(error, resource: Mapping, resources: Mapping) -> str:
    field_type = _field(resource, error.field_name).get("type", "")
    advice = _TYPE_ADVICE.get(field_type, f"is not a valid {field_type}. Fix the value")
    return f'"{error.cell}" {advice}'


def _describe_constraint_error(error, resource: Mapping, resources: Mapping) -> str:
    match = _CONSTRAINT_NOTE.search(error.note or "")
    name, value = (match["name"], match["value"]) if match else ("", error.note)
    cell = error.cell
    if name == "required":
        return "empty cell in a required column. Fill it in"
    if name == "enum":
        allowed = ", ".join(str(v) for v in _field(resource, error.field_name)["constraints"]["enum"])
        return f'"{cell}" is not an allowed value. Use one of: {allowed}'
    if name == "pattern":
        return f'"{cell}" does not match the pattern {value}. Fix the value'
    if name in ("minimum", "exclusiveMinimum"):
        return f'"{cell}" is below the minimum {value}. Fix the value'
    if name in ("maximum", "exclusiveMaximum"):
        return f'"{cell}" is above the maximum {value}. Fix the value'
    if name in ("minLength", "maxLength"):
        return f'"{cell}" breaks the length limit {name} {value}. Fix the value'
    return f'"{cell}" breaks the constraint {name} {value}. Fix the value'


def _describe_unique_error(error, resource: Mapping, resources: Mapping) -> str:
    return (f'"{error.cell}" is repeated{_same_as_row(error)}; values in this column must be unique. '
            "Change or remove one of them")


def _describe_primary_key_error(error, resource: Mapping, resources: Mapping) -> str:
    schema = resource["schema"]
    names = [f["name"] for f in schema["fields"]]
    key = schema.get("primaryKey", [])
    key = [key] if isinstance(key, str) else key
    values = [error.cells[names.index(k)] if names.index(k) < len(error.cells) else "" for k in key]
    shown = ", ".join(f'{k} "{v}"' for k, v in zip(key, values, strict=True))
    return f"duplicate primary key ({shown}){_same_as_row(error)}. Keep one row per key"


def _describe_foreign_key_error(error, resource: Mapping, resources: Mapping) -> str:
    target_name = error.reference_name or resource["name"]
    target = resources.get(target_name, {}).get("path", target_name).rsplit("/", 1)[-1]
    values = ", ".join(f'"{c}"' for c in error.field_cells)
    reference = ", ".join(f'"{n}"' for n in error.reference_field_names)
    return (f"{values} has no match in column {reference} of {target}. Add that row to {target} "
            "or fix the value")


def _same_as_row(error) -> str:
    match = _SAME_AS_ROW.search(error.note or "")
    return f" (same as row {match[1]})" if match else ""
