"""Generate stage: contexts of the province pages (/province/<code>-<pinyin>/) and their index.

Input: `SiteData`. Output: `ProvinceContext` (the province's places in every list and edition, its
counts over time) and `ProvinceIndexContext` (every province with a ranked place).
"""

from __future__ import annotations

from dataclasses import dataclass

from build_scripts.catalogue import load_catalogue
from build_scripts.contexts.notes import RegionNote, build_region_notes
from build_scripts.contexts.sitedata import (
    ChartRef,
    Link,
    Record,
    SiteData,
    build_chart_ref,
    build_link,
    build_region_link,
    build_table_downloads,
    compute_page_provinces,
    compute_page_regions,
    edition_path,
    edition_row,
    list_editions,
    list_name,
    region_path,
)
from build_scripts.contexts.sources import Citation, SourceNote, build_citation, build_source_notes

PROVINCE_INDEX = "province/index.md"
ZH = load_catalogue("zh")


@dataclass(frozen=True)
class ProvincePlace:
    """One place of the province in one list: its rank per held edition ("" where absent)."""

    place: Link
    prefecture_name: str
    ranks: tuple[str, ...]


@dataclass(frozen=True)
class ProvinceList:
    """The province in one list: editions held, its places, and its count per edition."""

    list_code: str
    list_name: str
    editions: tuple[Link, ...]
    counts: tuple[int, ...]
    places: tuple[ProvincePlace, ...]


@dataclass(frozen=True)
class ProvinceContext:
    """Everything `province.md.j2` shows about one province.

    Attributes:
        path: Markdown path relative to docs/.
        code, name, pinyin: The province.
        lists: One block per list the province has a place in, in list order.
        prefectures: Its prefecture cities that have a page (ranked themselves or over a ranked
            county or district), by code.
        chart: Counts-over-time chart, None when not written.
        index: Link back to the province index.
        downloads: The province's entries of every edition (`build_province_rows`) as CSV, Excel CSV,
            XLSX, JSON and their descriptor.
        citation: The "how to cite" block (the reports of the editions it has places in, then the page).
        notes: The reports' checked statements about the province (counts by province, leaders …),
            problems first (issue 14).
        sources: Where each edition it has places in comes from (report, publisher, method).
    """

    path: str
    code: str
    name: str
    pinyin: str
    lists: tuple[ProvinceList, ...]
    prefectures: tuple[Link, ...]
    chart: ChartRef | None
    index: Link
    downloads: tuple[Link, ...]
    citation: Citation
    notes: tuple[RegionNote, ...]
    sources: tuple[SourceNote, ...]


@dataclass(frozen=True)
class ProvinceSummary:
    """A province on the index page: its link and its count in each list's newest edition."""

    province: Link
    counts: tuple[str, ...]


@dataclass(frozen=True)
class ProvinceIndexContext:
    """The province index: every province with a ranked place.

    Attributes:
        path: Markdown path relative to docs/.
        columns: Column headings ("<list name> <year>") of the newest edition of each list.
        provinces: One row per province, by code.
        places: Every place with a page, grouped by province (the place index: the way to a place
            without JavaScript, linked from the header), by pinyin within a province.
    """

    path: str
    columns: tuple[str, ...]
    provinces: tuple[ProvinceSummary, ...]
    places: tuple[PlaceGroup, ...]


@dataclass(frozen=True)
class PlaceGroup:
    """One province's places in the place index."""

    province: Link
    places: tuple[Link, ...]


def build_province_context(data: SiteData, code: str) -> ProvinceContext:
    """Build the context of a province page."""
    row = data.region(code)
    path = region_path(data, code)
    mine = tuple(e for e in data.tables["entries"] if e["province_code"] == code)
    lists = [lc for lc in data.list_order if any(e["list"] == lc for e in mine)]
    blocks = tuple(_province_list(data, path, lc, mine) for lc in lists)
    editions = compute_province_editions(data, code)
    return ProvinceContext(
        path=path, code=code, name=str(row["name"]), pinyin=str(row["pinyin"]), lists=blocks,
        prefectures=tuple(build_region_link(data, path, c) for c in _prefectures(data, code)),
        chart=build_chart_ref(data, path, f"province-{code}-counts"),
        index=build_link(path, PROVINCE_INDEX, ZH.t("contexts.province.index")),
        downloads=build_table_downloads(path, "rankings"),
        citation=build_citation(data, path, str(row["name"]), editions),
        notes=build_region_notes(data, path, code, province=True),
        sources=build_source_notes(data, path, editions),
    )


def compute_province_editions(data: SiteData, code: str) -> tuple[Record, ...]:
    """Return the editions records the province has a place in, in editions order."""
    held = {e["edition"] for e in data.tables["entries"] if e["province_code"] == code}
    return tuple(edition_row(data, str(e["edition"])) for e in data.editions if e["edition"] in held)


def build_province_rows(data: SiteData, code: str, columns: tuple[str, ...]) -> tuple[Record, ...]:
    """Return the province's entries of every edition (the page's table files), by list, year and rank."""
    mine = [e for e in data.tables["entries"] if e["province_code"] == code]
    mine.sort(key=lambda e: (data.list_order.index(e["list"]) if e["list"] in data.list_order else 99,
                             int(e["year"]), int(e["rank"]), str(e["region_code"])))
    return tuple({c: e[c] for c in columns} for e in mine)


def build_province_index_context(data: SiteData) -> ProvinceIndexContext:
    """Build the context of the province index page."""
    newest = [list_editions(data, lc)[-1] for lc in data.list_order if list_editions(data, lc)]
    counts = {(c["edition"], c["province_code"]): int(c["count"]) for c in data.tables["province_counts"]}
    rows = tuple(ProvinceSummary(
        province=build_region_link(data, PROVINCE_INDEX, code),
        counts=tuple(str(counts.get((e["edition"], code), 0)) for e in newest),
    ) for code in compute_page_provinces(data))
    return ProvinceIndexContext(
        path=PROVINCE_INDEX,
        columns=tuple(f"{e['list_name']} {int(e['year'])}" for e in newest),
        provinces=rows,
        places=_place_index(data),
    )


def _place_index(data: SiteData) -> tuple[PlaceGroup, ...]:
    by_province: dict[str, list[str]] = {}
    for code in compute_page_regions(data):
        by_province.setdefault(str(data.region(code)["province_code"]), []).append(code)
    return tuple(PlaceGroup(
        province=build_region_link(data, PROVINCE_INDEX, province),
        places=tuple(build_region_link(data, PROVINCE_INDEX, c)
                     for c in sorted(codes, key=lambda c: (str(data.region(c)["pinyin"]), c))),
    ) for province, codes in sorted(by_province.items()))


def _prefectures(data: SiteData, code: str) -> list[str]:
    return [c for c in compute_page_regions(data)
            if data.region(c)["level"] == "prefecture" and data.region(c)["province_code"] == code]


def _province_list(data: SiteData, path: str, list_code: str, mine: tuple[Record, ...]) -> ProvinceList:
    years = [int(e["year"]) for e in list_editions(data, list_code)]
    rows = [e for e in mine if e["list"] == list_code]
    ranks: dict[str, dict[int, int]] = {}
    for e in rows:
        ranks.setdefault(str(e["region_code"]), {})[int(e["year"])] = int(e["rank"])
    order = sorted(ranks, key=lambda c: (min(ranks[c].values()), c))
    places = []
    for code in order:
        prefecture = data.region(code)["prefecture_code"]
        places.append(ProvincePlace(
            place=build_region_link(data, path, code),
            prefecture_name=str(data.region(prefecture)["name"]) if prefecture else "",
            ranks=tuple(str(ranks[code][y]) if y in ranks[code] else "" for y in years),
        ))
    return ProvinceList(
        list_code=list_code, list_name=list_name(data, list_code),
        editions=tuple(build_link(path, edition_path(list_code, y), ZH.t("edition.year", year=y))
                       for y in years),
        counts=tuple(sum(1 for e in rows if int(e["year"]) == y) for y in years),
        places=tuple(places),
    )
