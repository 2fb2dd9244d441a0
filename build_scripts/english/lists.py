"""The English list pages: an edition's ranking table and a list's overview.

Paths: en/lists/<list>/<year>/ and en/lists/<list>/.

Input: `SiteData`, the English catalogue. Output: `EditionContext` and `ListContext` for
templates/en/list.md.j2 and templates/en/list_index.md.j2. Rows, movements and counts come from the
derived `entries`, `movements` and `province_counts` tables, as on the Chinese pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from build_scripts.catalogue import Catalogue
from build_scripts.contexts.lists import EDITION_CHARTS
from build_scripts.contexts.sitedata import (
    ChartRef,
    SiteData,
    build_chart_ref,
    build_transfers,
    edition_path,
    edition_row,
    list_editions,
    list_path,
)
from build_scripts.english.common import (
    Citation,
    SourceNote,
    build_citation,
    build_downloads,
    build_source_notes,
    compute_arrow,
    compute_tier,
)
from build_scripts.english.names import (
    Name,
    NamedLink,
    build_edition_link,
    build_edition_title,
    build_list_link,
    build_list_name,
    build_place_link,
    build_place_name,
)


@dataclass(frozen=True)
class TableRow:
    """One row of an edition's ranking table."""

    rank: int
    place: NamedLink
    province: NamedLink
    prefecture: Name | None
    tier: str
    change: str
    is_province_leader: bool


@dataclass(frozen=True)
class Mention:
    """A place named in a sentence under the table (dropped out, moved between lists), with a note."""

    place: NamedLink
    note: str


@dataclass(frozen=True)
class CountRow:
    """A province's count of entries in an edition."""

    province: NamedLink
    count: int
    share: str


@dataclass(frozen=True)
class EditionContext:
    """Everything templates/en/list.md.j2 shows about one edition.

    Attributes:
        path: Markdown path relative to docs/en/.
        title: "Top 100 industrial counties, 2024"; `title_zh` the title as printed.
        description: Front matter description.
        size: Number of entries; `has_tiers` whether the table has a tier column.
        previous, following: The editions held before and after, None at either end.
        overview: Link to the list's overview page.
        rows: The ranking by rank.
        dropped, moved_out, moved_in, reclassified: Places named under the table.
        counts: Entries per province, most first.
        source: The edition's report.
        method: The method and dimensions as printed (Chinese); `tiers` the tier rank ranges.
        downloads: The table's files (the Chinese page's); `citation`: APA entries.
        charts: The edition's charts (places by province, ranks by province, tile map), those written.
    """

    path: str
    title: str
    title_zh: str
    description: str
    size: int
    has_tiers: bool
    previous: NamedLink | None
    following: NamedLink | None
    overview: NamedLink
    rows: tuple[TableRow, ...]
    dropped: tuple[Mention, ...]
    moved_out: tuple[Mention, ...]
    moved_in: tuple[Mention, ...]
    reclassified: tuple[Mention, ...]
    counts: tuple[CountRow, ...]
    source: SourceNote
    method: str
    dimensions: str
    tiers: str | None
    downloads: tuple[NamedLink, ...]
    citation: Citation
    charts: tuple[ChartRef, ...]


@dataclass(frozen=True)
class PlaceRanks:
    """A place's ranks in every held edition of a list (empty where absent)."""

    place: NamedLink
    province: str
    ranks: tuple[str, ...]


@dataclass(frozen=True)
class ListContext:
    """Everything templates/en/list_index.md.j2 shows about a list across its editions.

    `chart` is the places-by-region chart across the editions, None when not written.
    """

    path: str
    name: Name
    editions: tuple[NamedLink, ...]
    years: tuple[int, ...]
    places: tuple[PlaceRanks, ...]
    chart: ChartRef | None


def build_edition_context(data: SiteData, t: Catalogue, edition: str) -> EditionContext:
    """Build the English ranking table page of `edition`."""
    e = edition_row(data, edition)
    list_code, year = str(e["list"]), int(e["year"])
    path = edition_path(list_code, year)
    held = [int(h["year"]) for h in list_editions(data, list_code)]
    position = held.index(year)
    title = build_edition_title(data, t, list_code, year)
    rows = tuple(TableRow(
        rank=int(r["rank"]), place=build_place_link(data, t, path, str(r["region_code"])),
        province=build_place_link(data, t, path, str(r["province_code"])),
        prefecture=build_place_name(data, t, str(r["prefecture_code"])) if r["prefecture_code"] else None,
        tier=compute_tier(t, r["tier"]) or "—", change=compute_arrow(t, r["movement"], r["rank_change"]),
        is_province_leader=bool(r["is_province_leader"]),
    ) for r in data.entries_by_edition.get(edition, ()))
    return EditionContext(
        path=path, title=title, title_zh=str(e["title"]),
        description=t.t("edition.description", title=title, size=int(e["size"])),
        size=int(e["size"]), has_tiers=e["tier_boundaries"] is not None,
        previous=build_edition_link(t, path, list_code, held[position - 1]) if position else None,
        following=(build_edition_link(t, path, list_code, held[position + 1])
                   if position + 1 < len(held) else None),
        overview=build_list_link(data, path, list_code), rows=rows,
        dropped=_mentions(data, t, path, edition, "dropped"),
        moved_out=_mentions(data, t, path, edition, "moved_out"),
        moved_in=_mentions(data, t, path, edition, "moved_in"),
        reclassified=_mentions(data, t, path, edition, "reclassified"),
        counts=tuple(CountRow(province=build_place_link(data, t, path, str(c["province_code"])),
                              count=int(c["count"]), share=f"{float(c['share_pct']):.1f}%")
                     for c in sorted((c for c in data.tables["province_counts"] if c["edition"] == edition),
                                     key=lambda c: (-int(c["count"]), str(c["province_code"])))),
        source=build_source_notes(data, t, path, (e,))[0],
        method=str(e["weighting_method"]), dimensions=str(e["dimensions"]), tiers=e["tier_boundaries"],
        downloads=build_downloads(path, "rankings"),
        citation=build_citation(data, path, title, (e,)),
        charts=tuple(c for c in (build_chart_ref(data, path, f"edition-{edition}-{kind}", "en")
                                 for kind in EDITION_CHARTS) if c is not None),
    )


def _mentions(data: SiteData, t: Catalogue, path: str, edition: str, kind: str) -> tuple[Mention, ...]:
    if kind == "dropped":
        moves = [m for m in data.tables["movements"] if m["edition"] == edition and m["movement"] == kind]
    else:
        moves = [m for m in build_transfers(data, edition=edition).values() if m["movement"] == kind]
    moves.sort(key=lambda m: (m["rank"] or 0, m["previous_rank"] or 0, str(m["region_code"])))
    mentions = []
    for m in moves:
        parts = []
        if m["previous_rank"] is not None:
            parts.append(t.t("edition.was_rank", rank=int(m["previous_rank"])))
        if m["rank"] is not None:
            parts.append(t.t("rank", rank=int(m["rank"])))
        if kind != "dropped" and m["transfer_edition"] is not None:
            other = edition_row(data, str(m["transfer_edition"]))
            parts.append(t.t("edition.other_list", list=build_list_name(data, str(other["list"])).en,
                             year=int(other["year"]), rank=int(m["transfer_rank"])))
        mentions.append(Mention(place=build_place_link(data, t, path, str(m["region_code"])),
                                note=", ".join(parts)))
    return tuple(mentions)


def build_list_context(data: SiteData, t: Catalogue, list_code: str) -> ListContext:
    """Build the English overview page of a list: its editions and every place across them."""
    path = list_path(list_code)
    years = tuple(int(e["year"]) for e in list_editions(data, list_code))
    summary = sorted((p for p in data.tables["persistence"] if p["list"] == list_code),
                     key=lambda p: (int(p["best_rank"]), int(p["latest_rank"]), str(p["region_code"])))
    places = []
    for p in summary:
        code = str(p["region_code"])
        ranks = {int(e["year"]): int(e["rank"]) for e in data.entries_by_region[code]
                 if e["list"] == list_code}
        places.append(PlaceRanks(
            place=build_place_link(data, t, path, code),
            province=build_place_name(data, t, str(data.region(code)["province_code"])).en,
            ranks=tuple(str(ranks[y]) if y in ranks else "" for y in years)))
    return ListContext(path=path, name=build_list_name(data, list_code),
                       editions=tuple(build_edition_link(t, path, list_code, y) for y in years),
                       years=years, places=tuple(places),
                       chart=build_chart_ref(data, path, f"list-{list_code}-blocs", "en"))
