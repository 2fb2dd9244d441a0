"""Score stage: how many entries each province, bloc and kind holds in each edition.

Input: the entry frame (edition, size, rank, province_code, province_name, bloc, kind) and `Params`.
Outputs: province counts with shares, bloc counts, kind counts and the province x rank-band matrix of
the reports' 各省位次分布 tables.
"""

from __future__ import annotations

import pandas as pd

from scoring.params import Params


def compute_province_counts(entries: pd.DataFrame) -> pd.DataFrame:
    """Count entries per edition and province.

    Returns:
        Columns edition, province_code, province_name, count (Int64), share_pct (Float64,
        ``100 * count / size`` of the edition, two decimals). Only provinces with at least one entry;
        sorted by edition, count descending, province_code.
    """
    counts = (
        entries.groupby(["edition", "province_code", "province_name", "size"], dropna=False, observed=True)
        .size()
        .reset_index(name="count")
    )
    counts["count"] = counts["count"].astype("Int64")
    share = 100 * counts["count"].astype("Float64") / counts["size"].astype("Float64")
    counts["share_pct"] = share.round(2)
    counts = counts.sort_values(
        ["edition", "count", "province_code"], ascending=[True, False, True], kind="stable", ignore_index=True
    )
    return counts[["edition", "province_code", "province_name", "count", "share_pct"]]


def compute_bloc_counts(entries: pd.DataFrame, params: Params) -> pd.DataFrame:
    """Count entries per edition and bloc (东部, 中部, 西部, 东北).

    Every bloc of `params` gets a row in every edition, zero when it has no entry; entries whose
    province is in no bloc are counted under bloc NA.

    Returns:
        Columns edition, bloc, count (Int64), sorted by edition then the bloc order of `params`.
    """
    order = list(params.blocs)
    editions = sorted(entries["edition"].dropna().unique())
    grid = pd.MultiIndex.from_product([editions, order], names=["edition", "bloc"])
    counts = entries.groupby(["edition", "bloc"], dropna=False).size()
    extra = counts[~counts.index.isin(grid)]
    full = pd.concat([counts.reindex(grid, fill_value=0), extra]).reset_index(name="count")
    full["bloc_order"] = full["bloc"].map({bloc: i for i, bloc in enumerate(order)}).fillna(len(order))
    full = full.sort_values(["edition", "bloc_order"], kind="stable", ignore_index=True)
    full = full[["edition", "bloc", "count"]]
    return full.astype({"edition": "string", "bloc": "string", "count": "Int64"})


def compute_kind_counts(entries: pd.DataFrame) -> pd.DataFrame:
    """Count entries per edition and kind (县级市, 县, 旗, 市辖区, 地级市 …) as of that edition.

    The kind is `edition_kind` where the entries carry it (the kind the printed name shows, so
    海门市 counts as a 县级市 in the 2019 county list although it is now 海门区), else the
    current registry kind.

    Returns:
        Columns edition, kind, count (Int64); kinds present only; sorted by edition, count descending, kind.
    """
    column = "edition_kind" if "edition_kind" in entries.columns else "kind"
    kinds = entries[["edition", column]].rename(columns={column: "kind"})
    counts = kinds.groupby(["edition", "kind"], dropna=False).size().reset_index(name="count")
    counts = counts.sort_values(["edition", "count", "kind"], ascending=[True, False, True], kind="stable")
    return counts.astype({"edition": "string", "kind": "string", "count": "Int64"}).reset_index(drop=True)


def compute_band_label(band_start: int, width: int) -> str:
    """Return the label of the rank band starting at `band_start`, e.g. (11, 10) -> "11-20"."""
    return f"{band_start}-{band_start + width - 1}"


def compute_rank_bands(entries: pd.DataFrame, params: Params) -> pd.DataFrame:
    """Count entries per edition, province and rank band (1-10, 11-20, … up to the edition size).

    The matrix is complete: every province with an entry in the edition has a row for every band of
    that edition, zero where it has none. Bands are `params.rank_band_width` wide; the last band ends
    at the edition size rounded up to a whole band (1-10 … 91-100, or 41-50 for a list of 50).

    Returns:
        Columns edition, province_code, band, band_start (Int64), count (Int64); sorted by edition,
        province_code, band_start.
    """
    width = params.rank_band_width
    frame = entries.assign(band_start=((entries["rank"] - 1) // width) * width + 1)
    rows = []
    for edition, group in frame.groupby("edition", sort=True):
        last = max(int(group["size"].max()), int(group["rank"].max()))
        starts = range(1, last + 1, width)
        grid = pd.MultiIndex.from_product(
            [sorted(group["province_code"].dropna().unique()), starts], names=["province_code", "band_start"]
        )
        counts = group.groupby(["province_code", "band_start"]).size().reindex(grid, fill_value=0)
        rows.append(counts.reset_index(name="count").assign(edition=edition))
    bands = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(
        columns=["edition", "province_code", "band_start", "count"]
    )
    bands["band"] = [compute_band_label(int(start), width) for start in bands["band_start"]]
    bands = bands.astype({"edition": "string", "province_code": "string", "band": "string",
                          "band_start": "Int64", "count": "Int64"})
    bands = bands.sort_values(["edition", "province_code", "band_start"], kind="stable", ignore_index=True)
    return bands[["edition", "province_code", "band", "band_start", "count"]]
