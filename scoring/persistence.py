"""Score stage: how persistently each place appears in each list across the editions held.

Inputs: the `editions` table, the entry frame and `Params` (streak thresholds). Output: one row per
list and place ever ranked in it.
"""

from __future__ import annotations

import pandas as pd

from scoring.params import Params

_COLUMNS = ["list", "region_code", "editions_held", "editions_in", "editions", "best_rank", "best_edition",
            "latest_rank", "latest_edition", "in_every_edition", "streak_top_n"]


_KEYS = ["list", "region_code"]


def _pick(entries: pd.DataFrame, order: list[str], keep: str, prefix: str) -> pd.DataFrame:
    chosen = entries.sort_values([*_KEYS, *order], kind="stable").drop_duplicates(_KEYS, keep=keep)
    return chosen[[*_KEYS, "rank", "edition"]].rename(
        columns={"rank": f"{prefix}_rank", "edition": f"{prefix}_edition"}, errors="raise"
    )


def _streak(worst: pd.Series, in_every: pd.Series, thresholds: tuple[int, ...]) -> pd.Series:
    streak = pd.Series(pd.NA, index=worst.index, dtype="Int64")
    for threshold in sorted(thresholds, reverse=True):
        streak = streak.mask((worst <= threshold).fillna(False) & in_every, threshold)
    return streak


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
    held = editions.groupby("list")["edition"].nunique().rename("editions_held").reset_index()
    ordered = entries.sort_values([*_KEYS, "year", "edition"], kind="stable")
    groups = ordered.groupby(_KEYS, sort=True)
    frame = pd.DataFrame({
        "editions_in": groups["edition"].nunique(),
        "editions": groups["year"].agg(lambda years: ";".join(str(year) for year in years)),
        "worst_rank": groups["rank"].max(),
    }).reset_index()
    frame = (
        frame.merge(held, on="list", how="left", validate="many_to_one")
        .merge(_pick(entries, ["rank", "year", "edition"], "first", "best"), on=_KEYS, validate="one_to_one")
        .merge(_pick(entries, ["year", "edition"], "last", "latest"), on=_KEYS, validate="one_to_one")
    )
    frame["in_every_edition"] = frame["editions_in"] == frame["editions_held"]
    frame["streak_top_n"] = _streak(frame["worst_rank"], frame["in_every_edition"], params.streak_thresholds)
    frame = frame[_COLUMNS].astype({
        "list": "string", "region_code": "string", "editions_held": "Int64", "editions_in": "Int64",
        "editions": "string", "best_rank": "Int64", "best_edition": "string", "latest_rank": "Int64",
        "latest_edition": "string", "in_every_edition": "boolean", "streak_top_n": "Int64",
    })
    return frame.sort_values(["list", "best_rank", "region_code"], kind="stable", ignore_index=True)
