"""Generate stage: the place index that the search box ranks places with (issue 16).

Material's full-text search (lunr) cannot put an exact name first, find a place by its former code or
name, by pinyin initials (ks -> 昆山市) or despite a typo (昆仙 -> 昆山市). So the search box also
loads this small index on first use (`site_overrides/assets/javascripts/search.js`) and lists the
matching places above Material's results.

Input: `SiteData`. Output: docs/assets/generated/places.json, {"labels": {"places", "former"}, "places":
[…]}: the result list's words from the catalogue, and one record per place with a page:

    u: URL relative to the site root     n: name          s: short name     p: pinyin
    i: pinyin initials of the short name c: codes (current, then former)    f: former names
    d: "kind · province · prefecture"    b: best rank in any list (0 when unranked; tie-breaker)
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from pypinyin import Style, lazy_pinyin, pinyin

from build_scripts.catalogue import load_catalogue
from build_scripts.contexts.sitedata import SiteData, compute_page_regions, region_path

log = logging.getLogger(__name__)

PLACE_INDEX = Path("assets") / "generated" / "places.json"


def compute_initials(short_name: str, spelled: str) -> str:
    """Return the pinyin initials of `short_name` as the registry spells it (`spelled`, e.g. "kunshan").

    Each character's reading is the one of its readings (heteronyms) that continues `spelled`, so a
    name whose reading pypinyin gets wrong (长 in 长沙 is cháng) keeps the registry's reading; when
    no reading fits, pypinyin's first letters are used.
    """
    position, letters = 0, []
    for char in short_name:
        readings = sorted((r.replace("ü", "v") for r in pinyin(char, style=Style.NORMAL, heteronym=True)[0]),
                          key=len, reverse=True)
        match = next((r for r in readings if spelled.startswith(r, position)), None)
        if match is None:
            return "".join(lazy_pinyin(short_name, style=Style.FIRST_LETTER)).lower()
        letters.append(match[0])
        position += len(match)
    return "".join(letters)


def compute_place_index(data: SiteData) -> dict:
    """Return the result list's labels and one record per place with a page (module docstring), by code."""
    former: dict[str, list[tuple[str, str]]] = {}
    for change in data.region_changes:
        old = (str(change["old_code"]), str(change["old_name"]))
        former.setdefault(str(change["new_code"]), []).append(old)
    best: dict[str, int] = {}
    for entry in data.tables["entries"]:
        code, rank = str(entry["region_code"]), int(entry["rank"])
        best[code] = min(best.get(code, rank), rank)
    records = []
    for code in compute_page_regions(data):
        row = data.region(code)
        where = [str(row["kind"]), str(data.region(str(row["province_code"]))["name"])]
        if row["prefecture_code"]:
            where.append(str(data.region(str(row["prefecture_code"]))["name"]))
        names = sorted({name for _, name in former.get(code, ())} - {str(row["name"])})
        records.append({
            "u": region_path(data, code).removesuffix("index.md"), "n": str(row["name"]),
            "s": str(row["short_name"]), "p": str(row["pinyin"]),
            "i": compute_initials(str(row["short_name"]), str(row["pinyin"])),
            "c": [code, *sorted({old for old, _ in former.get(code, ())})], "f": names,
            "d": " · ".join(where), "b": best.get(code, 0),
        })
    t = load_catalogue("zh")
    return {"labels": {k: t.t(f"search.{k}") for k in ("places", "former", "separator")}, "places": records}


def write_place_index(data: SiteData, docs: Path) -> int:
    """Write `compute_place_index` to docs/PLACE_INDEX (compact UTF-8 JSON); return the number of places."""
    index = compute_place_index(data)
    path = docs / PLACE_INDEX
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":")) + "\n"
    path.write_text(text, encoding="utf-8", newline="\n")
    log.info("search: %d places in %s", len(index["places"]), path)
    return len(index["places"])
