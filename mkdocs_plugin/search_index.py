r"""MkDocs post-build step: keep the search index small enough for a phone.

Input: site/search/search_index.json as Material's search plugin writes it (one entry per page
section, Chinese already segmented by jieba with "\u200b" between words, non-ASCII escaped as
"\uXXXX"). Output: the same file, rewritten by `mkdocs_plugin/plugin.py` after the
plugin, with

- region pages (/county|district|prefecture/<slug>/) reduced to their first entry: the title (the
  name) and the line under it (kind, province, prefecture, code, pinyin) — what people search for.
  Their other sections repeat names and numbers found on the list and province pages and would make
  the index grow with every place; and
- UTF-8 text instead of "\uXXXX" escapes (a Chinese character takes 3 bytes instead of 6).

Without this the index of the real data is about 5 MB; the target is under 1.5 MB (issue 6).

The same hook also keeps the search plugin from reading what the index should not hold: before the
plugin indexes a page, `compute_search_head` cuts a region page's HTML to its first section (the
title and the line under it) and drops the tables of the data pages (list tables, facts, province
pages, data notes: places and numbers that each region page holds) and their citation blocks (the
same reports on every page); the full HTML is put back
before the page is written. Parsing and segmenting those tables took about a third of the MkDocs
build, and searching a place's name now finds its page instead of every table that lists it.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

log = logging.getLogger(__name__)

MAX_INDEX_BYTES = 1_500_000
REGION_SECTION = re.compile(r"^(?:county|district|prefecture)/[^/#]+/#")
# Region page URLs are /<level>/<code>-<pinyin>/ by contract (issue 5).
REGION_PAGE = re.compile(r"^(?:county|district|prefecture)/(?P<code>\d{6})-(?P<pinyin>[a-z0-9-]+)/$")
# The search plugin starts a new section (an index entry) at every heading below h1.
SECOND_SECTION = re.compile(r"<h[2-6][\s>]")
# Generated pages whose tables list places, ranks and values that their region pages hold too: the
# list tables, the facts tables, the province pages and the data notes.
DATA_PAGE = re.compile(r"^(?:lists|facts|province|notes)/")
TABLE = re.compile(r"<table\b.*?</table>", re.DOTALL)
# Code blocks: on the data pages, the "how to cite" entries (GB/T 7714, APA), the same few reports on
# every facts and province page; they were half of the index.
CODE_BLOCK = re.compile(r"<pre\b.*?</pre>", re.DOTALL)
# The data notes' statement entries (one block each, no nested block of the same tag) and the fold of
# those that agree: per statement, the quote, its source and the tables' numbers (issue 14).
CLAIM_BLOCK = re.compile(r'<(div|p|details) class="bq-(?:claim|notes__agreeing)\b[^"]*"[^>]*>.*?</\1>',
                         re.DOTALL)


def compute_search_head(url: str, html: str) -> str | None:
    """Return the part of a page the search index keeps, or None to keep the whole page.

    - A region page keeps its first section: its name and the line under it.
    - A data page keeps its prose and headings without its tables, code blocks (citations) and the
      data notes' statement entries: a name searched for then finds its own page rather than every
      table it appears in, and the index stays small.

    Args:
        url: The page's URL relative to the site root, e.g. "county/320583-kunshan/".
        html: The page's rendered Markdown (MkDocs `page.content`).

    Returns:
        The HTML the search plugin should read, or None for every other page.
    """
    if REGION_PAGE.match(url):
        second = SECOND_SECTION.search(html)
        return html if second is None else html[: second.start()]
    if DATA_PAGE.match(url):
        return CLAIM_BLOCK.sub("", CODE_BLOCK.sub("", TABLE.sub("", html)))
    return None


def compute_trimmed_index(index: Mapping, region_tags: Mapping[str, Sequence[str]] | None = None) -> dict:
    """Return the index without the section entries of region pages, their page entries tagged.

    Each region page keeps its page entry, tagged with its code and pinyin from its URL and the
    names `region_tags` gives for its code (short and former names): Material boosts the `tags`
    field far above title and text, so `kunshan`, `320583` or 江阴 list the place before any page
    that merely mentions the word (the home page gives `kunshan` as a search example; a facts page
    title holds 江阴 as a word, while jieba keeps the place's title 江阴市 whole).

    Args:
        index: The parsed search index: {"config": {...}, "docs": [{"location", "title", "text"}, ...]}.
        region_tags: Code -> extra tags (`build_scripts.search_dict.compute_region_tags`).
    """
    region_tags = region_tags or {}
    docs = []
    for entry in index["docs"]:
        location = str(entry["location"])
        if REGION_SECTION.match(location):
            continue
        page = REGION_PAGE.match(location)
        if page:
            entry = {**entry, "tags": [page["code"], page["pinyin"], *region_tags.get(page["code"], ())]}
        docs.append(entry)
    return {**index, "docs": docs}


def render_search_index(index: Mapping) -> str:
    r"""Render the index compactly with UTF-8 characters (not "\uXXXX" escapes)."""
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def rewrite_search_index(path: Path, tags_path: Path | None = None) -> tuple[int, int]:
    """Trim and re-encode the search index at `path` in place; return its size before and after in bytes.

    Args:
        path: site/search/search_index.json.
        tags_path: The region tags JSON written by the generate stage; none when absent.
    """
    tags = json.loads(tags_path.read_text(encoding="utf-8")) if tags_path and tags_path.is_file() else {}
    before = path.read_bytes()
    text = render_search_index(compute_trimmed_index(json.loads(before), tags))
    after = text.encode("utf-8")
    path.write_bytes(after)
    log.info("search index: %d -> %d bytes", len(before), len(after))
    return len(before), len(after)
