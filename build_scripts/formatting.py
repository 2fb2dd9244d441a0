"""Generate stage: the formatting functions the page templates use as Jinja filters.

Templates hold layout only; every number, date, word and escape is produced here, by small pure
functions that take a value and return a string. Missing values (None or pandas NA) have one spelling,
`MISSING`, everywhere. The words are the Chinese catalogue's (zh.yml: `rank`, `movement`, `arrow`,
`qualifier`, whose keys and fields the English catalogue shares, and `format`).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType

import pandas as pd

from build_scripts.catalogue import load_catalogue

MISSING = "—"
ZH = load_catalogue("zh")

# Python-Markdown's escapable characters, plus "|" which the tables extension adds.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_WHITESPACE = re.compile(r"\s+")

# The derived `movement` values and the facts' qualifiers, in the order the pages explain them.
MOVEMENTS = ("up", "down", "unchanged", "new", "returned", "dropped", "moved_in", "moved_out", "reclassified")
QUALIFIERS = ("=", ">", "≥", "<", "≤", "≈", "top-N", "named-in")
QUALIFIER_WORDS = MappingProxyType({q: ZH.t(f"qualifier.{q}") for q in QUALIFIERS})


def is_missing(value: object) -> bool:
    """Return whether a value is None, pandas NA, NaN or an empty string."""
    if value is None:
        return True
    if isinstance(value, str):
        return value == ""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def format_rank(rank: object) -> str:
    """Format a rank as "第 3 名", or `MISSING` when absent."""
    return MISSING if is_missing(rank) else ZH.t("rank", rank=int(rank))


def format_number(value: object, digits: int = 0) -> str:
    """Format a number with thousands separators and a fixed number of decimals.

    Args:
        value: An int, float or numeric string; None/NA gives `MISSING`.
        digits: Decimals to show.
    """
    if is_missing(value):
        return MISSING
    return f"{float(value):,.{digits}f}"


def format_value(value: object) -> str:
    """Format a stated figure as printed: integers without decimals, others without trailing zeros."""
    if is_missing(value):
        return MISSING
    number = float(value)
    if number.is_integer():
        return f"{int(number):,}"
    return f"{number:,.6f}".rstrip("0").rstrip(".")


def format_pct(value: object, digits: int = 1) -> str:
    """Format a percentage already in percent units: 12.345 -> "12.3%"."""
    return MISSING if is_missing(value) else f"{float(value):.{digits}f}%"


def format_movement_arrow(movement: object, rank_change: object = None) -> str:
    """Format a movement as a short mark: "↑3", "↓12", "→", "新", "回", "转入"; `MISSING` when absent.

    Args:
        movement: up | down | unchanged | new | returned | dropped (the derived `movement` values).
        rank_change: Places moved, positive = moved up; its absolute value is shown with the arrow.
    """
    if is_missing(movement) or str(movement) not in MOVEMENTS:
        return MISSING
    places = "" if is_missing(rank_change) else str(abs(int(rank_change)))
    return ZH.t(f"arrow.{movement}", places=places)


def format_movement_words(movement: object, rank_change: object = None) -> str:
    """Describe a movement in words: "上升 3 位", "下降 12 位", "持平", "新上榜", "重回榜单"."""
    if is_missing(movement) or str(movement) not in MOVEMENTS:
        return MISSING
    if str(movement) in ("up", "down") and not is_missing(rank_change):
        return ZH.t(f"movement.{movement}_by", places=abs(int(rank_change)))
    return ZH.t(f"movement.{movement}")


def format_date_zh(value: object) -> str:
    """Format an ISO date of any precision in Chinese: "2021" "2021 年", "2021-09" "2021 年 9 月"."""
    if is_missing(value):
        return MISSING
    parts = str(value).split("-")
    units = ("format.year", "format.month", "format.day")
    return " ".join(ZH.t(unit, n=int(part)) for part, unit in zip(parts, units, strict=False))


def format_source_lines(first: object, last: object = None) -> str:
    """Format the seed lines a statement is read from: "第 582 行", or "第 582–584 行" across lines.

    Returns an empty string when `first` is missing.
    """
    if is_missing(first):
        return ""
    if is_missing(last) or int(last) == int(first):
        return ZH.t("format.line", line=int(first))
    return ZH.t("format.lines", first=int(first), last=int(last))


def format_qualifier(qualifier: object) -> str:
    """Describe a fact's qualifier (=, >, ≥, ≈, top-N, named-in) in words."""
    if is_missing(qualifier):
        return ""
    return QUALIFIER_WORDS.get(str(qualifier), str(qualifier))


def format_fact_value(
    qualifier: object, value: object = None, unit: object = "", group_size: object = None
) -> str:
    """Describe a stated figure in words: "78 家", "超过 5,000 亿元", "30.9%", "位列前 10".

    Args:
        qualifier: =, >, ≥, <, ≤, ≈, top-N or named-in (the facts vocabulary).
        value: The number, None for a membership fact.
        unit: Unit of `value` as printed.
        group_size: Size of the group the statement names, None when not given.
    """
    unit = "" if is_missing(unit) else str(unit)
    figure = "" if is_missing(value) else f"{format_value(value)}{'' if unit == '%' else ' '}{unit}".strip()
    word = str(qualifier)
    if word == "top-N":
        sized = not is_missing(group_size)
        text = ZH.t("format.top_n", size=int(group_size)) if sized else QUALIFIER_WORDS[word]
        return ZH.t("format.with_figure", text=text, figure=figure) if figure else text
    if word in ("=", "") or is_missing(qualifier):
        text = figure or MISSING
    else:
        text = f"{format_qualifier(word)} {figure}".strip()
    return ZH.t("format.of_group", text=text, size=int(group_size)) if not is_missing(group_size) else text


def format_yes(flag: object, mark: str = "★") -> str:
    """Return `mark` for a true flag and an empty string otherwise (NA counts as false)."""
    return mark if (not is_missing(flag) and bool(flag)) else ""


def join_zh(items: Sequence[str]) -> str:
    """Join names as Chinese prose does: "甲、乙、丙和丁" ("甲和乙", "甲")."""
    if len(items) < 2:
        return "".join(items)
    return ZH.t("format.and", first=ZH.t("format.separator").join(items[:-1]), last=items[-1])


def escape_markdown(text: object) -> str:
    """Escape a data string so Markdown and HTML show it as text, safe inside a table cell.

    HTML special characters become entities, Markdown punctuation is backslash-escaped (including
    "|", so a name cannot split a table row), and line breaks become spaces. Jinja never re-renders
    its output, so "{{ }}" in data stays literal.
    """
    if is_missing(text):
        return MISSING
    flat = _WHITESPACE.sub(" ", str(text)).strip()
    # Backslashes first, entities second: escaping after html.escape would break "&#x27;".
    return html.escape(_MARKDOWN_SPECIALS.sub(r"\\\1", flat), quote=True)


_SUP = re.compile(r"<sup>\s*([0-9]+)\s*</sup>")
_SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def escape_quote(text: object) -> str:
    """Escape a quotation like `escape_markdown`, showing the source's footnote marks as marks.

    The seeds keep a footnote reference as `<sup>5</sup>` (the data keep it as printed); readers see
    "⁵", not the markup (issue 16).
    """
    if is_missing(text):
        return MISSING
    return escape_markdown(format_footnote_marks(text))


def format_footnote_marks(text: object) -> str:
    """Show the source's footnote references (`<sup>5</sup>`) as marks ("⁵"); other text is kept."""
    if is_missing(text):
        return ""
    return _SUP.sub(lambda m: m.group(1).translate(_SUPERSCRIPT_DIGITS), str(text))


def escape_html(text: object) -> str:
    """Escape a data string for an HTML attribute or element (no Markdown processing)."""
    return MISSING if is_missing(text) else html.escape(str(text), quote=True)


def escape_text(text: object, html: bool = False) -> str:
    """Escape a data string for Markdown (`escape_markdown`), or for HTML when `html` (a raw block)."""
    return escape_html(text) if html else escape_markdown(text)


def escape_front_matter(text: object) -> str:
    """Quote a data string for a YAML front-matter value: HTML-escaped, then a JSON (YAML) string.

    The theme inserts front-matter values into HTML without escaping, so they are escaped here.
    """
    flat = "" if is_missing(text) else _WHITESPACE.sub(" ", str(text)).strip()
    return json.dumps(html.escape(flat, quote=True), ensure_ascii=False)


def format_page_url(href: str) -> str:
    """Turn a Markdown link target into the URL MkDocs publishes: "a/index.md#x" -> "a/#x".

    "a/b.md" -> "a/b/"; a folder's "index.html" (an embed page) -> the folder, as MkDocs writes its
    links. For the links of raw HTML blocks (`mkdocs_plugin/raw_blocks.py`), which MkDocs does not
    rewrite; valid from an index.md page, whose URL is its folder.
    """
    path, hash_mark, fragment = href.partition("#")
    if path.endswith(("index.md", "index.html")):
        path = path[:path.rindex("index.")]
    elif path.endswith(".md"):
        path = path[:-3] + "/"
    return (path or "./") + hash_mark + fragment


def format_href(href: str) -> str:
    """Render a link target as an href attribute's value in a raw HTML block (`format_page_url`)."""
    return escape_html(format_page_url(escape_link_target(href)))


def escape_quote_html(text: object) -> str:
    """Escape a quotation for HTML (a raw HTML block), showing footnote marks as marks."""
    return MISSING if is_missing(text) else html.escape(format_footnote_marks(text), quote=True)


def escape_link_target(url: str) -> str:
    """Escape a link target for a Markdown link: spaces and parentheses are percent-encoded."""
    return str(url).replace(" ", "%20").replace("(", "%28").replace(")", "%29")


FILTERS: Mapping[str, Callable] = MappingProxyType({
    "rank": format_rank,
    "number": format_number,
    "value": format_value,
    "pct": format_pct,
    "arrow": format_movement_arrow,
    "movement_words": format_movement_words,
    "date_zh": format_date_zh,
    "qualifier": format_qualifier,
    "fact_value": format_fact_value,
    "yes": format_yes,
    "md": escape_markdown,
    "quote": escape_quote,
    "html": escape_html,
    "esc": escape_text,
    "url": escape_link_target,
    "href": format_href,
    "quote_html": escape_quote_html,
    "front": escape_front_matter,
})
