"""Generate stage: the "报告中的数据" section of a region page, from the optional facts resource.

Input: `SiteData` with the `facts` table (one row per stated figure) and the `metrics` vocabulary,
when the package holds them. Output: `FactGroup`s, one per source and topic, newest source first.
A topic is the metric's `topic` when the vocabulary has one, else the report section or table the
fact is printed in (the reports arrange their figures by topic); topics follow the report's order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from build_scripts.catalogue import load_catalogue
from build_scripts.contexts.fact_tables import FACTS_INDEX, METHOD_ANCHOR, metric_path
from build_scripts.contexts.sitedata import Link, Record, SiteData, build_link
from build_scripts.formatting import format_source_lines

_YEAR = re.compile(r"((?:19|20)[0-9]{2})")
ZH = load_catalogue("zh")


@dataclass(frozen=True)
class FactRow:
    """One figure a report states about a place.

    Attributes:
        metric_name: The metric's Chinese label (the metric code when the vocabulary lacks it).
        metric_page: Link to the metric's facts page (/facts/<metric>/), labelled `metric_name`.
        value: The number, None for a membership fact ("named among …").
        unit: Unit of `value` (may be empty).
        qualifier: =, >, ≥, ≈, top-N, named-in.
        reference_year: Year the figure refers to, None when the source gives none.
        rank_in_source: Rank the source gives the place for this metric, None when unranked.
        group_size: Size of the group a membership statement names, None otherwise.
        quote: The verbatim quote.
        location: Line of the source file (with the section when the group's topic is not it).
    """

    metric_name: str
    metric_page: Link
    value: float | None
    unit: str
    qualifier: str | None
    reference_year: int | None
    rank_in_source: int | None
    group_size: int | None
    quote: str
    location: str


@dataclass(frozen=True)
class FactGroup:
    """The facts of one source on one topic; `methodology` links to the transcription note."""

    source: str
    topic: str
    rows: tuple[FactRow, ...]
    methodology: Link


def build_fact_groups(data: SiteData, path: str, code: str) -> tuple[FactGroup, ...]:
    """Return the facts about `code` grouped by source and topic, newest source first.

    Returns an empty tuple when the package has no facts resource or no facts about the place.
    """
    rows = [f for f in data.table("facts") or () if f["region_code"] == code]
    if not rows:
        return ()
    metrics = {m["metric"]: m for m in data.table("metrics") or ()}
    groups: dict[tuple[str, str], list[FactRow]] = {}
    newest: dict[str, int] = {}
    first_line: dict[tuple[str, str], int] = {}
    for fact in rows:
        metric = metrics.get(fact["metric"], {})
        source = str(fact["source"])
        topic = str(metric.get("topic") or fact.get("topic") or fact.get("source_section") or "")
        label = _label(metric, fact)
        groups.setdefault((source, topic), []).append(
            _fact_row(fact, label, build_link(path, metric_path(str(fact["metric"])), label), topic))
        newest[source] = max(newest.get(source, 0), _source_year(source, fact))
        line = int(fact.get("source_line") or 0)
        first_line[(source, topic)] = min(first_line.get((source, topic), line), line)
    order = sorted(groups, key=lambda k: (-newest[k[0]], k[0], first_line[k], k[1]))
    link = build_link(path, f"{FACTS_INDEX}#{METHOD_ANCHOR}", ZH.t("contexts.facts.method"))
    return tuple(FactGroup(source=s, topic=t, rows=tuple(groups[(s, t)]), methodology=link) for s, t in order)


def _source_year(source: str, fact: Record) -> int:
    """Year of a source: the first four-digit year in its title, else the figure's reference year."""
    match = _YEAR.search(source)
    return int(match.group(1)) if match else int(fact.get("reference_year") or 0)


def _label(metric: Record, fact: Record) -> str:
    for column in ("label_zh", "name_zh", "title", "label"):
        if metric.get(column):
            return str(metric[column])
    return str(fact["metric"])


def _fact_row(fact: Record, name: str, page: Link, topic: str) -> FactRow:
    section = fact.get("source_section")
    shown = None if section == topic else section
    lines = format_source_lines(fact.get("source_line"), fact.get("source_line_end"))
    location = ZH.t("contexts.facts.separator").join(str(p) for p in (shown, lines) if p)
    return FactRow(
        metric_name=name, metric_page=page, value=fact.get("value"), unit=str(fact.get("unit") or ""),
        qualifier=fact.get("qualifier"), reference_year=fact.get("reference_year"),
        rank_in_source=fact.get("rank_in_source"), group_size=fact.get("group_size"),
        quote=str(fact.get("quote") or ""), location=location,
    )
