"""Province tile-grid map chart: one edition's counts on the squares of `tilegrid.TILES`.

Input: `province_counts` of one edition. Output: an Altair layered chart (no boundary data).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from build_scripts.charts.theme import COUNT_AXIS_TITLE, finish, inline_data
from build_scripts.charts.tilegrid import COLUMNS, ROWS, TILE_PX, compute_tile_frame


def build_tile_map(province_counts: pd.DataFrame, title: str) -> alt.LayerChart:
    """Build the tile-grid map of one edition: squares coloured by count, labelled with name and count.

    Args:
        province_counts: `province_counts` rows of one edition (province_code, count).
        title: Chart title, e.g. "2024年工业百强县（市）各省上榜数".

    Returns:
        A layered chart: grey tiles for provinces without entries (and HK, MO, TW), coloured tiles for
        the rest, each with its short name and count as text.
    """
    frame = compute_tile_frame(province_counts)
    base = alt.Chart(inline_data(frame)).encode(
        x=alt.X("col:O", axis=None, scale=alt.Scale(domain=list(range(COLUMNS)), paddingInner=0.08)),
        y=alt.Y("row:O", axis=None, scale=alt.Scale(domain=list(range(ROWS)), paddingInner=0.08)),
    )
    tiles = base.mark_rect(cornerRadius=2).encode(
        color=alt.condition(
            "datum.count > 0",
            alt.Color("count:Q", title=COUNT_AXIS_TITLE, scale=alt.Scale(scheme="blues", domainMin=0)),
            alt.value("#eeeeee"),
        )
    )
    text_colour = alt.condition("datum.count >= 10", alt.value("white"), alt.value("#222222"))
    names = base.mark_text(dy=-6, fontSize=10).encode(text="province_short:N", color=text_colour)
    counts = base.mark_text(dy=7, fontSize=10).transform_filter("datum.count > 0").encode(
        text="count:Q", color=text_colour
    )
    ranked = frame[frame["count"] > 0].sort_values(["count", "province_code"], ascending=[False, True])
    description = _describe_tiles(title, ranked)
    chart = alt.layer(tiles, names, counts).properties(width=COLUMNS * TILE_PX, height=ROWS * TILE_PX)
    return finish(chart, title, description)


def _describe_tiles(title: str, ranked: pd.DataFrame) -> str:
    """Return the screen-reader sentence of the tile map."""
    pairs = zip(ranked["province_short"], ranked["count"], strict=True)
    listed = "，".join(f"{short} {count} 个" for short, count in pairs)
    return (
        f"{title}：省份方块示意图（按大致地理位置排列，非地图）。"
        f"有上榜地区的省份 {len(ranked)} 个：{listed}。"
    )
