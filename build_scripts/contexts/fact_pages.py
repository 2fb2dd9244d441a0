"""Generate stage: the facts pages, one per metric (/facts/<metric>/) and their index (/facts/).

Input: `SiteData` with the optional `facts` and `metrics` resources. Output: `MetricContext` (every
fact of one metric, with its place, figure, year, rank, source and quote), `FactsIndexContext` (the
metrics with their labels and counts, the sources, the qualifier words) and each metric page's
download rows (the metric's rows of the facts resource, columns as in its schema).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from build_scripts.catalogue import load_catalogue
from build_scripts.contexts.fact_tables import (
    FACTS_INDEX,
    METHOD_ANCHOR,
    PlaceCell,
    build_place_cell,
    metric_path,
)
from build_scripts.contexts.sitedata import (
    EditionSource,
    Link,
    Record,
    SiteData,
    build_edition_source,
    build_link,
    build_table_downloads,
)
from build_scripts.contexts.sources import Citation, build_citation
from build_scripts.formatting import QUALIFIER_WORDS, format_source_lines

_YEAR = re.compile(r"((?:19|20)[0-9]{2})")
ZH = load_catalogue("zh")


@dataclass(frozen=True)
class FactSource:
    """A source the facts of a page come from (issue 16: the report, not only the file line).

    `source` is the report as the editions resource describes it (title, issuer, date, address),
    None for a source that publishes no list (the 2026 newspaper feature): `label` (the facts'
    `source`, which names publication and year) stands for it then.
    """

    label: str
    source: EditionSource | None


@dataclass(frozen=True)
class MetricRow:
    """One fact on a metric page.

    Attributes:
        fact_id: The fact's identifier in the facts resource.
        place: The place, linked to its page when it has one.
        printed_name: The name as the source prints it.
        value, unit, qualifier, group_size: The figure as stated.
        reference_year: Year the figure refers to, None when the source gives none.
        rank_in_source: The rank the source gives, None when unranked.
        source: Report and edition.
        location: Section and line of the source file.
        quote: The verbatim quote.
    """

    fact_id: str
    place: PlaceCell
    printed_name: str
    value: float | None
    unit: str | None
    qualifier: str
    group_size: int | None
    reference_year: int | None
    rank_in_source: int | None
    source: str
    location: str
    quote: str


@dataclass(frozen=True)
class MetricContext:
    """Everything `facts_metric.md.j2` shows about one metric.

    Attributes:
        path: Markdown path relative to docs/.
        metric: The metric code; `label_zh`, `unit_kind`, `unit_zh` and `description` (the Chinese
            `description_zh`: the page is Chinese) from the metrics vocabulary.
        rows: Every fact of the metric, in the order of `compute_metric_order`.
        place_count: Number of distinct places.
        downloads: The metric's rows as CSV and JSON.
        index: Link to the facts index; `method`: to its transcription note.
        sources: The sources of the rows, newest first.
        citation: The "how to cite" block (the reports that publish a list, then the page).
    """

    path: str
    metric: str
    label_zh: str
    unit_kind: str
    unit_zh: str | None
    description: str
    rows: tuple[MetricRow, ...]
    place_count: int
    downloads: tuple[Link, ...]
    index: Link
    method: Link
    sources: tuple[FactSource, ...]
    citation: Citation


@dataclass(frozen=True)
class MetricSummary:
    """A metric on the facts index: its page, labels, unit and counts."""

    link: Link
    metric: str
    description: str
    unit_zh: str | None
    fact_count: int
    place_count: int
    csv: Link | None


@dataclass(frozen=True)
class SourceSummary:
    """A source of facts on the facts index, with its file and count."""

    source: str
    source_file: str
    fact_count: int


@dataclass(frozen=True)
class FactsIndexContext:
    """Everything `facts_index.md.j2` shows.

    Attributes:
        path: Markdown path relative to docs/.
        metrics: Every metric of the vocabulary, most facts first (metrics without facts unlinked).
        sources: The sources, newest first.
        qualifiers: Each qualifier symbol with its words, as the pages write it.
        fact_count, place_count: Totals over the facts resource.
        method_anchor: Id of the transcription note's heading.
    """

    path: str
    metrics: tuple[MetricSummary, ...]
    sources: tuple[SourceSummary, ...]
    qualifiers: tuple[tuple[str, str], ...]
    fact_count: int
    place_count: int
    method_anchor: str


def compute_metric_pages(data: SiteData) -> tuple[str, ...]:
    """Return the metrics that get a page (those with at least one fact), sorted."""
    return tuple(sorted({str(f["metric"]) for f in data.table("facts") or ()}))


def compute_source_year(source: str) -> int:
    """Return the year a source names first ("2023 城市…报告" -> 2023), 0 when it names none."""
    match = _YEAR.search(source)
    return int(match.group(1)) if match else 0


def compute_metric_order(facts: Iterable[Record]) -> list[Record]:
    """Sort one metric's facts: newest source, section, printed rank, unit, value (largest first), id.

    Sections keep the source's printed order (their first line), so a table's ranks are not
    interleaved with a ranking the running text gives elsewhere ("居省会城市第 4 位").
    """
    facts = list(facts)
    first: dict[tuple[str, str], int] = {}
    for f in facts:
        key = (str(f["source"]), str(f["source_section"]))
        first[key] = min(first.get(key, int(f["source_line"])), int(f["source_line"]))

    def _key(f: Record) -> tuple:
        rank, value = f.get("rank_in_source"), f.get("value")
        return (-compute_source_year(str(f["source"])), str(f["source"]),
                first[(str(f["source"]), str(f["source_section"]))], str(f["source_section"]),
                rank is None, rank or 0, str(f.get("unit") or ""), value is None, -(value or 0),
                str(f["fact_id"]))

    return sorted(facts, key=_key)


def build_metric_context(data: SiteData, metric: str, pages: Collection[str]) -> MetricContext:
    """Build the context of one metric's facts page.

    Args:
        data: The site data (with facts and metrics).
        metric: A metric code from `compute_metric_pages`.
        pages: Codes of the places that have a page.
    """
    path = metric_path(metric)
    info = compute_metric_info(data).get(metric, {})
    facts = compute_metric_order(f for f in data.table("facts") or () if f["metric"] == metric)
    rows = tuple(_metric_row(data, path, f, pages) for f in facts)
    return MetricContext(
        path=path, metric=metric, label_zh=str(info.get("label_zh") or metric),
        unit_kind=str(info.get("unit") or ""),
        unit_zh=info.get("unit_zh"), description=str(info.get("description_zh") or ""), rows=rows,
        place_count=len({f["region_code"] for f in facts}),
        downloads=build_table_downloads(path, metric),
        index=build_link(path, FACTS_INDEX, ZH.t("contexts.fact_pages.index")),
        method=build_link(path, f"{FACTS_INDEX}#{METHOD_ANCHOR}", ZH.t("contexts.facts.method")),
        sources=build_fact_sources(data, facts),
        citation=build_citation(data, path, str(info.get("label_zh") or metric),
                                compute_fact_editions(data, facts)),
    )


def compute_fact_editions(data: SiteData, facts: Iterable[Record]) -> tuple[Record, ...]:
    """Return one editions record per source file of `facts` that publishes a list (its first edition)."""
    files = {str(f["source_file"]) for f in facts}
    first: dict[str, Record] = {}
    for edition in data.editions:
        if str(edition["source_file"]) in files:
            first.setdefault(str(edition["source_file"]), edition)
    return tuple(first.values())


def build_fact_sources(data: SiteData, facts: Iterable[Record]) -> tuple[FactSource, ...]:
    """Return the sources of `facts` in their order (newest first), each once."""
    editions = {str(e["source_file"]): e for e in compute_fact_editions(data, facts)}
    seen: dict[str, FactSource] = {}
    for fact in facts:
        name = str(fact["source_file"])
        if name not in seen:
            edition = editions.get(name)
            seen[name] = FactSource(label=str(fact["source"]),
                                    source=build_edition_source(edition) if edition is not None else None)
    return tuple(seen.values())


def build_metric_rows(data: SiteData, metric: str, columns: tuple[str, ...]) -> tuple[Record, ...]:
    """Return a metric's facts as download records, in the metric page's order.

    Integral values are written as integers (78, not 78.0), as the facts resource prints them.

    Args:
        data: The site data.
        metric: The metric code.
        columns: The facts resource's fields, in schema order.
    """
    facts = compute_metric_order(f for f in data.table("facts") or () if f["metric"] == metric)
    return tuple({c: _plain(f.get(c)) for c in columns} for f in facts)


def build_facts_index_context(data: SiteData) -> FactsIndexContext:
    """Build the context of the facts index page (/facts/)."""
    path = FACTS_INDEX
    facts = data.table("facts") or ()
    by_metric = compute_facts_by_metric(data)
    summaries = []
    for metric, info in compute_metric_info(data).items():
        rows = by_metric.get(metric, [])
        page = metric_path(metric)
        summaries.append(MetricSummary(
            link=build_link(path, page, str(info.get("label_zh") or metric)), metric=metric,
            description=str(info.get("description_zh") or ""), unit_zh=info.get("unit_zh"),
            fact_count=len(rows), place_count=len({r["region_code"] for r in rows}),
            csv=build_link(path, page.replace("index.md", f"{metric}.csv"), "CSV") if rows else None,
        ))
    summaries.sort(key=lambda s: (-s.fact_count, s.metric))
    return FactsIndexContext(
        path=path, metrics=tuple(summaries), sources=_sources(facts),
        qualifiers=tuple(QUALIFIER_WORDS.items()), fact_count=len(facts),
        place_count=len({f["region_code"] for f in facts}), method_anchor=METHOD_ANCHOR,
    )


def compute_metric_info(data: SiteData) -> dict[str, Record]:
    """Return the metrics vocabulary's records by metric code, in the vocabulary's order."""
    return {str(m["metric"]): m for m in data.table("metrics") or ()}


def compute_facts_by_metric(data: SiteData) -> dict[str, list[Record]]:
    """Return the facts grouped by metric code, each group in the resource's order."""
    by_metric: dict[str, list[Record]] = {}
    for fact in data.table("facts") or ():
        by_metric.setdefault(str(fact["metric"]), []).append(fact)
    return by_metric


def _sources(facts: tuple[Record, ...]) -> tuple[SourceSummary, ...]:
    counts: dict[tuple[str, str], int] = {}
    for fact in facts:
        key = (str(fact["source"]), str(fact["source_file"]))
        counts[key] = counts.get(key, 0) + 1
    order = sorted(counts, key=lambda k: (-compute_source_year(k[0]), k[0], k[1]))
    return tuple(SourceSummary(source=s, source_file=f, fact_count=counts[(s, f)]) for s, f in order)


def _metric_row(data: SiteData, path: str, fact: Record, pages: Collection[str]) -> MetricRow:
    section = fact.get("source_section")
    lines = format_source_lines(fact.get("source_line"), fact.get("source_line_end"))
    location = ZH.t("contexts.fact_pages.separator").join(str(p) for p in (section, lines) if p)
    return MetricRow(
        fact_id=str(fact["fact_id"]), place=build_place_cell(data, path, str(fact["region_code"]), pages),
        printed_name=str(fact.get("printed_name") or ""), value=fact.get("value"), unit=fact.get("unit"),
        qualifier=str(fact["qualifier"]), group_size=fact.get("group_size"),
        reference_year=fact.get("reference_year"), rank_in_source=fact.get("rank_in_source"),
        source=str(fact["source"]), location=location, quote=str(fact.get("quote") or ""),
    )


def _plain(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
