"""Score stage: every derived analytics table, computed from the validated package.

Input: a loaded `Package` and `Params`. Output: a dict of DataFrames keyed by derived resource name
(entries, movements, province_counts, bloc_counts, kind_counts, rank_bands, province_leaders,
persistence, cross_list, prefecture_groups, and the claims check's claim_verdicts); their schemas
are in `scoring/derived_schema.json`. Pure: nothing is written; `build_scripts.derived_writer`
writes and validates the tables.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from scoring.claims import compute_claim_verdicts
from scoring.counts import (
    compute_bloc_counts,
    compute_kind_counts,
    compute_province_counts,
    compute_rank_bands,
)
from scoring.crosslist import compute_cross_list, compute_prefecture_groups
from scoring.entries import (
    add_edition_kind,
    add_list_percentile,
    apply_rank_corrections,
    compute_base_entries,
)
from scoring.errors import PipelineError
from scoring.leaders import add_province_rank, compute_province_leaders
from scoring.lists import Lists, apply_list_enums
from scoring.movement import add_movement, compute_movements
from scoring.package import Package
from scoring.params import Params
from scoring.persistence import compute_persistence
from scoring.tiers import add_tiers

DERIVED_SCHEMA_PATH = Path(__file__).with_name("derived_schema.json")
ENTRY_COLUMNS = (
    "edition", "list", "year", "rank", "printed_rank", "region_code", "printed_name", "name", "level", "kind",
    "edition_kind", "province_code", "province_name", "prefecture_code", "prefecture_name", "bloc", "tier",
    "tier_name",
    "province_rank", "list_percentile_pct", "is_province_leader", "previous_edition", "previous_rank",
    "movement", "rank_change",
)


def compute_entries(
    rankings: pd.DataFrame,
    editions: pd.DataFrame,
    regions: pd.DataFrame,
    params: Params,
    lists: Lists,
    corrections: pd.DataFrame | None = None,
    region_changes: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Build the enriched entry table (the `entries` resource) and keep helper columns.

    Ranks are the printed ranks with the recorded rank corrections applied (`printed_rank` keeps
    the printed value); every other analytics column derives from that rank.

    Returns:
        One row per (edition, region_code) with `ENTRY_COLUMNS` plus the helper columns `size` and
        `printed_province_first`, sorted by list, year, rank, region_code.
    """
    if corrections is not None:
        rankings = apply_rank_corrections(rankings, corrections)
    base = compute_base_entries(rankings, editions, regions, params)
    if region_changes is None:
        base = base.assign(edition_kind=base["kind"])
    else:
        base = add_edition_kind(base, region_changes)
    entries = base.pipe(add_tiers, editions).pipe(add_province_rank).pipe(add_list_percentile)
    movements = compute_movements(entries, editions, lists, region_changes)
    return entries.pipe(add_movement, editions, movements)


def compute_derived(package: Package, params: Params, lists: Lists) -> dict[str, pd.DataFrame]:
    """Compute every derived table from the validated package.

    Args:
        package: The loaded, validated data package.
        params: Analytics parameters (blocs, rank band width, streak thresholds).
        lists: The configured lists (config/lists.yml): which kind of place each list ranks.

    Returns:
        Resource name -> DataFrame, each table in its schema's column order and sorted
        deterministically (independent of the input row order).
    """
    editions = package["editions"]
    corrections = package["corrections"] if "corrections" in package.tables else None
    changes = package["region_changes"] if "region_changes" in package.tables else None
    entries = compute_entries(package["rankings"], editions, package["regions"], params, lists, corrections,
                              changes)
    return {
        "entries": entries[list(ENTRY_COLUMNS)].reset_index(drop=True),
        "movements": compute_movements(entries, editions, lists, changes),
        "province_counts": compute_province_counts(entries),
        "bloc_counts": compute_bloc_counts(entries, params),
        "kind_counts": compute_kind_counts(entries),
        "rank_bands": compute_rank_bands(entries, params),
        "province_leaders": compute_province_leaders(entries),
        "persistence": compute_persistence(entries, editions, params),
        "cross_list": compute_cross_list(entries),
        "prefecture_groups": compute_prefecture_groups(entries, lists),
        "claim_verdicts": compute_claim_verdicts(package, params),
    }


def load_derived_schema(path: Path | str = DERIVED_SCHEMA_PATH, lists: Lists | None = None) -> dict:
    """Read the derived package descriptor (Data Package v2, resources without data).

    Args:
        path: The descriptor file.
        lists: The configured lists; when given, every `list` field's enum is set to their codes
            (the committed file holds the same, `python -m build_scripts lists-schema` writes it, and
            a test checks they agree), so a list added to the configuration needs no code change.

    Raises:
        PipelineError: The file is missing or is not valid JSON.
    """
    path = Path(path)
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise PipelineError(f"{path}: file not found. Restore scoring/derived_schema.json.") from exc
    except json.JSONDecodeError as exc:
        raise PipelineError(f"{path}: not valid JSON ({exc}). Fix the descriptor.") from exc
    return apply_list_enums(schema, lists) if lists is not None else schema
