"""Generate stage: the context of one region page (a county, district or prefecture city).

Input: `SiteData` and a region code. Output: a frozen `RegionContext` holding the headline standing
in each list, the rank history, context links, facts, former names, source notes, downloads and the
citation. Numbers come from the derived `entries` and `persistence` tables; nothing is computed here
beyond selecting and arranging rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from build_scripts.catalogue import load_catalogue
from build_scripts.contexts.facts import FactGroup, build_fact_groups
from build_scripts.contexts.notes import RegionNote, build_region_notes
from build_scripts.contexts.sitedata import (
    AFTER_LEAVING,
    ChartRef,
    Link,
    Record,
    SiteData,
    build_chart_ref,
    build_link,
    build_region_link,
    build_table_downloads,
    build_transfers,
    compute_latest_ranks,
    compute_transfer_note,
    edition_path,
    edition_row,
    is_city_list,
    list_editions,
    list_name,
    region_path,
    select_near_ranks,
    select_province_peers,
)
from build_scripts.contexts.sources import (
    ChangeRow,
    Citation,
    CorrectionRow,
    SourceNote,
    build_change_rows,
    build_correction_rows,
    build_region_citation,
    build_source_notes,
)
from build_scripts.contexts.territory import TerritoryRow, build_movement_note, build_territory_rows

NEIGHBOUR_SPAN = 2
ZH = load_catalogue("zh")
ENTRY_DOWNLOAD_COLUMNS = (
    "edition", "list", "year", "rank", "region_code", "printed_name", "name", "province_name",
    "prefecture_name", "tier_name", "province_rank", "list_percentile_pct", "is_province_leader",
    "previous_edition", "previous_rank", "movement", "rank_change",
)


@dataclass(frozen=True)
class HistoryPoint:
    """One edition of a list held in the package: the place's rank in it, or None when absent.

    `printed_name` is the name the table printed (e.g. 海门市 before it became 海门区), None when absent.
    `province_rank` (rank among the province's entries) and `percentile_pct` (list percentile, 100 =
    first) give the rank's context in every edition. `transfer` describes a move between lists in
    this edition ("转入工业百强区（第 40 名）"), None when there is none.
    """

    year: int
    edition: Link
    rank: int | None
    tier_name: str | None
    printed_name: str | None
    province_rank: int | None
    percentile_pct: float | None
    transfer: str | None


@dataclass(frozen=True)
class Neighbour:
    """An entry next to the place in an edition's ranking."""

    rank: int
    link: Link
    province_name: str
    is_self: bool


@dataclass(frozen=True)
class Standing:
    """The place in one list.

    Attributes:
        list_code: List identifier (county_industrial …).
        list_name: Chinese list name.
        latest_year: Year of the newest edition the place appears in.
        latest_edition: Link to that edition's table page.
        newest_year: Year of the newest edition of the list held in the package.
        rank: Rank in `latest_year`.
        tier_name: Tier in that edition, None where the edition has no tiers.
        province_rank: Rank among the province's entries in that edition.
        percentile_pct: List percentile of the entry (100 = first).
        is_province_leader: Whether it is its province's best entry in that edition.
        movement: up | down | unchanged | new | returned; None for the first edition held.
        rank_change: Places moved (positive = up), None unless up/down/unchanged.
        previous_year: Year of the previous edition held (the comparison), None if none.
        territory_note: Set when the place's territory changed between `previous_year` and
            `latest_year` (区域调整), e.g. "2021 年调整后不含划入临平区的区域"; None otherwise.
        editions_in: How many held editions of the list it appears in.
        editions_held: How many editions of the list the package holds.
        best_rank: Best rank over the held editions, with `best_year`.
        best_year: Year of the best rank (the earliest if tied).
        history: One point per held edition, oldest first (rank None where absent).
        moved_to: The move out of this list after its latest entry ("转入工业百强区（第 40 名）"),
            with `moved_year`; None when the place did not move to another list.
        arrived: How the latest entry came from another list ("由工业百强县（市）转入（2019 年第 14 名）"),
            None unless its movement is moved_in.
        neighbours: Entries within `NEIGHBOUR_SPAN` ranks in the latest edition, itself included.
        province_peers: The province's other entries in the latest edition, by rank.
    """

    list_code: str
    list_name: str
    latest_year: int
    latest_edition: Link
    newest_year: int
    rank: int
    tier_name: str | None
    province_rank: int
    percentile_pct: float
    is_province_leader: bool
    movement: str | None
    rank_change: int | None
    previous_year: int | None
    territory_note: str | None
    editions_in: int
    editions_held: int
    best_rank: int
    best_year: int
    history: tuple[HistoryPoint, ...]
    moved_to: str | None
    moved_year: int | None
    arrived: str | None
    neighbours: tuple[Neighbour, ...]
    province_peers: tuple[Neighbour, ...]


@dataclass(frozen=True)
class ChildRow:
    """A ranked county or district under a prefecture city, with its latest rank per list."""

    link: Link
    ranks: tuple[str, ...]


@dataclass(frozen=True)
class RegionContext:
    """Everything `region.md.j2` shows about one place.

    Attributes:
        path: Markdown path of the page relative to docs/.
        code: Current registry code.
        name: Official name; `short_name`, `pinyin`, `kind`, `level` as in the registry.
        province: Link to the province page; `prefecture`: link to the prefecture page, None when
            the place has none (a prefecture itself, or a province-administered county).
        standings: One per list the place appears in, in list order.
        history_chart: The rank-history chart of all its lists, None when the build wrote none.
        lists_absent: Names of the lists it never appears in (for the sentence in words).
        children: For a prefecture city: its ranked counties and districts; `child_lists` names the
            columns of `ChildRow.ranks`.
        siblings: Other ranked places under the same prefecture.
        facts: Facts grouped by source and topic; `has_facts_resource` says whether the package
            holds a facts resource at all.
        changes: Former codes and names.
        territory: Territory changes (区域调整): territory it lost to or gained from another place.
        sources: Source notes of the editions it appears in.
        corrections: Recorded misprints in its entries.
        notes: The reports' checked statements that name it, problems first (links to the notes page).
        downloads: Links to its own rows as CSV and JSON.
        citation: The "how to cite" block.
        release: Data release month.
        description: One-sentence page description (front matter, search and social previews).
        social_title: The preview title: name and latest ranks ("慈溪市：2024 工业百强县（市）第 5 名").
    """

    path: str
    description: str
    social_title: str
    code: str
    name: str
    short_name: str
    pinyin: str
    kind: str
    level: str
    province: Link
    prefecture: Link | None
    standings: tuple[Standing, ...]
    history_chart: ChartRef | None
    lists_absent: tuple[str, ...]
    children: tuple[ChildRow, ...]
    child_lists: tuple[str, ...]
    siblings: tuple[Link, ...]
    facts: tuple[FactGroup, ...]
    has_facts_resource: bool
    changes: tuple[ChangeRow, ...]
    territory: tuple[TerritoryRow, ...]
    sources: tuple[SourceNote, ...]
    corrections: tuple[CorrectionRow, ...]
    downloads: tuple[Link, ...]
    citation: Citation
    release: str
    notes: tuple[RegionNote, ...] = ()


def build_region_context(data: SiteData, code: str) -> RegionContext:
    """Build the context of the region page of `code` (a county, district or prefecture)."""
    row = data.region(code)
    path = region_path(data, code)
    entries = data.entries_by_region.get(code, ())
    standings = tuple(_standing(data, path, code, list_code, group)
                      for list_code, group in _by_list(data, entries))
    held_lists = {s.list_code for s in standings}
    prefecture = row["prefecture_code"]
    children, child_lists = _children(data, path, code)
    separator = ZH.t("contexts.region.separator")
    ranks = separator.join(ZH.t("contexts.region.rank", list=s.list_name, year=s.latest_year, rank=s.rank)
                           for s in standings)
    social_ranks = separator.join(ZH.t("contexts.region.social_rank", list=s.list_name, year=s.latest_year,
                                       rank=s.rank) for s in standings)
    return RegionContext(
        path=path, description=ZH.t("contexts.region.description", place=row["name"],
                                    ranks=ranks or ZH.t("contexts.region.children_ranked")),
        social_title=ZH.t("contexts.region.social_title", place=row["name"], ranks=social_ranks)
        if standings else str(row["name"]),
        code=code, name=str(row["name"]), short_name=str(row["short_name"]),
        pinyin=str(row["pinyin"]), kind=str(row["kind"]), level=str(row["level"]),
        province=build_region_link(data, path, str(row["province_code"])),
        prefecture=build_region_link(data, path, prefecture) if prefecture else None,
        standings=standings, history_chart=build_chart_ref(data, path, f"region-{code}"),
        lists_absent=tuple(list_name(data, lc) for lc in data.list_order
                           if lc not in held_lists and list_editions(data, lc)),
        children=children, child_lists=child_lists,
        siblings=_siblings(data, path, code, prefecture),
        facts=build_fact_groups(data, path, code),
        has_facts_resource=data.table("facts") is not None,
        changes=build_change_rows(data, code),
        territory=build_territory_rows(data, code),
        sources=build_source_notes(data, path, entries),
        corrections=build_correction_rows(data, code),
        downloads=build_table_downloads(path, "rankings"),
        citation=build_region_citation(data, path, str(row["name"]), entries),
        release=data.release,
        notes=build_region_notes(data, path, code),
    )


def build_region_rows(data: SiteData, code: str) -> tuple[Record, ...]:
    """Return the place's own entry records (the page's CSV/JSON download), one per edition."""
    return tuple({c: e[c] for c in ENTRY_DOWNLOAD_COLUMNS} for e in data.entries_by_region.get(code, ()))


def _by_list(data: SiteData, entries: tuple[Record, ...]):
    for list_code in data.list_order:
        group = tuple(e for e in entries if e["list"] == list_code)
        if group:
            yield list_code, group


def _standing(data: SiteData, path: str, code: str, list_code: str, group: tuple[Record, ...]) -> Standing:
    latest = group[-1]
    held = list_editions(data, list_code)
    summary = data.persistence_by_place[(list_code, code)]
    previous = latest["previous_edition"]
    year = int(latest["year"])
    previous_year = int(edition_row(data, previous)["year"]) if previous else None
    transfers = build_transfers(data, code=code)
    history = _history(data, path, list_code, held, group, transfers)
    moved = next((p for p in history if p.year > year and p.transfer and p.transfer != AFTER_LEAVING), None)
    return Standing(
        list_code=list_code, list_name=list_name(data, list_code), latest_year=year,
        latest_edition=build_link(path, edition_path(list_code, year),
                                  ZH.t("edition.year", year=year)),
        newest_year=int(held[-1]["year"]), rank=int(latest["rank"]),
        tier_name=latest["tier_name"], province_rank=int(latest["province_rank"]),
        percentile_pct=float(latest["list_percentile_pct"]),
        is_province_leader=bool(latest["is_province_leader"]),
        movement=latest["movement"], rank_change=latest["rank_change"],
        previous_year=previous_year,
        territory_note=build_movement_note(data, code, previous_year, year),
        editions_in=int(summary["editions_in"]), editions_held=int(summary["editions_held"]),
        best_rank=int(summary["best_rank"]),
        best_year=int(edition_row(data, summary["best_edition"])["year"]),
        history=history, moved_to=moved.transfer if moved else None,
        moved_year=moved.year if moved else None,
        arrived=compute_transfer_note(data, transfers[(str(latest["edition"]), code)])
        if (str(latest["edition"]), code) in transfers else None,
        neighbours=_neighbours(data, path, code, str(latest["edition"]), int(latest["rank"])),
        province_peers=_peers(data, path, code, str(latest["edition"]), str(latest["province_code"])),
    )


def _history(data: SiteData, path: str, list_code: str, held: tuple[Record, ...], group: tuple[Record, ...],
             transfers: Mapping[tuple[str, str], Record]) -> tuple[HistoryPoint, ...]:
    by_year = {int(e["year"]): e for e in group}
    code = str(group[0]["region_code"])
    points = []
    left = False  # the place left this list for another kind (moved_out, reclassified) in an earlier point
    for edition in held:
        year = int(edition["year"])
        entry = by_year.get(year)
        move = transfers.get((str(edition["edition"]), code))
        note = compute_transfer_note(data, move) if move else None
        if entry is None and note is None and left:
            note = AFTER_LEAVING
        left = left or (move is not None and move["movement"] in ("moved_out", "reclassified"))
        points.append(HistoryPoint(
            year=year,
            edition=build_link(path, edition_path(list_code, year), ZH.t("edition.year", year=year)),
            rank=int(entry["rank"]) if entry else None,
            tier_name=entry["tier_name"] if entry else None,
            printed_name=entry["printed_name"] if entry else None,
            province_rank=int(entry["province_rank"]) if entry else None,
            percentile_pct=float(entry["list_percentile_pct"]) if entry else None,
            transfer=note,
        ))
    return tuple(points)


def _neighbour(data: SiteData, path: str, code: str, entry: Record) -> Neighbour:
    return Neighbour(rank=int(entry["rank"]), link=build_region_link(data, path, str(entry["region_code"])),
                     province_name=str(entry["province_name"]), is_self=entry["region_code"] == code)


def _neighbours(data: SiteData, path: str, code: str, edition: str, rank: int) -> tuple[Neighbour, ...]:
    near = select_near_ranks(data, edition, rank, NEIGHBOUR_SPAN)
    return tuple(_neighbour(data, path, code, e) for e in near)


def _peers(data: SiteData, path: str, code: str, edition: str, province: str) -> tuple[Neighbour, ...]:
    peers = select_province_peers(data, edition, province, code)
    return tuple(_neighbour(data, path, code, e) for e in peers)


def _children(data: SiteData, path: str, code: str) -> tuple[tuple[ChildRow, ...], tuple[str, ...]]:
    codes = data.ranked_under.get(code, ())
    if not codes:
        return (), ()
    lists = tuple(lc for lc in data.list_order if not is_city_list(data, lc) and list_editions(data, lc))
    rows = []
    for child in codes:
        ranks = compute_latest_ranks(data, child)
        rows.append(ChildRow(link=build_region_link(data, path, child),
                             ranks=tuple(ranks.get(lc, "") for lc in lists)))
    return tuple(rows), tuple(list_name(data, lc) for lc in lists)


def _siblings(data: SiteData, path: str, code: str, prefecture: str | None) -> tuple[Link, ...]:
    if not prefecture:
        return ()
    codes = [c for c in data.ranked_under.get(prefecture, ()) if c != code]
    return tuple(build_region_link(data, path, c) for c in codes)
