"""The strict cell parser: only ASCII numerals, finite numbers, values pandas can hold."""

from __future__ import annotations

import pytest

from scoring.cells import CellProblem, find_cell_problem, parse_cell, show_text


@pytest.mark.parametrize(("text", "field_type", "value"), [
    ("12", "integer", 12), ("-3", "integer", -3),
    ("0", "integer", 0), ("9223372036854775807", "integer", 2**63 - 1),
    ("1.5", "number", 1.5), ("2e3", "number", 2000.0), ("true", "boolean", True),
    ("江阴市", "string", "江阴市"),
])
def test_parse_cell_reads_plain_values(text, field_type, value):
    assert parse_cell(text, field_type) == value


@pytest.mark.parametrize(("text", "field_type", "words"), [
    ("１２", "integer", "only the digits 0-9"),
    ("1_0", "integer", "only the digits 0-9"),
    ("1.5", "integer", "is not an integer"),
    ("NaN", "number", "is not a finite number"),
    ("inf", "number", "is not a finite number"),
    ("9223372036854775808", "integer", "beyond the whole numbers a table holds"),
    ("-9223372036854775809", "integer", "beyond the whole numbers a table holds"),
    ("1" * 150_000, "integer", "beyond the whole numbers a table holds"),
    ("1" * 150_000, "number", "too long for a number"),
    ("yes", "boolean", "is not a boolean"),
    ("01", "integer", "has a leading zero. Write the number as 1"),
])
def test_parse_cell_refuses_what_pandas_would_misread_issue_18(text, field_type, words):
    with pytest.raises(CellProblem, match=words) as caught:
        parse_cell(text, field_type)
    assert len(str(caught.value)) < 300  # a huge cell is cut in the message


def test_find_cell_problem_matches_the_whole_cell_against_the_pattern():
    field = {"type": "string", "constraints": {"pattern": "^[a-z]+$"}}
    assert find_cell_problem("kunshan", field) is None
    assert "does not match the pattern" in find_cell_problem("kunshan\n", field)


def test_show_text_makes_invisible_characters_visible():
    assert show_text("江阴\u200b市") == '"江阴\\u200b市"'
    assert show_text("x" * 100).endswith("… (100 characters)")


def test_show_text_of_a_long_value_shows_its_first_invisible_character_issue_18():
    assert show_text("a" * 200 + "\x00" + "b" * 100) == f'…"{"a" * 30}\\u0000{"b" * 29}"… (301 characters)'
    assert show_text("a" * 200 + "\u202e") == f'…"{"a" * 59}\\u202e" (201 characters)'
    assert show_text("\u200b" + "a" * 100).startswith('"\\u200b')
