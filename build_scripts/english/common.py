"""Pieces every English page shares: movement phrases, tiers, source notes, downloads, citations.

Input: `SiteData` records and the English catalogue. Output: text and small frozen records that the
English templates lay out. Paths are relative to docs/en/ (`names.EN_ROOT`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from build_scripts.catalogue import Catalogue
from build_scripts.citation import render_apa_page, render_apa_report, unique_reports
from build_scripts.contexts.sitedata import (
    TABLE_FILES,
    Record,
    SiteData,
    build_report_ref,
    compute_release_date,
    edition_row,
    page_url,
)
from build_scripts.english.names import (
    EN_ROOT,
    Name,
    NamedLink,
    build_edition_link,
    build_edition_title,
    build_place_name,
    build_twin_href,
    compute_kind,
)
from build_scripts.formatting import is_missing

# The labels of the table files (`sitedata.TABLE_FILES`) beside each Chinese page, which the English
# page links.
TABLE_LABELS = ("CSV", "Excel CSV", "XLSX", "JSON", "datapackage.json")


@dataclass(frozen=True)
class SourceNote:
    """Where one edition shown on a page comes from.

    Attributes:
        edition: Link to the edition's table, labelled with the list's English name and year.
        report_en: The report's English title (the site's translation: the reports print none).
        report_zh: The report's title as printed.
        issuer: The issuing body in English.
        published: Publication month, YYYY-MM.
        section: The table's title as printed (Chinese).
        cutoff: The administrative-division cut-off date, None where the report states none.
    """

    edition: NamedLink
    report_en: str
    report_zh: str
    issuer: str
    published: str
    section: str
    cutoff: str | None


@dataclass(frozen=True)
class Citation:
    """The English "how to cite" block: APA entries of the reports and of the page."""

    reports: tuple[str, ...]
    page: str
    release_date: str


def compute_movement(catalogue: Catalogue, movement: object, rank_change: object = None) -> str:
    """Describe a movement in words: "up 3", "down 12", "unchanged", "new entry", "returned"."""
    if is_missing(movement):
        return "—"
    key = f"movement.{movement}"
    if str(movement) in ("up", "down") and not is_missing(rank_change):
        return catalogue.t(f"{key}_by", places=abs(int(rank_change)))
    return catalogue.t(key)


def compute_arrow(catalogue: Catalogue, movement: object, rank_change: object = None) -> str:
    """Format a movement as a table mark: "↑3", "↓12", "→", "new", "back" …; "—" when absent."""
    if is_missing(movement):
        return "—"
    places = "" if is_missing(rank_change) else str(abs(int(rank_change)))
    return catalogue.t(f"arrow.{movement}", places=places)


def compute_tier(catalogue: Catalogue, tier: object) -> str | None:
    """Name a tier in English ("Tier 1"), None where the edition has no tiers."""
    return None if is_missing(tier) else catalogue.t("tier", tier=int(tier))


def build_source_notes(data: SiteData, catalogue: Catalogue, path: str,
                       editions: tuple[Record, ...]) -> tuple[SourceNote, ...]:
    """Return the source note of each edition record, in order."""
    notes = []
    for e in editions:
        label = build_edition_title(data, catalogue, str(e["list"]), int(e["year"]))
        link = build_edition_link(catalogue, path, str(e["list"]), int(e["year"]))
        notes.append(SourceNote(
            edition=NamedLink(Name(label, ""), link.href), report_en=str(e.get("report_title_en") or ""),
            report_zh=str(e["report_title"]), issuer=str(e.get("issuer_en") or e["issuer"]),
            published=str(e["published"]), section=str(e["source_section"]), cutoff=e["division_cutoff"],
        ))
    return tuple(notes)


def build_downloads(path: str, stem: str) -> tuple[NamedLink, ...]:
    """Link the table files of the Chinese twin of `path` (the same files serve both languages)."""
    folder = path.removesuffix("index.md")
    return tuple(NamedLink(Name(label, ""), build_twin_href(path, folder + name.format(stem=stem)))
                 for name, label in zip(TABLE_FILES, TABLE_LABELS, strict=True))


def build_citation(data: SiteData, path: str, title: str, editions: tuple[Record, ...]) -> Citation:
    """Return the APA entries of the reports of `editions` and of the English page at `path`."""
    reports = unique_reports([build_report_ref(e) for e in editions])
    date = compute_release_date(data.release)
    url = page_url(data, f"{EN_ROOT}/{path}")
    return Citation(reports=tuple(render_apa_report(r) for r in reports),
                    page=render_apa_page(title, url, date), release_date=date)


def build_region_editions(data: SiteData, entries: tuple[Record, ...]) -> tuple[Record, ...]:
    """Return the edition records of `entries`, each once, in the order of `entries`."""
    seen: dict[str, Record] = {}
    for entry in entries:
        seen.setdefault(str(entry["edition"]), edition_row(data, str(entry["edition"])))
    return tuple(seen.values())


def compute_where(data: SiteData, catalogue: Catalogue, row: Mapping) -> str:
    """Return "county-level city · Jiangsu · Suzhou" for a registry row (the search index's detail)."""
    parts = [compute_kind(catalogue, str(row["kind"])),
             build_place_name(data, catalogue, str(row["province_code"])).en]
    if row["prefecture_code"]:
        parts.append(build_place_name(data, catalogue, str(row["prefecture_code"])).en)
    return " · ".join(parts)
