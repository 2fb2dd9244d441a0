"""Generate stage: the jieba user dictionary that keeps place names whole in the search index.

Material's search plugin segments Chinese text with jieba at build time (only when jieba is
installed) and loads the user dictionary named by `plugins.search.jieba_dict_user` in mkdocs.yml.
Without it jieba splits rarer names (准格尔旗 -> 准格尔 / 旗, 张家港市 -> 张家 / 港市), so a reader
typing the name finds nothing. Input: the registry (`regions`) and `region_changes` of the validated
package. Output: build/search/jieba_userdict.txt (git-ignored), one "word frequency" line per name,
short name and former name, sorted, UTF-8.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from build_scripts.paths import join_inside
from scoring.territory import select_identity_changes

if TYPE_CHECKING:  # type hints only
    import pandas as pd

log = logging.getLogger(__name__)

# The path mkdocs.yml names as `jieba_dict_user`, relative to the build root (where MkDocs runs).
USER_DICT = Path("build") / "search" / "jieba_userdict.txt"
# Extra search tags of each region page (short and former names), read by the MkDocs plugin
# (mkdocs_plugin.search_index).
REGION_TAGS = USER_DICT.with_name("region_tags.json")
# Far above any word of jieba's own dictionary that a name could be cut into (市 is about 10^5
# in dict.txt), so the name wins over every split of it.
NAME_FREQUENCY = 1_000_000
MIN_NAME_CHARS = 2


def compute_search_words(regions: pd.DataFrame, region_changes: pd.DataFrame) -> tuple[str, ...]:
    """Return every name, short name and former name of the registry, de-duplicated and sorted.

    Args:
        regions: The registry (`name`, `short_name`).
        region_changes: Former names (`old_name`, `new_name`).

    Returns:
        Words of at least `MIN_NAME_CHARS` characters with no whitespace, sorted by code point.
    """
    columns: Iterable[pd.Series] = (regions["name"], regions["short_name"],
                                    region_changes["old_name"], region_changes["new_name"])
    words = set()
    for column in columns:
        words.update(str(v).strip() for v in column.dropna())
    return tuple(sorted(w for w in words if len(w) >= MIN_NAME_CHARS and not any(c.isspace() for c in w)))


def render_user_dict(words: Iterable[str], frequency: int = NAME_FREQUENCY) -> str:
    """Render words as a jieba user dictionary: one "word frequency" line each, in the given order."""
    return "".join(f"{word} {frequency}\n" for word in words)


def write_search_dict(regions: pd.DataFrame, region_changes: pd.DataFrame, path: Path) -> int:
    """Write the jieba user dictionary of the registry's names to `path`; return the number of words.

    Args:
        regions: The registry.
        region_changes: Former codes and names.
        path: Target file, normally `<build root>/USER_DICT`.
    """
    words = compute_search_words(regions, region_changes)
    path = join_inside(path.parent, path.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_user_dict(words), encoding="utf-8", newline="\n")
    log.info("search: %d place names in %s", len(words), path)
    return len(words)


def compute_region_tags(regions: pd.DataFrame, region_changes: pd.DataFrame) -> dict[str, list[str]]:
    """Return each county, district and prefecture's search tags besides its code and pinyin.

    The tags are the short name (江阴 for 江阴市) and former names (海门市 for 海门区): a reader
    typing 江阴 must find 江阴市 before a page whose title merely contains the word, and jieba keeps
    the page title 江阴市 as one token.

    Returns:
        Code -> sorted, de-duplicated names other than the page title, for places that have any.
    """
    places = regions[regions["level"].isin(["county", "district", "prefecture"])]
    # A 区域调整 row (余杭区 -> 临平区) is not a former name: 余杭区 must not find 临平区.
    identity = select_identity_changes(region_changes)
    former = identity.groupby("new_code")["old_name"].apply(set).to_dict()
    tags = {}
    for code, name, short in zip(places["code"], places["name"], places["short_name"], strict=True):
        names = ({short} | former.get(code, set())) - {name}
        if names:
            tags[str(code)] = sorted(names)
    return dict(sorted(tags.items()))


def write_region_tags(regions: pd.DataFrame, region_changes: pd.DataFrame, path: Path) -> int:
    """Write `compute_region_tags` as JSON to `path` (normally `<build root>/REGION_TAGS`).

    Returns:
        The number of places with tags.
    """
    tags = compute_region_tags(regions, region_changes)
    path = join_inside(path.parent, path.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(tags, ensure_ascii=False, sort_keys=True) + "\n"
    path.write_text(text, encoding="utf-8", newline="\n")
    return len(tags)
