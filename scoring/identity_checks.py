r"""Check stage: each registry row's identity agrees with itself (code, level, kind, name, pinyin, slug).

Input: a loaded `Package`. Output: nothing; each `check_*` raises `CheckError` naming file, row,
column, what is wrong (invisible characters written visibly, as `\u200b`) and what to do.

Rules (GB/T 2260 and the registry's own conventions):

- the slug is the region's own code, "-", its pinyin (`320583-kunshan`): never another place's code
  or pinyin, so a page can never take over another place's URL or redirect;
- the pinyin is a reading of the short name (each character's readings from pypinyin's character
  dictionary, tones dropped, ü as v, or pypinyin's reading of the name as a phrase: 乐亭 laoting),
  except the official romanisations listed below;
- level and kind agree (a 县级市 is a county, a 市辖区 a district), the name ends with its kind's
  suffix (江阴市 cannot be a 县), and the code's shape fits the level (a province ends in 0000, a
  prefecture in 00, a county-level unit in neither);
- names and short names carry no invisible characters and no surrounding spaces, and the name
  starts with the short name;
- printed names and places carry no invisible characters either.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from scoring.cells import has_invisible, show_text
from scoring.rows import numbered, raise_if

if TYPE_CHECKING:
    from scoring.package import Package

LEVEL_KINDS: Mapping[str, frozenset[str]] = MappingProxyType({
    "province": frozenset({"省", "自治区", "直辖市"}),
    "prefecture": frozenset({"地级市", "自治州", "地区", "盟"}),
    "county": frozenset({"县级市", "县", "自治县", "旗", "自治旗", "林区", "特区"}),
    "district": frozenset({"市辖区"}),
})
# The suffix a name of each kind ends with; longer suffixes first where one ends another.
KIND_SUFFIXES: Mapping[str, str] = MappingProxyType({
    "省": "省", "自治区": "自治区", "直辖市": "市", "地级市": "市", "自治州": "自治州", "地区": "地区",
    "盟": "盟", "县级市": "市", "县": "县", "自治县": "自治县", "旗": "旗", "自治旗": "自治旗",
    "市辖区": "区", "林区": "林区", "特区": "特区",
})
# Suffixes that end a name of another kind than the shorter suffix they end with.
_LONGER_SUFFIXES = ("自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区")
# Official spellings that are not Hanyu Pinyin readings (陕西 is written Shaanxi to tell it from 山西).
ROMANISATIONS: Mapping[str, str] = MappingProxyType({"陕西": "shaanxi"})
_TEXT_COLUMNS = MappingProxyType({
    "regions": ("name", "short_name"),
    "region_changes": ("old_name", "new_name"),
    "rankings": ("printed_name", "printed_province", "printed_prefecture", "printed_region_rank"),
    "corrections": ("printed_value", "corrected_value"),
    "facts": ("printed_name",),
})


def check_slugs(package: Package) -> None:
    """Check that each slug is the region's own code and pinyin: `<code>-<pinyin>`."""
    where = package.display_path("regions")
    problems = [f'{where} row {row}, column "slug": {show_text(region.slug)} must be '
                f'"{region.code}-{region.pinyin}", the code and pinyin of {region.name} (a slug that names '
                "another code or pinyin takes over that place's URL); fix the slug."
                for row, region in numbered(package["regions"])
                if region.slug != f"{region.code}-{region.pinyin}"]
    raise_if(problems)


def check_pinyin(package: Package) -> None:
    """Check that each pinyin is a reading of the short name (see the module docstring)."""
    from pypinyin.pinyin_dict import pinyin_dict  # the character table only: fast to load

    where = package.display_path("regions")
    problems = []
    for row, region in numbered(package["regions"]):
        accepted = ROMANISATIONS.get(region.short_name)
        if accepted == region.pinyin or _reads_as(region.short_name, region.pinyin, pinyin_dict):
            continue
        if region.pinyin == _phrase_reading(region.short_name):
            continue
        problems.append(f'{where} row {row}, column "pinyin": {show_text(region.pinyin)} is not a reading of '
                        f"{show_text(region.short_name)} ({region.code}); write the short name's pinyin "
                        "without tones or spaces (ü as v).")
    raise_if(problems)


def _phrase_reading(text: str) -> str:
    """Return pypinyin's reading of `text` as a phrase (乐亭 is laoting: 乐 alone has no lao)."""
    from pypinyin import Style, lazy_pinyin  # loads the phrase dictionary: only for the few that need it

    return "".join(lazy_pinyin(text, style=Style.NORMAL, v_to_u=False))


def _reads_as(text: str, pinyin: str, table: Mapping[int, str]) -> bool:
    pattern = ""
    for char in text:
        readings = {_toneless(r) for r in table.get(ord(char), "").split(",") if r}
        if not readings:
            return False
        pattern += "(?:" + "|".join(sorted(map(re.escape, readings))) + ")"
    return re.fullmatch(pattern, pinyin) is not None


def _toneless(reading: str) -> str:
    # ü first: NFD writes ǚ as u, U+0308, U+030C, and dropping every combining mark would leave u.
    decomposed = unicodedata.normalize("NFD", reading).replace("u\u0308", "v")
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def check_levels_and_kinds(package: Package) -> None:
    """Check level against kind, the name's suffix against kind, and the code's shape against level."""
    where = package.display_path("regions")
    problems = []
    for row, region in numbered(package["regions"]):
        for column, what in _find_identity_breaks(region):
            problems.append(f'{where} row {row}, column "{column}": {show_text(region.name)} ({region.code}) '
                            f"{what}.")
    raise_if(problems)


def _find_identity_breaks(region) -> list[tuple[str, str]]:
    breaks = []
    if region.kind not in LEVEL_KINDS.get(region.level, ()):
        fitting = next((level for level, kinds in LEVEL_KINDS.items() if region.kind in kinds), "?")
        breaks.append(("kind", f"is a {region.kind}, which is a {fitting}-level kind, not a {region.level}; "
                               "fix the level or the kind"))
    suffix = KIND_SUFFIXES.get(region.kind, "")
    longer = next((s for s in _LONGER_SUFFIXES if region.name.endswith(s)), None)
    if not region.name.endswith(suffix) or (longer is not None and not suffix.endswith(longer)):
        breaks.append(("kind", f"is recorded as a {region.kind}, but its name does not end with "
                               f"{longer or suffix} as a {region.kind}'s name does; fix the kind or the "
                               "name"))
    shape = {"province": region.code.endswith("0000"),
             "prefecture": region.code.endswith("00") and not region.code.endswith("0000")}
    if shape.get(region.level, not region.code.endswith("00")) is False:
        breaks.append(("level", f"is a {region.level}, but its code does not have a {region.level} code's "
                                "shape (province xx0000, prefecture xxxx00, county-level units neither); fix "
                                "the level or the code"))
    return breaks


def check_names(package: Package) -> None:
    """Check names: no invisible characters or surrounding spaces; the name starts with the short name."""
    problems = []
    for resource, columns in _TEXT_COLUMNS.items():
        if resource not in package.tables:
            continue
        where = package.display_path(resource)
        frame = package[resource]
        for column in columns:
            for row, value in enumerate(frame[column], start=2):
                if isinstance(value, str) and has_invisible(value):
                    problems.append(f'{where} row {row}, column "{column}": {show_text(value)} holds an '
                                    "invisible character or surrounding spaces; delete them.")
    where = package.display_path("regions")
    problems += [f'{where} row {row}, column "short_name": {show_text(region.short_name)} is not the start '
                 f"of the name {show_text(region.name)}; fix the short name."
                 for row, region in numbered(package["regions"])
                 if not region.name.startswith(region.short_name)]
    raise_if(problems)


IDENTITY_CHECKS = (check_slugs, check_pinyin, check_levels_and_kinds, check_names)
