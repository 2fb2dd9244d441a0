"""Generate stage: everything the page contexts read, gathered once, plus URL and link helpers.

Input: the validated `Package`, the derived tables of `scoring.derived.compute_derived`, the site URL
of `mkdocs.yml` and the charts written by `build_scripts.charts`. Output: a frozen `SiteData` whose
tables are grouped by key so that building ~600 page contexts stays linear in the number of pages.

Paths are relative to `docs/` and always end in `index.md` for a page, so MkDocs checks every link;
`build_link` turns a target path into a link relative to the page that holds it.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import pandas as pd

from build_scripts.catalogue import load_catalogue
from build_scripts.citation import ReportRef
from build_scripts.formatting import format_date_zh, is_missing
from scoring.lists import Lists
from scoring.territory import select_identity_changes, select_territory_changes

REGION_LEVELS = ("county", "district", "prefecture")
# The movements that are moves between lists (`build_transfers`).
TRANSFERS = ("moved_out", "moved_in", "reclassified")
# The table files `generate.write_rows` writes beside a page (CSV, Excel CSV, XLSX, JSON, descriptor).
TABLE_FILES = ("{stem}.csv", "{stem}-excel.csv", "{stem}.xlsx", "{stem}.json", "datapackage.json")
# An edition of a list after the place left it for a list of another kind, or became a district (the
# charts' word for it, which the region pages' history tables show too).
ZH = load_catalogue("zh")
AFTER_LEAVING = ZH.t("chart.after_leaving")


@dataclass(frozen=True)
class ChartFiles:
    """One chart written under docs/charts/.

    Attributes:
        name: Chart identifier, e.g. "list-county_industrial-2024-provinces".
        title: Chart title (Chinese).
        description: One-sentence text alternative for screen readers.
        svg: Path of the SVG relative to docs/.
        spec: Path of the Vega-Lite JSON relative to docs/.
        data: Path of the CSV with the chart's numbers relative to docs/.
    """

    name: str
    title: str
    description: str
    svg: str
    spec: str
    data: str


@dataclass(frozen=True)
class ChartRef:
    """A chart as one page links it: the same fields as `ChartFiles`, paths relative to the page.

    `svg` is relative to the page's URL (the page shows it with a plain <img>, which MkDocs does not
    rewrite: the SVG is drawn while MkDocs builds, see `build_scripts.runtime.workers`); `spec`, `data`
    and `embed` (the chart-only embed page with its iframe snippet) are Markdown links relative to
    the page's Markdown file.
    """

    title: str
    description: str
    svg: str
    spec: str
    data: str
    embed: str


@dataclass(frozen=True)
class Link:
    """A link from one page to another.

    Attributes:
        text: Link text (a data string; templates escape it).
        href: Target relative to the linking page's Markdown file.
    """

    text: str
    href: str


Record = Mapping[str, object]


@dataclass(frozen=True)
class SiteData:
    """The inputs of every page context, as plain Python records (NA is None).

    Page contexts read records, not DataFrames: selecting rows from pandas for each of ~600 pages
    would dominate the build.

    Attributes:
        site_url: Absolute site URL from mkdocs.yml, ending in "/".
        release: Date of the data release, YYYY-MM (the newest edition's publication month); pages
            show it instead of a build date so builds are reproducible.
        regions: Registry records by code.
        editions: Edition records sorted by list order then year.
        region_changes: Former codes and names (old_code -> new_code), by old_code: the identity
            changes (renames, merges), without the 区域调整 rows.
        territory_changes: The 区域调整 rows (part of old_code's territory went to new_code), by
            old_code.
        corrections: Recorded misprints, by correction_id.
        tables: Derived tables by name (`entries`, `movements`, `province_counts`, …), the package's
            `rankings` as printed, and the optional
            resources `facts`, `metrics`, `claims`, `claim_verdicts` when present, as records.
        entries_by_region: `entries` records per region_code, in list order then year.
        entries_by_edition: `entries` records per edition, by rank then region_code.
        entries_by_edition_province: `entries` records per (edition, province_code), by rank.
        ranked_under: The ranked places (codes of `entries`) under each prefecture_code, sorted.
        persistence_by_place: `persistence` records by (list, region_code).
        transfers_by_region: The moves between lists (`movements` moved_out, moved_in,
            reclassified) per region_code; `transfers_by_edition` the same per edition.
        claim_params: Each `claims` record's params, parsed, by claim_id.
        claims_naming: The `claims` records that name each region_code in their params, directly or
            through a fact about it (`facts` region_code), in claims order; `verdicts_by_claim` the
            `claim_verdicts` records by claim_id.
        charts: Charts written for this build, by chart name (empty when none were written).
        lists: The configured lists (config/lists.yml); their order is the site's order of lists.
        methodology_pages: Codes of the lists that have a hand-written methodology page
            (docs/methodology/<list>.md); the others link the methodology index.
        charts_en: The English twin's charts, by chart name, paths relative to docs/en/.
    """

    site_url: str
    release: str
    regions: Mapping[str, Record]
    editions: tuple[Record, ...]
    region_changes: tuple[Record, ...]
    territory_changes: tuple[Record, ...]
    corrections: tuple[Record, ...]
    tables: Mapping[str, tuple[Record, ...]]
    entries_by_region: Mapping[str, tuple[Record, ...]]
    entries_by_edition: Mapping[str, tuple[Record, ...]]
    entries_by_edition_province: Mapping[tuple[str, str], tuple[Record, ...]]
    ranked_under: Mapping[str, tuple[str, ...]]
    persistence_by_place: Mapping[tuple[str, str], Record]
    transfers_by_region: Mapping[str, tuple[Record, ...]]
    transfers_by_edition: Mapping[str, tuple[Record, ...]]
    claim_params: Mapping[str, Mapping]
    claims_naming: Mapping[str, tuple[Record, ...]]
    verdicts_by_claim: Mapping[str, Record]
    charts: Mapping[str, ChartFiles]
    lists: Lists
    methodology_pages: frozenset[str]
    charts_en: Mapping[str, ChartFiles] = field(default_factory=lambda: MappingProxyType({}))

    def charts_in(self, lang: str) -> Mapping[str, ChartFiles]:
        """Return the charts of the site of `lang` ("zh": `charts`, "en": `charts_en`)."""
        return self.charts if lang == "zh" else self.charts_en

    @property
    def list_order(self) -> tuple[str, ...]:
        """Return the codes of the configured lists, in site order."""
        return self.lists.codes

    def table(self, name: str) -> tuple[Record, ...] | None:
        """Return the records of a derived or optional table, or None when the package lacks it."""
        return self.tables.get(name)

    def region(self, code: str) -> Record:
        """Return the registry record of a code."""
        return self.regions[code]


def build_records(frame: pd.DataFrame) -> tuple[Record, ...]:
    """Convert a DataFrame to a tuple of read-only records with plain Python values (NA -> None)."""
    columns = list(frame.columns)
    return tuple(MappingProxyType({c: to_python(v) for c, v in zip(columns, row, strict=True)})
                 for row in frame.itertuples(index=False, name=None))


def compute_release(editions: pd.DataFrame) -> str:
    """Return the data release: the newest edition's publication month (YYYY-MM)."""
    return str(max(editions["published"]))


def compute_release_date(release: str) -> str:
    """Return the date of a release month "YYYY-MM": its first day "YYYY-MM-01".

    The site's one date: the 引用日期 of its citations and the sitemap's date (the build never
    reads the clock, so two builds are identical).
    """
    return f"{release}-01"


def build_site_data(
    tables: Mapping[str, pd.DataFrame],
    derived: Mapping[str, pd.DataFrame],
    site_url: str,
    charts: Mapping[str, ChartFiles] | None,
    lists: Lists,
    methodology_pages: Iterable[str] | None = None,
    charts_en: Mapping[str, ChartFiles] | None = None,
) -> SiteData:
    """Gather the package tables and derived tables into a `SiteData`.

    Args:
        tables: Package resources by name (regions, editions, region_changes, corrections, and
            facts, metrics, claims when present).
        derived: Output of `scoring.derived.compute_derived` (plus `claim_verdicts` when computed).
        site_url: The `site_url` of mkdocs.yml.
        charts: Charts already written, by name (None: none).
        lists: The configured lists, which order lists and editions on every page.
        methodology_pages: Lists with a methodology page of their own (None: every configured list).
        charts_en: The English charts already written, by name, paths relative to docs/en/.
    """
    editions = build_records(_sort_editions(tables["editions"], lists))
    entries = build_records(derived["entries"].assign(
        _list_order=lambda df: df["list"].map(lists.order)
    ).sort_values(["_list_order", "year", "rank", "region_code"], kind="stable").drop(columns="_list_order"))
    changes = tables["region_changes"].sort_values(["old_code", "new_code"], kind="stable")
    records = {name: build_records(frame) for name, frame in derived.items()}
    optional = [name for name in ("facts", "metrics", "claims") if name in tables]
    records.update({name: build_records(tables[name]) for name in optional})
    records["rankings"] = build_records(tables["rankings"])
    records["entries"] = entries
    transfers = tuple(m for m in records["movements"] if m["movement"] in TRANSFERS)
    params = MappingProxyType({str(c["claim_id"]): json.loads(str(c["params"]))
                               for c in records.get("claims", ())})
    under: dict[str, set[str]] = {}
    for entry in entries:
        if entry["prefecture_code"]:
            under.setdefault(str(entry["prefecture_code"]), set()).add(str(entry["region_code"]))
    return SiteData(
        site_url=site_url if site_url.endswith("/") else site_url + "/",
        release=compute_release(tables["editions"]),
        regions=MappingProxyType({r["code"]: r for r in build_records(tables["regions"])}),
        editions=editions,
        region_changes=build_records(select_identity_changes(changes)),
        territory_changes=build_records(select_territory_changes(changes)),
        corrections=build_records(tables["corrections"].sort_values("correction_id", kind="stable")),
        tables=MappingProxyType(records),
        entries_by_region=_group(entries, "region_code"),
        entries_by_edition=_group(entries, "edition"),
        entries_by_edition_province=_group_by_province(entries),
        ranked_under=MappingProxyType({k: tuple(sorted(v)) for k, v in sorted(under.items())}),
        persistence_by_place=MappingProxyType({(str(p["list"]), str(p["region_code"])): p
                                               for p in records["persistence"]}),
        transfers_by_region=_group(transfers, "region_code"),
        transfers_by_edition=_group(transfers, "edition"),
        claim_params=params,
        claims_naming=_index_claims(records.get("claims", ()), params, records.get("facts", ())),
        verdicts_by_claim=MappingProxyType({str(v["claim_id"]): v
                                            for v in records.get("claim_verdicts", ())}),
        charts=MappingProxyType(dict(charts or {})),
        lists=lists,
        methodology_pages=frozenset(lists.codes if methodology_pages is None else methodology_pages),
        charts_en=MappingProxyType(dict(charts_en or {})),
    )


def _sort_editions(editions: pd.DataFrame, lists: Lists) -> pd.DataFrame:
    order = editions["list"].map(lists.order)
    return editions.assign(_order=order).sort_values(["_order", "year"], kind="stable").drop(
        columns="_order").reset_index(drop=True)


def _index_claims(claims: tuple[Record, ...], parsed: Mapping[str, Mapping],
                  facts: tuple[Record, ...]) -> Mapping[str, tuple[Record, ...]]:
    """Return the claims naming each region code: their params' region_code, or a fact about it."""
    fact_places = {str(f.get("fact_id")): str(f["region_code"]) for f in facts if f.get("region_code")}
    named: dict[str, list[Record]] = {}
    for claim in claims:
        params = parsed[str(claim["claim_id"])]
        codes = {str(params["region_code"])} if "region_code" in params else set()
        codes |= {fact_places[f] for f in params.get("fact_ids", ()) if f in fact_places}
        for code in sorted(codes):
            named.setdefault(code, []).append(claim)
    return MappingProxyType({code: tuple(found) for code, found in sorted(named.items())})


def _group_by_province(entries: tuple[Record, ...]) -> Mapping[tuple[str, str], tuple[Record, ...]]:
    groups: dict[tuple[str, str], list[Record]] = {}
    for entry in entries:
        groups.setdefault((str(entry["edition"]), str(entry["province_code"])), []).append(entry)
    return MappingProxyType({k: tuple(sorted(v, key=lambda e: (int(e["rank"]), str(e["region_code"]))))
                             for k, v in sorted(groups.items())})


def select_near_ranks(data: SiteData, edition: str, rank: int, span: int) -> tuple[Record, ...]:
    """Return the entries of an edition ranked within `span` of `rank`, by rank (found by bisection)."""
    rows = data.entries_by_edition[edition]
    low = bisect.bisect_left(rows, rank - span, key=lambda e: int(e["rank"]))
    high = bisect.bisect_right(rows, rank + span, key=lambda e: int(e["rank"]))
    return rows[low:high]


def select_province_peers(data: SiteData, edition: str, province: str, code: str) -> tuple[Record, ...]:
    """Return the other entries of an edition from `province`, by rank."""
    rows = data.entries_by_edition_province.get((edition, province), ())
    return tuple(e for e in rows if e["region_code"] != code)


def compute_latest_ranks(data: SiteData, code: str) -> dict[str, str]:
    """Return a place's newest "year: rank" by list code."""
    return {str(e["list"]): f"{int(e['year'])}: {int(e['rank'])}"
            for e in data.entries_by_region.get(code, ())}


def _group(records: tuple[Record, ...], key: str) -> Mapping[str, tuple[Record, ...]]:
    groups: dict[str, list[Record]] = {}
    for record in records:
        groups.setdefault(str(record[key]), []).append(record)
    return MappingProxyType({k: tuple(v) for k, v in sorted(groups.items())})


def compute_page_regions(data: SiteData) -> tuple[str, ...]:
    """Return the codes that get a region page, sorted.

    Every ranked county, district and city, plus every prefecture that has a ranked county or
    district under it.
    """
    entries = data.tables["entries"]
    codes = {e["region_code"] for e in entries}
    codes |= {e["prefecture_code"] for e in entries if e["prefecture_code"]}
    return tuple(code for code in sorted(codes) if data.region(code)["level"] in REGION_LEVELS)


def compute_page_provinces(data: SiteData) -> tuple[str, ...]:
    """Return the codes of the provinces that have a ranked place, sorted."""
    return tuple(sorted({e["province_code"] for e in data.tables["entries"]}))


def region_path(data: SiteData, code: str) -> str:
    """Return the Markdown path of a region or province page, e.g. county/320281-jiangyin/index.md."""
    row = data.region(code)
    folder = "province" if row["level"] == "province" else row["level"]
    return f"{folder}/{row['slug']}/index.md"


def edition_path(list_code: str, year: int) -> str:
    """Return the Markdown path of a list edition page, e.g. lists/county_industrial/2024/index.md."""
    return f"lists/{list_code}/{int(year)}/index.md"


def list_path(list_code: str) -> str:
    """Return the Markdown path of a list's overview page."""
    return f"lists/{list_code}/index.md"


def embed_path(chart_name: str) -> str:
    """Return the path of a chart's embed page, e.g. embed/region-320281/index.html (plain HTML)."""
    return f"embed/{chart_name}/index.html"


def page_url(data: SiteData, path: str) -> str:
    """Return the absolute URL of a page path (directory URLs, as MkDocs publishes them)."""
    folder = path.removesuffix("index.md").removesuffix(".md")
    if path.endswith(".md") and not path.endswith("index.md"):
        folder += "/"
    return data.site_url + folder


def relative(source: str, target: str) -> str:
    """Return `target` (a docs-relative path) relative to the folder of `source`.

    Both are normalised docs-relative paths without "..", so the common prefix decides (cheaper than
    `posixpath.relpath`, which resolves against the working directory on every call).
    """
    start = source.split("/")[:-1]
    parts = target.split("/")
    common = 0
    while common < min(len(start), len(parts) - 1) and start[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + parts[common:])


def page_url_source(source: str) -> str:
    """Return the index.md path whose folder is the URL of the page `source`.

    With directory URLs docs/a/b.md is served at /a/b/, so a link written into its HTML resolves from
    a/b/; docs/a/index.md is served at /a/.
    """
    if source == "index.md" or source.endswith("/index.md"):
        return source
    return source.removesuffix(".md") + "/index.md"


def build_link(source: str, target: str, text: str) -> Link:
    """Build a `Link` to `target` from the page at `source` (both docs-relative paths)."""
    return Link(text=text, href=relative(source, target))


def build_region_link(data: SiteData, source: str, code: str) -> Link:
    """Build a link to a region's page, labelled with its registry name."""
    return build_link(source, region_path(data, code), str(data.region(code)["name"]))


def build_chart_ref(data: SiteData, source: str, name: str, lang: str = "zh") -> ChartRef | None:
    """Return the chart `name` as linked from `source`, or None when the build wrote no such chart.

    With `lang` "en" the chart is the English twin's, and `source` a path relative to docs/en/.
    """
    files = data.charts_in(lang).get(name)
    if files is None:
        return None
    return ChartRef(
        title=files.title, description=files.description, svg=relative(page_url_source(source), files.svg),
        spec=relative(source, files.spec), data=relative(source, files.data),
        embed=relative(source, embed_path(name)),
    )


def to_python(value: object) -> object:
    """Convert a pandas cell to a plain Python value: NA -> None, numpy scalars -> int/float/bool/str."""
    if is_missing(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


@dataclass(frozen=True)
class EditionSource:
    """An edition's report, publication and method, as the editions resource states them.

    Attributes:
        title: The list's title as printed; `size`: its number of entries.
        report_title, publisher, published (YYYY-MM), source_file, source_section: where it comes from.
        division_cutoff: The report's administrative-division cut-off, None where it states none.
        weighting_method, dimensions, method_note: the method as described (method_note may be None).
        tier_boundaries: Tier rank ranges ("1-10;11-30;…"), None where the report gives none.
        source_line: Line of the table's title in `source_file` (the transcription location).
        issuer, publisher_place: The cover's issuing body and the publisher's city (None if unprinted).
        publisher_url: The publisher's web address printed on the report, None where none.
        report_url: The report's own official address, None where none is known.
        report: The report as a citation reference.
    """

    title: str
    size: int
    report_title: str
    publisher: str
    published: str
    source_file: str
    source_section: str
    division_cutoff: str | None
    weighting_method: str
    dimensions: str
    method_note: str | None
    tier_boundaries: str | None
    source_line: int
    issuer: str
    publisher_place: str | None
    publisher_url: str | None
    report_url: str | None
    report: ReportRef


def build_report_ref(edition: Record) -> ReportRef:
    """Return the report of one editions record as a citation reference."""
    return ReportRef(
        title=str(edition["report_title"]), issuer=str(edition["issuer"]),
        publisher=str(edition["publisher"]), published=str(edition["published"]),
        place=str(edition["publisher_place"] or ""), report_url=str(edition["report_url"] or ""),
        publisher_url=str(edition["publisher_url"] or ""),
        issuer_en=str(edition.get("issuer_en") or ""), publisher_en=str(edition.get("publisher_en") or ""),
        title_en=str(edition.get("report_title_en") or ""),
    )


def build_edition_source(edition: Record) -> EditionSource:
    """Return the source and method note of one editions record."""
    return EditionSource(
        title=str(edition["title"]), size=int(edition["size"]), report_title=str(edition["report_title"]),
        publisher=str(edition["publisher"]), published=str(edition["published"]),
        source_file=str(edition["source_file"]), source_section=str(edition["source_section"]),
        division_cutoff=edition["division_cutoff"], weighting_method=str(edition["weighting_method"]),
        dimensions=str(edition["dimensions"]), method_note=edition["method_note"],
        tier_boundaries=edition["tier_boundaries"], source_line=int(edition["source_line"]),
        issuer=str(edition["issuer"]), publisher_place=edition["publisher_place"],
        publisher_url=edition["publisher_url"], report_url=edition["report_url"],
        report=build_report_ref(edition),
    )


def edition_row(data: SiteData, edition: str) -> Record:
    """Return the editions record of an edition id."""
    return next(e for e in data.editions if e["edition"] == edition)


def list_editions(data: SiteData, list_code: str) -> tuple[Record, ...]:
    """Return the edition records of one list held in the package, oldest first."""
    return tuple(e for e in data.editions if e["list"] == list_code)


def list_name(data: SiteData, list_code: str) -> str:
    """Return the Chinese name of a list as configured (config/lists.yml)."""
    return data.lists.get(list_code).name_zh


def methodology_path(data: SiteData, list_code: str) -> str:
    """Return the docs path of a list's methodology page, or of the methodology index when it has none."""
    return f"methodology/{list_code}.md" if list_code in data.methodology_pages else "methodology/index.md"


def is_city_list(data: SiteData, list_code: str) -> bool:
    """Return whether a list ranks prefecture-level cities (not the places under a prefecture)."""
    return data.lists.get(list_code).level == "city"


def compute_transfer_note(data: SiteData, movement: Record) -> str | None:
    """Describe a move between lists (issue 16), or None for any other movement.

    moved_out -> "转入工业百强区（第 40 名）"; moved_in -> "由工业百强县（市）转入（2019 年第 14 名）";
    reclassified -> "为市辖区（2020 年 6 月撤市设区）".
    """
    kind, other = movement["movement"], movement["transfer_edition"]
    if kind == "reclassified":
        return ZH.t("contexts.sitedata.reclassified",
                    change=compute_district_change_words(data, str(movement["region_code"])))
    if kind not in ("moved_out", "moved_in") or other is None:
        return None
    e = edition_row(data, str(other))
    rank = int(movement["transfer_rank"])
    if kind == "moved_out":
        return ZH.t("contexts.sitedata.moved_out", list=e["list_name"], rank=rank)
    return ZH.t("contexts.sitedata.moved_in", list=e["list_name"], year=int(e["year"]), rank=rank)


def compute_district_change_words(data: SiteData, code: str) -> str:
    """Name the change that made a place a district: "2020 年 6 月撤市设区".

    The change is the place's identity change (region_changes) into a district, 撤县设区 or 撤市设区
    first when it has several (蓬莱区 also took in 长岛县).
    """
    changes = sorted((c for c in data.region_changes
                      if str(c["new_code"]) == code and str(c["new_name"]).endswith("区")),
                     key=lambda c: (not str(c["kind"]).startswith("撤"), str(c["effective"])))
    if not changes:
        return ZH.t("contexts.sitedata.became_district")
    return f"{format_date_zh(str(changes[0]['effective']))}{changes[0]['kind']}"


def build_transfers(data: SiteData, code: str | None = None,
                    edition: str | None = None) -> Mapping[tuple[str, str], Record]:
    """Return the moves between lists by (edition, region_code), optionally of one place or edition."""
    if code is not None:
        moves = data.transfers_by_region.get(code, ())
    elif edition is not None:
        moves = data.transfers_by_edition.get(edition, ())
    else:
        moves = tuple(m for m in data.tables["movements"] if m["movement"] in TRANSFERS)
    return {(str(m["edition"]), str(m["region_code"])): m for m in moves
            if edition is None or m["edition"] == edition}


def build_table_downloads(path: str, stem: str) -> tuple[Link, ...]:
    """Return the links to a page's table files (written by `generate.write_rows` beside the page).

    CSV (UTF-8), Excel CSV (with a byte-order mark), XLSX, JSON and the descriptor that declares the
    column types (codes are text).
    """
    folder = path.removesuffix("index.md")
    labels = ("CSV", "Excel CSV", "XLSX", "JSON", ZH.t("contexts.sitedata.descriptor"))
    return tuple(build_link(path, folder + name.format(stem=stem), label)
                 for name, label in zip(TABLE_FILES, labels, strict=True))
