"""Generate stage: the territory changes (区域调整) of a place, for its region page and movement notes.

Input: `SiteData.territory_changes` (region_changes rows of kind 区域调整: part of old_code's
territory went to new_code). Output: frozen rows for the "区域调整" section of `region.md.j2`, and
the short notes that the region and list pages put next to a movement whose two editions cover
different territory ("2021 年调整后不含划入临平区的区域").
"""

from __future__ import annotations

from dataclasses import dataclass

from build_scripts.catalogue import load_catalogue
from build_scripts.contexts.sitedata import Record, SiteData
from build_scripts.formatting import format_date_zh
from scoring.territory import is_across_change

# A kind of region_changes row (a data value, compared with each row's kind, not shown).
MERGE = "合并"
ZH = load_catalogue("zh")


@dataclass(frozen=True)
class TerritoryRow:
    """A territory change of the place: it lost part of its territory to, or gained it from, another.

    Attributes:
        note: The change in a few words, from the place's side: "2021 年调整后不含划入临平区的区域"
            (余杭区) or "2021 年调整后含原属余杭区的区域" (临平区).
        old_code, old_name, new_code, new_name, effective, kind: The region_changes row.
        source_zh: Its evidence in Chinese (the page is Chinese; `source` is the English twin).
    """

    note: str
    old_code: str
    old_name: str
    new_code: str
    new_name: str
    effective: str
    kind: str
    source_zh: str


def compute_territory_note(change: Record, code: str) -> str:
    """Describe a territory change from the side of `code` (its old_code or its new_code)."""
    # "调整后" (after), not "起" (from), in the messages: the edition published in the change's year
    # still ranks the old territory.
    date = format_date_zh(change["effective"])
    if str(change["old_code"]) == code:
        return ZH.t("contexts.territory.lost", date=date, place=change["new_name"])
    return ZH.t("contexts.territory.gained", date=date, place=change["old_name"])


def _changes_of(data: SiteData, code: str) -> list[Record]:
    changes = [c for c in data.territory_changes if code in (str(c["old_code"]), str(c["new_code"]))]
    return sorted(changes, key=lambda c: (str(c["effective"]), str(c["old_code"]), str(c["new_code"])))


def build_territory_rows(data: SiteData, code: str) -> tuple[TerritoryRow, ...]:
    """Return the territory changes of a place, oldest first."""
    fields = [name for name in TerritoryRow.__dataclass_fields__ if name != "note"]
    return tuple(TerritoryRow(note=compute_territory_note(c, code), **{k: str(c[k]) for k in fields})
                 for c in _changes_of(data, code))


def build_movement_note(data: SiteData, code: str, earlier_year: int | None, later_year: int) -> str | None:
    """Return the note for a movement from `earlier_year` to `later_year` that crosses a territory change.

    None when there is no earlier edition or no change of the place falls between the two (see
    `scoring.territory.is_across_change`). Besides the 区域调整 rows, a merge (合并) that brought
    another place into this one counts too ("2021 年调整后含原属江干区的区域" for 上城区). Several
    changes are joined with "；".
    """
    if earlier_year is None:
        return None
    notes = [compute_territory_note(c, code) for c in (*_changes_of(data, code), *_merges_into(data, code))
             if is_across_change(earlier_year, later_year, str(c["effective"]))]
    return ZH.t("contexts.territory.separator").join(notes) or None


def _merges_into(data: SiteData, code: str) -> list[Record]:
    """Return the merges that brought another place's territory into `code` (江干区 into 上城区, 2021)."""
    merges = [c for c in data.region_changes if str(c["new_code"]) == code and str(c["kind"]) == MERGE
              and str(c["old_name"]) != str(c["new_name"])]
    return sorted(merges, key=lambda c: (str(c["effective"]), str(c["old_code"])))
