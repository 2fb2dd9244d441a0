"""Generate stage: the provenance blocks of a region page: former names, sources, misprints, citation.

Input: `SiteData`, a page path and the place's entry records. Output: frozen rows for the "曾用名与代码
变更", "数据来源", "勘误" and "如何引用" sections of `region.md.j2`.
"""

from __future__ import annotations

from dataclasses import dataclass

from build_scripts.catalogue import load_catalogue
from build_scripts.citation import (
    render_apa_page,
    render_apa_report,
    render_bibtex,
    render_gbt_page,
    render_gbt_report,
    render_ris,
    unique_reports,
)
from build_scripts.contexts.sitedata import (
    EditionSource,
    Link,
    Record,
    SiteData,
    build_edition_source,
    build_link,
    build_report_ref,
    compute_release_date,
    edition_path,
    edition_row,
    methodology_path,
    page_url,
)

ZH = load_catalogue("zh")
# The corrected fields in Chinese (the corrections resource names them by column).
CORRECTED_FIELDS = {field: ZH.t(f"contexts.sources.field.{field}") for field in (
    "rank", "printed_name", "printed_prefecture", "printed_province", "printed_province_first",
    "printed_region_rank", "printed_rank_change")}
CITE_BIB = "cite.bib"
CITE_RIS = "cite.ris"


@dataclass(frozen=True)
class ChangeRow:
    """A former code or name of the place."""

    old_code: str
    old_name: str
    new_code: str
    new_name: str
    effective: str
    kind: str
    source: str


@dataclass(frozen=True)
class SourceNote:
    """Where one edition the place appears in comes from."""

    list_name: str
    year: int
    edition: Link
    source: EditionSource
    methodology: Link


@dataclass(frozen=True)
class CorrectionRow:
    """A recorded misprint in one of the place's entries."""

    correction_id: str
    edition: str
    field: str
    printed_value: str
    corrected_value: str
    reason: str


@dataclass(frozen=True)
class Citation:
    """What a reader needs to cite a page: ready-made entries and the citation files.

    Attributes:
        gbt_reports: One GB/T 7714-2015 entry per report the page draws on, newest first.
        gbt_page: The page as an electronic resource [EB/OL].
        apa_reports, apa_page: The same in English (APA-like).
        release_date: The 引用日期 the entries carry (the data release date, see `citation`).
        bibtex, ris: Links to the page's citation files (cite.bib, cite.ris beside the page).
        url: The page's absolute URL.
    """

    gbt_reports: tuple[str, ...]
    gbt_page: str
    apa_reports: tuple[str, ...]
    apa_page: str
    release_date: str
    bibtex: Link
    ris: Link
    url: str


def build_change_rows(data: SiteData, code: str) -> tuple[ChangeRow, ...]:
    """Return the former codes and names of a place, oldest change first."""
    changes = sorted((c for c in data.region_changes if c["new_code"] == code),
                     key=lambda c: (str(c["effective"]), str(c["old_code"])))
    # The evidence is shown in Chinese (source_zh); the package keeps the English note beside it.
    fields = ChangeRow.__dataclass_fields__
    return tuple(ChangeRow(**{k: str(c["source_zh" if k == "source" else k]) for k in fields})
                 for c in changes)


def build_source_notes(data: SiteData, path: str, entries: tuple[Record, ...]) -> tuple[SourceNote, ...]:
    """Return the source note of each edition the place appears in, in the order of `entries`."""
    notes = []
    for entry in entries:
        e = edition_row(data, entry["edition"])
        notes.append(SourceNote(
            list_name=str(e["list_name"]), year=int(e["year"]),
            edition=build_link(path, edition_path(str(e["list"]), int(e["year"])), str(e["title"])),
            source=build_edition_source(e),
            methodology=build_link(path, methodology_path(data, str(e["list"])),
                                   ZH.t("contexts.lists.methodology")),
        ))
    return tuple(notes)


def build_correction_rows(data: SiteData, code: str) -> tuple[CorrectionRow, ...]:
    """Return the recorded misprints in the place's entries, by correction id."""
    return tuple(CorrectionRow(
        correction_id=str(c["correction_id"]), edition=str(edition_row(data, str(c["edition"]))["title"]),
        field=CORRECTED_FIELDS.get(str(c["field"]), str(c["field"])),
        printed_value=format_field_value(str(c["field"]), c["printed_value"]),
        corrected_value=format_field_value(str(c["field"]), c["corrected_value"]), reason=str(c["reason_zh"]),
    ) for c in data.corrections if c["region_code"] == code)


def format_field_value(field: str, value: object) -> str:
    """Show a corrected value as readers read it: the ★ flag as 有 ★ / 无 ★, any other value as printed."""
    if field == "printed_province_first":
        return {"true": ZH.t("contexts.sources.star_true"),
                "false": ZH.t("contexts.sources.star_false")}.get(str(value), str(value))
    return str(value)


def build_citation(data: SiteData, path: str, title: str, editions: tuple[Record, ...]) -> Citation:
    """Return the "how to cite" block of the page at `path` titled `title`, drawing on `editions`."""
    reports = unique_reports([build_report_ref(e) for e in editions])
    url, date = page_url(data, path), compute_release_date(data.release)
    return Citation(
        gbt_reports=tuple(render_gbt_report(r, date) for r in reports),
        gbt_page=render_gbt_page(title, url, date),
        apa_reports=tuple(render_apa_report(r) for r in reports),
        apa_page=render_apa_page(title, url, date), release_date=date,
        bibtex=build_link(path, path.replace("index.md", CITE_BIB), "BibTeX"),
        ris=build_link(path, path.replace("index.md", CITE_RIS), "RIS"), url=url,
    )


def build_citation_files(data: SiteData, path: str, title: str, editions: tuple[Record, ...],
                         key: str) -> dict[str, str]:
    """Return the page's citation files (BibTeX and RIS) by file name."""
    reports = [build_report_ref(e) for e in editions]
    url, date = page_url(data, path), compute_release_date(data.release)
    return {CITE_BIB: render_bibtex(reports, title, url, date, key),
            CITE_RIS: render_ris(reports, title, url, date)}


def build_region_citation(data: SiteData, path: str, title: str, entries: tuple[Record, ...]) -> Citation:
    """Return the citation block of a region page (the reports of the editions it appears in)."""
    return build_citation(data, path, title, tuple(edition_row(data, e["edition"]) for e in entries))
