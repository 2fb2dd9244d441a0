"""Territory changes: the `region_changes` rows that move territory rather than identity.

Input: the `region_changes` table. A row of kind 区域调整 (a split or a boundary change: 临平区 set
up from part of 余杭区, 2021) says that part of old_code's territory went to new_code. Unlike the
other kinds it is not an identity: old_name is not a former name of new_code, and old_code, when
still current, remains its own place with less territory. Consumers that treat region_changes as
"former codes and names" take `select_identity_changes`; the region pages and movement notes take
`select_territory_changes`.

Outputs: filtered copies of the table, and `is_across_change`, which tells whether comparing two
editions crosses a change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # type hints only
    import pandas as pd

TERRITORY_KINDS = frozenset({"区域调整"})


def select_identity_changes(changes: pd.DataFrame) -> pd.DataFrame:
    """Return the rows that make old_code's place the registry entry new_code (renames, merges …).

    A frame without a `kind` column (a test's few rows) is taken as identity changes only.
    """
    if "kind" not in changes.columns:
        return changes
    return changes[~changes["kind"].isin(TERRITORY_KINDS)]


def select_territory_changes(changes: pd.DataFrame) -> pd.DataFrame:
    """Return the rows that move part of old_code's territory to new_code (kind 区域调整)."""
    if "kind" not in changes.columns:
        return changes.iloc[0:0]
    return changes[changes["kind"].isin(TERRITORY_KINDS)]


def compute_change_year(effective: str) -> int:
    """Return the year of an `effective` date of any precision ("2021", "2019-12", "2020-06-05")."""
    return int(str(effective)[:4])


def is_across_change(earlier_year: int, later_year: int, effective: str) -> bool:
    """Whether a change falls between two editions, so their entries cover different territory.

    An edition ranks figures of the year before its publication (the 2024 report's district
    figures are for 2023, seed 002 line 778), so an edition of the change's own year is counted
    with the old territory: for a change in 2021, the 2021 and 2024 editions differ, the 2019 and
    2021 editions do not (余杭区's 2021 entry predates 临平区, which first appears in 2024). The
    package records no figure year per edition, so this is the rule, not a per-edition fact.
    """
    return earlier_year <= compute_change_year(effective) < later_year
