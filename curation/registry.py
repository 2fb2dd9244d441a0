"""Registry stage of the curation: write `regions.csv`, one row per place the package refers to.

Inputs: `rankings.csv` (and `facts.csv` when present) and the new codes of the curated
`changes.csv` (红谷滩区, which took territory from a ranked place) for the codes referred to, the
current code list for names. Output: `datapackage/data/regions.csv` — every referred code plus
its prefecture and province, with name, short name, level, kind, parent codes, pinyin and slug,
sorted by code.

Run: `python -m curation.registry [--data DIR]`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from build_scripts.paths import DATAPACKAGE
from curation.codes import load_current_codes, prefecture_of, province_of
from curation.csvio import load_csv, load_field_names, run_data_tool, write_csv
from curation.names import (
    compute_kind,
    compute_level,
    compute_pinyin,
    compute_short_name,
    load_pinyin_overrides,
)
from curation.resolve import CHANGES
from scoring.errors import PipelineError

REFERRING_TABLES = ("rankings.csv", "facts.csv")


def load_referred_codes(data: Path) -> set[str]:
    """Return every `region_code` in the referring tables of `data`, and the curated changes' new codes.

    region_changes.new_code must be a registry code, also where no table ranks it (红谷滩区).
    """
    codes: set[str] = {row["new_code"] for row in load_csv(CHANGES)}
    for name in REFERRING_TABLES:
        path = Path(data) / name
        if path.is_file():
            codes |= {row["region_code"] for row in load_csv(path) if row.get("region_code")}
    return codes


def compute_closure(codes: Iterable[str]) -> set[str]:
    """Return the codes plus their prefectures and provinces."""
    closure = set()
    for code in codes:
        closure |= {code, province_of(code)}
        parent = prefecture_of(code)
        if parent:
            closure.add(parent)
    return closure


def build_regions(codes: Iterable[str], current: Mapping[str, str], overrides: dict[str, str]) -> list[dict]:
    """Build registry rows for the closure of `codes`, sorted by code.

    Raises:
        PipelineError: A code is not in the current code list.
    """
    closure = sorted(compute_closure(codes))
    missing = [code for code in closure if code not in current]
    if missing:
        raise PipelineError(f"codes not in the current code list: {missing}. Map them to current codes.")
    rows = []
    for code in closure:
        name = current[code]
        parent = prefecture_of(code)
        parent_short = compute_short_name(current[parent]) if parent else None
        short = compute_short_name(name, parent_short)
        pinyin = compute_pinyin(short, overrides)
        rows.append(
            {
                "code": code,
                "name": name,
                "short_name": short,
                "level": compute_level(code, name),
                "kind": compute_kind(code, name),
                "province_code": province_of(code),
                "prefecture_code": parent,
                "pinyin": pinyin,
                "slug": f"{code}-{pinyin}",
            }
        )
    return rows


def write_registry(data: Path) -> int:
    """Write `regions.csv` into `data` and return its row count."""
    rows = build_regions(load_referred_codes(data), load_current_codes(), load_pinyin_overrides())
    return write_csv(Path(data) / "regions.csv", rows, load_field_names(DATAPACKAGE, "regions"))


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; returns the exit code."""
    return run_data_tool(argv, "curation.registry", __doc__, write_registry,
                         "regions", "regions.csv")


if __name__ == "__main__":
    raise SystemExit(main())
