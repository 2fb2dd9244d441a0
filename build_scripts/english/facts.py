"""The English facts pages: one per metric (en/facts/<metric>/) and their index (en/facts/).

Input: `SiteData` with the optional `facts` and `metrics` resources, and the English catalogue.
Output: `MetricContext` and `FactsIndexContext` for templates/en/facts_metric.md.j2 and
facts_index.md.j2. Every figure is labelled in English (the metric's English label, the qualifier in
words, the unit in English); the quote stays in Chinese, as printed. The rows and their order are
the Chinese pages' (`contexts.fact_pages`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from build_scripts.catalogue import Catalogue
from build_scripts.contexts.fact_pages import (
    compute_fact_editions,
    compute_facts_by_metric,
    compute_metric_info,
    compute_metric_order,
    compute_source_year,
)
from build_scripts.contexts.fact_tables import FACTS_INDEX, metric_path
from build_scripts.contexts.sitedata import Record, SiteData, relative
from build_scripts.english.common import Citation, build_citation, build_downloads
from build_scripts.english.names import Name, NamedLink, build_place_link, build_place_name, build_twin_href
from build_scripts.formatting import format_value, is_missing

QUALIFIERS = ("=", ">", "≥", "<", "≤", "≈", "top-N", "named-in")


@dataclass(frozen=True)
class FactRow:
    """One figure: the place, what it states in English, and the quote as printed."""

    place: NamedLink | None
    place_name: Name
    figure: str
    year: str
    rank: str
    source: str
    location: str
    quote: str


@dataclass(frozen=True)
class RegionFact:
    """A figure a report states about the place.

    The indicator (linked to its page), the figure in English, the year and the quote as printed,
    with its source.
    """

    indicator: NamedLink
    figure: str
    year: str
    quote: str
    source: str


@dataclass(frozen=True)
class MetricContext:
    """Everything templates/en/facts_metric.md.j2 shows about one metric."""

    path: str
    metric: str
    label: Name
    unit: str
    description: str
    rows: tuple[FactRow, ...]
    place_count: int
    sources: tuple[str, ...]
    index: NamedLink
    downloads: tuple[NamedLink, ...]
    citation: Citation


@dataclass(frozen=True)
class MetricSummary:
    """A metric on the English facts index."""

    link: NamedLink | None
    label: Name
    description: str
    unit: str
    fact_count: int
    place_count: int
    csv: str | None


@dataclass(frozen=True)
class FactsIndexContext:
    """Everything templates/en/facts_index.md.j2 shows."""

    path: str
    metrics: tuple[MetricSummary, ...]
    qualifiers: tuple[tuple[str, str], ...]
    fact_count: int
    place_count: int


def compute_figure(t: Catalogue, fact: Record) -> str:
    """State a fact's figure in English: "78 firms", "more than 5,000 (100 million yuan)", "top 10"."""
    unit = "" if is_missing(fact.get("unit")) else t.t(f"unit.{fact['unit']}")
    value = fact.get("value")
    figure = "" if is_missing(value) else (f"{format_value(value)}{unit}" if unit == "%"
                                           else f"{format_value(value)} {unit}".strip())
    qualifier = str(fact.get("qualifier") or "=")
    group = fact.get("group_size")
    if qualifier == "top-N":
        text = t.t("facts.top_n", n=int(group)) if not is_missing(group) else t.t("qualifier.top-N")
        return f"{text} ({figure})" if figure else text
    text = (figure or "—") if qualifier == "=" else f"{t.t(f'qualifier.{qualifier}')} {figure}".strip()
    return t.t("facts.of_group", text=text, n=int(group)) if not is_missing(group) else text


def compute_source_label(data: SiteData, fact: Record) -> str:
    """Name a fact's source in English: its report's English title, or its Chinese label."""
    edition = next((e for e in data.editions if str(e["source_file"]) == str(fact["source_file"])), None)
    if edition is not None and edition.get("report_title_en"):
        return str(edition["report_title_en"])
    return str(fact["source"])


def build_metric_context(data: SiteData, t: Catalogue, metric: str, pages: Collection[str]) -> MetricContext:
    """Build the English page of one metric (`pages`: the codes of the places with a page)."""
    path = metric_path(metric)
    info = compute_metric_info(data).get(metric, {})
    facts = compute_metric_order(f for f in data.table("facts") or () if f["metric"] == metric)
    label = Name(str(info.get("label_en") or metric), str(info.get("label_zh") or ""))
    return MetricContext(
        path=path, metric=metric, label=label, unit=t.t(f"metric_unit.{info.get('unit') or 'none'}"),
        description=str(info.get("description") or ""),
        rows=tuple(_row(data, t, path, f, pages) for f in facts),
        place_count=len({f["region_code"] for f in facts}),
        sources=tuple(dict.fromkeys(compute_source_label(data, f) for f in facts)),
        index=NamedLink(Name(t.t("facts.title"), ""), relative(path, FACTS_INDEX)),
        downloads=build_downloads(path, metric),
        citation=build_citation(data, path, label.en, compute_fact_editions(data, facts)),
    )


def _row(data: SiteData, t: Catalogue, path: str, fact: Record, pages: Collection[str]) -> FactRow:
    code = str(fact["region_code"])
    lines = (str(int(fact["source_line"])) if is_missing(fact.get("source_line_end"))
             or int(fact["source_line_end"]) == int(fact["source_line"])
             else f"{int(fact['source_line'])}–{int(fact['source_line_end'])}")
    return FactRow(
        place=build_place_link(data, t, path, code) if code in pages else None,
        place_name=build_place_name(data, t, code), figure=compute_figure(t, fact),
        year=str(fact.get("reference_year") or "—"), rank=str(fact.get("rank_in_source") or "—"),
        source=compute_source_label(data, fact),
        location=t.t("facts.location", section=str(fact.get("source_section") or ""), lines=lines),
        quote=str(fact.get("quote") or ""),
    )


def build_facts_index_context(data: SiteData, t: Catalogue) -> FactsIndexContext:
    """Build the English facts index (en/facts/)."""
    facts = data.table("facts") or ()
    by_metric = compute_facts_by_metric(data)
    summaries = []
    for metric, info in compute_metric_info(data).items():
        rows = by_metric.get(metric, [])
        page = metric_path(metric)
        label = Name(str(info.get("label_en") or metric), str(info.get("label_zh") or ""))
        summaries.append(MetricSummary(
            link=NamedLink(label, relative(FACTS_INDEX, page)) if rows else None, label=label,
            description=str(info.get("description") or ""),
            unit=t.t(f"metric_unit.{info.get('unit') or 'none'}"),
            fact_count=len(rows), place_count=len({r["region_code"] for r in rows}),
            csv=build_twin_href(FACTS_INDEX, page.replace("index.md", f"{metric}.csv")) if rows else None))
    summaries.sort(key=lambda s: (-s.fact_count, s.label.en))
    return FactsIndexContext(
        path=FACTS_INDEX, metrics=tuple(summaries),
        qualifiers=tuple((q, t.t(f"qualifier.{q}")) for q in QUALIFIERS),
        fact_count=len(facts), place_count=len({f["region_code"] for f in facts}))


def build_region_facts(data: SiteData, t: Catalogue, path: str, code: str) -> tuple[RegionFact, ...]:
    """Return the figures the reports state about the place `code`, newest report first (region pages)."""
    facts = sorted((f for f in data.table("facts") or () if f["region_code"] == code),
                   key=lambda f: (-compute_source_year(str(f["source"])), str(f["source_file"]),
                                  int(f["source_line"]), str(f["fact_id"])))
    labels = compute_metric_info(data)
    rows = []
    for f in facts:
        info = labels.get(str(f["metric"]), {})
        name = Name(str(info.get("label_en") or f["metric"]), str(info.get("label_zh") or ""))
        rows.append(RegionFact(
            indicator=NamedLink(name, relative(path, metric_path(str(f["metric"])))),
            figure=compute_figure(t, f), year=str(f.get("reference_year") or "—"),
            quote=str(f.get("quote") or ""), source=compute_source_label(data, f)))
    return tuple(rows)
