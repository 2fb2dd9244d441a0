"""Tests for build_scripts.json_text: the text json.dumps writes, written by orjson."""

import dataclasses
import datetime as dt
import enum
import json
import uuid

import pytest

from build_scripts.json_text import render_json_text

_VALUES = [
    {"b": [1, 2.5, -0.0, 100.0, 0.1, 10**20, -2**63, 1e-10, 1e16, True, False, None],
     "a": {"z": [], "y": {}, "x": [[]]}},
    ["江阴市", 'quote " backslash \\ slash /', "line\nbreak\ttab\r\x00\x1f\x7f \u2028 \u2029", "😀",
     "  two  spaces "],
    [{"rank": 1, "名次": 2, "": "", "nested": [{"k": [1, {"deep": [2]}]}]}],
    (1, ("tuple",)), [], {}, "text", 3, 1.25, None,
]


@pytest.mark.parametrize("indent", [1, 2])
@pytest.mark.parametrize("sort_keys", [False, True])
@pytest.mark.parametrize("value", _VALUES)
def test_render_json_text_writes_what_json_writes(value, indent, sort_keys):
    expected = json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=sort_keys) + "\n"
    assert render_json_text(value, indent=indent, sort_keys=sort_keys) == expected


def test_render_json_text_leaves_to_json_what_orjson_writes_otherwise():
    class Level(enum.IntEnum):
        COUNTY = 3

    class Name(str):
        pass

    @dataclasses.dataclass
    class Row:
        rank: int

    for value in ({1: "a", 2: "b"}, {"level": Level.COUNTY}, [Name("江阴市")], [2**64]):
        assert render_json_text(value, indent=1) == json.dumps(value, ensure_ascii=False, indent=1) + "\n"
    for refused in ({"when": dt.datetime(2024, 1, 1)}, [Row(1)]):
        with pytest.raises(TypeError, match="not JSON serializable"):
            render_json_text(refused)
    with pytest.raises(ValueError, match="indent must be 1 or 2"):
        render_json_text([], indent=4)


def test_render_json_text_differs_from_json_only_as_documented():
    """Small floats are spelled otherwise (the same value), non-finite floats null; enums, UUIDs written."""
    small = [1e-05, 5.18484e-05, 1.5e-07, 1e-09]
    assert render_json_text(small, indent=1) == "[\n 0.00001,\n 0.0000518484,\n 1.5e-7,\n 1e-9\n]\n"
    assert json.loads(render_json_text(small)) == small
    assert render_json_text([float("nan"), float("inf")], indent=1) == "[\n null,\n null\n]\n"

    class Colour(enum.Enum):
        RED = "red"

    code = uuid.UUID(int=1)
    assert render_json_text([Colour.RED, code], indent=1) == f'[\n "red",\n "{code}"\n]\n'
