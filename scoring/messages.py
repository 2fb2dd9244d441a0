"""Validation messages: turn frictionless errors into one readable line each, and keep floods short.

Input: the errors of one frictionless validation task and the resource descriptor. Output: lines of
the form `<file> row <n>, column "<field>": <what is wrong>. <what to do>.`, with frictionless's
boilerplate ("Row at position ...") removed. Row numbers are frictionless's, which count the header
as row 1, so they equal CSV line numbers.

`limit_problems` shortens any list of such lines (every `PipelineError` passes its lines through
it): a file with thousands of bad rows lists the first `MAX_LISTED` of each kind and one line
saying how many more there are, and no list grows past `MAX_LINES` lines.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from types import MappingProxyType

# Messages of one kind (the same text but for quoted values, numbers and names: the same check on
# other rows or columns) stop after MAX_LISTED places, and a list stops after MAX_LINES messages, so
# a broken file cannot flood the terminal.
MAX_LISTED = 20
MAX_LINES = 10 * MAX_LISTED
# Ends every line that stands for messages left out; such a line is never left out itself.
SEE_THE_REST = "Fix those listed, then validate again to see the rest."
# What a message quotes from the data: quoted values, numbers, and the unquoted Chinese names of places.
_VALUES = re.compile(r'"[^"]*"|[0-9]+|[^\x00-\x7f]+')
_ROW = re.compile(r" row ([0-9]+)")

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


def limit_problems(problems: Sequence[str], most: int = MAX_LISTED, lines: int = MAX_LINES) -> list[str]:
    """Return `problems` with at most `most` messages of each kind and `lines` messages in all.

    Two messages are of one kind when they read the same once quoted values, numbers and other
    non-ASCII text (names) are left out (`rankings.csv row 7, column "rank": "x" is not an integer`
    and the same for row 9). After
    the `most`-th message of a kind comes one line counting the rest of that kind and the rows they
    lie in; past `lines` messages, one last line counts what is left out. Lines that count left-out
    messages (they end with `SEE_THE_REST`) are kept as they are, so limiting a limited list changes
    nothing.

    Args:
        problems: Messages, one per problem, in the order to show them.
        most: Messages of one kind to list.
        lines: Messages to list in all (the lines counting left-out messages come on top).

    Returns:
        The messages to show, in their order.
    """
    kinds = [None if problem.endswith(SEE_THE_REST) else _VALUES.sub("#", problem) for problem in problems]
    rest = _find_rest(problems, kinds, most)
    counted: Counter = Counter()
    shown: list[str] = []
    listed = covered = 0
    for problem, kind in zip(problems, kinds, strict=True):
        counted[kind] += 1
        if kind is not None and (counted[kind] > most or listed == lines):
            continue
        shown.append(problem)
        listed += kind is not None
        if kind in rest and counted[kind] == most:
            shown.append(_describe_rest(rest[kind]))
            covered += len(rest[kind])
    left = len(kinds) - kinds.count(None) - listed - covered
    if left:
        shown.append(f"{left:,} more problems are not listed. {SEE_THE_REST}")
    return shown


def _find_rest(problems: Sequence[str], kinds: list[str | None], most: int) -> dict[str, list[str]]:
    """Return, per kind with more than `most` messages, the messages after the `most`-th."""
    counted: Counter = Counter()
    rest: dict[str, list[str]] = {}
    for problem, kind in zip(problems, kinds, strict=True):
        counted[kind] += 1
        if kind is not None and counted[kind] > most:
            rest.setdefault(kind, []).append(problem)
    return rest


def _describe_rest(rest: list[str]) -> str:
    where = _ROW.split(rest[0].split(": ", 1)[0], maxsplit=1)[0]  # the file, without row and column
    rows = sorted({int(match[1]) for problem in rest if (match := _ROW.search(problem))})
    span = "" if not rows else f", in row {rows[0]}" if rows[0] == rows[-1] else (
        f", in rows {rows[0]} to {rows[-1]}")
    return f"{where}: {len(rest):,} more problems like the line above{span}. {SEE_THE_REST}"
