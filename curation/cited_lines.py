"""Write the inventory of cited source lines, so the build checks quotes without the seeds.

Inputs: the seeds (`../shared/seeds/`, the source reports) and the package's `facts.csv` and
`claims.csv` (quotes with their `source_file` and `source_line`), `rankings.csv`/`editions.csv` and
`corrections.csv` (line numbers). Output: `scoring/cited_lines.json`: per report its SHA-256 and
number of lines, and the text of every line a fact or claim cites together with the
`WINDOW` lines after it (a quote may run on over a line or page break), and the lines a claim's
params quote a figure from (`<role>_line`, in `<role>_file` or the claim's own report).
`scoring.source_checks` reads it.

Run after adding or moving a fact or claim (needs the seeds):
`python -m curation.cited_lines [--data DIR] [--seeds DIR]`.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
from pathlib import Path

from build_scripts.paths import DATAPACKAGE, SEEDS
from scoring.source_checks import INVENTORY_PATH, REGENERATE, cited_param_lines

WINDOW = 4  # lines after the cited one that a quote may run on into
QUOTING = ("facts", "claims")


def read_seed_lines(path: Path) -> list[str]:
    """Return a seed's lines as the package numbers them (split at newlines, 1-based by position)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def build_inventory(package_dir: Path, seeds: Path) -> dict:
    """Return the inventory of every seed the package cites (see the module docstring)."""
    cited: dict[str, set[int]] = {}
    for resource in QUOTING:
        path = package_dir / "data" / f"{resource}.csv"
        if path.is_file():
            with path.open(encoding="utf-8", newline="") as handle:
                for row in csv.DictReader(handle):
                    # A quote running over several lines (facts' source_line_end) keeps all of them.
                    last = int(row.get("source_line_end") or row["source_line"])
                    first = int(row["source_line"])
                    cited.setdefault(row["source_file"], set()).update(range(first, last + 1))
                    if resource == "claims":
                        _add_param_lines(cited, row)
    with (package_dir / "data" / "editions.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            # An edition imported from a table (import-edition) has no seed: nothing to inventory.
            if (seeds / row["source_file"]).is_file():
                cited.setdefault(row["source_file"], set())
    files = {}
    for name in sorted(cited):
        lines = read_seed_lines(seeds / name)
        wanted = sorted({n for line in cited[name] for n in range(line, line + WINDOW + 1)
                         if n <= len(lines)})
        files[name] = {"sha256": hashlib.sha256((seeds / name).read_bytes()).hexdigest(), "lines": len(lines),
                       "text": {str(n): lines[n - 1] for n in wanted}}
    return {"regenerate": REGENERATE, "window": WINDOW, "files": files}


def _add_param_lines(cited: dict[str, set[int]], claim: dict) -> None:
    """Add the lines a claim's params quote a figure from (a denominator stated on another line)."""
    try:
        params = json.loads(claim["params"])
    except ValueError:
        return  # the validator reports it
    if isinstance(params, dict):
        for _, name, line in cited_param_lines(params):
            cited.setdefault(name or claim["source_file"], set()).add(line)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATAPACKAGE, help="data package folder")
    parser.add_argument("--seeds", type=Path, default=SEEDS, help="folder of the source reports")
    args = parser.parse_args(argv)
    inventory = build_inventory(args.data, args.seeds)
    INVENTORY_PATH.write_text(json.dumps(inventory, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                              encoding="utf-8", newline="\n")
    print(f"wrote {INVENTORY_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
