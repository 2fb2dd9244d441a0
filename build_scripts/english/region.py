"""The English region page (en/county|district|prefecture/<code>-<pinyin>/): a place in every list.

Input: `SiteData`, the English catalogue and a region code. Output: a frozen `RegionContext` for
templates/en/region.md.j2. Ranks, movements and summaries come from the derived `entries`,
`movements` and `persistence` tables, as on the Chinese page; the reports' figures about the place
from `english.facts`; the places around it, its former names and the reports' checked statements
that name it from `english.region_related`.
"""

from __future__ import annotations

from dataclasses import dataclass

from build_scripts.catalogue import Catalogue
from build_scripts.contexts.sitedata import (
    ChartRef,
    Record,
    SiteData,
    build_chart_ref,
    build_transfers,
    edition_row,
    list_editions,
    region_path,
    select_near_ranks,
    select_province_peers,
)
from build_scripts.english.common import (
    Citation,
    SourceNote,
    build_citation,
    build_downloads,
    build_region_editions,
    build_source_notes,
    compute_movement,
    compute_tier,
)
from build_scripts.english.facts import RegionFact, build_region_facts
from build_scripts.english.names import (
    Name,
    NamedLink,
    build_edition_link,
    build_list_name,
    build_place_link,
    build_place_name,
    build_twin_href,
    compute_kind,
)
from build_scripts.english.region_related import (
    ChangeRow,
    ChildRow,
    Statement,
    build_changes,
    build_children,
    build_siblings,
    build_statements,
)

NEIGHBOUR_SPAN = 2


@dataclass(frozen=True)
class HistoryRow:
    """One held edition of a list: the place's rank in it, or what happened instead (`rank_text`)."""

    edition: NamedLink
    rank_text: str
    province_rank: str
    percentile: str
    tier: str
    printed_name: str


@dataclass(frozen=True)
class Neighbour:
    """An entry of the latest edition near the place (or in its province)."""

    rank: int
    place: NamedLink
    is_self: bool


@dataclass(frozen=True)
class Standing:
    """The place in one list.

    Attributes:
        list_name: The list's English and Chinese name.
        edition: Link to the latest edition the place appears in.
        rank: Its rank there; `is_province_leader` whether it led its province.
        detail: The line under the rank: movement, province rank, tier, editions in.
        summary: The sentence over the history table.
        absent_note: Set when the place is not in the newest edition held (why, in words).
        history: One row per held edition, oldest first.
        neighbours: Entries within `NEIGHBOUR_SPAN` ranks in the latest edition; `peers` the
            province's other entries in it.
    """

    list_name: Name
    edition: NamedLink
    rank: int
    is_province_leader: bool
    detail: str
    summary: str
    absent_note: str | None
    history: tuple[HistoryRow, ...]
    neighbours: tuple[Neighbour, ...]
    peers: tuple[Neighbour, ...]
    latest_year: int


@dataclass(frozen=True)
class RegionContext:
    """Everything templates/en/region.md.j2 shows about one place.

    Attributes:
        path: Markdown path relative to docs/en/ (the Chinese page's path).
        title, description, social_title: Front matter (title "Jiangyin 江阴市").
        name: The place's name; `code` its current division code; `kind` in English.
        province, prefecture: Links to the province and prefecture pages (prefecture None when none).
        standings: One per list it appears in, in list order.
        children, child_lists: For a prefecture city, its ranked places and the lists of their columns.
        siblings: Other ranked places under the same prefecture.
        changes: Former names and codes.
        sources: The report of each edition it appears in.
        downloads: Its rows as CSV, Excel CSV, XLSX, JSON and the descriptor (the Chinese page's files).
        facts: The figures the reports state about the place, newest report first.
        chinese_page: The Chinese page (the checks of the reports' statements).
        has_reports_detail: Whether the reports' text names the place (figures or checked statements).
        citation: APA entries.
        history_chart: The rank-history chart of all its lists, None when the build wrote none.
        statements: The reports' checked statements that name the place, problems first.
    """

    path: str
    title: str
    description: str
    social_title: str
    name: Name
    code: str
    kind: str
    province: NamedLink
    prefecture: NamedLink | None
    standings: tuple[Standing, ...]
    children: tuple[ChildRow, ...]
    child_lists: tuple[Name, ...]
    siblings: tuple[NamedLink, ...]
    changes: tuple[ChangeRow, ...]
    sources: tuple[SourceNote, ...]
    downloads: tuple[NamedLink, ...]
    facts: tuple[RegionFact, ...]
    chinese_page: str
    has_reports_detail: bool
    citation: Citation
    history_chart: ChartRef | None
    statements: tuple[Statement, ...]


def compute_detailed_codes(data: SiteData) -> frozenset[str]:
    """Return the codes of the places the reports' text says something about.

    That is: a quoted figure (facts) or a checked statement naming the place (`SiteData.claims_naming`:
    by its code, or through a quoted figure).
    """
    return frozenset({str(f["region_code"]) for f in data.table("facts") or ()} | set(data.claims_naming))


def build_region_context(data: SiteData, t: Catalogue, code: str,
                         detailed: frozenset[str] | None = None) -> RegionContext:
    """Build the English region page of `code`; `detailed`: `compute_detailed_codes` (computed when None)."""
    row = data.region(code)
    path = region_path(data, code)
    name = build_place_name(data, t, code)
    entries = data.entries_by_region.get(code, ())
    standings = tuple(_standing(data, t, path, code, name, lc, group)
                      for lc, group in _by_list(data, entries))
    ranks = "; ".join(t.t("region.rank_in", list=s.list_name.en, year=s.latest_year, rank=s.rank)
                      for s in standings)
    prefecture = row["prefecture_code"]
    children, child_lists = build_children(data, t, path, code)
    reports_detail = code in (compute_detailed_codes(data) if detailed is None else detailed)
    return RegionContext(
        path=path, title=name.text,
        description=t.t("region.description", name=name.text, ranks=ranks or t.t("region.ranked_below")),
        social_title=name.text + (": " + ranks if ranks else ""),
        name=name, code=code, kind=compute_kind(t, str(row["kind"])),
        province=build_place_link(data, t, path, str(row["province_code"])),
        prefecture=build_place_link(data, t, path, prefecture) if prefecture else None,
        standings=standings, children=children, child_lists=child_lists,
        siblings=build_siblings(data, t, path, code, prefecture),
        changes=build_changes(data, t, code),
        sources=build_source_notes(data, t, path, build_region_editions(data, entries)),
        downloads=build_downloads(path, "rankings"),
        facts=build_region_facts(data, t, path, code),
        chinese_page=build_twin_href(path, path.removesuffix("index.md")),
        has_reports_detail=reports_detail,
        citation=build_citation(data, path, name.text, build_region_editions(data, entries)),
        history_chart=build_chart_ref(data, path, f"region-{code}", "en"),
        statements=build_statements(data, t, path, code) if reports_detail else (),
    )


def _by_list(data: SiteData, entries: tuple[Record, ...]):
    for list_code in data.list_order:
        group = tuple(e for e in entries if e["list"] == list_code)
        if group:
            yield list_code, group


def _standing(data: SiteData, t: Catalogue, path: str, code: str, name: Name, list_code: str,
              group: tuple[Record, ...]) -> Standing:
    latest = group[-1]
    year = int(latest["year"])
    held = list_editions(data, list_code)
    summary = data.persistence_by_place[(list_code, code)]
    transfers = build_transfers(data, code=code)
    history = _history(data, t, path, list_code, held, group, transfers)
    if latest["previous_edition"]:
        previous_year = int(edition_row(data, str(latest["previous_edition"]))["year"])
        move = t.t("region.since", movement=compute_movement(t, latest["movement"], latest["rank_change"]),
                   year=previous_year)
    else:
        move = t.t("region.first_held")
    transfer = transfers.get((str(latest["edition"]), code))
    if transfer is not None and transfer["movement"] == "moved_in":
        move = _transfer_words(data, t, transfer)
    province = build_place_name(data, t, str(latest["province_code"])).en
    tier = compute_tier(t, latest["tier"])
    detail = " · ".join(part for part in (
        move, t.t("region.province_rank", province=province, rank=int(latest["province_rank"])), tier,
        t.t("region.editions_in", editions_in=int(summary["editions_in"]),
            editions_held=int(summary["editions_held"]))) if part)
    ranks_text = ", ".join(f"{h.edition.name.en}: {h.rank_text}" for h in history)
    best_year = int(edition_row(data, str(summary["best_edition"]))["year"])
    return Standing(
        list_name=build_list_name(data, list_code), edition=build_edition_link(t, path, list_code, year),
        rank=int(latest["rank"]), is_province_leader=bool(latest["is_province_leader"]), detail=detail,
        summary=t.t("region.summary", name=name.en, held=int(summary["editions_held"]),
                    list=build_list_name(data, list_code).en, editions_in=int(summary["editions_in"]),
                    ranks=ranks_text, best=int(summary["best_rank"]), best_year=best_year),
        absent_note=_absent_note(data, t, name, list_code, year, int(held[-1]["year"]), transfers),
        history=history,
        neighbours=_near(data, t, path, code, select_near_ranks(
            data, str(latest["edition"]), int(latest["rank"]), NEIGHBOUR_SPAN)),
        peers=_near(data, t, path, code, select_province_peers(
            data, str(latest["edition"]), str(latest["province_code"]), code)),
        latest_year=year,
    )


def _absent_note(data: SiteData, t: Catalogue, name: Name, list_code: str, year: int, newest: int,
                 transfers) -> str | None:
    if year == newest:
        return None
    later = sorted((int(e["year"]), m) for m in transfers.values()
                   for e in (edition_row(data, str(m["edition"])),)
                   if e["list"] == list_code and int(e["year"]) > year
                   and m["movement"] in ("moved_out", "reclassified"))
    if later:
        moved_year, move = later[0]
        return t.t("region.moved_note", name=name.en, year=moved_year, change=_transfer_words(data, t, move),
                   list=build_list_name(data, list_code).en, latest=year)
    return t.t("region.absent_note", name=name.en, newest=newest, list=build_list_name(data, list_code).en,
               latest=year)


def _transfer_words(data: SiteData, t: Catalogue, move: Record) -> str:
    """Describe a move between lists: "moved to Top 100 industrial districts (No. 40)"."""
    kind = str(move["movement"])
    if kind == "reclassified" or move["transfer_edition"] is None:
        return t.t("transfer.reclassified")
    other = edition_row(data, str(move["transfer_edition"]))
    other_list = build_list_name(data, str(other["list"])).en
    key = "transfer.moved_out" if kind == "moved_out" else "transfer.moved_in"
    return t.t(key, list=other_list, year=int(other["year"]), rank=int(move["transfer_rank"]))


def _history(data: SiteData, t: Catalogue, path: str, list_code: str, held: tuple[Record, ...],
             group: tuple[Record, ...], transfers) -> tuple[HistoryRow, ...]:
    by_year = {int(e["year"]): e for e in group}
    code = str(group[0]["region_code"])
    rows, left = [], False
    for edition in held:
        year = int(edition["year"])
        entry = by_year.get(year)
        move = transfers.get((str(edition["edition"]), code))
        if entry is not None:
            rank_text = str(int(entry["rank"]))
        elif move is not None:
            rank_text = _transfer_words(data, t, move)
        else:
            rank_text = t.t("region.after_leaving") if left else t.t("region.not_ranked")
        left = left or (move is not None and move["movement"] in ("moved_out", "reclassified"))
        rows.append(HistoryRow(
            edition=build_edition_link(t, path, list_code, year), rank_text=rank_text,
            province_rank=str(int(entry["province_rank"])) if entry else "—",
            percentile=f"{float(entry['list_percentile_pct']):.1f}%" if entry else "—",
            tier=(compute_tier(t, entry["tier"]) or "—") if entry else "—",
            printed_name=str(entry["printed_name"]) if entry else "",
        ))
    return tuple(rows)


def _near(data: SiteData, t: Catalogue, path: str, code: str,
          entries: tuple[Record, ...]) -> tuple[Neighbour, ...]:
    return tuple(Neighbour(rank=int(e["rank"]), place=build_place_link(data, t, path, str(e["region_code"])),
                           is_self=e["region_code"] == code) for e in entries)
