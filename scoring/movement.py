"""Score stage: movement of each place against the previous edition held of the same list.

Inputs: the `editions` table and the entry frame. Editions of a list are ordered by year; the previous
edition is the one held just before (county_industrial 2024 compares with 2021, because the package
holds no 2022 or 2023 edition; no edition is ever invented). Identity is `region_code`, the current
registry code, so a county ranked in 2019 that later became a district is the same place. Movement is
computed within one list only, except that a place which leaves a list because its kind changed
(海门市, county list 2019, became 海门区, district list 2021) is `moved_out` of the one and
`moved_in` to the other, with the other list's edition and rank, not dropped and new (issue 16),
when both lists rank by the same measure (industrial county → industrial district); a
place that left a county list because it became a district, and is on no other list that year
(蓬莱市 became 蓬莱区 in 2020), is `reclassified`, not dropped.
Outputs: the movements table and movement columns on the entries.
"""

from __future__ import annotations

import pandas as pd

from scoring.entries import COUNTY_KINDS
from scoring.lists import Lists
from scoring.territory import select_identity_changes

MOVEMENTS = ("up", "down", "unchanged", "new", "returned", "moved_in", "dropped", "moved_out", "reclassified")
# Movements of a place that is not on the edition (the previous edition ranked it).
LEFT = ("dropped", "moved_out", "reclassified")
DISTRICT_KIND = "市辖区"
_DTYPES = {"edition": "string", "region_code": "string", "previous_edition": "string", "rank": "Int64",
           "previous_rank": "Int64", "movement": "string", "places_moved": "Int64",
           "transfer_edition": "string", "transfer_rank": "Int64"}
_COLUMNS = ["edition", "region_code", "previous_edition", "rank", "previous_rank", "movement", "places_moved",
            "transfer_edition", "transfer_rank"]


def compute_previous_editions(editions: pd.DataFrame) -> pd.DataFrame:
    """Pair each edition with the previous edition held of the same list.

    Returns:
        Columns edition, list, year, previous_edition (NA for the first edition held of a list),
        sorted by list and year.
    """
    ordered = editions[["edition", "list", "year"]].sort_values(["list", "year", "edition"], kind="stable")
    previous = ordered.groupby("list", sort=False)["edition"].shift(1).astype("string")
    return ordered.assign(previous_edition=previous).reset_index(drop=True)


def _classify(frame: pd.DataFrame, earlier: set[str]) -> pd.Series:
    change = frame["previous_rank"] - frame["rank"]
    movement = pd.Series(pd.NA, index=frame.index, dtype="string")
    movement[(change > 0).fillna(False)] = "up"
    movement[(change < 0).fillna(False)] = "down"
    movement[(change == 0).fillna(False)] = "unchanged"
    absent = frame["previous_rank"].isna() & frame["rank"].notna()
    movement[absent & frame["region_code"].isin(earlier)] = "returned"
    movement[absent & ~frame["region_code"].isin(earlier)] = "new"
    movement[frame["rank"].isna()] = "dropped"
    return movement


def _compare(current: pd.DataFrame, previous: pd.DataFrame, earlier: set[str]) -> pd.DataFrame:
    pairs = current[["region_code", "rank"]].merge(
        previous[["region_code", "rank"]].rename(columns={"rank": "previous_rank"}, errors="raise"),
        on="region_code", how="outer", validate="one_to_one",
    )
    pairs["movement"] = _classify(pairs, earlier)
    pairs["places_moved"] = (pairs["previous_rank"] - pairs["rank"]).abs().astype("Int64")
    return pairs


def compute_movements(entries: pd.DataFrame, editions: pd.DataFrame, lists: Lists,
                      region_changes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Compare every edition with the previous edition held of its list.

    Each place of the current edition is `up`, `down` or `unchanged` (ranked in both), `new` (in no
    earlier held edition of the list) or `returned` (in an earlier held edition but not the previous
    one); each place of the previous edition missing from the current one is `dropped`, with rank NA.
    Moves between lists of different kinds of place are `moved_out` / `moved_in` instead, with
    `transfer_edition` and `transfer_rank` naming the other list's entry (`_add_transfers`); the
    kind of place a list ranks is its `level` in `lists` (config/lists.yml): the two county lists
    rank the same kind, so leaving one of them while on the other is a drop-out. A dropped place
    of a county list that became a district (an identity change in `region_changes` from a county-level
    name to a district name, effective by the edition's publication) is `reclassified`.
    The first edition held of a list has no rows.

    Returns:
        Columns edition, region_code, previous_edition, rank, previous_rank, movement, places_moved
        (``|rank - previous_rank|``, NA unless ranked in both), transfer_edition, transfer_rank.
        One row per edition and region; sorted by edition, rank (dropped last), previous_rank, region_code.
    """
    chain = compute_previous_editions(editions).dropna(subset=["previous_edition"])
    by_edition = {name: group for name, group in entries.groupby("edition", sort=False)}
    empty = entries.iloc[0:0]
    parts = []
    for edition, list_name, year, previous in chain.itertuples(index=False):
        earlier_editions = editions[(editions["list"] == list_name) & (editions["year"] < year)]["edition"]
        earlier = set(entries.loc[entries["edition"].isin(earlier_editions), "region_code"])
        pairs = _compare(by_edition.get(edition, empty), by_edition.get(previous, empty), earlier)
        parts.append(pairs.assign(edition=edition, previous_edition=previous))
    if not parts:
        return _typed(pd.DataFrame(columns=_COLUMNS))
    movements = _add_transfers(pd.concat(parts, ignore_index=True), entries, editions, lists)
    if region_changes is not None:
        movements = _mark_reclassified(movements, editions, lists, region_changes)
    movements = movements.sort_values(
        ["edition", "rank", "previous_rank", "region_code"], kind="stable", na_position="last",
        ignore_index=True,
    )
    return _typed(movements[_COLUMNS])


def _add_transfers(movements: pd.DataFrame, entries: pd.DataFrame, editions: pd.DataFrame,
                   lists: Lists) -> pd.DataFrame:
    """Mark moves between lists of different kinds of place (see the module docstring).

    A `dropped` place ranked in the same year in a list of another kind is `moved_out`, with that
    edition and rank; a `new` or `returned` place last ranked, before this year, in a list of another
    kind that no longer ranks it is `moved_in`, with that earlier edition and rank. Only lists of
    one measure (config/lists.yml) count: 海门 left the innovation county list for no innovation
    district list, so that exit stays a drop (marked reclassified later), not a move.
    """
    info = editions.set_index("edition")[["list", "year"]]
    ranked = entries[["edition", "region_code", "rank"]].join(info, on="edition")
    # Within a year the first list in site order sorts last, so `iloc[-1]` prefers it (the
    # industrial county list over the innovation list for a county that became a district).
    levels = {spec.code: spec.level for spec in lists.specs}
    measures = {spec.code: spec.measure for spec in lists.specs}
    order = {code: -lists.order(code) for code in levels}
    ranked = ranked.assign(subject=ranked["list"].map(levels), measure=ranked["list"].map(measures),
                           _order=ranked["list"].map(order)
                           ).sort_values(["year", "_order", "edition"], kind="stable")
    out = movements.assign(transfer_edition=pd.NA, transfer_rank=pd.NA).astype(
        {"transfer_edition": "object", "transfer_rank": "object"})
    # Each place's entries in the lists of each measure, in the order above, as plain records: one
    # scan of the entries instead of one per movement row.
    by_place: dict[tuple, list[dict]] = {}
    for record in ranked[["measure", "region_code", "edition", "list", "year", "rank", "subject"]].to_dict(
            "records"):
        by_place.setdefault((record["measure"], record["region_code"]), []).append(record)
    list_of = dict(zip(info.index, info["list"], strict=True))
    year_of = dict(zip(info.index, info["year"], strict=True))
    for index, movement, edition, region_code in zip(out.index, out["movement"], out["edition"],
                                                     out["region_code"], strict=True):
        if movement not in ("dropped", "new", "returned"):
            continue
        code = str(list_of[edition])
        place = by_place.get((measures.get(code, code), str(region_code)), [])
        target = _transfer(place, movement, levels.get(code), int(year_of[edition]))
        if target is not None:
            kind = "moved_out" if movement == "dropped" else "moved_in"
            out.loc[index, ["movement", "transfer_edition", "transfer_rank"]] = [
                kind, target["edition"], target["rank"]]
    return out


def _transfer(place: list[dict], movement: str, subject: str | None, year: int) -> dict | None:
    """Return the other list's entry a movement row moved to or from, or None for no move.

    `place` holds the place's entries in the lists of the row's measure, sorted as in `_add_transfers`.
    """
    other = [entry for entry in place if entry["subject"] != subject]
    if movement == "dropped":
        return next((entry for entry in other if entry["year"] == year), None)
    before = [entry for entry in other if entry["year"] < year]
    if not before:
        return None
    last = before[-1]
    still = any(entry["list"] == last["list"] and entry["year"] >= year for entry in other)
    return None if still else last


def _mark_reclassified(movements: pd.DataFrame, editions: pd.DataFrame, lists: Lists,
                       region_changes: pd.DataFrame) -> pd.DataFrame:
    """Mark the dropped places of county lists that had become districts by the edition (see above)."""
    identity = select_identity_changes(region_changes)
    became = {}  # code -> effective date of its change from a county-level unit to a district
    for code, old, new, effective in zip(identity["new_code"], identity["old_name"], identity["new_name"],
                                         identity["effective"], strict=True):
        if _kind_of(str(new)) == DISTRICT_KIND and _kind_of(str(old)) != DISTRICT_KIND:
            became[str(code)] = min(str(effective), became.get(str(code), str(effective)))
    info = editions.set_index("edition")[["list", "published"]]
    county_lists = {spec.code for spec in lists.specs if spec.level == "county"}
    out = movements.copy()
    for index, row in out[out["movement"] == "dropped"].iterrows():
        edition_list, published = info.loc[row["edition"]]
        effective = became.get(str(row["region_code"]))
        # Dates of any precision compare as text: "2020-06" <= "2021-12", "2021" <= "2021-12".
        if edition_list in county_lists and effective is not None and effective[:7] <= str(published):
            out.loc[index, "movement"] = "reclassified"
    return out


def _kind_of(name: str) -> str | None:
    return next((kind for suffix, kind in COUNTY_KINDS if name.endswith(suffix)), None)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(_DTYPES)


def add_movement(entries: pd.DataFrame, editions: pd.DataFrame, movements: pd.DataFrame) -> pd.DataFrame:
    """Add previous_edition, previous_rank, movement and rank_change to the entries.

    `rank_change` is ``previous_rank - rank`` (positive = moved up), NA unless ranked in both
    editions. All four columns are NA in the first edition held of a list.

    Returns:
        A copy of `entries` with the four columns; row order unchanged.
    """
    ranked = movements[~movements["movement"].isin(LEFT)]
    current = ranked[["edition", "region_code", "previous_rank", "movement"]]
    chain = compute_previous_editions(editions)[["edition", "previous_edition"]]
    out = entries.merge(chain, on="edition", how="left", validate="many_to_one")
    out = out.merge(current, on=["edition", "region_code"], how="left", validate="one_to_one")
    out["rank_change"] = (out["previous_rank"] - out["rank"]).astype("Int64")
    return out.set_axis(entries.index)
