"""Command line of `python -m build_scripts import-edition` (see `curation.import_edition`).

Input: the table and the edition's metadata as options. Output: the summary on stdout, or the
problems on stderr and exit code 1 (nothing written).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from build_scripts import paths
from curation.edition_origins import ChangeRecord
from curation.edition_rules import CORRECTABLE, Fix, Pin
from curation.import_edition import EditionMeta, ImportSummary, import_edition
from scoring.errors import PipelineError
from scoring.lists import load_lists


def render_summary(summary: ImportSummary) -> str:
    """Return the summary as printed by the command, one fact per line."""
    marks = (f"{summary.marks} printed, {summary.marks_on_leaders} on their province's best-ranked entry, "
             f"{summary.leaders_unmarked} best-ranked entries without ★" if summary.marks else "none printed")
    lines = [f"import-edition: {summary.edition} imported",
             f"  rows: {summary.rows}", f"  provinces: {summary.provinces}",
             f"  new places: {len(summary.new_places)}" + (f" ({', '.join(summary.new_places)})"
                                                           if summary.new_places else ""),
             f"  renamed places: {len(summary.renamed)}" + (f" ({', '.join(summary.renamed)})"
                                                            if summary.renamed else ""),
             f"  ★ marks checked: {marks}",
             f"  corrections recorded: {len(summary.corrections)}" + (f" ({', '.join(summary.corrections)})"
                                                                     if summary.corrections else ""),
             f"  region changes recorded: {len(summary.changes)}" + (f" ({', '.join(summary.changes)})"
                                                                     if summary.changes else ""),
             *([f"  report added to {summary.citation}"] if summary.citation else []),
             "  next: make site"]
    return "\n".join(lines) + "\n"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m build_scripts import-edition", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("table", type=Path, help="the ranking table (.csv or .xlsx)")
    parser.add_argument("--list", required=True, help="list code of config/lists.yml, e.g. county_industrial")
    parser.add_argument("--year", required=True, type=int, help="year in the list's title")
    parser.add_argument("--title", required=True, help="the list's title as printed")
    parser.add_argument("--report-title", required=True, help="title of the report that publishes the list")
    parser.add_argument("--published", required=True, help="publication month, YYYY-MM")
    parser.add_argument("--publisher", default="中国信息通信研究院")
    parser.add_argument("--division-cutoff", default=None, help="the report's division cut-off, YYYY-MM-DD")
    parser.add_argument("--source-file", default=None,
                        help="source document (default: the table's file name)")
    parser.add_argument("--source-section", default=None, help="section or table title (default: --title)")
    parser.add_argument("--source-line", type=int, default=1,
                        help="line of the list's title in the source document (default: 1)")
    parser.add_argument("--issuer", default=None,
                        help="issuing body as printed on the report's cover (default: --publisher)")
    parser.add_argument("--publisher-place", default=None, help="city of the publisher's printed address")
    parser.add_argument("--publisher-url", default=None, help="the publisher's printed web address")
    parser.add_argument("--report-url", default=None, help="the report's own official web address")
    parser.add_argument("--issuer-en", default=None,
                        help="the issuing body's English name, for English citations (default: "
                             "--publisher-en when --issuer is not given)")
    parser.add_argument("--publisher-en", default=None, help="the publisher's English name")
    parser.add_argument("--report-title-en", default=None,
                        help="an English translation of the report's title, for English citations")
    parser.add_argument("--size", type=int, default=None, help="entries (default: the list's size)")
    parser.add_argument("--weighting-method", default="报告未说明")
    parser.add_argument("--dimensions", default="报告未说明")
    parser.add_argument("--method-note", default=None)
    parser.add_argument("--tiers", default=None, help="tier boundaries as the report states them, 1-8;9-30;…")
    parser.add_argument("--pin", nargs=4, action="append", default=[],
                        metavar=("ROW", "CODE", "REASON", "REASON_ZH"),
                        help="resolve table row ROW to CODE; recorded as a correction with the reason in "
                             "English and in Chinese (the pages show REASON_ZH)")
    parser.add_argument("--correct", nargs=5, action="append", default=[],
                        metavar=("ROW", "FIELD", "VALUE", "REASON", "REASON_ZH"),
                        help=f"record a correction of row ROW's printed FIELD ({', '.join(CORRECTABLE)})")
    parser.add_argument("--change", nargs=6, action="append", default=[],
                        metavar=("OLD_CODE", "NEW_CODE", "EFFECTIVE", "KIND", "SOURCE", "SOURCE_ZH"),
                        help="record a region change (the origin of a place new since the 2019 code "
                             "history: 平果县 451023 -> 平果市 451082, 2019-12, 撤县设市), with its evidence "
                             "in English and in Chinese; the names come from the code lists")
    parser.add_argument("--sheet", default=None, help="XLSX sheet (default: the first)")
    parser.add_argument("--package", type=Path, default=paths.DATAPACKAGE, help="data package folder")
    parser.add_argument("--lists", type=Path, default=paths.LISTS, help="lists configuration")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; prints the summary and returns the exit code."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    meta = EditionMeta(
        list=args.list, year=args.year, title=args.title, report_title=args.report_title,
        publisher=args.publisher, published=args.published, division_cutoff=args.division_cutoff,
        size=args.size, weighting_method=args.weighting_method, dimensions=args.dimensions,
        method_note=args.method_note, tier_boundaries=args.tiers,
        source_file=args.source_file or args.table.name, source_section=args.source_section,
        source_line=args.source_line, issuer=args.issuer, publisher_place=args.publisher_place,
        publisher_url=args.publisher_url, report_url=args.report_url, issuer_en=args.issuer_en,
        publisher_en=args.publisher_en, report_title_en=args.report_title_en)
    try:
        pins = [Pin(int(row), code, reason, reason_zh) for row, code, reason, reason_zh in args.pin]
        fixes = [Fix(int(row), field, value, reason, reason_zh)
                 for row, field, value, reason, reason_zh in args.correct]
        changes = [ChangeRecord(*change) for change in args.change]
        summary = import_edition(args.package, args.table, meta, load_lists(args.lists), pins, args.sheet,
                                 fixes, changes)
    except ValueError as exc:
        print(f"PipelineError: --pin/--correct ROW must be a table row number ({exc}).", file=sys.stderr)
        return 1
    except PipelineError as exc:
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(render_summary(summary))
    return 0
