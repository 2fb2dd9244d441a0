"""The generated parts of the English methodology pages (docs/en/methodology/).

Each list's editions with their method as the reports state it, the lists named on the index, and
the data package's columns with their English descriptions.

Input: `SiteData`, the package descriptor and the English catalogue. Output: frozen contexts for
templates/en/methodology.md.j2, methodology_index.md.j2 and columns.md.j2.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from build_scripts.catalogue import Catalogue
from build_scripts.contexts.sitedata import SiteData, list_editions, relative
from build_scripts.english.common import SourceNote, build_source_notes
from build_scripts.english.names import Name, NamedLink, build_list_name


@dataclass(frozen=True)
class EditionMethod:
    """One edition's method: its source, size and the report's method as printed (Chinese)."""

    source: SourceNote
    size: int
    method: str
    dimensions: str
    tiers: str | None
    note: str | None


@dataclass(frozen=True)
class MethodologyContext:
    """The generated part of docs/en/methodology/<list>.md."""

    name: Name
    editions: tuple[EditionMethod, ...]


@dataclass(frozen=True)
class MethodologyIndexContext:
    """The lists on the English methodology index: their method pages, and the lists without one."""

    pages: tuple[NamedLink, ...]
    without: tuple[Name, ...]


@dataclass(frozen=True)
class Column:
    """A column of a resource: name, type, English title with its Chinese one, English description."""

    name: str
    type: str
    title: Name
    description: str


@dataclass(frozen=True)
class Resource:
    """A resource of the data package with its columns."""

    name: str
    title: str
    description: str
    columns: tuple[Column, ...]


@dataclass(frozen=True)
class ColumnsContext:
    """Every resource of the data package, as the descriptor describes it in English."""

    resources: tuple[Resource, ...]


def build_methodology_context(data: SiteData, t: Catalogue, list_code: str) -> MethodologyContext:
    """Build the generated part of a list's English methodology page."""
    path = f"methodology/{list_code}.md"
    editions = list_editions(data, list_code)
    notes = build_source_notes(data, t, path, editions)
    return MethodologyContext(name=build_list_name(data, list_code), editions=tuple(EditionMethod(
        source=note, size=int(e["size"]), method=str(e["weighting_method"]), dimensions=str(e["dimensions"]),
        tiers=e["tier_boundaries"], note=e["method_note"]) for note, e in zip(notes, editions, strict=True)))


def build_methodology_index_context(data: SiteData) -> MethodologyIndexContext:
    """Build the list of lists on the English methodology index (links relative to methodology/index.md)."""
    source = "methodology/index.md"
    return MethodologyIndexContext(
        pages=tuple(NamedLink(build_list_name(data, c), relative(source, f"methodology/{c}.md"))
                    for c in data.list_order if c in data.methodology_pages),
        without=tuple(build_list_name(data, c) for c in data.list_order if c not in data.methodology_pages))


def build_columns_context(descriptor: Mapping) -> ColumnsContext:
    """Build the English column tables of every resource from the package descriptor."""
    return ColumnsContext(resources=tuple(Resource(
        name=r["name"], title=r.get("title_en") or r["name"], description=r.get("description", ""),
        columns=tuple(Column(name=f["name"], type=f["type"], title=Name(f["title_en"], f["title"]),
                             description=f["description"]) for f in r["schema"]["fields"]),
    ) for r in descriptor["resources"]))
