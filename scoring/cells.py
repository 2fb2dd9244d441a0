r"""Cell values: the one strict parser every typed value passes before it reaches pandas.

Input: the text of one CSV cell and its Table Schema type. Output: the Python value (int, float,
bool) or a `CellProblem` saying what is wrong. Frictionless (through Python's `int()`/`float()`)
accepts full-width and other Unicode digits (`１２`), digit-group underscores (`1_0`), `NaN` and
`inf`; pandas then fails on them or computes nonsense. This parser accepts only ASCII digits:

    integer   -?(0|[1-9][0-9]*)                       (no leading zeros)
    number    -?[0-9]+(.[0-9]+)?([eE][-+]?[0-9]+)?    and finite

Also here: `show_text`, which writes a value for an error message so that invisible characters
(zero-width spaces, NUL, no-break spaces, direction marks) are visible, as `\u200b`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping

_INTEGER = re.compile(r"-?(0|[1-9][0-9]*)", re.ASCII)  # no leading zeros: "01" is not written "1"
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?", re.ASCII)
# Unicode categories shown as escapes: controls, format characters (zero-width, direction marks),
# separators other than the plain space, private use and unassigned code points.
_INVISIBLE = frozenset({"Cc", "Cf", "Co", "Cn", "Zl", "Zp", "Zs"})
# What pandas holds as int64; more digits than that are refused before int() reads them.
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_INT64_DIGITS = len(str(_INT64_MAX))
_NUMBER_CHARS = 400  # float() reads any length; no printed figure comes near this
_SHOWN_CHARS = 60  # a message quotes at most this many characters of a cell
_ADVICE = {
    "integer": "is not an integer. Write a whole number such as 12, or leave the cell empty if allowed",
    "number": "is not a number. Write a decimal number such as 1.5",
}
_ONLY_ASCII = " (only the digits 0-9 are read: no full-width or other Unicode digits, no \"_\" separators)"


class CellProblem(ValueError):
    """A cell's text is not a value of its declared type; the message says what to write instead."""


def parse_cell(text: str, field_type: str, true_values: Iterable[str] = ("true",),
               false_values: Iterable[str] = ("false",)) -> object:
    """Return the value of a non-empty cell of the given Table Schema type.

    Args:
        text: The cell as read from the CSV (not empty).
        field_type: "integer", "number", "boolean"; any other type returns the text unchanged.
        true_values: Texts meaning true (the field's `trueValues`).
        false_values: Texts meaning false (the field's `falseValues`).

    Raises:
        CellProblem: The text is not a value of that type.
    """
    if field_type == "integer":
        if not _INTEGER.fullmatch(text):
            raise CellProblem(_describe_bad_number(text, "integer"))
        # Checked on the text first: int() refuses strings of more than 4,300 digits with a ValueError.
        if len(text.lstrip("-")) > _INT64_DIGITS or not _INT64_MIN <= int(text) <= _INT64_MAX:
            raise CellProblem(f"{show_text(text)} lies beyond the whole numbers a table holds "
                              f"(±{_INT64_MAX:,}). Fix the value")
        return int(text)
    if field_type == "number" and len(text) > _NUMBER_CHARS:
        raise CellProblem(f"{show_text(text)} is too long for a number (at most {_NUMBER_CHARS} characters). "
                          "Fix the value")
    if field_type == "number":
        value = float(text) if _NUMBER.fullmatch(text) else math.nan
        if not math.isfinite(value):
            raise CellProblem(_describe_bad_number(text, "number"))
        return value
    if field_type == "boolean":
        if text in set(true_values):
            return True
        if text in set(false_values):
            return False
        raise CellProblem(f"{show_text(text)} is not a boolean. Write {next(iter(true_values), 'true')} or "
                          f"{next(iter(false_values), 'false')}")
    return text


def _describe_bad_number(text: str, field_type: str) -> str:
    if field_type == "integer" and re.fullmatch(r"-?0[0-9]+", text, re.ASCII):
        return f"{show_text(text)} has a leading zero. Write the number as {int(text)}"
    if any(c == "_" or (c.isdigit() and not c.isascii()) for c in text):
        return f"{show_text(text)} {_ADVICE[field_type]}{_ONLY_ASCII}"
    if field_type == "number" and text.strip().lower().lstrip("+-") in ("nan", "inf", "infinity"):
        return f"{show_text(text)} is not a finite number. Write a decimal number such as 1.5"
    return f"{show_text(text)} {_ADVICE[field_type]}"


def find_cell_problem(text: str, field: Mapping) -> str | None:
    r"""Return what is wrong with a non-empty cell of `field` (a Table Schema field), or None.

    Besides the type, a `pattern` must match the whole cell: frictionless lets `$` match before a
    trailing line break, so "kunshan\n" would pass `^[a-z]+$` there.
    """
    try:
        parse_cell(text, field.get("type", "string"), *_boolean_values(field))
    except CellProblem as exc:
        return str(exc)
    pattern = field.get("constraints", {}).get("pattern")
    if isinstance(pattern, str) and not _fullmatch(pattern, text):
        return f"{show_text(text)} does not match the pattern {pattern}. Fix the value"
    return None


def _fullmatch(pattern: str, text: str) -> bool:
    try:
        return re.fullmatch(pattern, text) is not None
    except re.error:  # frictionless reports a broken pattern in the descriptor
        return True


def parse_column(values: Iterable[object], field: Mapping) -> list[object]:
    """Parse a column of cells (NA or text) already checked by `find_cell_problem`; NA stays None."""
    field_type = field.get("type", "string")
    true_values, false_values = _boolean_values(field)
    return [None if not isinstance(v, str) else parse_cell(v, field_type, true_values, false_values)
            for v in values]


def show_text(value: object) -> str:
    r"""Return `value` quoted for a message, invisible characters escaped (`"江阴\u200b市"`).

    A long value is cut to its first characters, or to those around its first invisible character
    when that lies further on, and says how long it is.
    """
    text = str(value)
    first = next((i for i, c in enumerate(text) if _is_invisible(c)), 0)
    start = max(0, min(first - _SHOWN_CHARS // 2, len(text) - _SHOWN_CHARS)) if first >= _SHOWN_CHARS else 0
    shown = "".join(f"\\u{ord(c):04x}" if _is_invisible(c) else c for c in text[start:start + _SHOWN_CHARS])
    prefix = "…" if start else ""
    suffix = "…" if start + _SHOWN_CHARS < len(text) else ""
    size = f" ({len(text)} characters)" if len(text) > _SHOWN_CHARS else ""
    return f'{prefix}"{shown}"{suffix}{size}'


def has_invisible(text: str) -> bool:
    """Return whether `text` holds an invisible character or starts or ends with whitespace."""
    return text != text.strip() or any(_is_invisible(c) for c in text)


def _is_invisible(char: str) -> bool:
    return char != " " and unicodedata.category(char) in _INVISIBLE


def _boolean_values(field: Mapping) -> tuple[tuple[str, ...], tuple[str, ...]]:
    # Frictionless's defaults when the field declares none.
    return (tuple(field.get("trueValues", ("true", "True", "TRUE", "1"))),
            tuple(field.get("falseValues", ("false", "False", "FALSE", "0"))))
