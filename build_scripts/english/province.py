"""The English province pages, the province index and the home page's generated part.

Paths: en/province/<code>-<pinyin>/, en/province/ and en/generated/parts/home.md.

Input: `SiteData`, the English catalogue. Output: frozen contexts for templates/en/province.md.j2,
province_index.md.j2 and home.md.j2.
"""

from __future__ import annotations

from dataclasses import dataclass

from build_scripts.catalogue import Catalogue
from build_scripts.contexts.pages import HOME_CHARTS
from build_scripts.contexts.province import compute_province_editions
from build_scripts.contexts.sitedata import (
    ChartRef,
    Record,
    SiteData,
    build_chart_ref,
    compute_page_provinces,
    compute_page_regions,
    list_editions,
    region_path,
)
from build_scripts.english.common import (
    Citation,
    SourceNote,
    build_citation,
    build_downloads,
    build_source_notes,
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

PROVINCE_INDEX = "province/index.md"
HOME = "index.md"
HOME_TOP = 10


@dataclass(frozen=True)
class ProvincePlace:
    """A place of the province in one list: its prefecture and its rank in each held edition."""

    place: NamedLink
    prefecture: Name | None
    ranks: tuple[str, ...]


@dataclass(frozen=True)
class ProvinceList:
    """The province in one list: its count per held edition and its places."""

    name: Name
    editions: tuple[NamedLink, ...]
    counts: tuple[int, ...]
    places: tuple[ProvincePlace, ...]


@dataclass(frozen=True)
class ProvinceContext:
    """Everything templates/en/province.md.j2 shows about one province.

    `chart` is its places-ranked-by-edition chart, None when not written.
    """

    path: str
    name: Name
    lists: tuple[ProvinceList, ...]
    prefectures: tuple[NamedLink, ...]
    index: NamedLink
    sources: tuple[SourceNote, ...]
    downloads: tuple[NamedLink, ...]
    citation: Citation
    chart: ChartRef | None


@dataclass(frozen=True)
class ProvinceRow:
    """A province on the index: its count in each list's newest edition."""

    province: NamedLink
    counts: tuple[int, ...]


@dataclass(frozen=True)
class PlaceGroup:
    """One province's places in the place index."""

    province: NamedLink
    places: tuple[NamedLink, ...]


@dataclass(frozen=True)
class ProvinceIndexContext:
    """The English province index: counts per province and every place with a page."""

    path: str
    columns: tuple[str, ...]
    provinces: tuple[ProvinceRow, ...]
    places: tuple[PlaceGroup, ...]
    place_count: int


@dataclass(frozen=True)
class NewestEdition:
    """A list's newest edition on the home page, with its first places."""

    edition: NamedLink
    list_name: Name
    top: tuple[NamedLink, ...]


@dataclass(frozen=True)
class HomeContext:
    """The generated part of the English home page (links relative to en/index.md); `charts` its charts."""

    path: str
    lists: tuple[NamedLink, ...]
    edition_count: int
    entry_count: int
    region_count: int
    province_count: int
    release: str
    newest: tuple[NewestEdition, ...]
    provinces: NamedLink
    charts: tuple[ChartRef, ...]


def build_province_context(data: SiteData, t: Catalogue, code: str) -> ProvinceContext:
    """Build the English page of a province."""
    path = region_path(data, code)
    mine = tuple(e for e in data.tables["entries"] if e["province_code"] == code)
    lists = tuple(_province_list(data, t, path, lc, mine) for lc in data.list_order
                  if any(e["list"] == lc for e in mine))
    editions = compute_province_editions(data, code)
    name = build_place_name(data, t, code)
    prefectures = [c for c in compute_page_regions(data)
                   if data.region(c)["level"] == "prefecture" and data.region(c)["province_code"] == code]
    return ProvinceContext(
        path=path, name=name, lists=lists,
        prefectures=tuple(build_place_link(data, t, path, c) for c in prefectures),
        index=NamedLink(Name(t.t("province.all"), ""), "../index.md"),
        sources=build_source_notes(data, t, path, editions),
        downloads=build_downloads(path, "rankings"),
        citation=build_citation(data, path, name.text, editions),
        chart=build_chart_ref(data, path, f"province-{code}-counts", "en"),
    )


def _province_list(data: SiteData, t: Catalogue, path: str, list_code: str,
                   mine: tuple[Record, ...]) -> ProvinceList:
    years = [int(e["year"]) for e in list_editions(data, list_code)]
    rows = [e for e in mine if e["list"] == list_code]
    ranks: dict[str, dict[int, int]] = {}
    for e in rows:
        ranks.setdefault(str(e["region_code"]), {})[int(e["year"])] = int(e["rank"])
    places = []
    for code in sorted(ranks, key=lambda c: (min(ranks[c].values()), c)):
        prefecture = data.region(code)["prefecture_code"]
        places.append(ProvincePlace(
            place=build_place_link(data, t, path, code),
            prefecture=build_place_name(data, t, str(prefecture)) if prefecture else None,
            ranks=tuple(str(ranks[code][y]) if y in ranks[code] else "" for y in years)))
    return ProvinceList(
        name=build_list_name(data, list_code),
        editions=tuple(build_edition_link(t, path, list_code, y) for y in years),
        counts=tuple(sum(1 for e in rows if int(e["year"]) == y) for y in years), places=tuple(places))


def build_province_index_context(data: SiteData, t: Catalogue) -> ProvinceIndexContext:
    """Build the English province index."""
    newest = [list_editions(data, lc)[-1] for lc in data.list_order if list_editions(data, lc)]
    counts = {(c["edition"], c["province_code"]): int(c["count"]) for c in data.tables["province_counts"]}
    by_province: dict[str, list[str]] = {}
    for code in compute_page_regions(data):
        by_province.setdefault(str(data.region(code)["province_code"]), []).append(code)
    groups = tuple(PlaceGroup(
        province=build_place_link(data, t, PROVINCE_INDEX, province),
        places=tuple(build_place_link(data, t, PROVINCE_INDEX, c)
                     for c in sorted(codes, key=lambda c: (str(data.region(c)["pinyin"]), c))),
    ) for province, codes in sorted(by_province.items()))
    return ProvinceIndexContext(
        path=PROVINCE_INDEX,
        columns=tuple(build_edition_title(data, t, str(e["list"]), int(e["year"])) for e in newest),
        provinces=tuple(ProvinceRow(province=build_place_link(data, t, PROVINCE_INDEX, code),
                                    counts=tuple(counts.get((e["edition"], code), 0) for e in newest))
                        for code in compute_page_provinces(data)),
        places=groups, place_count=sum(len(g.places) for g in groups),
    )


def build_home_context(data: SiteData, t: Catalogue) -> HomeContext:
    """Build the generated part of the English home page."""
    held = [lc for lc in data.list_order if list_editions(data, lc)]
    newest = []
    for list_code in held:
        e = list_editions(data, list_code)[-1]
        top = data.entries_by_edition.get(str(e["edition"]), ())[:HOME_TOP]
        label = build_edition_title(data, t, list_code, int(e["year"]))
        link = build_edition_link(t, HOME, list_code, int(e["year"]))
        newest.append(NewestEdition(
            edition=NamedLink(Name(label, ""), link.href), list_name=build_list_name(data, list_code),
            top=tuple(build_place_link(data, t, HOME, str(r["region_code"])) for r in top)))
    return HomeContext(
        path=HOME, lists=tuple(build_list_link(data, HOME, lc) for lc in held),
        edition_count=len(data.editions), entry_count=len(data.tables["entries"]),
        region_count=len(compute_page_regions(data)), province_count=len(compute_page_provinces(data)),
        release=data.release, newest=tuple(newest),
        provinces=NamedLink(Name(t.t("province.all"), ""), PROVINCE_INDEX),
        charts=tuple(c for c in (build_chart_ref(data, HOME, n, "en") for n in HOME_CHARTS) if c is not None),
    )
