"""The parts of an English region page about other places and records.

The places under a prefecture city or beside a place, its former names and codes, the reports'
checked statements that name it.

Input: `SiteData`, the English catalogue and a region code. Output: rows for
`english.region.RegionContext` (templates/en/region.md.j2).
"""

from __future__ import annotations

from dataclasses import dataclass

from pypinyin import lazy_pinyin

from build_scripts.catalogue import Catalogue
from build_scripts.contexts.notes import build_region_notes
from build_scripts.contexts.sitedata import SiteData, compute_latest_ranks, list_editions
from build_scripts.english.names import (
    Name,
    NamedLink,
    build_list_name,
    build_place_link,
    build_place_name,
    compute_pinyin_name,
)
from build_scripts.formatting import format_page_url


@dataclass(frozen=True)
class ChildRow:
    """A ranked place under a prefecture city, with its latest "year: rank" per list."""

    place: NamedLink
    ranks: tuple[str, ...]


@dataclass(frozen=True)
class ChangeRow:
    """A former code or name of the place."""

    old: Name
    old_code: str
    new: Name
    new_code: str
    effective: str
    kind: str


@dataclass(frozen=True)
class Statement:
    """A checked statement of the reports that names a place, as its English page lists it.

    Attributes:
        mark, verdict_word: The verdict's mark (✓ ✗ ◐) and its English word.
        label: The statement's words or the quoted table cell, as printed (Chinese).
        href: The URL of its check on the English data notes page (same anchors as the Chinese page),
            relative to the place's page: the list is raw HTML, as the entries it links are.
        year: The year of the report it is in.
    """

    mark: str
    verdict_word: str
    label: str
    href: str
    year: int


def build_statements(data: SiteData, t: Catalogue, path: str, code: str) -> tuple[Statement, ...]:
    """Return the reports' checked statements that name the place, problems first (as on the Chinese page)."""
    return tuple(Statement(mark=n.mark, verdict_word=t.t(f"notes.verdict.{n.verdict}"), label=n.link.text,
                           href=format_page_url(n.link.href), year=n.year)
                 for n in build_region_notes(data, path, code))


def build_children(data: SiteData, t: Catalogue, path: str,
                   code: str) -> tuple[tuple[ChildRow, ...], tuple[Name, ...]]:
    """Return a prefecture city's ranked places (latest "year: rank" per list) and those lists."""
    codes = data.ranked_under.get(code, ())
    if not codes:
        return (), ()
    lists = tuple(lc for lc in data.list_order
                  if data.lists.get(lc).level != "city" and list_editions(data, lc))
    rows = []
    for child in codes:
        latest = compute_latest_ranks(data, child)
        rows.append(ChildRow(place=build_place_link(data, t, path, child),
                             ranks=tuple(latest.get(lc, "—") for lc in lists)))
    return tuple(rows), tuple(build_list_name(data, lc) for lc in lists)


def build_siblings(data: SiteData, t: Catalogue, path: str, code: str,
                   prefecture: str | None) -> tuple[NamedLink, ...]:
    """Link the other ranked places under the place's prefecture city."""
    if not prefecture:
        return ()
    under = data.ranked_under.get(prefecture, ())
    return tuple(build_place_link(data, t, path, c) for c in under if c != code)


def build_changes(data: SiteData, t: Catalogue, code: str) -> tuple[ChangeRow, ...]:
    """Return the place's former codes and names, oldest first."""
    changes = sorted((c for c in data.region_changes if c["new_code"] == code),
                     key=lambda c: (str(c["effective"]), str(c["old_code"])))
    return tuple(ChangeRow(
        old=Name(_former_pinyin(data, code, str(c["old_name"])), str(c["old_name"])),
        old_code=str(c["old_code"]), new=build_place_name(data, t, code), new_code=str(c["new_code"]),
        effective=str(c["effective"]), kind=t.t(f"change.{c['kind']}"),
    ) for c in changes)


def _former_pinyin(data: SiteData, code: str, old_name: str) -> str:
    """Name a former place in pinyin.

    The current registry spelling when only the suffix changed (无为县 -> 无为市 "Wuwei"), else
    pypinyin's reading of the former name without its suffix.
    """
    row = data.region(code)
    stem = old_name[:-1] if len(old_name) > 2 and old_name[-1] in "县市区旗" else old_name
    if stem == str(row["short_name"]):
        return compute_pinyin_name(str(row["pinyin"]))
    return compute_pinyin_name("".join(lazy_pinyin(stem)))
