"""Extract stage of the curation: read the seeds, write `rankings.csv` and `editions.csv`.

Inputs: the seed reports (`build_scripts.paths.SEEDS`), `editions.yml` (where each list is printed
and what the report says about its method), the current code list and the curated tables of
`resolve` (former names, overrides). Outputs: `datapackage/data/rankings.csv` (one row per printed
entry, values as printed, `region_code` the place's current code) and `datapackage/data/editions.csv`
(one row per edition), columns in schema order, sorted by edition then rank then source line.

Run: `python -m curation.extract_seeds [--seeds DIR] [--out DIR]`.
"""

from __future__ import annotations

import argparse
import logging
import re
from pathlib import Path

import yaml

from build_scripts.paths import DATAPACKAGE, LISTS, SEEDS
from curation.codes import load_current_codes
from curation.csvio import load_csv, load_field_names, write_csv
from curation.resolve import Resolver, load_resolver
from curation.tables import clean_title, find_table, parse_table
from scoring.errors import PipelineError
from scoring.lists import Lists, load_lists

LOG = logging.getLogger(__name__)
EDITIONS_CONFIG = Path(__file__).resolve().parent / "editions.yml"
COVER_LINES = 12
COVER_MONTH = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月$")
CUTOFF = re.compile(r"行政区划统计截[至止]\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
TABLE_NUMBER = re.compile(r"^表\s*\d+\s*")


def load_editions_config(path: Path = EDITIONS_CONFIG) -> dict:
    """Read `editions.yml` (edition sources and the reports' method statements)."""
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def load_seed_lines(seeds: Path, name: str) -> list[str]:
    """Return the lines of one seed file without line endings.

    Raises:
        PipelineError: The seed file is missing.
    """
    path = Path(seeds) / name
    if not path.is_file():
        raise PipelineError(f"{path}: seed file not found. Point --seeds at the folder of source reports.")
    return path.read_text(encoding="utf-8").split("\n")


def build_rankings(config: dict, seeds: Path, resolver: Resolver) -> list[dict]:
    """Parse every edition's table and resolve each printed row to its current code.

    Returns:
        One dict per ranked entry, sorted by edition, rank and source line.
    """
    rows = []
    for edition in config["editions"]:
        lines = load_seed_lines(seeds, edition["seed"])
        city_level = edition["layout"] == "city"
        for row in parse_table(lines, edition["table"], edition["layout"]):
            code = resolver.resolve(
                row["printed_province"],
                row["printed_prefecture"] or "",
                row["printed_name"],
                city_level=city_level,
            )
            rows.append(dict(row, edition=edition["edition"], region_code=code))
    return sorted(rows, key=lambda row: (row["edition"], row["rank"], row["source_line"]))


def build_editions(config: dict, seeds: Path, sizes: dict[str, int], lists: Lists) -> list[dict]:
    """Build one editions row per configured edition, reading dates and titles from the seeds.

    Args:
        config: The parsed `editions.yml`.
        seeds: Folder of seed files.
        sizes: Number of parsed entries per edition.
        lists: The configured lists (config/lists.yml), which give each list's name.

    Raises:
        PipelineError: A quoted method or tier statement is not in the seed.
    """
    rows = []
    for edition in config["editions"]:
        lines = load_seed_lines(seeds, edition["seed"])
        text = "\n".join(lines)
        for key in ("method_quote", "tier_quote"):
            if key in edition and edition[key] not in text:
                raise PipelineError(
                    f"{EDITIONS_CONFIG.name}: {edition['edition']} {key} not found in {edition['seed']}."
                )
        table_line = find_table(lines, edition["table"])
        section = clean_title(lines[table_line])
        report = _report_source(config, edition["seed"], lines)
        list_id, year = edition["edition"].rsplit("-", 1)
        rows.append(
            {
                "edition": edition["edition"],
                "list": list_id,
                "list_name": lists.get(list_id).name_zh,
                "year": int(year),
                "title": TABLE_NUMBER.sub("", section),
                "report_title": config["reports"][edition["seed"]],
                "publisher": config["publisher"],
                "published": _published(lines, edition["seed"]),
                "division_cutoff": _cutoff(text),
                "size": sizes.get(edition["edition"], 0),
                "weighting_method": edition["weighting_method"],
                "dimensions": edition["dimensions"],
                "method_note": edition["method_note"],
                "tier_boundaries": edition["tier_boundaries"] or None,
                "source_file": edition["seed"],
                "source_section": section,
                "source_line": table_line + 1,
                **report,
            }
        )
    return sorted(rows, key=lambda row: row["edition"])


def write_extract(seeds: Path, out: Path) -> tuple[int, int]:
    """Extract both tables from `seeds` into `out` (a data folder) and return their row counts.

    Editions the seeds do not hold (added with `import-edition`) keep their rows in `out`: only the
    seeds' own editions are rewritten, in the order the importer writes (edition, rank, line).
    """
    config = load_editions_config()
    rankings = build_rankings(config, seeds, load_resolver(load_current_codes()))
    sizes: dict[str, int] = {}
    for row in rankings:
        sizes[row["edition"]] = sizes.get(row["edition"], 0) + 1
    editions = build_editions(config, seeds, sizes, load_lists(LISTS))
    extracted = set(sizes)
    if (out / "editions.csv").is_file() and (out / "rankings.csv").is_file():
        editions += [e for e in load_csv(out / "editions.csv") if e["edition"] not in extracted]
        rankings += [r for r in load_csv(out / "rankings.csv") if r["edition"] not in extracted]
    editions.sort(key=lambda e: e["edition"])
    rankings.sort(key=lambda r: (r["edition"], int(r["rank"]), int(r["source_line"])))
    out.mkdir(parents=True, exist_ok=True)
    n_rankings = write_csv(out / "rankings.csv", rankings, load_field_names(DATAPACKAGE, "rankings"))
    n_editions = write_csv(out / "editions.csv", editions, load_field_names(DATAPACKAGE, "editions"))
    return n_rankings, n_editions


def _published(lines: list[str], seed: str) -> str:
    for line in lines[:COVER_LINES]:
        match = COVER_MONTH.match(line.strip())
        if match:
            return f"{match[1]}-{int(match[2]):02d}"
    raise PipelineError(f"{seed}: no publication month (YYYY年M月) on the cover. Check the seed.")


def _report_source(config: dict, seed: str, lines: list[str]) -> dict:
    """Return the issuer, publisher place and web address the seed prints (`report_sources`).

    Raises:
        PipelineError: A configured value does not occur in the seed as printed.
    """
    source = config["report_sources"][seed]
    text = "\n".join(lines)
    url_line = int(source["publisher_url_line"])
    checks = {"issuer": source["issuer"] in text.replace(" ", ""),
              "publisher_place": f"地址：{source['publisher_place']}" in text,
              "publisher_url": source["publisher_url"] in lines[url_line - 1]}
    missing = [key for key, found in checks.items() if not found]
    if missing:
        raise PipelineError(f"{EDITIONS_CONFIG.name}: report_sources {seed} {', '.join(missing)} "
                            "not found in the seed as printed.")
    english = config["english_names"]
    return {"issuer": source["issuer"], "publisher_place": source["publisher_place"],
            "publisher_url": "http://" + source["publisher_url"], "report_url": None,
            "issuer_en": english[source["issuer"]], "publisher_en": english[config["publisher"]],
            "report_title_en": config["report_titles_en"][seed]}


def _cutoff(text: str) -> str | None:
    found = {f"{y}-{int(m):02d}-{int(d):02d}" for y, m, d in CUTOFF.findall(text)}
    if len(found) > 1:
        raise PipelineError(
            f"seed states several division cut-off dates {sorted(found)}. Set one per edition."
        )
    return found.pop() if found else None


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m curation.extract_seeds", description=__doc__
    )
    parser.add_argument("--seeds", type=Path, default=SEEDS, help="folder of seed reports")
    parser.add_argument("--out", type=Path, default=DATAPACKAGE / "data", help="folder to write the CSVs to")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        n_rankings, n_editions = write_extract(args.seeds, args.out)
    except PipelineError as exc:
        logging.error("%s", exc)
        return 1
    LOG.info("extract_seeds: %d rankings rows, %d editions -> %s", n_rankings, n_editions, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
