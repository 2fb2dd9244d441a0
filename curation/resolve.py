"""Resolve a printed ranking row (province, prefecture, name) to the place's current code.

Inputs: the current code list (`codes.load_current_codes`), the curated region changes
(`changes.csv`: former code and name -> current code) and the curated overrides (`name_codes.csv`:
printed rows the rules cannot resolve, e.g. misprinted names). Output: a 6-digit current code.

Rules, in order:

1. An override for the exact printed (province, prefecture, name) wins.
2. Otherwise the printed province selects the province (printed "江苏", "江苏省", "广西省" and
   "新疆" all match by prefix once a trailing 省 is dropped).
3. Current places of the right level (county level for county and district lists, prefecture level
   for the city list) whose official name equals the printed name are candidates; a former name
   from `changes.csv` counts as its current code.
4. Several candidates are narrowed by the printed prefecture (prefix match, "长沙" -> 长沙市).

Exactly one candidate must remain; anything else is an error that names the row.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from curation.codes import is_prefecture, is_province, prefecture_of, province_of
from curation.csvio import load_csv
from scoring.errors import PipelineError
from scoring.territory import TERRITORY_KINDS

CURATION_DIR = Path(__file__).resolve().parent
NAME_CODES = CURATION_DIR / "name_codes.csv"
CHANGES = CURATION_DIR / "changes.csv"


@dataclass(frozen=True)
class Resolver:
    """Everything needed to resolve printed rows.

    Attributes:
        current: Current code -> official name.
        former: (province code, former name) -> current codes that carried that name.
        overrides: (printed province, printed prefecture, printed name) -> code.
    """

    current: Mapping[str, str]
    former: Mapping[tuple[str, str], tuple[str, ...]]
    overrides: Mapping[tuple[str, str, str], str]

    def resolve(self, province: str, prefecture: str, name: str, *, city_level: bool = False) -> str:
        """Return the current code of a printed row.

        Args:
            province: Province as printed.
            prefecture: Prefecture as printed ("" for the city list).
            name: Name as printed, without ★.
            city_level: Resolve among prefecture-level cities (the city list).

        Raises:
            PipelineError: No place or several places match.
        """
        key = (province, prefecture or "", name)
        if key in self.overrides:
            return self.overrides[key]
        province_code = self.province_code(province)
        candidates = self._candidates(province_code, name, city_level)
        if len(candidates) > 1 and prefecture:
            candidates = [code for code in candidates if self._in_prefecture(code, prefecture)]
        if len(candidates) != 1:
            raise PipelineError(
                f"printed row {province}/{prefecture}/{name}: {len(candidates)} matching codes {candidates}. "
                f"Add the row to {NAME_CODES.name} or a former name to {CHANGES.name}."
            )
        return candidates[0]

    def province_code(self, printed: str) -> str:
        """Return the province code for a printed province name (prefix match without 省)."""
        stem = printed.removesuffix("省")
        matches = [code for code, name in self.current.items() if is_province(code) and name.startswith(stem)]
        if len(matches) != 1:
            raise PipelineError(
                f"printed province {printed!r}: {len(matches)} matching provinces. Fix the seed rule."
            )
        return matches[0]

    def _candidates(self, province_code: str, name: str, city_level: bool) -> list[str]:
        level = is_prefecture if city_level else _is_county_level
        current = [
            code
            for code, official in self.current.items()
            if official == name and province_of(code) == province_code and level(code)
        ]
        return sorted(set(current) | set(self.former.get((province_code, name), ())))

    def _in_prefecture(self, code: str, printed: str) -> bool:
        parent = prefecture_of(code)
        return parent is not None and self.current.get(parent, "").startswith(printed.removesuffix("市"))


def load_resolver(current: Mapping[str, str]) -> Resolver:
    """Build a `Resolver` from the current code list and the committed curation tables."""
    former: dict[tuple[str, str], set[str]] = {}
    for row in load_csv(CHANGES):
        if row["kind"] in TERRITORY_KINDS:  # 萧山区 -> 钱塘区 moved territory, not a name
            continue
        former.setdefault((province_of(row["old_code"]), row["old_name"]), set()).add(row["new_code"])
    overrides = {
        (row["printed_province"], row["printed_prefecture"], row["printed_name"]): row["region_code"]
        for row in load_csv(NAME_CODES)
    }
    return Resolver(
        current=dict(current),
        former={key: tuple(sorted(codes)) for key, codes in former.items()},
        overrides=overrides,
    )


def _is_county_level(code: str) -> bool:
    return not is_province(code) and not is_prefecture(code)
