"""Corrections stage of the curation: write `corrections.csv`, the misprints found in the tables.

Inputs: `corrections_curated.csv` (misprints established by hand: names, ranks, prefectures,
provinces, each with its reason), `rankings.csv` and `regions.csv`. Output:
`datapackage/data/corrections.csv`. The ranking rows keep what was printed; each correction names
the edition, the region, the field, the printed and the corrected value, the reason and the seed
line (taken from the ranking row). The corrections of editions the seeds do not hold (added with
`import-edition`) are kept as they are, numbered after the seeds'.

The ★ marks are checked by computation, not by hand: in every edition that prints the mark, the
entry with the best rank (after rank corrections) in each province must carry ★ and no other entry
may. Every disagreement becomes a `printed_province_first` correction. Printed provinces,
prefectures and region ranks are checked by `consistency`; a disagreement without a curated
correction stops the tool.

Run: `python -m curation.corrections [--data DIR]`.
"""

from __future__ import annotations

from pathlib import Path

from build_scripts.paths import DATAPACKAGE
from curation.consistency import check_printed_places
from curation.csvio import load_csv, load_field_names, run_data_tool, write_csv
from curation.extract_seeds import load_editions_config
from scoring.errors import PipelineError

CURATED = Path(__file__).resolve().parent / "corrections_curated.csv"
MARK_REASON = (
    "The table marks each province's top entry with ★ (带★表示为省内第一名). {name} is the best-ranked "
    "entry of {province} in this list (rank {rank}{alone}) but is printed {printed}."
)
# The same in Chinese, for the pages (issue 16: reader-facing text is Chinese).
MARK_REASON_ZH = ("表中以 ★ 标注各省第一名（带★表示为省内第一名）。"
                  "{name}{is_top}{province}在本榜名次最高的地区（第 {rank} 名{alone}），但印刷时{printed}。")


def compute_mark_corrections(rankings: list[dict], regions: dict[str, dict], rank_fixes: dict) -> list[dict]:
    """Return a correction for every ★ mark that disagrees with being the province's top entry.

    Args:
        rankings: Rows of `rankings.csv`.
        regions: Rows of `regions.csv` keyed by code.
        rank_fixes: (edition, region_code) -> corrected rank, from the rank corrections.

    Returns:
        Corrections without ids, one per wrong or missing mark.
    """
    marked = {row["edition"] for row in rankings if row["printed_province_first"] == "true"}
    groups: dict[tuple[str, str], list[dict]] = {}
    for row in rankings:
        if row["edition"] in marked:
            key = (row["edition"], regions[row["region_code"]]["province_code"])
            groups.setdefault(key, []).append(row)
    corrections = []
    for (edition, province), rows in groups.items():
        best = min(rank_fixes.get((edition, row["region_code"]), int(row["rank"])) for row in rows)
        for row in rows:
            is_top = rank_fixes.get((edition, row["region_code"]), int(row["rank"])) == best
            if is_top != (row["printed_province_first"] == "true"):
                corrections.append(_mark_correction(row, is_top, regions, province, len(rows)))
    return corrections


def build_corrections(
    rankings: list[dict], regions: dict[str, dict], curated: list[dict], source_files: dict[str, str]
) -> list[dict]:
    """Combine curated and computed corrections, add seed locations and ids (C001 …).

    Args:
        rankings: Rows of `rankings.csv`.
        regions: Rows of `regions.csv` keyed by code.
        curated: Rows of `corrections_curated.csv`.
        source_files: Edition -> seed file name (from `editions.csv`).

    Raises:
        PipelineError: A curated correction names a ranking row that does not exist or whose printed
            value differs from the ranking row.
    """
    by_key = {(row["edition"], row["region_code"]): row for row in rankings}
    problems, rows = [], []
    for entry in curated:
        ranked = by_key.get((entry["edition"], entry["region_code"]))
        if ranked is None or ranked[entry["field"]] != entry["printed_value"]:
            problems.append(
                f"{CURATED.name}: {entry['edition']} {entry['region_code']} {entry['field']} "
                f"does not match a ranking row printing {entry['printed_value']!r}."
            )
            continue
        rows.append(
            dict(entry, source_file=source_files[entry["edition"]], source_line=ranked["source_line"])
        )
    if problems:
        raise PipelineError(problems)
    rank_fixes = {
        (r["edition"], r["region_code"]): int(r["corrected_value"]) for r in rows if r["field"] == "rank"
    }
    marks = compute_mark_corrections(rankings, regions, rank_fixes)
    rows += [dict(row, source_file=source_files[row["edition"]]) for row in marks]
    rows.sort(key=lambda row: (row["edition"], int(row["source_line"]), row["field"]))
    return [dict(row, correction_id=f"C{number:03d}") for number, row in enumerate(rows, start=1)]


def write_corrections(data: Path) -> int:
    """Write `corrections.csv` into `data` and return its row count.

    Raises:
        PipelineError: A printed province, prefecture or region rank disagrees with the registry and
            has no curated correction.
    """
    rankings = load_csv(Path(data) / "rankings.csv")
    regions = {row["code"]: row for row in load_csv(Path(data) / "regions.csv")}
    source_files = {row["edition"]: row["source_file"] for row in load_csv(Path(data) / "editions.csv")}
    seeded = {edition["edition"] for edition in load_editions_config()["editions"]}
    rows = build_corrections([r for r in rankings if r["edition"] in seeded], regions, load_csv(CURATED),
                             source_files)
    # The corrections of editions added with import-edition (no seed) are kept, numbered after these.
    target = Path(data) / "corrections.csv"
    kept = [r for r in load_csv(target) if r["edition"] not in seeded] if target.is_file() else []
    rows += [dict(r, correction_id=f"C{number:03d}") for number, r in enumerate(kept, start=len(rows) + 1)]
    corrected = {(row["edition"], row["region_code"], row["field"]) for row in rows}
    problems = check_printed_places(rankings, regions, corrected)
    if problems:
        raise PipelineError(problems)
    return write_csv(Path(data) / "corrections.csv", rows, load_field_names(DATAPACKAGE, "corrections"))


def _mark_correction(row: dict, is_top: bool, regions: dict, province: str, count: int) -> dict:
    reason = MARK_REASON.format(
        name=regions[row["region_code"]]["name"],
        province=regions[province]["name"],
        rank=row["rank"],
        alone=", its only entry" if count == 1 else "",
        printed="without ★" if is_top else "with ★",
    )
    if not is_top:
        reason = reason.replace("is the best-ranked entry", "is not the best-ranked entry")
    reason_zh = MARK_REASON_ZH.format(
        name=regions[row["region_code"]]["name"], province=regions[province]["name"], rank=row["rank"],
        is_top="是" if is_top else "不是", alone="，也是该省在本榜唯一的上榜地区" if count == 1 else "",
        printed="未带 ★" if is_top else "带有 ★",
    )
    return {
        "edition": row["edition"],
        "region_code": row["region_code"],
        "field": "printed_province_first",
        "printed_value": row["printed_province_first"],
        "corrected_value": "true" if is_top else "false",
        "reason": reason,
        "reason_zh": reason_zh,
        "source_line": row["source_line"],
    }


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; returns the exit code."""
    return run_data_tool(argv, "curation.corrections", __doc__, write_corrections,
                         "corrections", "corrections.csv")


if __name__ == "__main__":
    raise SystemExit(main())
