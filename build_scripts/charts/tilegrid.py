"""Province tile grid: each province a square placed roughly where it lies on a map of China.

No boundary data is used (a published boundary map of China needs an approval number; a tile grid
does not). Holds the grid positions and short labels, keyed by 2-digit province code, and places
one edition's `province_counts` on it (`tilemap.build_tile_map` draws the chart).
"""

from __future__ import annotations

import pandas as pd

# (2-digit province code, short label, column, row, is_mainland). Columns run west to east, rows
# north to south; Hong Kong, Macao and Taiwan are drawn grey because no list covers them.
TILES = (
    ("23", "黑龙江", 7, 0, True),
    ("15", "内蒙古", 4, 1, True),
    ("11", "北京", 5, 1, True),
    ("21", "辽宁", 6, 1, True),
    ("22", "吉林", 7, 1, True),
    ("65", "新疆", 1, 2, True),
    ("62", "甘肃", 2, 2, True),
    ("64", "宁夏", 3, 2, True),
    ("14", "山西", 4, 2, True),
    ("13", "河北", 5, 2, True),
    ("12", "天津", 6, 2, True),
    ("54", "西藏", 1, 3, True),
    ("63", "青海", 2, 3, True),
    ("61", "陕西", 3, 3, True),
    ("41", "河南", 4, 3, True),
    ("37", "山东", 5, 3, True),
    ("51", "四川", 2, 4, True),
    ("50", "重庆", 3, 4, True),
    ("42", "湖北", 4, 4, True),
    ("34", "安徽", 5, 4, True),
    ("32", "江苏", 6, 4, True),
    ("31", "上海", 7, 4, True),
    ("53", "云南", 2, 5, True),
    ("52", "贵州", 3, 5, True),
    ("43", "湖南", 4, 5, True),
    ("36", "江西", 5, 5, True),
    ("33", "浙江", 6, 5, True),
    ("45", "广西", 3, 6, True),
    ("44", "广东", 4, 6, True),
    ("35", "福建", 5, 6, True),
    ("71", "台湾", 6, 6, False),
    ("46", "海南", 3, 7, True),
    ("82", "澳门", 4, 7, False),
    ("81", "香港", 5, 7, False),
)
COLUMNS = 8
ROWS = 8
TILE_PX = 38
SHORT_NAMES = {code: short for code, short, *_ in TILES}


def province_short_name(province_code: str) -> str:
    """Return the short label of a province (6-digit code or its 2-digit prefix), e.g. 江苏.

    Raises:
        KeyError: The code's first two digits are not a province of the tile grid.
    """
    return SHORT_NAMES[str(province_code)[:2]]


def compute_tile_frame(province_counts: pd.DataFrame) -> pd.DataFrame:
    """Place one edition's province counts on the tile grid.

    Args:
        province_counts: Rows of one edition: province_code (6 digits), count.

    Returns:
        One row per tile of `TILES` in table order: province_code (6 digits, e.g. 320000),
        province_short, col, row, is_mainland, count (0 where the province has no entry).
    """
    columns = ["province_code", "province_short", "col", "row", "is_mainland"]
    tiles = pd.DataFrame(list(TILES), columns=columns)
    tiles = tiles.assign(province_code=tiles["province_code"] + "0000")
    counts = province_counts.assign(province_code=province_counts["province_code"].str[:2] + "0000")
    counts = counts.groupby("province_code", as_index=False)["count"].sum()
    frame = tiles.merge(counts, on="province_code", how="left", validate="one_to_one")
    return frame.assign(count=frame["count"].fillna(0).astype("int64"))
