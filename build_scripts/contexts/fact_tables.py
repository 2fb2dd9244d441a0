"""Generate stage: a report's own top-10 tables and named lists, shown on its list page.

Input: `SiteData` with the optional `facts` and `metrics` resources, and an edition id. Output:
`FactSection`s, one per printed table or report section, each holding one `FactTable` per metric:
the places the report lists, linked to their pages, in the report's order (its rank, then the
value, largest first, then the order printed).

Which facts form a table: the rows of one metric under one heading of the edition's source file,
when the heading is a printed table ("表 …") or the rows are a complete named group of at least
`MIN_LIST_SIZE` places (e.g. "规模速度指数前 10 强城市为 …"). A report that publishes several lists
(the 2019 county report) gets no tables on its list pages: its tables belong to no single list and
stay on the metric pages of /facts/.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from build_scripts.contexts.sitedata import (
    Link,
    Record,
    SiteData,
    build_link,
    build_region_link,
    compute_page_provinces,
    compute_page_regions,
    edition_row,
)
from build_scripts.formatting import format_source_lines

MIN_LIST_SIZE = 10
FACTS_INDEX = "facts/index.md"
# Anchor of the transcription note on the facts index page (set with attr_list, see facts_index.md.j2).
METHOD_ANCHOR = "method"


@dataclass(frozen=True)
class PlaceCell:
    """A place named by a fact: its registry name and a link to its page, None when it has none."""

    name: str
    link: Link | None


@dataclass(frozen=True)
class FactTableRow:
    """One place in a report's table or named list.

    Attributes:
        rank_in_source: The rank the report prints, None where it prints none (ties, named lists).
        place: The place, linked to its page.
        value, unit, qualifier, group_size: The figure as the facts resource holds it.
        list_rank: The place's rank in the edition whose page shows the table, None if unranked.
    """

    rank_in_source: int | None
    place: PlaceCell
    value: float | None
    unit: str | None
    qualifier: str
    group_size: int | None
    list_rank: int | None


@dataclass(frozen=True)
class FactTable:
    """The rows of one metric under one heading.

    Attributes:
        metric_page: Link to the metric's page on /facts/, labelled with its Chinese name.
        quote: The sentence all rows share (a named list), None for a printed table.
        lines: The source lines the rows come from, e.g. "第 407–418 行".
        has_ranks: Whether any row has a printed rank (the table then has a rank column).
        has_values: Whether any row has a value (the table then has a value column).
        rows: The places in the report's order.
    """

    metric_page: Link
    quote: str | None
    lines: str
    has_ranks: bool
    has_values: bool
    rows: tuple[FactTableRow, ...]


@dataclass(frozen=True)
class FactSection:
    """A printed table or report section and the tables of its metrics, in the report's order."""

    title: str
    tables: tuple[FactTable, ...]


def metric_path(metric: str) -> str:
    """Return the Markdown path of a metric's facts page, e.g. facts/little_giants/index.md."""
    return f"facts/{metric}/index.md"


def compute_fact_page_codes(data: SiteData) -> frozenset[str]:
    """Return the codes of every place with a page (regions and provinces), for linking facts."""
    return frozenset(compute_page_regions(data)) | frozenset(compute_page_provinces(data))


def build_place_cell(data: SiteData, path: str, code: str, pages: Collection[str]) -> PlaceCell:
    """Build the cell of a place from the page at `path`: linked when the place has a page."""
    name = str(data.region(code)["name"])
    return PlaceCell(name=name, link=build_region_link(data, path, code) if code in pages else None)


def compute_fact_order(fact: Record) -> tuple:
    """Sort key of facts in one table: printed rank, then value (largest first), then printed order."""
    rank, value = fact.get("rank_in_source"), fact.get("value")
    return (rank is None, rank or 0, value is None, -(value or 0), str(fact["fact_id"]))


def build_fact_tables(
    data: SiteData, path: str, edition: str, pages: Collection[str]
) -> tuple[FactSection, ...]:
    """Return the top-10 tables and named lists of an edition's report, for its list page.

    Args:
        data: The site data; without a facts resource the result is empty.
        path: Markdown path of the list page (links are relative to it).
        edition: Edition id; its `source_file` selects the facts.
        pages: Codes of the places that have a page (see `compute_fact_page_codes`).

    Returns:
        Sections in the order of the report (first source line), empty when the report publishes
        several lists or states no table.
    """
    facts = data.table("facts")
    source_file = edition_row(data, edition)["source_file"]
    if not facts or sum(e["source_file"] == source_file for e in data.editions) != 1:
        return ()
    groups: dict[tuple[str, str], list[Record]] = {}
    for fact in facts:
        if fact["source_file"] == source_file:
            groups.setdefault((str(fact["source_section"]), str(fact["metric"])), []).append(fact)
    kept = {key: rows for key, rows in groups.items() if _is_table(key[0], rows)}
    ranks = {str(e["region_code"]): int(e["rank"]) for e in data.entries_by_edition.get(edition, ())}
    sections: dict[str, list[FactTable]] = {}
    first_line: dict[str, int] = {}
    for (section, metric), rows in sorted(kept.items(), key=lambda kv: _first_line(kv[1])):
        sections.setdefault(section, []).append(_table(data, path, metric, rows, ranks, pages))
        first_line.setdefault(section, _first_line(rows))
    order = sorted(sections, key=lambda s: (first_line[s], s))
    return tuple(FactSection(title=s, tables=tuple(sections[s])) for s in order)


def _is_table(section: str, rows: list[Record]) -> bool:
    if section.startswith("表"):
        return True
    size = rows[0].get("group_size")
    return size is not None and int(size) >= MIN_LIST_SIZE and len(rows) == int(size)


def _first_line(rows: list[Record]) -> int:
    return min(int(r["source_line"]) for r in rows)


def _metric_label(data: SiteData, metric: str) -> str:
    labels = {str(m["metric"]): m for m in data.table("metrics") or ()}
    return str(labels.get(metric, {}).get("label_zh") or metric)


def _table(data: SiteData, path: str, metric: str, rows: list[Record], ranks: dict[str, int],
           pages: Collection[str]) -> FactTable:
    ordered = sorted(rows, key=compute_fact_order)
    first = min(int(r["source_line"]) for r in rows)
    last = max(int(r.get("source_line_end") or r["source_line"]) for r in rows)
    quotes = {str(r["quote"]) for r in rows}
    return FactTable(
        metric_page=build_link(path, metric_path(metric), _metric_label(data, metric)),
        quote=quotes.pop() if len(quotes) == 1 and len(rows) > 1 else None,
        lines=format_source_lines(first, last),
        has_ranks=any(r.get("rank_in_source") is not None for r in rows),
        has_values=any(r.get("value") is not None for r in rows),
        rows=tuple(FactTableRow(
            rank_in_source=r.get("rank_in_source"),
            place=build_place_cell(data, path, str(r["region_code"]), pages),
            value=r.get("value"), unit=r.get("unit"), qualifier=str(r["qualifier"]),
            group_size=r.get("group_size"), list_rank=ranks.get(str(r["region_code"])),
        ) for r in ordered),
    )
