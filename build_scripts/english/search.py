"""The English place index (docs/en/assets/generated/places.json).

The search box ranks places with it on the English site (`site_overrides/assets/javascripts/search.js`).

The records are the Chinese index's (`build_scripts.place_search`) with English text: `n` is
"Kunshan 昆山市", `d` "county-level city · Jiangsu · Suzhou", and `k` the keys a reader types in
English, without spaces or tones ("kunshanjiangsu", "kunshancountylevelcity", "jiangsukunshan"): the
box matches a query, with its spaces and tone marks dropped, against their beginnings.
"""

from __future__ import annotations

from build_scripts.catalogue import Catalogue
from build_scripts.contexts.sitedata import SiteData
from build_scripts.english.common import compute_where
from build_scripts.english.names import build_place_name, compute_kind
from build_scripts.place_search import compute_place_index as compute_chinese_index


def compute_search_key(text: str) -> str:
    """Return `text` as the search box compares it: "Inner Mongolia" -> "innermongolia"."""
    return "".join(ch for ch in text.lower() if ch.isascii() and ch.isalnum())


def compute_place_index(data: SiteData, t: Catalogue) -> dict:
    """Return the English place index: {"labels": {…}, "places": [record, …]} (see the module docstring)."""
    places = []
    for record in compute_chinese_index(data)["places"]:
        code = record["c"][0]
        row = data.region(code)
        name = build_place_name(data, t, code)
        pinyin = compute_search_key(name.en)
        province = compute_search_key(build_place_name(data, t, str(row["province_code"])).en)
        kind = compute_search_key(compute_kind(t, str(row["kind"])))
        keys = [pinyin + province, pinyin + kind, province + pinyin]
        if row["prefecture_code"]:
            prefecture = compute_search_key(build_place_name(data, t, str(row["prefecture_code"])).en)
            keys += [pinyin + prefecture, prefecture + pinyin]
        places.append({**record, "n": name.text, "d": compute_where(data, t, row), "k": sorted(set(keys))})
    return {"labels": {k: t.t(f"search.{k}") for k in ("places", "former", "separator")}, "places": places}
