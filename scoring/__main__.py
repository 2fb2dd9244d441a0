r"""Command line of the index engine: `python -m scoring index`.

Reads an indicator table and a weights table (CSV files or `datapackage.json` resources, formats in
`scoring/index_schema.json`), runs `scoring.composite.compute_index`, and writes the scores, ranks
and tiers with the dimension scores, resolved weights, consistency diagnostics and the missing-value
report as a data package (CSV files + `datapackage.json`) that is validated before the command ends.
This entry point is the only part of `scoring` that writes files. Expected failures print one
message per problem to stderr and exit 1, without a traceback.

    python -m scoring index --indicators data/indicators.csv --weights data/datapackage.json \\
        --out build/index [--tiers auto|K] [--tier-rule log_gap|largest_gap|mojena] \\
        [--normalise minmax|zscore] [--missing fail|drop|mean|worst] [--max-cr 0.10]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd
from frictionless import Package as FrictionlessPackage
from frictionless import system

from scoring.ahp import MAX_CONSISTENCY_RATIO
from scoring.clustering import MAX_TIERS, MIN_TIERS, TIER_RULES
from scoring.composite import MISSING_POLICIES, IndexResult, compute_index
from scoring.errors import PipelineError, RenderError
from scoring.indicators import NORMALISATIONS, SCHEMA_PATH, load_table, load_weights

OUTPUT_TABLES = (
    ("index_scores", "scores"),
    ("index_dimension_scores", "dimension_scores"),
    ("index_weights", "weights"),
    ("index_consistency", "consistency"),
    ("index_missing", "missing"),
)
DESCRIPTOR_NAME = "datapackage.json"


def _tiers_argument(text: str) -> int | str:
    if text == "auto":
        return text
    if text.isdigit() and int(text) >= 1:
        return int(text)
    raise argparse.ArgumentTypeError(f"{text!r} is neither auto nor a positive whole number")


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser of `python -m scoring`."""
    parser = argparse.ArgumentParser(prog="python -m scoring", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    index = commands.add_parser("index", help="compute a weighted composite index, ranks and tiers")
    index.add_argument("--indicators", required=True, type=Path, help="indicators CSV or datapackage.json")
    index.add_argument("--weights", required=True, type=Path, help="weights CSV or datapackage.json")
    index.add_argument("--out", required=True, type=Path, help="output folder (created if missing)")
    index.add_argument("--tiers", default="auto", type=_tiers_argument, help="number of tiers or auto")
    index.add_argument("--tier-rule", default="log_gap", choices=TIER_RULES, help="rule of --tiers auto")
    index.add_argument("--min-tiers", default=MIN_TIERS, type=int, help="lower bound of --tiers auto")
    index.add_argument("--max-tiers", default=MAX_TIERS, type=int, help="upper bound of --tiers auto")
    index.add_argument("--normalise", default="minmax", choices=NORMALISATIONS)
    index.add_argument("--missing", default="fail", choices=MISSING_POLICIES, help="what to do with gaps")
    index.add_argument("--max-cr", default=MAX_CONSISTENCY_RATIO, type=float, help="refuse CR at or above")
    return parser


def run_index(args: argparse.Namespace) -> IndexResult:
    """Load the inputs, compute the index and write it to `args.out`; return the result."""
    indicators = load_table(args.indicators, "indicators")
    weights, comparisons = load_weights(args.weights)
    result = compute_index(
        indicators, weights, comparisons,
        normalise=args.normalise, missing=args.missing, tiers=args.tiers, tier_rule=args.tier_rule,
        min_tiers=args.min_tiers, max_tiers=args.max_tiers, max_consistency_ratio=args.max_cr,
    )
    write_index(result, args.out)
    return result


def write_index(result: IndexResult, out: Path) -> None:
    """Write every output table as CSV plus a Data Package descriptor, then validate the package.

    Raises:
        RenderError: The written package does not validate against its own schemas.
    """
    out.mkdir(parents=True, exist_ok=True)
    catalogue = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    by_name = {resource["name"]: resource for resource in catalogue["resources"]}
    resources = []
    for name, attribute in OUTPUT_TABLES:
        described = {k: v for k, v in by_name[name].items() if k != "name"}
        resource = {"name": name, "path": f"{name}.csv", **described}
        fields = resource["schema"]["fields"]
        _write_csv(getattr(result, attribute), fields, out / resource["path"])
        resources.append(resource)
    descriptor = {
        "$schema": catalogue["$schema"],
        "name": "index-result",
        "title": "Composite index: scores, ranks and tiers",
        "description": "Output of python -m scoring index. Formats: scoring/index_schema.json.",
        "resources": resources,
    }
    text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    (out / DESCRIPTOR_NAME).write_text(text, encoding="utf-8")
    _check_written(out)


def _write_csv(table: pd.DataFrame, fields: list[dict], path: Path) -> None:
    columns = {}
    for field in fields:
        column = table[field["name"]]
        if field["type"] == "number":
            columns[field["name"]] = [_format_number(v) for v in column]
        else:
            columns[field["name"]] = ["" if pd.isna(v) else str(v) for v in column]
    text = pd.DataFrame(columns, columns=[f["name"] for f in fields]).to_csv(index=False, lineterminator="\n")
    path.write_text(text, encoding="utf-8")


def _format_number(value) -> str:
    return "" if pd.isna(value) else f"{float(value):.6f}"


def _check_written(out: Path) -> None:
    with system.use_context(trusted=True):
        report = FrictionlessPackage(str(out / DESCRIPTOR_NAME)).validate()
    problems = [f"{task.place} row {getattr(e, 'row_number', '?')}: {e.message}"
                for task in report.tasks for e in task.errors]
    problems += [f"{out / DESCRIPTOR_NAME}: {e.message}" for e in report.errors]
    if problems:
        raise RenderError(["index output breaks scoring/index_schema.json:", *problems])


def render_summary(result: IndexResult, out: Path) -> str:
    """Describe a run in a few lines: places, weights and their consistency, tiers, top places, files."""
    weights, scores = result.weights, result.scores
    lines = [
        f"index: {len(scores)} place-years scored; {len(weights)} indicators in "
        f"{weights['dimension'].nunique()} dimensions; {len(result.missing)} missing values handled",
    ]
    for row in result.consistency.itertuples(index=False):
        group = "dimensions" if pd.isna(row.dimension) else f"indicators of {row.dimension}"
        detail = ""
        if row.method == "ahp":
            detail = f" (λmax {row.lambda_max:.4f}, CR {row.consistency_ratio:.4f})"
        lines.append(f"weights: {group}: {row.method}{detail}")
    for year, group in scores.groupby("year", sort=True):
        tiers = group.groupby("tier", sort=True)["rank"].agg(["min", "max", "size"])
        listed = "; ".join(f"tier {t}: ranks {r['min']}-{r['max']} ({r['size']} places)"
                           for t, r in tiers.iterrows())
        top = ", ".join(f"{r.region_code} {r.score:.6f}" for r in group.head(3).itertuples(index=False))
        lines.append(f"{year}: {len(group)} places; {listed}; top: {top}")
    lines.append(f"wrote {out / DESCRIPTOR_NAME} and {len(OUTPUT_TABLES)} CSV files")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (0 success, 1 expected failure)."""
    args = build_parser().parse_args(argv)
    try:
        result = run_index(args)
    except PipelineError as exc:
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print(render_summary(result, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
