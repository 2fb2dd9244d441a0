"""Score stage: how persistently each place appears in each list across the editions held.

Inputs: the `editions` table, the entry frame and `Params` (streak thresholds). Output: one row per
list and place ever ranked in it.
"""

from __future__ import annotations

import pandas as pd

from scoring.params import Params

_COLUMNS = ["list", "region_code", "editions_held", "editions_in", "editions", "best_rank", "best_edition",
            "latest_rank", "latest_edition", "in_every_edition", "streak_top_n"]


def _streak(ranks: pd.Series, in_every: bool, thresholds: tuple[int, ...]) -> object:
    if not in_every:
        return pd.NA
    worst = int(ranks.max())
    return next((t for t in thresholds if worst <= t), pd.NA)


def _summarise(group: pd.DataFrame, held: int, thresholds: tuple[int, ...]) -> dict:
    by_year = group.sort_values(["year", "edition"], kind="stable")
    best = by_year.sort_values(["rank", "year"], kind="stable").iloc[0]
    latest = by_year.iloc[-1]
    in_every = by_year["edition"].nunique() == held
    return {
        "editions_held": held,
        "editions_in": by_year["edition"].nunique(),
        "editions": ";".join(str(year) for year in by_year["year"]),
        "best_rank": best["rank"],
        "best_edition": best["edition"],
        "latest_rank": latest["rank"],
        "latest_edition": latest["edition"],
        "in_every_edition": in_every,
        "streak_top_n": _streak(by_year["rank"], in_every, thresholds),
    }


def compute_persistence(entries: pd.DataFrame, editions: pd.DataFrame, params: Params) -> pd.DataFrame:
    """Summarise each place's record in each list over the editions the package holds.

    Definitions: `editions_held` counts the list's editions in the package; `editions_in` those the
    place is ranked in, whose years `editions` lists ("2019;2021;2024"). `best_rank` is the lowest
    rank and `best_edition` the earliest edition reaching it; `latest_rank`/`latest_edition` are from
    the newest edition the place is ranked in (not necessarily the newest held). `streak_top_n` is
    the smallest of `params.streak_thresholds` the place stayed within in every held edition; NA when
    it missed an edition or exceeded every threshold.

    Returns:
        One row per (list, region_code), columns as above, sorted by list, best_rank, region_code.
    """
    held = editions.groupby("list")["edition"].nunique()
    rows = []
    for (list_name, region_code), group in entries.groupby(["list", "region_code"], sort=True):
        summary = _summarise(group, int(held.get(list_name, 0)), params.streak_thresholds)
        rows.append({"list": list_name, "region_code": region_code, **summary})
    frame = pd.DataFrame(rows, columns=_COLUMNS)
    frame = frame.astype({
        "list": "string", "region_code": "string", "editions_held": "Int64", "editions_in": "Int64",
        "editions": "string", "best_rank": "Int64", "best_edition": "string", "latest_rank": "Int64",
        "latest_edition": "string", "in_every_edition": "boolean", "streak_top_n": "Int64",
    })
    return frame.sort_values(["list", "best_rank", "region_code"], kind="stable", ignore_index=True)
