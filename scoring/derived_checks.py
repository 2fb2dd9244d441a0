"""Check stage for outputs: rules across the derived tables that a Table Schema cannot express.

Input: the dict of derived DataFrames (`scoring.derived.compute_derived`). Output: nothing; raises
`CheckError` listing every violation. Checks whose tables are absent are skipped, so a partial set
(e.g. in tests) can be checked too.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from scoring.errors import CheckError
from scoring.movement import LEFT

_COUNT_TABLES = ("province_counts", "bloc_counts", "kind_counts", "rank_bands")


def _entry_sizes(entries: pd.DataFrame) -> pd.Series:
    return entries.groupby("edition").size()


def check_count_totals(tables: Mapping[str, pd.DataFrame]) -> None:
    """Check that each count table sums, per edition, to the number of entries of that edition.

    Raises:
        CheckError: One line per table and edition whose total differs.
    """
    if "entries" not in tables:
        return
    expected = _entry_sizes(tables["entries"])
    problems = []
    for name in (n for n in _COUNT_TABLES if n in tables):
        totals = tables[name].groupby("edition")["count"].sum()
        for edition, size in expected.items():
            total = int(totals.get(edition, 0))
            if total != int(size):
                problems.append(
                    f'{name}, edition "{edition}": counts sum to {total}, expected {int(size)} entries.'
                )
    if problems:
        raise CheckError(problems)


def check_entry_ranks(tables: Mapping[str, pd.DataFrame]) -> None:
    """Check entries: each province_rank lies in 1..its province's entry count; each province has a leader.

    Raises:
        CheckError: One line per offending entry or province.
    """
    entries = tables.get("entries")
    if entries is None:
        return
    size = entries.groupby(["edition", "province_code"])["rank"].transform("size")
    outside = ~entries["province_rank"].between(1, size).fillna(False)
    problems = [
        f'entries, edition "{row.edition}", region {row.region_code}: province_rank {row.province_rank} '
        "is outside 1..the province's number of entries."
        for row in entries[outside].itertuples()
    ]
    leaders = entries.groupby(["edition", "province_code"])["is_province_leader"].any()
    problems += [f'entries, edition "{edition}", province {province}: no province leader.'
                 for (edition, province), has in leaders.items() if not has]
    if problems:
        raise CheckError(problems)


def check_movement_coverage(tables: Mapping[str, pd.DataFrame]) -> None:
    """Check that each edition with a previous edition has one non-dropped movement per entry.

    Raises:
        CheckError: One line per edition whose movement rows do not match its entries.
    """
    entries, movements = tables.get("entries"), tables.get("movements")
    if entries is None or movements is None:
        return
    compared = entries[entries["previous_edition"].notna()]
    current = movements[~movements["movement"].isin(LEFT)]
    left = set(zip(compared["edition"], compared["region_code"], strict=True))
    right = set(zip(current["edition"], current["region_code"], strict=True))
    problems = [f'movements: edition "{e}", region {r}: entry has no movement row.'
                for e, r in sorted(left - right)]
    problems += [f'movements: edition "{e}", region {r}: movement row has no entry.'
                 for e, r in sorted(right - left)]
    if problems:
        raise CheckError(problems)


DERIVED_CHECKS = (check_count_totals, check_entry_ranks, check_movement_coverage)


def check_derived(tables: Mapping[str, pd.DataFrame]) -> None:
    """Run every derived-table check and raise one `CheckError` listing all problems."""
    problems: list[str] = []
    for check in DERIVED_CHECKS:
        try:
            check(tables)
        except CheckError as exc:
            problems.extend(exc.problems)
    if problems:
        raise CheckError(problems)
