"""Province tile-grid map chart: one edition's counts on the squares of `tilegrid.TILES`.

Input: `province_counts` of one edition. Output: an Altair layered chart (no boundary data).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from build_scripts.catalogue import load_catalogue
from build_scripts.charts.theme import (
    CHINESE,
    NUMBER_FONT,
    compute_province_labels,
    describe,
    describe_counts,
    finish,
)
from build_scripts.charts.tilegrid import COLUMNS, ROWS, TILE_PX, compute_tile_frame

# Counts from here on sit on tiles dark enough for white text.
WHITE_TEXT_FROM = 10


def build_tile_map(province_counts: pd.DataFrame, title: str, lang: str = CHINESE) -> alt.LayerChart:
    """Build the tile-grid map of one edition: squares coloured by count, labelled with name and count.

    Args:
        province_counts: `province_counts` rows of one edition (province_code, count).
        title: Chart title, e.g. "2024年工业百强县（市）各省上榜数".
        lang: The language of its words: in Chinese the tiles show short names (江苏), otherwise
            ISO 3166-2:CN codes (JS), which fit a tile; the description names the provinces.

    Returns:
        A layered chart: grey tiles for provinces without entries (and HK, MO, TW), coloured tiles for
        the rest, each with its short name and count as text.
    """
    t = load_catalogue(lang)
    frame = compute_tile_frame(province_counts)
    if lang != CHINESE:
        labels = compute_province_labels(lang, tiles=True)
        frame = frame.assign(province_short=frame["province_code"].str[:2].map(labels))
    base = alt.Chart().encode(
        x=alt.X("col:O", axis=None, scale=alt.Scale(domain=list(range(COLUMNS)), paddingInner=0.08)),
        y=alt.Y("row:O", axis=None, scale=alt.Scale(domain=list(range(ROWS)), paddingInner=0.08)),
    )
    # Filtered layers rather than conditional encodings: same picture, and Altair assembles
    # them several times faster (this chart is built once per edition).
    empty = base.mark_rect(cornerRadius=2, color="#eeeeee").transform_filter("datum.count == 0")
    counted = base.transform_filter("datum.count > 0")
    tiles = counted.mark_rect(cornerRadius=2).encode(
        color=alt.Color("count:Q", title=t.t("chart.count_axis"),
                        scale=alt.Scale(scheme="blues", domainMin=0))
    )
    names = _text_layers(base, "province_short:N", dy=-6, font=None)
    counts = _text_layers(counted, "count:Q", dy=7, font=NUMBER_FONT)
    ranked = frame[frame["count"] > 0].sort_values(["count", "province_code"], ascending=[False, True])
    description = _describe_tiles(title, ranked, lang)
    chart = alt.layer(empty, tiles, *names, *counts).properties(
        width=COLUMNS * TILE_PX, height=ROWS * TILE_PX
    )
    return finish(chart, title, description, frame, lang=lang)


def _text_layers(base: alt.Chart, text: str, dy: int, font: str | None) -> list[alt.Chart]:
    """Return two text layers: dark text on light tiles, white text on dark ones."""
    dark = f"datum.count < {WHITE_TEXT_FROM}"
    style = {"dy": dy, "fontSize": 10, **({"font": font} if font else {})}
    return [
        base.transform_filter(dark).mark_text(color="#222222", **style).encode(text=alt.Text(text)),
        base.transform_filter(f"!({dark})").mark_text(color="white", **style).encode(text=alt.Text(text)),
    ]


def _describe_tiles(title: str, ranked: pd.DataFrame, lang: str) -> str:
    """Return the screen-reader sentence of the tile map (provinces by name, not by tile label)."""
    names = compute_province_labels(lang)
    codes = ranked["province_code"].str[:2]
    pairs = [(names[code], count) for code, count in zip(codes, ranked["count"], strict=True)]
    counts = describe_counts(pairs, lang)
    text = load_catalogue(lang).t("chart.tiles_text", provinces=len(ranked), counts=counts)
    return describe(lang, title, text)
