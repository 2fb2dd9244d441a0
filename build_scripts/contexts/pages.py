"""Generate stage: contexts of the site-wide pages and parts, and of the redirect pages.

Input: `SiteData` (and the package descriptor for the column tables). Output: `HomeContext` (the lists, newest
editions, headline charts), `MethodologyContext` (a list's editions and their method notes),
`MethodologyIndexContext` (the lists' method pages),
`ColumnsContext` (column tables from datapackage.json) and `RedirectContext` (an old URL of a place
whose code changed). The notes page's part is built by `build_scripts.contexts.notes`.

Home, notes and methodology are hand-written pages under docs/ that include a generated part from
docs/generated/parts/ (pymdownx.snippets), so links in a part are relative to the including page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from build_scripts.catalogue import load_catalogue
from build_scripts.contexts.sitedata import (
    ChartRef,
    EditionSource,
    Link,
    SiteData,
    build_chart_ref,
    build_edition_source,
    build_link,
    build_region_link,
    compute_page_provinces,
    compute_page_regions,
    edition_path,
    list_editions,
    list_name,
    list_path,
    page_url,
    region_path,
)

HOME_PATH = "index.md"
HOME_TOP = 5
HOME_CHARTS = ("home-provinces",)
ZH = load_catalogue("zh")
# Old level of a place whose code changed, by kind of change: these changes turn a county-level unit
# into a district or city; other kinds keep the level.
OLD_LEVEL_BY_KIND = {"撤县设区": "county", "撤市设区": "county", "撤县设市": "county", "撤旗设区": "county"}


@dataclass(frozen=True)
class NewestEdition:
    """A list's newest edition on the home page, with its top entries."""

    list_name: str
    year: int
    edition: Link
    top: tuple[Link, ...]


@dataclass(frozen=True)
class HomeContext:
    """The generated part of the home page.

    Attributes:
        newest: The newest edition of each list, in list order.
        lists: Link to the overview page of each list with an edition, in list order (the
            introduction names them).
        region_count, province_count, edition_count, entry_count: Sizes of the site.
        provinces: Link to the province index.
        charts: Headline charts, those the build wrote.
        release: Data release month.
    """

    newest: tuple[NewestEdition, ...]
    lists: tuple[Link, ...]
    region_count: int
    province_count: int
    edition_count: int
    entry_count: int
    provinces: Link
    charts: tuple[ChartRef, ...]
    release: str


@dataclass(frozen=True)
class EditionNote:
    """One edition's method as the report states it."""

    year: int
    edition: Link
    source: EditionSource


@dataclass(frozen=True)
class MethodologyContext:
    """The generated part of a list's methodology page (docs/methodology/<list>.md)."""

    list_code: str
    list_name: str
    editions: tuple[EditionNote, ...]


@dataclass(frozen=True)
class MethodologyIndexContext:
    """The lists named on the methodology index: a link to each list's method page where it has one.

    Attributes:
        pages: Links to docs/methodology/<list>.md, in list order.
        without: Names of the lists that have no method page of their own yet.
    """

    pages: tuple[Link, ...]
    without: tuple[str, ...]


@dataclass(frozen=True)
class ColumnRow:
    """A column of a resource, from datapackage.json."""

    name: str
    type: str
    title: str
    description: str


@dataclass(frozen=True)
class ResourceColumns:
    """A resource's title and columns."""

    name: str
    title: str
    description: str
    columns: tuple[ColumnRow, ...]


@dataclass(frozen=True)
class ColumnsContext:
    """Column tables of every resource of the data package (docs/methodology/index.md part)."""

    resources: tuple[ResourceColumns, ...]


@dataclass(frozen=True)
class RedirectContext:
    """A redirect from the old URL of a place whose code changed to its current page.

    Attributes:
        path: Path of the redirect file relative to docs/ (…/index.html).
        old_name, old_code: The former name and code.
        name: Current name.
        target: Current page URL relative to the redirect file's folder (directory URL).
        canonical: Absolute URL of the current page.
        kind: The change (撤市设区, 合并 …): a merged place "已并入" the current one.
    """

    path: str
    old_name: str
    old_code: str
    name: str
    target: str
    canonical: str
    kind: str


def build_home_context(data: SiteData) -> HomeContext:
    """Build the generated part of the home page."""
    newest = []
    for list_code in data.list_order:
        held = list_editions(data, list_code)
        if not held:
            continue
        e = held[-1]
        top = data.entries_by_edition.get(str(e["edition"]), ())[:HOME_TOP]
        newest.append(NewestEdition(
            list_name=str(e["list_name"]), year=int(e["year"]),
            edition=build_link(HOME_PATH, edition_path(list_code, int(e["year"])), str(e["title"])),
            top=tuple(build_region_link(data, HOME_PATH, str(t["region_code"])) for t in top),
        ))
    return HomeContext(
        newest=tuple(newest),
        lists=tuple(build_link(HOME_PATH, list_path(c), list_name(data, c))
                    for c in data.list_order if list_editions(data, c)),
        region_count=len(compute_page_regions(data)),
        province_count=len(compute_page_provinces(data)), edition_count=len(data.editions),
        entry_count=len(data.tables["entries"]),
        provinces=build_link(HOME_PATH, "province/index.md", ZH.t("contexts.pages.provinces")),
        charts=tuple(c for c in (build_chart_ref(data, HOME_PATH, n) for n in HOME_CHARTS) if c is not None),
        release=data.release,
    )


def build_methodology_index_context(data: SiteData) -> MethodologyIndexContext:
    """Build the list of lists on the methodology index (docs/methodology/index.md)."""
    source = "methodology/index.md"
    return MethodologyIndexContext(
        pages=tuple(build_link(source, f"methodology/{c}.md", list_name(data, c))
                    for c in data.list_order if c in data.methodology_pages),
        without=tuple(list_name(data, c) for c in data.list_order if c not in data.methodology_pages),
    )


def build_methodology_context(data: SiteData, list_code: str) -> MethodologyContext:
    """Build the generated part of a list's methodology page: every held edition's method."""
    source = f"methodology/{list_code}.md"
    notes = tuple(EditionNote(
        year=int(e["year"]),
        edition=build_link(source, edition_path(list_code, int(e["year"])),
                           ZH.t("contexts.pages.edition", year=int(e["year"]))),
        source=build_edition_source(e),
    ) for e in list_editions(data, list_code))
    return MethodologyContext(list_code=list_code, list_name=list_name(data, list_code), editions=notes)


def build_columns_context(descriptor: Mapping) -> ColumnsContext:
    """Build the column tables of every resource from the package descriptor."""
    return ColumnsContext(resources=tuple(ResourceColumns(
        name=r["name"], title=r.get("title", r["name"]), description=r.get("description_zh", ""),
        columns=tuple(ColumnRow(name=f["name"], type=f["type"], title=f.get("title", ""),
                                description=f.get("description_zh", "")) for f in r["schema"]["fields"]),
    ) for r in descriptor["resources"]))


def build_redirect_contexts(data: SiteData) -> tuple[RedirectContext, ...]:
    """Build one redirect per former code of a place with a page.

    The old URL is /<old level>/<old_code>-<pinyin>/ with the current pinyin (a change of code
    keeps the name's sound in every case the lists contain); a redirect never overwrites a page.
    """
    pages = set(compute_page_regions(data))
    taken = {region_path(data, code) for code in pages}
    redirects = {}
    for change in data.region_changes:
        code = str(change["new_code"])
        if code not in pages:
            continue
        row = data.region(code)
        level = OLD_LEVEL_BY_KIND.get(str(change["kind"]), str(row["level"]))
        folder = f"{level}/{change['old_code']}-{row['pinyin']}"
        if f"{folder}/index.md" in taken or folder in redirects:
            continue
        redirects[folder] = RedirectContext(
            path=f"{folder}/index.html", old_name=str(change["old_name"]), old_code=str(change["old_code"]),
            name=str(row["name"]), target=_directory_url(folder, region_path(data, code)),
            canonical=page_url(data, region_path(data, code)), kind=str(change["kind"]),
        )
    return tuple(redirects[k] for k in sorted(redirects))


def _directory_url(folder: str, target_path: str) -> str:
    depth = folder.count("/") + 1
    return "../" * depth + target_path.removesuffix("index.md")
