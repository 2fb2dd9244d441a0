"""Generate stage: write every generated page, part, download and redirect under docs/.

Input: `SiteData` (validated package tables + derived tables + charts), the package descriptor and
the Jinja environment. Output: Markdown pages in the generated subtrees of `build_scripts.paths`
(docs/county/, docs/district/, docs/prefecture/, docs/province/, docs/lists/, docs/facts/), the parts that
hand-written pages include (docs/generated/parts/), each page's own rows as CSV and JSON, and the
redirect pages of former codes. Files are UTF-8 with LF line endings and written in sorted order,
so two builds are byte-identical.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Mapping
from pathlib import Path, PurePath, PurePosixPath
from types import MappingProxyType

import jinja2
import pandas as pd
import yaml

from build_scripts.catalogue import load_catalogue
from build_scripts.contexts import (
    SiteData,
    build_columns_context,
    build_edition_context,
    build_edition_rows,
    build_home_context,
    build_list_context,
    build_methodology_context,
    build_methodology_index_context,
    build_notes_context,
    build_province_context,
    build_province_index_context,
    build_province_rows,
    build_redirect_contexts,
    build_region_context,
    build_region_rows,
    compute_page_provinces,
    compute_page_regions,
    compute_province_editions,
)
from build_scripts.contexts.fact_pages import (
    build_facts_index_context,
    build_metric_context,
    build_metric_rows,
    compute_fact_editions,
    compute_metric_pages,
)
from build_scripts.contexts.fact_tables import compute_fact_page_codes
from build_scripts.contexts.lists import EDITION_DOWNLOAD_COLUMNS
from build_scripts.contexts.region import ENTRY_DOWNLOAD_COLUMNS
from build_scripts.contexts.sitedata import edition_path, edition_row, list_editions, list_name, list_path
from build_scripts.contexts.sources import build_citation_files
from build_scripts.downloads import parse_release, render_excel_csv, render_xlsx
from build_scripts.formatting import join_zh
from build_scripts.json_text import render_json_text
from build_scripts.paths import join_inside
from build_scripts.place_search import write_place_index
from build_scripts.render import render_page
from scoring.derived import load_derived_schema

log = logging.getLogger(__name__)

PARTS = "generated/parts"
PAGE_DESCRIPTOR = "datapackage.json"


def load_site_url(config: Path) -> str:
    """Read `site_url` from mkdocs.yml (tags such as !!python/name are ignored)."""

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    return str(yaml.load(config.read_text(encoding="utf-8"), Loader=_Loader)["site_url"])  # noqa: S506


def write_text(root: Path, relative: str | PurePath, text: str) -> None:
    """Write UTF-8 text with LF line endings at `root`/`relative`, creating parent folders.

    Raises:
        RenderError: `relative` resolves outside `root` (`paths.join_inside`).
    """
    path = join_inside(root, relative)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def write_rows(records: tuple[Mapping, ...], columns: tuple[str, ...], root: Path, folder: str | PurePath,
               stem: str, fields: Mapping[str, Mapping] | None = None, release: str | None = None) -> None:
    """Write a page's table as `<stem>.csv`, `-excel.csv`, `.xlsx`, `.json` (+ descriptor) in `root`/`folder`.

    The CSV is UTF-8 with a header from `columns`; empty values are empty cells (JSON nulls), booleans
    true/false as in the package. The Excel CSV and the workbook are made by the downloads' Excel
    functions (`downloads.render_excel_csv`, `downloads.render_xlsx`: codes stay text). With
    `fields` (Table Schema fields by column), a `datapackage.json` beside the files declares each
    column's type, so that readers such as pandas or frictionless keep codes like 320583 as text.

    Args:
        records: The rows.
        columns: Column order.
        root: The folder the files must stay inside (`paths.join_inside`).
        folder: Target folder, relative to `root`.
        stem: File name stem ("rankings", a metric id).
        fields: Schema fields by column name, for the descriptor; none written when None.
        release: Data release month, stamped on the workbook; no workbook when None.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_csv_cell(r[c]) for c in columns] for r in records)
    text = buffer.getvalue()
    write_text(root, PurePosixPath(folder, f"{stem}.csv"), text)
    text_columns = [c for c in columns if (fields or {}).get(c, {}).get("type", "string") == "string"]
    _write_bytes(root, PurePosixPath(folder, f"{stem}-excel.csv"),
                 render_excel_csv(text.encode("utf-8"), text_columns))
    rows = [{c: r[c] for c in columns} for r in records]
    json_text = render_json_text(rows, indent=1)
    write_text(root, PurePosixPath(folder, f"{stem}.json"), json_text)
    if release is not None:
        frame = pd.DataFrame(rows, columns=list(columns), dtype=object)
        workbook = render_xlsx(frame, stem, parse_release(release))
        _write_bytes(root, PurePosixPath(folder, f"{stem}.xlsx"), workbook)
    if fields is not None:
        descriptor = render_page_descriptor(stem, columns, fields)
        write_text(root, PurePosixPath(folder, PAGE_DESCRIPTOR), descriptor)


def _write_bytes(root: Path, relative: PurePath, data: bytes) -> None:
    path = join_inside(root, relative)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def render_page_descriptor(stem: str, columns: tuple[str, ...], fields: Mapping[str, Mapping]) -> str:
    """Render the Data Package descriptor of one page's CSV: its columns' names, types and titles.

    Each column keeps its Chinese `title`, English `title_en` and English `description`.
    """
    kept = ("name", "type", "title", "title_en", "description")
    schema = [{k: fields[c][k] for k in kept if k in fields[c]} for c in columns]
    descriptor = {"name": stem.replace("_", "-"), "resources": [{
        "name": stem.replace("_", "-"), "path": f"{stem}.csv", "format": "csv", "encoding": "utf-8",
        "schema": {"fields": schema, "missingValues": [""]}}]}
    return render_json_text(descriptor, indent=1)


def write_citation_files(files: Mapping[str, str], root: Path, folder: PurePath) -> None:
    """Write a page's citation files (cite.bib, cite.ris) into `root`/`folder`."""
    for name in sorted(files):
        write_text(root, PurePosixPath(folder, name), files[name])


def load_entry_fields() -> Mapping[str, Mapping]:
    """Return the derived `entries` schema's fields by name (the region and edition tables' columns)."""
    schema = load_derived_schema()
    entries = next(r for r in schema["resources"] if r["name"] == "entries")
    return MappingProxyType({f["name"]: f for f in entries["schema"]["fields"]})


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_region_pages(env: jinja2.Environment, data: SiteData, docs: Path) -> int:
    """Write one page (+ its rows as CSV/JSON) per county, district and prefecture; return the count."""
    codes = compute_page_regions(data)
    fields = load_entry_fields()
    for code in codes:
        context = build_region_context(data, code)
        write_text(docs, context.path, render_page(env, "region.md.j2", context))
        folder = PurePosixPath(context.path).parent
        write_rows(build_region_rows(data, code), ENTRY_DOWNLOAD_COLUMNS, docs, folder, "rankings",
                   fields, data.release)
        entries = tuple(edition_row(data, e["edition"]) for e in data.entries_by_region.get(code, ()))
        write_citation_files(build_citation_files(data, context.path, context.name, entries,
                                                  f"baiqiang-{code}"), docs, folder)
    return len(codes)


def write_list_pages(env: jinja2.Environment, data: SiteData, docs: Path) -> int:
    """Write every edition's ranking page (+ rows) and each list's overview page; return the count."""
    count = 0
    fields = load_entry_fields()
    for edition in (e["edition"] for e in data.editions):
        context = build_edition_context(data, str(edition))
        write_text(docs, context.path, render_page(env, "list.md.j2", context))
        folder = PurePosixPath(context.path).parent
        write_rows(build_edition_rows(data, str(edition)), EDITION_DOWNLOAD_COLUMNS, docs, folder, "rankings",
                   fields, data.release)
        cited = (edition_row(data, str(edition)),)
        write_citation_files(build_citation_files(data, context.path, context.source.title, cited,
                                                  f"baiqiang-{edition}"), docs, folder)
        count += 1
    for list_code in data.list_order:
        if any(e["list"] == list_code for e in data.editions):
            context = build_list_context(data, list_code)
            write_text(docs, context.path, render_page(env, "list_index.md.j2", context))
            count += 1
    return count


def write_province_pages(env: jinja2.Environment, data: SiteData, docs: Path) -> int:
    """Write every province page and the province index; return the count."""
    codes = compute_page_provinces(data)
    fields = load_entry_fields()
    for code in codes:
        context = build_province_context(data, code)
        write_text(docs, context.path, render_page(env, "province.md.j2", context))
        folder = PurePosixPath(context.path).parent
        write_rows(build_province_rows(data, code, ENTRY_DOWNLOAD_COLUMNS), ENTRY_DOWNLOAD_COLUMNS, docs,
                   folder, "rankings", fields, data.release)
        write_citation_files(build_citation_files(data, context.path, context.name,
                                                  compute_province_editions(data, code), f"baiqiang-{code}"),
                             docs, folder)
    index = build_province_index_context(data)
    write_text(docs, index.path, render_page(env, "province_index.md.j2", index))
    return len(codes) + 1


def write_parts(env: jinja2.Environment, data: SiteData, descriptor: Mapping, docs: Path) -> int:
    """Write the generated parts that hand-written pages include (home, notes, methodology, columns)."""
    home = build_home_context(data)
    parts = {
        "home.md": render_page(env, "home.md.j2", home),
        "home-intro.md": render_page(env, "home_intro.md.j2", home),
        "methodology-lists.md": render_page(env, "methodology_index.md.j2",
                                            build_methodology_index_context(data)),
        "notes.md": render_page(env, "notes.md.j2", build_notes_context(data, descriptor)),
        "columns.md": render_page(env, "columns.md.j2", build_columns_context(descriptor)),
    }
    for list_code in data.list_order:
        parts[f"methodology-{list_code}.md"] = render_page(
            env, "methodology.md.j2", build_methodology_context(data, list_code))
    for name, text in parts.items():
        write_text(docs, PurePosixPath(PARTS, name), text)
    return len(parts)


def write_fact_pages(env: jinja2.Environment, data: SiteData, descriptor: Mapping, docs: Path) -> int:
    """Write one page (+ its rows as CSV/JSON) per metric with facts and the facts index; return the count.

    The index (in the navigation) is written even when the package has no facts resource. Download
    columns follow the facts schema.
    """
    metrics = compute_metric_pages(data)
    resource = next((r for r in descriptor["resources"] if r["name"] == "facts"), {"schema": {"fields": []}})
    columns = tuple(field["name"] for field in resource["schema"]["fields"])
    pages = compute_fact_page_codes(data) if metrics else frozenset()
    for metric in metrics:
        context = build_metric_context(data, metric, pages)
        write_text(docs, context.path, render_page(env, "facts_metric.md.j2", context))
        fields = {f["name"]: f for f in resource["schema"]["fields"]}
        folder = PurePosixPath(context.path).parent
        write_rows(build_metric_rows(data, metric, columns), columns, docs, folder, metric, fields,
                   data.release)
        facts = [f for f in data.table("facts") or () if f["metric"] == metric]
        write_citation_files(build_citation_files(data, context.path, context.label_zh,
                                                  compute_fact_editions(data, facts), f"baiqiang-{metric}"),
                             docs, folder)
    index = build_facts_index_context(data)
    write_text(docs, index.path, render_page(env, "facts_index.md.j2", index))
    return len(metrics) + 1


def write_redirects(env: jinja2.Environment, data: SiteData, docs: Path) -> int:
    """Write a redirect page at the old URL of every place whose code changed; return the count."""
    redirects = build_redirect_contexts(data)
    for context in redirects:
        write_text(docs, context.path, render_page(env, "redirect.html.j2", context))
    return len(redirects)


def write_section_pages(env: jinja2.Environment, data: SiteData, descriptor: Mapping,
                        docs: Path) -> dict[str, int]:
    """Write every generated page type but the region pages under `docs`; return the number of each.

    The region pages (`write_region_pages`) need only the region charts, so the pipeline writes them
    while the other charts are still being assembled; these pages need every chart of `data`.
    """
    return {
        "lists": write_list_pages(env, data, docs),
        "provinces": write_province_pages(env, data, docs),
        "parts": write_parts(env, data, descriptor, docs),
        "facts": write_fact_pages(env, data, descriptor, docs),
        "redirects": write_redirects(env, data, docs),
        "places": write_place_index(data, docs),
    }


def compute_nav_pages(data: SiteData) -> tuple[str, ...]:
    """Return the generated pages the navigation lists: each list's overview and editions."""
    pages = []
    for list_code in data.list_order:
        years = [e["year"] for e in data.editions if e["list"] == list_code]
        if years:
            pages.append(list_path(list_code))
            pages.extend(edition_path(list_code, int(y)) for y in years)
    return tuple(pages)


def build_nav_sections(data: SiteData) -> dict[str, list]:
    """Return the navigation entries derived from the data, as mkdocs.yml's `nav` writes them.

    Returns:
        "lists": [{list name: [overview page, {"2024 年": edition page}, …]}, …], the lists in site
        order with their editions held, newest first (lists without an edition left out);
        "methodology": [{list name: methodology page}, …] for the lists with such a page. mkdocs.yml
        places them with the items "@lists" and "@methodology" (mkdocs_plugin/nav.py);
        "list_names": the names of the lists of "lists" in prose ("甲、乙和丙"), which the plugin puts
        for `{lists}` in mkdocs.yml's `site_description`; "theme": the theme's words (header, footer,
        404 page) from the catalogue, which the plugin hands to the templates as `extra.bq_text`.
    """
    lists, methods = [], []
    for list_code in data.list_order:
        held = list_editions(data, list_code)
        if held:
            years = sorted((int(e["year"]) for e in held), reverse=True)
            lists.append({list_name(data, list_code): [list_path(list_code)] + [
                {load_catalogue("zh").t("edition.year", year=y): edition_path(list_code, y)} for y in years]})
        if list_code in data.methodology_pages:
            methods.append({list_name(data, list_code): f"methodology/{list_code}.md"})
    names = join_zh([next(iter(entry)) for entry in lists])
    return {"lists": lists, "methodology": methods, "list_names": names, "theme": compute_theme_text("zh")}


def compute_theme_text(lang: str) -> dict[str, str]:
    """Return the theme's words in `lang` (the catalogue's "theme." messages, without the prefix)."""
    messages = load_catalogue(lang).messages
    return {key.removeprefix("theme."): text for key, text in messages.items() if key.startswith("theme.")}


def write_nav(data: SiteData, path: Path) -> None:
    """Write the derived navigation sections (`build_nav_sections`) as YAML for the nav hook."""
    text = yaml.safe_dump(build_nav_sections(data), allow_unicode=True, sort_keys=False)
    write_text(path.parent, path.name, text)
