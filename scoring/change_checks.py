"""Check stage: region_changes form a history that can have happened.

Input: a loaded `Package` (and, for the date bound, the national `CodeList`). Output: nothing; each
`check_*` raises `CheckError` naming file, row, column, what is wrong and what to do.

- no change maps a code to itself, and the changes form no cycle (A -> B and B -> A);
- `effective` is a real date ("2021-13-40" is not), not before 1980, when the first edition of the
  code standard (GB 2260-80) gave the codes (`FIRST_CODES`), and no later than the date the national code
  list is current to: every new_code is a current code of that list (the registry's codes are),
  so the change took effect by then. The bound comes from the pinned code list, never from the
  clock, so a build is the same on any day;
- an old_code is no region of the registry any more (its place lives on under new_code).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from scoring.rows import numbered, parse_partial_date, raise_if
from scoring.territory import TERRITORY_KINDS

if TYPE_CHECKING:
    from scoring.codelist import CodeList
    from scoring.package import Package

# The first edition of the national code standard, GB 2260-80, gave the codes in 1980: no change of a
# code can have taken effect before.
FIRST_CODES = dt.date(1980, 1, 1)


def check_change_graph(package: Package) -> None:
    """Check for self-loops and cycles among region changes, and for old codes still in the registry."""
    changes = package["region_changes"]
    where = package.display_path("region_changes")
    live = set(package["regions"]["code"])
    successors: dict[str, set[str]] = {}
    problems = []
    for row, change in numbered(changes):
        if change.old_code == change.new_code:
            problems.append(f'{where} row {row}, column "new_code": {change.old_code} changes into itself; '
                            "a rename that keeps the code is no change of code, so delete the row or fix the "
                            "code.")
        elif change.old_code in live and getattr(change, "kind", None) not in TERRITORY_KINDS:
            # A split or boundary change (区域调整) keeps its old code live on purpose.
            problems.append(f'{where} row {row}, column "old_code": {change.old_code} ({change.old_name}) is '
                            "still a region of regions.csv; a replaced code must not be live. Remove its "
                            "registry row or fix the code.")
        if getattr(change, "kind", None) not in TERRITORY_KINDS:
            successors.setdefault(change.old_code, set()).add(change.new_code)
    for row, change in numbered(changes):
        if getattr(change, "kind", None) in TERRITORY_KINDS:
            continue
        if change.old_code != change.new_code and _reaches(successors, change.new_code, change.old_code):
            problems.append(f'{where} row {row}, column "new_code": {change.old_code} -> {change.new_code} '
                            f"is part of a cycle ({change.new_code} leads back to {change.old_code}); a code "
                            "cannot come back after it was replaced. Fix the codes.")
    raise_if(problems)


def _reaches(successors: dict[str, set[str]], start: str, goal: str) -> bool:
    seen, todo = set(), [start]
    while todo:
        code = todo.pop()
        if code == goal:
            return True
        if code not in seen:
            seen.add(code)
            todo.extend(successors.get(code, ()))
    return False


def check_change_dates(package: Package, codelist: CodeList) -> None:
    """Check that each `effective` is a real date from 1980 on and no later than the code list's own date."""
    from scoring.codelist import CURRENT_LABEL

    where = package.display_path("region_changes")
    problems = []
    for row, change in numbered(package["region_changes"]):
        last_day = parse_partial_date(change.effective)
        if last_day is None:
            problems.append(f'{where} row {row}, column "effective": "{change.effective}" is not a real '
                            "date; write YYYY, YYYY-MM or YYYY-MM-DD.")
        elif last_day < FIRST_CODES:
            problems.append(f'{where} row {row}, column "effective": {change.effective} lies before '
                            f"{FIRST_CODES.year}, when GB 2260-80 gave the first codes; fix the date.")
        elif _first_day(change.effective) > codelist.current_until:
            problems.append(f'{where} row {row}, column "effective": {change.effective} lies after '
                            f"{codelist.current_until.isoformat()}, the date of {CURRENT_LABEL}, which "
                            f"already lists {change.new_code}; fix the date.")
    raise_if(problems)


def _first_day(text: str) -> dt.date:
    parts = [int(p) for p in text.split("-")]
    return dt.date(*parts, *([1] * (3 - len(parts))))


CHANGE_CHECKS = (check_change_graph,)
CHANGE_CODELIST_CHECKS = (check_change_dates,)
