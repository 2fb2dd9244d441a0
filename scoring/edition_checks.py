"""Check stage: editions, ranking rows and corrections agree with each other and with the registry.

Input: a loaded `Package`. Output: nothing; each `check_*` raises `CheckError` naming file, row,
column, what is wrong and what to do.

- `published` is a real month and `division_cutoff` a real date ("2019-13" is not);
- tier boundaries are ranges a-b within 1..size of the edition that start at 1 and follow each
  other without gap or overlap (a report may leave the last places untiered);
- every rank lies in 1..size of its edition (reported at the cell itself);
- a printed province or prefecture names the place's registry parents (the rules of
  `build_scripts.curation.consistency`), unless a correction records the misprint;
- a correction names a ranking row that exists, its `printed_value` is what that row prints, and a
  corrected rank is a whole number in 1..size.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from scoring.cells import show_text
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
    regions = {region.code: region for region in package["regions"].fillna("").itertuples(index=False)}
    names = {code: region.name for code, region in regions.items()}
    corrected = corrected_fields(package["corrections"])
    where = package.display_path("rankings")
    problems = []
    for row, entry in numbered(package["rankings"].fillna({"printed_prefecture": ""})):
        region = regions.get(entry.region_code)
        if region is None:
            continue  # an unknown code is the foreign key's error
        for column, ok, parent in (
            ("printed_province", _province_ok(entry.printed_province, names.get(region.province_code, "")),
             names.get(region.province_code, "?")),
            ("printed_prefecture", _prefecture_ok(entry.printed_prefecture, region, names),
             names.get(region.prefecture_code, "no prefecture (省直管)") if region.prefecture_code else
             "no prefecture"),
        ):
            if not ok and (entry.edition, entry.region_code, column) not in corrected:
                problems.append(f'{where} row {row}, column "{column}": {show_text(getattr(entry, column))} '
                                f"contradicts the registry: {names[entry.region_code]} ({entry.region_code}) "
                                f"lies in {parent}; add a corrections row or fix the value.")
    raise_if(problems)


def _province_ok(printed: str, official: str) -> bool:
    stem = printed.removesuffix("省")
    return bool(stem) and official.startswith(stem) and (printed == stem or official.endswith("省"))


def _prefecture_ok(printed: str, region, names: dict) -> bool:
    if region.level in ("prefecture", "province"):
        return not printed
    if not printed:
        return False
    if not region.prefecture_code:
        return printed in DIRECT
    return names.get(region.prefecture_code, "").startswith(printed.removesuffix("市"))


def check_corrections(package: Package) -> None:
    """Check that each correction names an existing ranking row and what that row prints."""
    rankings = package["rankings"].set_index(["edition", "region_code"])
    sizes = dict(zip(package["editions"]["edition"], package["editions"]["size"], strict=True))
    where = package.display_path("corrections")
    problems = []
    for row, fix in numbered(package["corrections"]):
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
        size = sizes.get(fix.edition, 0)
        if fix.field == "rank" and not _is_rank(fix.corrected_value, size):
            problems.append(f'{where} row {row}, column "corrected_value": {show_text(fix.corrected_value)} '
                            f"is not a rank of {fix.edition} (a whole number in 1..{size}); fix it.")
    raise_if(problems)


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


EDITION_CHECKS = (check_edition_dates, check_tier_bounds, check_rank_bounds, check_printed_places,
                  check_corrections)
