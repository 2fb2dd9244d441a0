"""Generate stage: contexts of the ranking table pages (/lists/<list>/<year>/) and list overviews.

Input: `SiteData`. Output: `EditionContext` (one edition's table, charts, dropped entries, source
note) and `ListContext` (a list's editions and its places across them).
"""

from __future__ import annotations

from dataclasses import dataclass

from build_scripts.catalogue import load_catalogue
from build_scripts.contexts.fact_tables import FactSection, build_fact_tables, compute_fact_page_codes
from build_scripts.contexts.notes import ClaimTally, build_claim_tally
from build_scripts.contexts.sitedata import (
    ChartRef,
    EditionSource,
    Link,
    Record,
    SiteData,
    build_chart_ref,
    build_edition_source,
    build_link,
    build_region_link,
    build_table_downloads,
    build_transfers,
    compute_district_change_words,
    compute_transfer_note,
    edition_path,
    edition_row,
    list_editions,
    list_name,
    list_path,
    methodology_path,
    page_url,
    region_path,
)
from build_scripts.contexts.sources import Citation, build_citation
from build_scripts.contexts.territory import build_movement_note

EDITION_DOWNLOAD_COLUMNS = (
    "edition", "rank", "region_code", "printed_name", "name", "level", "kind", "province_code",
    "province_name", "prefecture_code", "prefecture_name", "bloc", "tier", "tier_name", "province_rank",
    "is_province_leader", "previous_edition", "previous_rank", "movement", "rank_change",
)
EDITION_CHARTS = ("provinces", "bands", "tiles")
ZH = load_catalogue("zh")


@dataclass(frozen=True)
class TableRow:
    """One row of an edition table."""

    rank: int
    place: Link
    province: Link
    prefecture: str | None
    tier_name: str | None
    movement: str | None
    rank_change: int | None
    is_province_leader: bool
    printed_region_rank: str | None
    printed_rank_change: str | None


@dataclass(frozen=True)
class DroppedRow:
    """A place in the previous edition held that is not in this one."""

    place: Link
    previous_rank: int


@dataclass(frozen=True)
class TerritoryNote:
    """A place of the table whose territory changed since the previous edition held (区域调整)."""

    place: Link
    note: str


@dataclass(frozen=True)
class TransferRow:
    """A place that moved between this list and a list of another kind of place (issue 16).

    `note` says where to or from ("转入工业百强区（第 40 名）"); `other` links that edition's page
    (None for a place that became a district and is on no list: "撤市设区（2020 年 6 月），不再列入…").
    """

    place: Link
    previous_rank: int | None
    rank: int | None
    note: str
    other: Link | None


@dataclass(frozen=True)
class CountRow:
    """A province's count of entries in an edition."""

    province: Link
    count: int
    share_pct: float


@dataclass(frozen=True)
class EditionContext:
    """Everything `list.md.j2` shows about one edition.

    Attributes:
        path: Markdown path relative to docs/.
        edition: Edition id; `list_code`, `list_name`, `year` from the editions table.
        source: The edition's title, size, report, publication and method (`EditionSource`).
        has_tiers: Whether the report gives tiers (the table then has a tier column).
        has_printed_marks: Whether the table printed a region rank (苏1) and a change mark against
            its own previous year (the city list); the page then shows both as printed.
        previous: Link to the previous edition held (the movement's comparison), None if first.
        following: Link to the next edition held, None if newest.
        overview: Link to the list's overview page; `methodology`: to its methodology page.
        rows: The ranking, by rank then code.
        territory_notes: Places of the table whose territory changed between `previous` and this
            edition (区域调整), so their movement compares different territories; by rank.
        dropped: Places in `previous` that are not in this edition (moves to another list apart).
        moved_out: Places in `previous` that moved to a list of another kind this year.
        moved_in: Places of this edition that came from a list of another kind.
        reclassified: Places in `previous` that became districts and left the county lists (蓬莱市 ->
            蓬莱区, 2020), on no list this year; `other` is None.
        counts: Entries per province, most first.
        charts: Charts of this edition (province counts, rank-band heat map, tile map) and of the
            list across editions (blocs), those the build wrote.
        downloads: This table's rows as CSV and JSON.
        claims: How many statements of the edition's report hold (None when none were checked).
        fact_tables: The report's top-10 tables and named lists (facts resource), when the report
            publishes this list alone; empty otherwise.
        url: Absolute page URL; `release`: data release month.
        citation: The "how to cite" block (the report, then the page).
    """

    path: str
    edition: str
    list_code: str
    list_name: str
    year: int
    source: EditionSource
    has_tiers: bool
    has_printed_marks: bool
    previous: Link | None
    following: Link | None
    overview: Link
    methodology: Link
    rows: tuple[TableRow, ...]
    dropped: tuple[DroppedRow, ...]
    territory_notes: tuple[TerritoryNote, ...]
    moved_out: tuple[TransferRow, ...]
    moved_in: tuple[TransferRow, ...]
    reclassified: tuple[TransferRow, ...]
    counts: tuple[CountRow, ...]
    charts: tuple[ChartRef, ...]
    downloads: tuple[Link, ...]
    fact_tables: tuple[FactSection, ...]
    url: str
    release: str
    citation: Citation
    claims: ClaimTally | None = None


@dataclass(frozen=True)
class PlaceHistory:
    """A place's ranks in every held edition of a list (empty string where absent)."""

    place: Link
    province_name: str
    ranks: tuple[str, ...]


@dataclass(frozen=True)
class ListContext:
    """Everything `list_index.md.j2` shows about a list across its editions.

    Attributes:
        path: Markdown path relative to docs/.
        list_code, list_name: The list.
        editions: Links to each edition held, oldest first ("2019 年" …); `years` their years.
        places: Every place ever in the list, by best (then latest) rank.
        chart: The blocs-across-editions chart, None when not written.
        methodology: Link to the list's methodology page.
    """

    path: str
    list_code: str
    list_name: str
    editions: tuple[Link, ...]
    years: tuple[int, ...]
    places: tuple[PlaceHistory, ...]
    chart: ChartRef | None
    methodology: Link


def build_edition_context(data: SiteData, edition: str) -> EditionContext:
    """Build the context of one edition's ranking table page."""
    e = edition_row(data, edition)
    list_code, year = str(e["list"]), int(e["year"])
    path = edition_path(list_code, year)
    held = [int(h["year"]) for h in list_editions(data, list_code)]
    position = held.index(year)
    entries = data.entries_by_edition.get(edition, ())
    printed = {r["region_code"]: r for r in data.tables["rankings"] if r["edition"] == edition}
    rows = tuple(_table_row(data, path, r, printed[r["region_code"]]) for r in entries)
    chart_names = [f"edition-{edition}-{kind}" for kind in EDITION_CHARTS] + [f"list-{list_code}-blocs"]
    return EditionContext(
        path=path, edition=edition, list_code=list_code, list_name=str(e["list_name"]), year=year,
        source=build_edition_source(e),
        has_tiers=e["tier_boundaries"] is not None,
        has_printed_marks=any(r.printed_region_rank or r.printed_rank_change for r in rows),
        previous=_edition_link(path, list_code, held, position - 1),
        following=_edition_link(path, list_code, held, position + 1),
        overview=build_link(path, list_path(list_code), str(e["list_name"])),
        methodology=build_link(path, methodology_path(data, list_code), ZH.t("contexts.lists.methodology")),
        rows=rows,
        dropped=_dropped(data, path, edition),
        territory_notes=_territory_notes(data, path, entries, held[position - 1] if position else None, year),
        moved_out=_transfers(data, path, edition, "moved_out"),
        moved_in=_transfers(data, path, edition, "moved_in"),
        reclassified=_transfers(data, path, edition, "reclassified"),
        counts=_counts(data, path, edition),
        charts=tuple(c for c in (build_chart_ref(data, path, n) for n in chart_names) if c is not None),
        downloads=build_table_downloads(path, "rankings"),
        fact_tables=build_fact_tables(data, path, edition, compute_fact_page_codes(data)),
        url=page_url(data, path), release=data.release,
        claims=build_claim_tally(data, path, edition),
        citation=build_citation(data, path, str(e["title"]), (e,)),
    )


def _territory_notes(data: SiteData, path: str, entries: tuple[Record, ...], previous_year: int | None,
                     year: int) -> tuple[TerritoryNote, ...]:
    notes = []
    for entry in entries:
        code = str(entry["region_code"])
        note = build_movement_note(data, code, previous_year, year)
        if note:
            notes.append(TerritoryNote(place=build_region_link(data, path, code), note=note))
    return tuple(notes)


def build_edition_rows(data: SiteData, edition: str) -> tuple[Record, ...]:
    """Return an edition's entry records for its CSV/JSON download, by rank."""
    rows = data.entries_by_edition.get(edition, ())
    return tuple({c: e[c] for c in EDITION_DOWNLOAD_COLUMNS} for e in rows)


def build_list_context(data: SiteData, list_code: str) -> ListContext:
    """Build the context of a list's overview page (its editions and every place across them)."""
    path = list_path(list_code)
    years = tuple(int(e["year"]) for e in list_editions(data, list_code))
    summary = sorted((p for p in data.tables["persistence"] if p["list"] == list_code),
                     key=lambda p: (int(p["best_rank"]), int(p["latest_rank"]), str(p["region_code"])))
    places = []
    for p in summary:
        code = str(p["region_code"])
        mine = (e for e in data.entries_by_region[code] if e["list"] == list_code)
        ranks = {int(e["year"]): int(e["rank"]) for e in mine}
        places.append(PlaceHistory(
            place=build_region_link(data, path, code),
            province_name=str(data.region(str(data.region(code)["province_code"]))["name"]),
            ranks=tuple(str(ranks[y]) if y in ranks else "" for y in years),
        ))
    return ListContext(
        path=path, list_code=list_code, list_name=list_name(data, list_code),
        editions=tuple(build_link(path, edition_path(list_code, y), ZH.t("edition.year", year=y))
                       for y in years),
        years=years, places=tuple(places),
        chart=build_chart_ref(data, path, f"list-{list_code}-blocs"),
        methodology=build_link(path, methodology_path(data, list_code), ZH.t("contexts.lists.methodology")),
    )


def _edition_link(path: str, list_code: str, held: list[int], position: int) -> Link | None:
    if position < 0 or position >= len(held):
        return None
    year = int(held[position])
    return build_link(path, edition_path(list_code, year), ZH.t("edition.year", year=year))


def _table_row(data: SiteData, path: str, r: Record, printed: Record) -> TableRow:
    return TableRow(
        rank=int(r["rank"]), place=build_region_link(data, path, str(r["region_code"])),
        province=build_link(path, region_path(data, str(r["province_code"])), str(r["province_name"])),
        prefecture=r["prefecture_name"], tier_name=r["tier_name"],
        movement=r["movement"], rank_change=r["rank_change"],
        is_province_leader=bool(r["is_province_leader"]),
        printed_region_rank=printed["printed_region_rank"],
        printed_rank_change=printed["printed_rank_change"],
    )


def _dropped(data: SiteData, path: str, edition: str) -> tuple[DroppedRow, ...]:
    dropped = (m for m in data.tables["movements"] if m["edition"] == edition and m["movement"] == "dropped")
    rows = sorted(dropped, key=lambda m: (int(m["previous_rank"]), str(m["region_code"])))
    return tuple(DroppedRow(place=build_region_link(data, path, str(r["region_code"])),
                            previous_rank=int(r["previous_rank"])) for r in rows)


def _transfers(data: SiteData, path: str, edition: str, kind: str) -> tuple[TransferRow, ...]:
    moves = sorted((m for m in build_transfers(data, edition=edition).values() if m["movement"] == kind),
                   key=lambda m: (m["rank"] or 0, m["previous_rank"] or 0, str(m["region_code"])))
    rows = []
    for m in moves:
        other = None if m["transfer_edition"] is None else edition_row(data, str(m["transfer_edition"]))
        rows.append(TransferRow(
            place=build_region_link(data, path, str(m["region_code"])), previous_rank=m["previous_rank"],
            rank=m["rank"], note=compute_district_change_words(data, str(m["region_code"])) if other is None
            else str(compute_transfer_note(data, m)),
            other=None if other is None else build_link(
                path, edition_path(str(other["list"]), int(other["year"])), str(other["title"])),
        ))
    return tuple(rows)


def _counts(data: SiteData, path: str, edition: str) -> tuple[CountRow, ...]:
    rows = sorted((c for c in data.tables["province_counts"] if c["edition"] == edition),
                  key=lambda c: (-int(c["count"]), str(c["province_code"])))
    return tuple(CountRow(
        province=build_link(path, region_path(data, str(r["province_code"])), str(r["province_name"])),
        count=int(r["count"]), share_pct=float(r["share_pct"]),
    ) for r in rows)
