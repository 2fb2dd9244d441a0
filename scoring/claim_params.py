"""Check stage: each claim's params hold the types and shapes its evaluator reads.

Input: a loaded `Package` with a `claims` resource. Output: nothing; `check_claim_params` raises
`CheckError` naming the file, the row, the column "params" and the key (`groups`,
`other_readings[0].value`), what is wrong and what to do. The evaluators of
`scoring.claim_evaluators` and `scoring.claim_arithmetic` then read only params that passed:

- params are a JSON object, nested no deeper than JSON's parser reaches;
- each key has the type of `PARAM_TYPES` (or of its ending, `PARAM_SUFFIX_TYPES`): numbers are
  finite (JSON's 1e999 and a 400-digit integer are not), ranks and tiers whole, lists non-empty
  lists of their items, and a `groups` item is {"count": a whole number, "over": a number} with an
  optional text "label";
- the figures a share or a mean divides by (`denominator`, `count`) and the unit factors (`scale`,
  `other_scale`) are above 0, a `tolerance` is not below 0, a range's `low` is not above its `high`,
  and the denominator of share_of_stated_total counts places (a whole number);
- each of `other_readings` is an object with a text `reading` label (and its English twin
  `reading_en`, which the English data notes show) and keys of these same types, and params with
  other readings have a `reading` label too;
- same_fact compares at least two figures (a `value` and a fact, or two facts), and the lists a
  kind pairs one by one (`PAIRED_LISTS`: an ordered_list's `names` and `values`, a list_pairing's
  `keys` and `names`) are as long as each other when both are given.

Each reading (the params with one of `other_readings` laid over them) is checked as a whole.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from scoring.cells import show_text
from scoring.rows import numbered, raise_if

if TYPE_CHECKING:
    from scoring.package import Package

# What each params key of a claim holds (the evaluators of scoring.claim_evaluators read these).
PARAM_TYPES: Mapping[str, str] = MappingProxyType({
    "value": "number", "tolerance": "number", "low": "number", "high": "number",
    "rank": "integer", "rank_from": "integer", "rank_to": "integer", "tier": "integer",
    "parts": "numbers", "values": "numbers", "other": "number", "scale": "number", "other_scale": "number",
    "numerator": "number or numbers", "denominator": "number or numbers", "total": "number or numbers",
    "count": "number or numbers", "descending": "boolean", "denominator_op": "text", "other_unit": "text",
    "op": "text", "bloc": "text", "mark": "text", "province_code": "text", "region_code": "text",
    "reading": "text", "reading_en": "text", "unit": "text", "denominator_quote": "text",
    "total_quote": "text",
    "blocs": "texts", "kinds": "texts", "province_codes": "texts", "names": "texts", "keys": "texts",
    "marks": "texts", "fact_ids": "texts", "groups": "groups", "other_readings": "objects",
})
# The type of a params key by its ending: where a claim quotes a figure from another line.
PARAM_SUFFIX_TYPES: Mapping[str, str] = MappingProxyType({"_quote": "text", "_line": "integer",
                                                          "_file": "text"})
# Types a check kind's evaluator needs narrower than `PARAM_TYPES`.
CHECK_PARAM_TYPES: Mapping[str, Mapping[str, str]] = MappingProxyType({
    "share_of_stated_total": MappingProxyType({"denominator": "integer"}),
})
# Lists a check kind pairs item by item: the first, when given, has one item per item of the second.
PAIRED_LISTS: Mapping[str, tuple[str, str]] = MappingProxyType({"ordered_list": ("names", "values"),
                                                                "list_pairing": ("keys", "names")})
# Figures the evaluators divide by.
DIVISORS = ("denominator", "count")
# Factors that convert a figure's unit (万 to 亿: 0.0001): a factor of 0 or below converts nothing.
FACTORS = ("scale", "other_scale")
_WORDS = MappingProxyType({
    "number": "a finite number", "integer": "a whole number", "text": "a text", "boolean": "true or false",
    "texts": "a non-empty list of texts", "numbers": "a non-empty list of finite numbers",
    "number or numbers": "a finite number or a non-empty list of them",
    "objects": "a non-empty list of objects {…}",
    "groups": 'a non-empty list of groups {"count": a whole number, "over": a number}',
})
_GROUP_KEYS = MappingProxyType({"count": "integer", "over": "number", "label": "text"})
_LARGEST = 2**63 - 1  # what pandas holds as int64


def check_claim_params(package: Package) -> None:
    """Check that each claim's params have the types and shapes of the module docstring."""
    if "claims" not in package.tables:
        return
    where = package.display_path("claims")
    problems = [f'{where} row {row}, column "params": {problem}; fix the params.'
                for row, claim in numbered(package["claims"])
                for problem in find_param_problems(getattr(claim, "check", ""), claim.params)]
    raise_if(problems)


def find_param_problems(check: str, text: str) -> list[str]:
    """Return what is wrong with the params of a claim of kind `check` (empty when nothing is).

    Args:
        check: The claim's check kind (`count_in_province`, `same_fact`, …).
        text: The params cell.
    """
    try:
        params = json.loads(text, parse_constant=_refuse_constant)
    except ValueError as exc:
        return [f"not valid JSON ({exc})"]
    except RecursionError:  # thousands of nested brackets
        return ["is nested too deeply to be params"]
    if not isinstance(params, dict):
        return ["must be a JSON object {…}"]
    problems = _find_reading_problems(check, params, params, "")
    others = params.get("other_readings")
    if not isinstance(others, list) or not all(isinstance(other, dict) for other in others):
        return problems  # its type is reported above
    if others and "reading" not in params:
        problems.append('"reading" is missing: params with other_readings label their own reading too')
    for index, other in enumerate(others):
        prefix = f"other_readings[{index}]."
        if not isinstance(other.get("reading"), str):
            problems.append(f'"{prefix}reading" is missing or not a text: each other reading has a label')
        if "other_readings" in other:
            problems.append(f'"{prefix}other_readings": a reading cannot hold other readings')
        own = {key: value for key, value in other.items() if key not in ("reading", "other_readings")}
        problems += _find_reading_problems(check, own, {**params, **own}, prefix)
    return problems


def _find_reading_problems(check: str, own: Mapping, reading: Mapping, prefix: str) -> list[str]:
    """Check the keys `own` sets (typed, divisors above 0) and the shape of the `reading` they make."""
    problems = []
    for key, value in own.items():
        kind = CHECK_PARAM_TYPES.get(check, {}).get(key) or _param_type(key)
        if kind and not _has_type(value, kind):
            problems.append(f'"{prefix}{key}" is {show_text(json.dumps(value, ensure_ascii=False))}, not '
                            f"{_WORDS[kind]}")
        elif key in DIVISORS and kind and _figure(value) <= 0:
            problems.append(f'"{prefix}{key}" is {show_text(json.dumps(value, ensure_ascii=False))}: a '
                            "figure the claim divides by must be above 0")
        elif key in FACTORS and value <= 0:
            problems.append(f'"{prefix}{key}" is {show_text(json.dumps(value))}: a unit factor must be '
                            "above 0")
        elif key == "tolerance" and value < 0:
            problems.append(f'"{prefix}{key}" is {show_text(json.dumps(value))}: a tolerance cannot be '
                            "below 0")
    if not problems and (own is reading or own.keys() & {"fact_ids", "value", "names", "values", "keys",
                                                     "low", "high"}):
        problems += [f'"{prefix}{key}" {problem}' for key, problem in _find_shape_problems(check, reading)]
    return problems


def _find_shape_problems(check: str, params: Mapping) -> list[tuple[str, str]]:
    """Return (key, what is wrong) for each rule of a check kind a reading's params break."""
    fact_ids = params.get("fact_ids")
    problems = []
    if check == "same_fact" and isinstance(fact_ids, list) and len(fact_ids) + ("value" in params) < 2:
        problems.append(("fact_ids", f"names {len(fact_ids)} fact: same_fact compares at least two figures "
                                     '(a "value" and a fact, or two facts)'))
    low, high = params.get("low"), params.get("high")
    if isinstance(low, int | float) and isinstance(high, int | float) and low > high:
        problems.append(("low", f"is {low:g}, above \"high\" {high:g}: a range runs from low to high"))
    first, second = PAIRED_LISTS.get(check, ("", ""))
    items, others = params.get(first), params.get(second)
    if isinstance(items, list) and isinstance(others, list) and len(items) != len(others):
        problems.append((first, f'has {len(items)} and "{second}" {len(others)} items: {check} pairs them '
                                "one by one"))
    return problems


def _param_type(key: str) -> str | None:
    """Return the type a params key must have, by its name or its ending; None if any type will do."""
    if key in PARAM_TYPES:
        return PARAM_TYPES[key]
    return next((kind for suffix, kind in PARAM_SUFFIX_TYPES.items() if key.endswith(suffix)), None)


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def _has_type(value: object, kind: str) -> bool:
    if kind in ("texts", "objects", "numbers", "groups"):
        item = {"texts": "text", "objects": "object", "numbers": "number", "groups": "group"}[kind]
        return isinstance(value, list) and bool(value) and all(_has_type(v, item) for v in value)
    if kind == "object":
        return isinstance(value, dict)
    if kind == "group":
        return (isinstance(value, dict) and {"count", "over"} <= value.keys() <= _GROUP_KEYS.keys()
                and all(_has_type(value[key], _GROUP_KEYS[key]) for key in value))
    if kind == "number or numbers":
        return _has_type(value, "numbers") if isinstance(value, list) else _has_type(value, "number")
    if kind in ("text", "boolean"):
        return isinstance(value, str if kind == "text" else bool)
    if isinstance(value, bool):
        return False
    # JSON reads "1e999" as inf and a 400-digit number as an int that no float holds: both refused.
    if isinstance(value, int) and not -_LARGEST <= value <= _LARGEST:
        return False
    if kind == "integer":
        return isinstance(value, int)
    return isinstance(value, int | float) and math.isfinite(value)


def _figure(value: float | list[float]) -> float:
    """Return a figure the text states: a number, or the sum of a list of them."""
    return math.fsum(value) if isinstance(value, list) else value


CLAIM_PARAM_CHECKS = (check_claim_params,)
