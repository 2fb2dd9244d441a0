"""Generate stage: the static JSON interface of the site (docs/api/).

Input: `SiteData` (registry, editions, region changes, corrections, facts and the derived `entries`).
Output:

    api/index.json                 every edition and every place with the URLs of their documents
    api/regions/<code>.json        one place: registry record, its rank in every edition (null where
                                   absent), its entry rows, facts, former codes and corrections
    api/regions/<old code>.json    a former code: what replaced it and where
    api/lists/<list>/<year>.json   one edition: its record and its rows by rank

Every document is UTF-8 JSON with sorted keys, `ensure_ascii=False` and a final newline, so two
builds are byte-identical.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from pathlib import Path

from build_scripts.contexts.sitedata import (
    Record,
    SiteData,
    compute_page_regions,
    page_url,
    region_path,
)
from build_scripts.json_text import render_json_text
from build_scripts.paths import join_inside

log = logging.getLogger(__name__)

API_VERSION = 1
ENTRY_FIELDS = (
    "edition", "list", "year", "rank", "printed_rank", "region_code", "printed_name", "name", "province_code",
    "province_name", "prefecture_code", "prefecture_name", "tier", "tier_name", "province_rank",
    "list_percentile_pct", "is_province_leader", "previous_edition", "previous_rank", "movement",
    "rank_change",
)
REGION_FIELDS = ("code", "name", "short_name", "level", "kind", "province_code", "prefecture_code", "pinyin")


def api_region_path(code: str) -> str:
    """Return the docs-relative path of a place's document, e.g. api/regions/320583.json."""
    return f"api/regions/{code}.json"


def api_list_path(list_code: str, year: int) -> str:
    """Return the docs-relative path of an edition's document, e.g. api/lists/county_industrial/2024.json."""
    return f"api/lists/{list_code}/{int(year)}.json"


def render_json(document: object) -> str:
    """Render a document the way every API file is written: sorted keys, UTF-8 text, final newline."""
    return render_json_text(document, indent=1, sort_keys=True)


def build_region_document(data: SiteData, code: str) -> dict:
    """Build the document of one place.

    Args:
        data: The site data.
        code: A current registry code with a region page.

    Returns:
        A dict with the registry fields, `url` (its page), `ranks` (edition id -> rank or None for
        every edition in the package), `rankings` (its entry rows, list order then year), `facts`,
        `changes` (rows of region_changes naming the code, old or new), `corrections`.
    """
    row = data.region(code)
    entries = data.entries_by_region.get(code, ())
    by_edition = {e["edition"]: e["rank"] for e in entries}
    facts = data.table("facts") or ()
    document = {field: row[field] for field in REGION_FIELDS}
    document.update(
        api_version=API_VERSION,
        url=page_url(data, region_path(data, code)),
        province_name=data.region(str(row["province_code"]))["name"],
        prefecture_name=data.region(str(row["prefecture_code"]))["name"] if row["prefecture_code"] else None,
        ranks={str(e["edition"]): by_edition.get(e["edition"]) for e in data.editions},
        rankings=[_pick(e, ENTRY_FIELDS) for e in entries],
        facts=[dict(f) for f in facts if f["region_code"] == code],
        changes=[dict(c) for c in (*data.region_changes, *data.territory_changes)
                 if code in (c["old_code"], c["new_code"])],
        corrections=[dict(c) for c in data.corrections if c["region_code"] == code],
    )
    return document


def build_former_code_document(data: SiteData, changes: tuple[Record, ...]) -> dict:
    """Build the document at a former code: its old name and the places that replaced it.

    Args:
        data: The site data.
        changes: The region_changes rows of one old code (several when a place was split).
    """
    return {
        "api_version": API_VERSION, "code": changes[0]["old_code"], "name": changes[0]["old_name"],
        "replaced_by": [{
            "code": c["new_code"], "name": data.region(str(c["new_code"]))["name"],
            "effective": c["effective"], "kind": c["kind"],
            "document": data.site_url + api_region_path(str(c["new_code"])),
            "url": page_url(data, region_path(data, str(c["new_code"]))),
        } for c in changes],
    }


def build_list_document(data: SiteData, edition: str) -> dict:
    """Build the document of one edition: its editions record and its entry rows by rank."""
    record = next(e for e in data.editions if e["edition"] == edition)
    rows = []
    for entry in data.entries_by_edition.get(edition, ()):
        row = _pick(entry, ENTRY_FIELDS)
        row["url"] = page_url(data, region_path(data, str(entry["region_code"])))
        rows.append(row)
    return {"api_version": API_VERSION, "edition": dict(record), "rows": rows}


def build_index_document(data: SiteData, codes: Iterable[str]) -> dict:
    """Build api/index.json: the lists held, every edition and every place, with their documents' URLs.

    `lists` holds each configured list (config/lists.yml) with an edition held, in site order.
    """
    held = {e["list"] for e in data.editions}
    lists = [{"list": s.code, "name_zh": s.name_zh, "name_en": s.name_en, "level": s.level, "size": s.size}
             for s in data.lists.specs if s.code in held]
    editions = [{
        "edition": e["edition"], "list": e["list"], "list_name": e["list_name"], "year": e["year"],
        "title": e["title"], "document": data.site_url + api_list_path(str(e["list"]), int(e["year"])),
    } for e in data.editions]
    regions = [{
        "code": code, "name": data.region(code)["name"], "pinyin": data.region(code)["pinyin"],
        "level": data.region(code)["level"], "document": data.site_url + api_region_path(code),
    } for code in codes]
    return {"api_version": API_VERSION, "lists": lists, "editions": editions, "regions": regions}


def build_api_files(data: SiteData) -> dict[str, str]:
    """Build every API document; return their text by docs-relative path."""
    codes = compute_page_regions(data)
    files = {api_region_path(code): render_json(build_region_document(data, code)) for code in codes}
    former: dict[str, list[Record]] = {}
    for change in data.region_changes:
        former.setdefault(str(change["old_code"]), []).append(change)
    for old, changes in sorted(former.items()):
        if old not in data.regions:
            files[api_region_path(old)] = render_json(build_former_code_document(data, tuple(changes)))
    for edition in data.editions:
        path = api_list_path(str(edition["list"]), int(edition["year"]))
        files[path] = render_json(build_list_document(data, str(edition["edition"])))
    files["api/index.json"] = render_json(build_index_document(data, codes))
    return files


def write_api(data: SiteData, docs: Path) -> int:
    """Write every API document under `docs` (UTF-8, LF line endings); return the number written."""
    files = build_api_files(data)
    for path in sorted(files):
        target = join_inside(docs, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(files[path], encoding="utf-8", newline="\n")
    log.info("api: %d documents", len(files))
    return len(files)


def _pick(record: Mapping[str, object], fields: Iterable[str]) -> dict:
    return {f: record[f] for f in fields if f in record}
