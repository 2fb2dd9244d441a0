"""Command line: `python -m build_scripts <stage>`.

The only place that catches `PipelineError`: it prints the message to stderr without a traceback
and exits 1.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from build_scripts import bench, paths, pipeline
from scoring.errors import PipelineError

STAGES = {
    "validate": pipeline.run_validate,
    "score": pipeline.run_score,
    "generate": pipeline.run_generate,
    "all": pipeline.run_all,
    "site": pipeline.run_site,
    "bench": bench.run_bench,
}


def main(argv: list[str] | None = None) -> int:
    """Run one stage and return the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m build_scripts", description=__doc__)
    parser.add_argument("stage", choices=sorted(STAGES))
    parser.add_argument("--package", default=None, help="data package folder (default: datapackage/)")
    parser.add_argument("--root", default=None, type=Path,
                        help="folder holding mkdocs.yml, docs/ and site_overrides/, where build/ and site/ "
                             "are written (default: this repository)")
    parser.add_argument("--quiet", action="store_true", help="log warnings only")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(message)s")
    where = paths.default_paths(args.package)
    if args.root:
        where = paths.BuildPaths(root=args.root.resolve(), datapackage=where.datapackage, params=where.params)
    try:
        STAGES[args.stage](where)
    except PipelineError as exc:
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
