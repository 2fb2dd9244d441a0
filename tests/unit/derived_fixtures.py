"""Tiny inline tables shaped like the loaded package (string, Int64, boolean dtypes), for the analytics tests.

    county_industrial: 2019 (size 5, tiers 1-2;3-5), 2021 (size 5, no tiers), 2024 (size 5, tiers 1-1;2-5)
    county_innovation: 2019 (size 3)
    city_manufacturing: 2023 (size 3)
"""

from io import StringIO

import pandas as pd

from scoring.lists import build_lists
from scoring.params import build_params

REGIONS = """code,name,level,kind,province_code,prefecture_code
320000,江苏省,province,省,320000,
330000,浙江省,province,省,330000,
350000,福建省,province,省,350000,
410000,河南省,province,省,410000,
320200,无锡市,prefecture,地级市,320000,
320500,苏州市,prefecture,地级市,320000,
320600,南通市,prefecture,地级市,320000,
330200,宁波市,prefecture,地级市,330000,
350500,泉州市,prefecture,地级市,350000,
410100,郑州市,prefecture,地级市,410000,
320281,江阴市,county,县级市,320000,320200
320583,昆山市,county,县级市,320000,320500
320582,张家港市,county,县级市,320000,320500
320684,海门区,district,市辖区,320000,320600
330282,慈溪市,county,县级市,330000,330200
350582,晋江市,county,县级市,350000,350500
410181,巩义市,county,县级市,410000,410100
"""

EDITIONS = """edition,list,year,size,tier_boundaries
county_industrial-2019,county_industrial,2019,5,1-2;3-5
county_industrial-2021,county_industrial,2021,5,
county_industrial-2024,county_industrial,2024,5,1-1;2-5
county_innovation-2019,county_innovation,2019,3,
city_manufacturing-2023,city_manufacturing,2023,3,
"""

# 2019: 江阴 1, 昆山 2, 海门 3 (then 海门市), 慈溪 4, 晋江 5
# 2021: 昆山 1, 江阴 2, 晋江 3, 巩义 4, 张家港 5      (海门 and 慈溪 drop out)
# 2024: 昆山 1, 江阴 2, 晋江 3, 慈溪 4, 海门 5        (慈溪 and 海门 return; 巩义, 张家港 drop out)
RANKINGS = """edition,rank,region_code,printed_name,printed_province_first,printed_rank_change
county_industrial-2019,1,320281,江阴市,true,
county_industrial-2019,2,320583,昆山市,false,
county_industrial-2019,3,320684,海门市,false,
county_industrial-2019,4,330282,慈溪市,true,
county_industrial-2019,5,350582,晋江市,false,
county_industrial-2021,1,320583,昆山市,true,
county_industrial-2021,2,320281,江阴市,false,
county_industrial-2021,3,350582,晋江市,true,
county_industrial-2021,4,410181,巩义市,true,
county_industrial-2021,5,320582,张家港市,false,
county_industrial-2024,1,320583,昆山市,true,
county_industrial-2024,2,320281,江阴市,false,
county_industrial-2024,3,350582,晋江市,true,
county_industrial-2024,4,330282,慈溪市,true,
county_industrial-2024,5,320684,海门区,false,
county_innovation-2019,1,320583,昆山市,true,
county_innovation-2019,2,330282,慈溪市,true,
county_innovation-2019,2,320281,江阴市,true,
city_manufacturing-2023,1,320500,苏州市,true,—
city_manufacturing-2023,2,320200,无锡市,false,↑
city_manufacturing-2023,3,330200,宁波市,true,新增
"""

_TYPES = {"year": "Int64", "size": "Int64", "rank": "Int64"}


def frame(text: str) -> pd.DataFrame:
    """Read inline CSV text with the package loader's dtypes."""
    df = pd.read_csv(StringIO(text), dtype="string", keep_default_na=False, na_values=[""])
    for column in df.columns:
        if column in _TYPES:
            df[column] = df[column].astype("Int64")
        elif column.startswith(("is_", "has_", "printed_province_first")):
            df[column] = df[column].map({"true": True, "false": False}, na_action="ignore").astype("boolean")
    return df


def regions() -> pd.DataFrame:
    return frame(REGIONS)


def editions() -> pd.DataFrame:
    return frame(EDITIONS)


def rankings() -> pd.DataFrame:
    return frame(RANKINGS)


PARAMS = build_params({
    "blocs": {"东部": ["32", "33", "35"], "中部": ["41"], "西部": ["51"], "东北": ["21"]},
    "rank_band_width": 2,
    "streak_thresholds": [1, 2, 3],
})

# The lists of the fixtures, as config/lists.yml defines them (the kind of place each ranks).
LISTS = build_lists({"lists": [
    {"code": code, "name_zh": code, "name_en": code, "level": level, "size": size, "tiers": "stated",
     "rank_ticks": [1, size], "measure": measure}
    for code, level, size, measure in (
        ("county_industrial", "county", 100, "industrial"),
        ("county_innovation", "county", 100, "innovation"),
        ("district_industrial", "district", 100, "industrial"),
        ("city_manufacturing", "city", 50, "manufacturing"))]})
