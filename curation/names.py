"""Derive the registry's descriptive fields from an official name and code: level, kind, short name, pinyin.

Inputs: a 6-digit code and its official name; the committed heteronym overrides
(`pinyin_overrides.csv`). Outputs: plain strings. Rules:

- kind: from the level and the name's generic suffix (自治旗 before 旗, 自治县 before 县, 林区 and
  特区 before 区); a county-level 区 is a 市辖区, a county-level 市 a 县级市.
- short_name: the name without its generic suffix and, for autonomous units, without the people's
  name before 自治 (巴音郭楞蒙古自治州 -> 巴音郭楞, 准格尔旗 -> 准格尔). The full name is kept when
  the short form would have one character (沛县, 单县) or would equal its prefecture's short name
  (长沙县 under 长沙市, 克拉玛依区 under 克拉玛依市).
- pinyin: toneless pypinyin of short_name (ü as v), lower case, no separators; a committed override
  wins for names whose reading pypinyin gets wrong (heteronyms such as 长, 六, 蚌, 乐, 番, 莘, 单).
"""

from __future__ import annotations

import re
from pathlib import Path

from pypinyin import Style, lazy_pinyin

from curation.codes import is_prefecture, is_province
from curation.csvio import load_csv
from scoring.entries import COUNTY_KINDS

PINYIN_OVERRIDES = Path(__file__).resolve().parent / "pinyin_overrides.csv"
PROVINCE_KINDS = (("自治区", "自治区"), ("省", "省"), ("市", "直辖市"))
PREFECTURE_KINDS = (("自治州", "自治州"), ("地区", "地区"), ("盟", "盟"), ("市", "地级市"))
PEOPLES = (
    "维吾尔",
    "蒙古",
    "回族",
    "壮族",
    "藏族",
    "苗族",
    "土家族",
    "彝族",
    "哈萨克",
    "柯尔克孜",
    "布依族",
    "侗族",
    "瑶族",
    "白族",
    "傣族",
    "黎族",
    "满族",
    "朝鲜族",
    "羌族",
    "畲族",
    "仡佬族",
    "水族",
    "哈尼族",
    "傈僳族",
    "拉祜族",
    "佤族",
    "纳西族",
    "景颇族",
    "达斡尔族",
    "鄂温克族",
    "鄂伦春族",
    "土族",
    "撒拉族",
    "东乡族",
    "保安族",
    "裕固族",
    "锡伯",
    "塔吉克",
    "仫佬族",
    "毛南族",
    "各族",
)
AUTONOMOUS_WITH_PEOPLE = re.compile(r"(?:" + "|".join(PEOPLES) + r")+自治(?:区|州|县|旗)$")
AUTONOMOUS = re.compile(r"自治(?:区|州|县|旗)$")
SUFFIXES = ("地区", "林区", "特区", "省", "市", "县", "区", "旗", "盟")


def compute_level(code: str, name: str) -> str:
    """Return province | prefecture | district | county for a code and its official name."""
    if is_province(code):
        return "province"
    if is_prefecture(code):
        return "prefecture"
    return "district" if compute_kind(code, name) == "市辖区" else "county"


def compute_kind(code: str, name: str) -> str:
    """Return the administrative kind (省, 地级市, 县级市, 市辖区, 旗 …) from the code level and suffix.

    Raises:
        ValueError: The name has no known suffix for its level.
    """
    if is_province(code):
        table = PROVINCE_KINDS
    elif is_prefecture(code):
        table = PREFECTURE_KINDS
    else:
        table = COUNTY_KINDS
    for suffix, kind in table:
        if name.endswith(suffix):
            return kind
    raise ValueError(f"{code} {name}: no known administrative suffix")


def compute_short_name(name: str, parent_short: str | None = None) -> str:
    """Return the name without its generic suffix (see module docstring for the rule).

    Args:
        name: Official name, e.g. 准格尔旗.
        parent_short: Short name of the place's prefecture, if any (to keep 长沙县 distinct from 长沙).
    """
    for candidate in _short_candidates(name):
        if len(candidate) >= 2 and candidate != parent_short:
            return candidate
    return name


def _short_candidates(name: str) -> list[str]:
    # 巴音郭楞蒙古自治州 -> 巴音郭楞; 内蒙古自治区 would lose 蒙古 that way, so the plain cut follows.
    if AUTONOMOUS.search(name):
        return [AUTONOMOUS_WITH_PEOPLE.sub("", name), AUTONOMOUS.sub("", name)]
    return [name.removesuffix(suffix) for suffix in SUFFIXES if name.endswith(suffix)][:1]


def load_pinyin_overrides(path: Path = PINYIN_OVERRIDES) -> dict[str, str]:
    """Read the committed overrides: short name -> pinyin."""
    return {row["short_name"]: row["pinyin"] for row in load_csv(path)}


def compute_pinyin(short_name: str, overrides: dict[str, str]) -> str:
    """Return the toneless, lower-case, unseparated pinyin of a short name (ü written v)."""
    if short_name in overrides:
        return overrides[short_name]
    syllables = lazy_pinyin(short_name, style=Style.NORMAL, v_to_u=False)
    return "".join(syllables).lower().replace("ü", "v")
