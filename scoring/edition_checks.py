"""Check stage: editions, ranking rows and corrections agree with each other and with the registry.

Input: a loaded `Package`. Output: nothing; each `check_*` raises `CheckError` naming file, row,
column, what is wrong and what to do.

- `published` is a real month and `division_cutoff` a real date ("2019-13" is not); the edition id
  is `<list>-<year>` (so no list has two editions in one year), the report appears in the list's year
  or the year after, and not before the division cut-off it states;
- tier boundaries are ranges a-b within 1..size of the edition that start at 1 and follow each
  other without gap or overlap (a report may leave the last places untiered);
- every rank lies in 1..size of its edition (reported at the cell itself);
- a printed province or prefecture names the place's registry parents, unless a correction records
  the misprint: the parent's name (江苏省, 苏州市) or a start of it that names no other province or
  prefecture of the registry (江苏, 内蒙古, 长沙; not 江, which 江西 starts with too, nor an empty
  start), and 省直管 or its like for a place without a prefecture;
- a correction names a printed column and a ranking row that exist, no other correction names the
  same column of that row, its `printed_value` is what that row prints, and its `corrected_value`
  is a value that column can hold for that place: a rank in 1..size, true or false for the ★, the
  place's registry, short or former name, its province, its prefecture (or 省直管 where it has
  none), and for the other columns a value of the column's enum or pattern in the schema (a change
  mark ↑ ↓ — 新增, a region rank such as 苏1).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from scoring.cells import find_cell_problem, show_text
from scoring.rows import corrected_fields, numbered, parse_partial_date, raise_if

if TYPE_CHECKING:
    from scoring.package import Package

DIRECT = ("省直管", "省直辖", "兵团直辖")  # printed for province-administered units (xx90xx)
_RANGE = re.compile(r"([0-9]+)-([0-9]+)", re.ASCII)


def check_edition_dates(package: Package) -> None:
    """Check that `published` is a real month and `division_cutoff` a real date."""
    where = package.display_path("editions")
    problems = []
    for row, edition in numbered(package["editions"]):
        for column in ("published", "division_cutoff"):
            value = getattr(edition, column)
            if isinstance(value, str) and parse_partial_date(value) is None:
                problems.append(f'{where} row {row}, column "{column}": "{value}" is not a real '
                                f"{'month' if column == 'published' else 'date'}; fix it.")
    raise_if(problems)


def check_edition_identity(package: Package) -> None:
    """Check that each edition id is <list>-<year> and its publication fits its year and cut-off."""
    where = package.display_path("editions")
    problems = []
    for row, edition in numbered(package["editions"]):
        if edition.edition != f"{edition.list}-{edition.year}":
            problems.append(f'{where} row {row}, column "edition": "{edition.edition}" is not '
                            f'"{edition.list}-{edition.year}" (its list and year); fix the id, the list or '
                            "the year.")
        published = parse_partial_date(str(edition.published))
        if published is None:
            continue  # check_edition_dates reports it
        if not edition.year <= published.year <= edition.year + 1:
            problems.append(f'{where} row {row}, column "published": {edition.published} is not in '
                            f"{edition.year} or {edition.year + 1}, the years a {edition.year} list appears "
                            "in; fix the month or the year.")
        cutoff = edition.division_cutoff
        if isinstance(cutoff, str) and parse_partial_date(cutoff) and str(edition.published) < cutoff[:7]:
            problems.append(f'{where} row {row}, column "published": {edition.published} is before the '
                            f"division cut-off {edition.division_cutoff} the report states; fix one of them.")
    raise_if(problems)


def check_tier_bounds(package: Package) -> None:
    """Check that each edition's tier ranges start at 1, are contiguous and lie within 1..size."""
    where = package.display_path("editions")
    problems = []
    for row, edition in numbered(package["editions"]):
        if not isinstance(edition.tier_boundaries, str):
            continue
        expected = 1
        for part in edition.tier_boundaries.split(";"):
            match = _RANGE.fullmatch(part)
            first, last = (int(match[1]), int(match[2])) if match else (0, -1)
            if first != expected or last < first or last > edition.size:
                problems.append(f'{where} row {row}, column "tier_boundaries": tier "{part}" of '
                                f"{edition.edition} must run from {expected} to a rank no greater than its "
                                f"size {edition.size}; fix the boundaries.")
                break
            expected = last + 1
    raise_if(problems)


def find_out_of_bounds_editions(package: Package) -> set[str]:
    """Return the editions with a rank above their size (their coverage is not checked on top)."""
    sizes = package["editions"].set_index("edition")["size"]
    rankings = package["rankings"]
    over = rankings["rank"] > rankings["edition"].map(sizes).fillna(0).astype("Int64")
    return set(rankings.loc[over.fillna(False), "edition"])


def check_rank_bounds(package: Package) -> None:
    """Check that every printed rank lies in 1..size of its edition, naming the cell."""
    sizes = dict(zip(package["editions"]["edition"], package["editions"]["size"], strict=True))
    where = package.display_path("rankings")
    problems = [f'{where} row {row}, column "rank": {entry.rank} lies outside 1..{sizes[entry.edition]}, the '
                f"ranks of {entry.edition} (size {sizes[entry.edition]}); fix the rank or the edition's size."
                for row, entry in numbered(package["rankings"])
                if entry.edition in sizes and not 1 <= entry.rank <= sizes[entry.edition]]
    raise_if(problems)


def check_printed_places(package: Package) -> None:
    """Check printed provinces and prefectures against the registry parents, unless corrected."""
    places = _Places(package)
    names = places.names
    corrected = corrected_fields(package["corrections"])
    where = package.display_path("rankings")
    problems = []
    for row, entry in numbered(package["rankings"].fillna({"printed_prefecture": ""})):
        region = places.regions.get(entry.region_code)
        if region is None:
            continue  # an unknown code is the foreign key's error
        for column, ok, parent in (
            ("printed_province", _province_ok(entry.printed_province, region, places),
             names.get(region.province_code, "?")),
            ("printed_prefecture", _prefecture_ok(entry.printed_prefecture, region, places),
             names.get(region.prefecture_code, "no prefecture")),
        ):
            if not ok and (entry.edition, entry.region_code, column) not in corrected:
                problems.append(f'{where} row {row}, column "{column}": {show_text(getattr(entry, column))} '
                                f"does not name the registry's parent: {names[entry.region_code]} "
                                f"({entry.region_code}) lies in {parent} (write its name, or a start of "
                                "it no other place of its level shares); add a corrections row or fix the "
                                "value.")
    raise_if(problems)


def _province_ok(printed: str, region, places: _Places) -> bool:
    """Return whether `printed` names the place's province: its name, or a start of its short name.

    The start must name one province only: 江苏 and 内蒙古 do, 江 does not (江西 starts with it too).
    """
    province = places.regions.get(region.province_code)
    if province is None:
        return False  # the registry's hierarchy check reports it
    return printed == province.name or _names_one(printed, province.short_name, places.province_short_names)


def _prefecture_ok(printed: str, region, places: _Places) -> bool:
    """Return whether `printed` names the place's prefecture: its name, or a start of it (长沙 for 长沙市).

    The start must name one prefecture of the registry only and cannot be empty; a place without a
    prefecture prints 省直管 or its like, a prefecture or province prints nothing.
    """
    if region.level in ("prefecture", "province"):
        return not printed
    if not region.prefecture_code:
        return printed in DIRECT
    prefecture = places.names.get(region.prefecture_code)
    if prefecture is None:
        return False  # the registry's hierarchy check reports it
    return printed == prefecture or _names_one(printed, prefecture, places.prefecture_names)


def _names_one(printed: str, name: str, names: list[str]) -> bool:
    """Return whether `printed` is a non-empty start of `name` and of no other of `names`."""
    return bool(printed) and name.startswith(printed) and sum(n.startswith(printed) for n in names) == 1


def check_corrections(package: Package) -> None:
    """Check that each correction names an existing ranking row and what that row prints, and its fix."""
    rankings = package["rankings"].set_index(["edition", "region_code"])
    sizes = dict(zip(package["editions"]["edition"], package["editions"]["size"], strict=True))
    where = package.display_path("corrections")
    printed_columns = [c for c in package["rankings"].columns if c not in _NOT_PRINTED]
    fields = {f["name"]: f for f in package.schema("rankings")["fields"]}
    places = _Places(package)
    problems = []
    for row, fix in numbered(package["corrections"]):
        if fix.field not in printed_columns:
            problems.append(f'{where} row {row}, column "field": "{fix.field}" is not a printed column of '
                            f"rankings.csv ({', '.join(printed_columns)}); fix the field.")
            continue
        key = (fix.edition, fix.region_code)
        if key not in rankings.index:
            problems.append(f'{where} row {row}, column "region_code": {fix.edition} has no ranking row '
                            f"for {fix.region_code}; a correction must name a row of rankings.csv. Fix the "
                            "edition or the code.")
            continue
        printed = _printed_text(rankings.loc[key, fix.field])
        if fix.printed_value != printed:
            problems.append(f'{where} row {row}, column "printed_value": {show_text(fix.printed_value)} is '
                            f"not what the row prints in {fix.field} ({show_text(printed)}); copy the "
                            "printed value.")
        wrong = (_describe_bad_fix(fix, sizes.get(fix.edition, 0), places)
                 or _describe_unfit_value(fix.corrected_value, fields[fix.field]))
        if wrong:
            problems.append(f'{where} row {row}, column "corrected_value": {show_text(fix.corrected_value)} '
                            f"{wrong}; fix it.")
    raise_if(problems)


def check_unique_corrections(package: Package) -> None:
    """Check that no field of a ranking row is corrected twice (one row per edition, region_code, field)."""
    where = package.display_path("corrections")
    first: dict[tuple[str, str, str], int] = {}
    problems = []
    for row, fix in numbered(package["corrections"]):
        key = (fix.edition, fix.region_code, fix.field)
        if key in first:
            problems.append(f'{where} row {row}, column "field": {fix.field} of {fix.edition} '
                            f"{fix.region_code} is corrected again (row {first[key]} corrects it "
                            f"already); keep one of rows {first[key]} and {row}.")
        first.setdefault(key, row)
    raise_if(problems)


# Columns of rankings that hold no printed value: a correction cannot name them.
_NOT_PRINTED = ("edition", "region_code", "source_line")


class _Places:
    """The registry as the correction checks read it: rows by code, and the names each code had."""

    def __init__(self, package: Package) -> None:
        self.regions = {r.code: r for r in package["regions"].fillna("").itertuples(index=False)}
        self.names = {code: r.name for code, r in self.regions.items()}
        self.province_short_names = [r.short_name for r in self.regions.values() if r.level == "province"]
        self.prefecture_names = [r.name for r in self.regions.values() if r.level == "prefecture"]
        changes = package["region_changes"]
        if "kind" in changes.columns:
            changes = changes[changes["kind"] != "区域调整"]
        self.former: dict[str, set[str]] = {}
        for code, old in zip(changes["new_code"], changes["old_name"], strict=True):
            self.former.setdefault(code, set()).add(old)


def _describe_bad_fix(fix, size: int, places: _Places) -> str | None:
    """Return what is wrong with a correction's corrected_value for its field, or None."""
    value, region = fix.corrected_value, places.regions.get(fix.region_code)
    if fix.field == "rank":
        return None if _is_rank(value, size) else (f"is not a rank of {fix.edition} (a whole number in "
                                                   f"1..{size})")
    if fix.field == "printed_province_first":
        return None if value in ("true", "false") else "is not true or false"
    if region is None:
        return None  # an unknown code is the foreign key's error
    if fix.field == "printed_name":
        known = {region.name, region.short_name} | places.former.get(fix.region_code, set())
        return None if value in known else (f"is not a name of {region.name} ({fix.region_code}) nor a "
                                            "former one")
    if fix.field == "printed_province":
        province = places.names.get(region.province_code, "")
        return None if _province_ok(value, region, places) else f"does not name {province}, its province"
    if fix.field == "printed_prefecture":
        return None if _prefecture_ok(value, region, places) else "does not name the place's prefecture"
    return None


def _describe_unfit_value(value: str, field: Mapping) -> str | None:
    """Return how a corrected value breaks the enum or pattern of its rankings column, or None.

    A corrected value is published in that column's place, so it must be a value the column can hold
    (a change mark of the enum, a region rank of the pattern), like the printed values themselves.
    """
    constraints = field.get("constraints", {})
    enum = constraints.get("enum")
    if enum is not None and value not in enum:
        return f'is not a value of the rankings column "{field["name"]}" ({"、".join(map(str, enum))})'
    if find_cell_problem(value, field):
        return (f'is not a value of the rankings column "{field["name"]}" (type '
                f'{field.get("type", "string")}, pattern {constraints.get("pattern", "none")})')
    return None


def _printed_text(value) -> str:
    if isinstance(value, pd.Series):  # a repeated key, reported by check_unique_entries
        value = value.iloc[0]
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    return str(value)


def _is_rank(text: str, size: int) -> bool:
    return re.fullmatch(r"[0-9]+", text, re.ASCII) is not None and 1 <= int(text) <= size


EDITION_CHECKS = (check_edition_dates, check_edition_identity, check_tier_bounds, check_rank_bounds,
                  check_printed_places, check_corrections, check_unique_corrections)
