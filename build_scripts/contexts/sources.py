"""Generate stage: the provenance blocks of a region page: former names, sources, misprints, citation.

Input: `SiteData`, a page path and the place's entry records. Output: frozen rows for the "曾用名与代码
变更", "数据来源", "勘误" and "如何引用" sections of `region.md.j2`.
"""

from __future__ import annotations

from dataclasses import dataclass

from build_scripts.contexts.sitedata import (
    EditionSource,
    Link,
    Record,
    SiteData,
    build_edition_source,
    build_link,
    edition_path,
    edition_row,
    methodology_path,
    page_url,
)


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
    """What a reader needs to cite the page."""

    report_titles: tuple[str, ...]
    publisher: str
    editions: str
    url: str
    date: str


def build_change_rows(data: SiteData, code: str) -> tuple[ChangeRow, ...]:
    """Return the former codes and names of a place, oldest change first."""
    changes = sorted((c for c in data.region_changes if c["new_code"] == code),
                     key=lambda c: (str(c["effective"]), str(c["old_code"])))
    return tuple(ChangeRow(**{k: str(c[k]) for k in ChangeRow.__dataclass_fields__}) for c in changes)


def build_source_notes(data: SiteData, path: str, entries: tuple[Record, ...]) -> tuple[SourceNote, ...]:
    """Return the source note of each edition the place appears in, in the order of `entries`."""
    notes = []
    for entry in entries:
        e = edition_row(data, entry["edition"])
        notes.append(SourceNote(
            list_name=str(e["list_name"]), year=int(e["year"]),
            edition=build_link(path, edition_path(str(e["list"]), int(e["year"])), str(e["title"])),
            source=build_edition_source(e),
            methodology=build_link(path, methodology_path(data, str(e["list"])), "方法说明"),
        ))
    return tuple(notes)


def build_correction_rows(data: SiteData, code: str) -> tuple[CorrectionRow, ...]:
    """Return the recorded misprints in the place's entries, by correction id."""
    return tuple(CorrectionRow(**{k: str(c[k]) for k in CorrectionRow.__dataclass_fields__})
                 for c in data.corrections if c["region_code"] == code)


def build_citation(data: SiteData, path: str, entries: tuple[Record, ...]) -> Citation:
    """Return the "how to cite" block of a page: its reports, editions, URL and the data release."""
    editions = [edition_row(data, e["edition"]) for e in entries]
    reports = tuple(dict.fromkeys(str(e["report_title"]) for e in editions))
    return Citation(
        report_titles=reports, publisher="中国信息通信研究院",
        editions="、".join(str(e["title"]) for e in editions),
        url=page_url(data, path), date=data.release,
    )
