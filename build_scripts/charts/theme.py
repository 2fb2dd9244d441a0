"""Shared look and data helpers of every chart spec: fonts, sizes, colours, inline data.

No I/O: these helpers turn derived DataFrames into the inline `data.values` of a Vega-Lite spec and
hold the one chart configuration the whole site uses.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from build_scripts.catalogue import load_catalogue
from build_scripts.charts.tilegrid import SHORT_NAMES

# Chinese text: the first family is the one vl-convert measures with, Noto Sans CJK SC cut to the
# characters the site can draw (build_scripts/fonts/; same widths, measured about four times faster
# than the system's whole font); a reader's browser does not have it and uses the next families, so
# glyphs never show as boxes. The build needs no system font: the cut covers every character of the
# data, the code and the national code list's names.
CHART_FONT_FAMILY = "BQ Chart Sans"
FONT = f"{CHART_FONT_FAMILY}, Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
# Numbers (axis labels, value labels): vl-convert measures a CJK font about ten times slower per text
# item than a Latin one, and a chart has dozens of numeric labels, so they use a Latin stack.
NUMBER_FONT = "Arial, Liberation Sans, sans-serif"
# Fits a 360 px phone screen with the y axis labels and the page's own padding.
WIDTH = 280
BAR_STEP = 16
PRIMARY = "#3f6fb5"
MUTED = "#d9d9d9"
# The blocs as the data names them, in the charts' order, and their catalogue keys ("chart.bloc.east").
BLOC_ORDER = ("东部", "中部", "西部", "东北")
BLOC_KEYS = dict(zip(BLOC_ORDER, ("east", "central", "west", "northeast"), strict=True))
BLOC_COLOURS = ("#3f6fb5", "#e08a2e", "#5a9e4b", "#8c6bb1")
# The language whose charts are drawn in Chinese; the others carry no Chinese (Latin fonts only).
CHINESE = "zh"

CONFIG = {
    "font": FONT,
    "background": "white",
    "view": {"stroke": None},
    "title": {"fontSize": 14, "anchor": "start", "offset": 8},
    "axis": {"labelFontSize": 11, "labelFont": NUMBER_FONT, "titleFontSize": 11, "titleFontWeight": "normal"},
    "header": {"labelFontSize": 12, "titleFontSize": 12},
    # No label limit: every legend label fits the chart, and vl-convert then skips measuring each
    # label again for truncation (a tenth of the render time of the site's charts).
    "legend": {"labelFontSize": 11, "titleFontSize": 11, "orient": "bottom", "labelLimit": 0},
}


def records(frame: pd.DataFrame) -> list[dict]:
    """Return `frame` as JSON-ready row dicts: NA becomes None, numbers become Python numbers.

    Args:
        frame: Any DataFrame (nullable extension dtypes allowed).

    Returns:
        One dict per row, keys in column order, in row order.
    """
    plain = frame.astype(object).where(frame.notna(), None)
    return [{key: _plain(value) for key, value in row.items()} for row in plain.to_dict("records")]


def _plain(value: object) -> object:
    """Turn numpy scalars into their Python equivalents so json.dumps accepts them."""
    return value.item() if hasattr(value, "item") else value


def inline_data(frame: pd.DataFrame) -> alt.Data:
    """Wrap a DataFrame as inline Vega-Lite data (no dataset hashing, no external file)."""
    return alt.Data(values=records(frame))


def text_font(lang: str) -> str:
    """Return the font stack of a chart's words: the CJK stack in Chinese, the Latin one otherwise."""
    return FONT if lang == CHINESE else NUMBER_FONT


def finish(chart: alt.TopLevelMixin, title: str, description: str, data: pd.DataFrame,
           draw_title: bool = True, lang: str = CHINESE) -> alt.TopLevelMixin:
    """Give a chart its title, its screen-reader description, the site configuration and its data.

    With `draw_title` false the title goes to `usermeta.title` instead: the page shows it in the
    chart's caption and the SVG keeps it as its <title>, but Vega does not draw (and measure) it.

    The properties are set on `chart` itself (which the caller has just built) rather than through
    `properties()` / `configure()`: those return deep copies of the whole chart, data included,
    which made assembling a chart cost more than rendering it. The data (inline, at the top level,
    shared by every layer) is attached last for the same reason. A chart in another language than
    Chinese is set in the Latin stack: it draws no Chinese, and vl-convert measures Latin text faster.
    """
    if draw_title:
        chart.title = title
    else:
        chart.usermeta = {"title": title}
    chart.description = description
    chart.config = alt.Config(**(CONFIG if lang == CHINESE else {**CONFIG, "font": NUMBER_FONT}))
    chart.data = inline_data(data)
    return chart


def compute_province_labels(lang: str, tiles: bool = False) -> dict[str, str]:
    """Return the charts' province labels of `lang` by 2-digit province code.

    Chinese: the short names of the tile grid (江苏, 内蒙古). Other languages: the provinces'
    names of the catalogue (`province_name.<code>`: Jiangsu, Inner Mongolia) or, with `tiles`, the
    ISO 3166-2:CN codes the tile map's small squares show (`chart.tile_label.<2 digits>`: JS, NM).

    Raises:
        RenderError: The catalogue lacks a province of the tile grid.
    """
    if lang == CHINESE:
        return dict(SHORT_NAMES)
    t = load_catalogue(lang)
    key = "chart.tile_label.{code}" if tiles else "province_name.{code}0000"
    return {code: t.t(key.format(code=code)) for code in SHORT_NAMES}


def add_province_short_names(frame: pd.DataFrame, lang: str = CHINESE) -> pd.DataFrame:
    """Return a copy of `frame` with `province_short` (e.g. 江苏, 内蒙古; Jiangsu) from `province_code`."""
    labels = compute_province_labels(lang)
    short = frame["province_code"].map(lambda code: labels[str(code)[:2]])
    return frame.assign(province_short=short.astype("string"))


def translate_blocs(frame: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, list[str]]:
    """Return `frame` with its `bloc` column in the words of `lang`, and the blocs' order in them."""
    t = load_catalogue(lang)
    names = {bloc: t.t(f"chart.bloc.{key}") for bloc, key in BLOC_KEYS.items()}
    return frame.assign(bloc=frame["bloc"].map(names)), [names[bloc] for bloc in BLOC_ORDER]


def order_provinces(frame: pd.DataFrame, value: str = "count") -> list[str]:
    """Return province short names sorted by the summed `value` (largest first), ties by code."""
    totals = frame.groupby(["province_code", "province_short"], as_index=False)[value].sum()
    totals = totals.sort_values([value, "province_code"], ascending=[False, True], kind="stable")
    return totals["province_short"].tolist()


def describe_counts(pairs: Mapping[str, int] | list[tuple[str, int]], lang: str = CHINESE) -> str:
    """Return "江苏 25 个，浙江 19 个" (Chinese) for (label, count) pairs in the given order."""
    t = load_catalogue(lang)
    items = pairs.items() if isinstance(pairs, Mapping) else pairs
    return t.t("chart.separator").join(t.t("chart.count", label=label, count=count) for label, count in items)


def describe(lang: str, title: str, text: str) -> str:
    """Return a chart's description "{title}：{text}。" in the words of `lang`."""
    return load_catalogue(lang).t("chart.described", title=title, text=text)
