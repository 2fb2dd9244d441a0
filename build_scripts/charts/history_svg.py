"""Draw a rank-history chart's SVG in Python: the one chart the site draws for every place.

Input: the drawing (`render.build_drawing`) of a spec made by `history.build_rank_history_chart`.
Output: the SVG vl-convert would draw from it, laid out by Vega's rules for this chart: a point scale
of years, a reversed linear rank scale, axis labels placed and measured as Vega places and measures
them, a legend below, and 5 px of padding around everything drawn ("autosize": "pad").

Why: vl-convert takes about 20 ms per rank history (its Vega runtime builds a whole view for a
chart of a few points), and the site has one per place and language, the build's largest cost.
This draws one in well under a millisecond. The Vega-Lite spec stays the chart's definition: it is
what the page links, and `tests/unit/test_history_svg.py` draws every rank history of the real data
both ways, in both languages, and compares the pixels.

`history_scene.build_history` returns None for any drawing not of exactly this form;
`render.render_drawing` then uses vl-convert (`render_rank_history_svg` returns None too).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from html import escape

from PIL import ImageFont

from build_scripts.charts.history_scene import FONT_SIZE, LABEL_DX, History, Series, build_history
from build_scripts.fonts import FONT_DIR

# Vega's defaults for this chart: padding, axis tick and label offsets, colours, legend geometry.
PADDING = 5
TICK_SIZE = 5
LABEL_PADDING = 2
GRID_COLOUR = "#ddd"
AXIS_COLOUR = "#888"
LABEL_COLOUR = "#000"
LINE_WIDTH = 2
LEGEND_OFFSET = 18
# Every legend row is as tall as the tallest entry (its symbol's bottom with the stroke width) plus
# this; rows start at whole pixels.
LEGEND_ROW_PADDING = 3
LEGEND_SYMBOL_SIZE = 100
LEGEND_SYMBOL_CENTRE = 6
LEGEND_LABEL_X = 16
LEGEND_STROKE = 1.5
# Axis and value labels are digits in the number font, which vl-convert measures with Arial's metrics:
# every digit is 0.556 em wide, the thousands comma of the rank axis 0.278 em.
DIGIT_EM = 0.556
COMMA_EM = 0.278
# Legend labels are measured with the chart font, the first family of the theme's font stack.
CHART_FONT_FILE = FONT_DIR / "BQChartSans-Regular.otf"


def render_rank_history_svg(drawing: Mapping) -> str | None:
    """Return the SVG of a rank-history drawing (without <title> and <desc>), or None if it is not one."""
    history = build_history(drawing)
    return None if history is None else render_history(history)


def render_history(history: History) -> str:
    """Return the SVG of a rank history, laid out as Vega lays it out."""
    layout = Layout(history)
    parts = [_axes(history, layout), *(_line(layout, s) for s in history.series),
             _symbols(history, layout), *(_labels(history, layout, s) for s in history.series)]
    if history.legend_font is not None:
        parts.append(_legend(history, layout))
    left, top = layout.offset
    width, height = layout.size
    return (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'version="1.1" class="marks" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
            f'<rect width="{width}" height="{height}" fill="white"/>'
            f'<g fill="none" stroke-miterlimit="10" transform="translate({left},{top})">'
            f'{"".join(parts)}</g></svg>')


class Layout:
    """Positions of a history's marks, and the padding Vega's "pad" autosize adds around them."""

    def __init__(self, history: History) -> None:
        self.history = history
        count = len(history.years)
        # d3's point scale with padding 0.5 (Vega-Lite's default for a line's ordinal x).
        step = history.width / count
        start = (history.width - step * (count - 1)) * 0.5
        self.x = {year: start + step * i for i, year in enumerate(history.years)}
        low, high = history.domain
        self.scale = lambda rank: (rank - low) / (high - low) * history.height
        self.axis_bottom = history.height + _text_span(TICK_SIZE + LABEL_PADDING, 0, "top")[1]
        self.legend_top = self.axis_bottom + LEGEND_OFFSET
        self.offset, self.size = self._pad(self._bounds())

    def _bounds(self) -> tuple[float, float, float, float]:
        history, boxes = self.history, []
        label_x = -(TICK_SIZE + LABEL_PADDING)
        for tick in history.ticks:
            top, bottom = _text_span(self.scale(tick), 0, "middle")
            boxes.append((label_x - _digits_width(tick_label(tick)), top, label_x, bottom))
        boxes += [(x - _digits_width(year) / 2, 0, x + _digits_width(year) / 2, self.axis_bottom)
                  for year, x in self.x.items()]
        radius = math.sqrt(history.point_size) / 2
        for series in history.series:
            for year, rank in series.points:
                if rank is None:
                    continue
                x, y = self.x[year], self.scale(rank)
                top, bottom = _text_span(y, series.label_dy, "middle")
                boxes += [(x - radius, y - radius, x + radius, y + radius),
                          (x + LABEL_DX, top, x + LABEL_DX + _digits_width(str(rank)), bottom)]
        if history.legend_font is not None:
            width = LEGEND_LABEL_X + max(_text_width(s.name) for s in history.series)
            boxes.append((0, self.legend_top, width, self.legend_top + self._legend_height()))
        return (min(0, *(b[0] for b in boxes)), min(0, *(b[1] for b in boxes)),
                max(history.width, *(b[2] for b in boxes)), max(self.axis_bottom, *(b[3] for b in boxes)))

    def _legend_height(self) -> float:
        last = self.history.series[-1].shape
        return legend_row_top(len(self.history.series) - 1) + _legend_entry_height(last)

    @staticmethod
    def _pad(bounds: tuple[float, float, float, float]) -> tuple[tuple[int, int], tuple[int, int]]:
        x1, y1, x2, y2 = bounds
        left, top = PADDING + math.ceil(-x1), PADDING + math.ceil(-y1)
        return (left, top), (left + math.ceil(x2) + PADDING, top + math.ceil(y2) + PADDING)


def _text_span(y: float, dy: float, baseline: str) -> tuple[float, float]:
    """Return a text's vertical extent (top, bottom) as Vega bounds it: one font size tall."""
    top = y + dy + baseline_offset(baseline) - js_round(0.8 * FONT_SIZE)
    return top, top + FONT_SIZE


def baseline_offset(baseline: str) -> int:
    """Return how far Vega moves a text down from its anchor for a baseline (vega-scenegraph `offset`)."""
    return js_round({"top": 0.79, "middle": 0.30}[baseline] * FONT_SIZE)


def tick_label(rank: int) -> str:
    """Return a rank-axis label as Vega formats it: thousands separated by commas."""
    return f"{rank:,}"


def _digits_width(text: str) -> float:
    """Return the width of a label of digits and commas in the number font."""
    return (len(text) * DIGIT_EM - text.count(",") * (DIGIT_EM - COMMA_EM)) * FONT_SIZE


@functools.cache
def _chart_font() -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(CHART_FONT_FILE), FONT_SIZE, layout_engine=ImageFont.Layout.BASIC)


def _text_width(text: str) -> float:
    return float(_chart_font().getlength(text))


def _axes(history: History, layout: Layout) -> str:
    number = f'font-family="{escape(history.number_font)}" font-size="{FONT_SIZE}px" fill="{LABEL_COLOUR}"'
    grid = "".join(f'<line transform="translate(0,{_js(js_round(layout.scale(t)))})" '
                   f'x2="{_js(history.width)}" y2="0" stroke="{GRID_COLOUR}" stroke-width="1"/>'
                   for t in history.ticks)
    label_y = TICK_SIZE + LABEL_PADDING + baseline_offset("top")
    x_ticks = "".join(f'<line transform="translate({_js(js_round(x))},0)" x2="0" y2="{TICK_SIZE}" '
                      f'stroke="{AXIS_COLOUR}" stroke-width="1"/>' for x in layout.x.values())
    x_labels = "".join(f'<text text-anchor="middle" transform="translate({_js(x)},{label_y})" {number}>'
                       f'{year}</text>' for year, x in layout.x.items())
    y_ticks = "".join(f'<line transform="translate(0,{_js(js_round(layout.scale(t)))})" x2="-{TICK_SIZE}" '
                      f'y2="0" stroke="{AXIS_COLOUR}" stroke-width="1"/>' for t in history.ticks)
    y_labels = "".join(
        f'<text text-anchor="end" transform="translate(-{TICK_SIZE + LABEL_PADDING},'
        f'{_js(layout.scale(t) + baseline_offset("middle"))})" {number}>{tick_label(t)}</text>'
        for t in history.ticks)
    domain = f'stroke="{AXIS_COLOUR}" stroke-width="1"'
    return (f'<g class="role-axis-grid" transform="translate(0.5,0.5)">{grid}</g>'
            f'<g class="role-axis" transform="translate(0.5,{_js(history.height + 0.5)})">{x_ticks}{x_labels}'
            f'<line x2="{_js(history.width)}" y2="0" {domain}/></g>'
            f'<g class="role-axis" transform="translate(0.5,0.5)">{y_ticks}{y_labels}'
            f'<line x2="0" y2="{_js(history.height)}" {domain}/></g>')


def _line(layout: Layout, series: Series) -> str:
    """Return a series' line: d3's linear curve, broken where a rank is missing, a lone point as `M x,yZ`."""
    path, run = [], []
    for year, rank in (*series.points, ("", None)):
        if rank is not None:
            run.append((layout.x[year], layout.scale(rank)))
            continue
        if run:
            path.append("M" + "L".join(f"{_p(x)},{_p(y)}" for x, y in run) + ("Z" if len(run) == 1 else ""))
        run = []
    if not path:
        return ""
    return (f'<g class="mark-line"><path {_mark_role("line mark")} d="{"".join(path)}" '
            f'stroke="{series.colour}" stroke-width="{LINE_WIDTH}"/></g>')


def _symbols(history: History, layout: Layout) -> str:
    marks = "".join(
        f'<path {_mark_role("point")} transform="translate({_js(layout.x[year])},{_js(layout.scale(rank))})" '
        f'd="{_symbol(series.shape, history.point_size)}" fill="{series.colour}" '
        f'stroke-width="2" opacity="1"/>'
        for series in history.series for year, rank in series.points if rank is not None)
    return f'<g class="mark-symbol">{marks}</g>'


def _labels(history: History, layout: Layout, series: Series) -> str:
    font = f'font-family="{escape(history.number_font)}" font-size="{FONT_SIZE}px"'
    fill = history.label_colour or series.colour
    dy = series.label_dy + baseline_offset("middle")
    marks = "".join(
        f'<text {_mark_role("text mark")} text-anchor="start" '
        f'transform="translate({_js(layout.x[year] + LABEL_DX)},{_js(layout.scale(rank) + dy)})" '
        f'{font} fill="{fill}">{rank}</text>'
        for year, rank in series.points if rank is not None)
    return f'<g class="mark-text">{marks}</g>'


def _mark_role(kind: str) -> str:
    """Return the ARIA role Vega gives a mark (the SVG as a whole is one image to screen readers)."""
    return f'role="graphics-symbol" aria-roledescription="{kind}"'


def _legend(history: History, layout: Layout) -> str:
    label_y = LEGEND_SYMBOL_CENTRE + baseline_offset("middle")
    entries = "".join(
        f'<g transform="translate(0,{legend_row_top(i)})">'
        f'<path transform="translate({LEGEND_SYMBOL_CENTRE},{LEGEND_SYMBOL_CENTRE})" '
        f'd="{_symbol(s.shape, LEGEND_SYMBOL_SIZE)}" fill="{s.colour}" stroke="{s.colour}" '
        f'stroke-width="{LEGEND_STROKE}" opacity="1"/>'
        f'<text text-anchor="start" transform="translate({LEGEND_LABEL_X},{label_y})" '
        f'font-family="{escape(history.legend_font)}" font-size="{FONT_SIZE}px" fill="{LABEL_COLOUR}">'
        f'{escape(s.name)}</text></g>' for i, s in enumerate(history.series))
    return f'<g class="role-legend" transform="translate(0,{_js(layout.legend_top)})">{entries}</g>'


def _legend_entry_height(shape: str) -> float:
    """Return a legend entry's height: its symbol's bottom, stroke included (Vega bounds a stroke whole)."""
    r = math.sqrt(LEGEND_SYMBOL_SIZE) / 2
    half = math.sqrt(3) * r / 2 if shape == "triangle-up" else r
    return LEGEND_SYMBOL_CENTRE + half + LEGEND_STROKE


def legend_row_top(row: int) -> int:
    """Return where a legend row starts: rows as tall as the tallest entry (a circle's, the first)."""
    return js_round(row * (_legend_entry_height("circle") + LEGEND_ROW_PADDING))


def _symbol(shape: str, size: float) -> str:
    """Return Vega's path of a symbol of `size` square pixels centred on 0,0 (vega-scenegraph symbols)."""
    r = math.sqrt(size) / 2
    if shape == "circle":
        return f"M{_p(r)},0A{_p(r)},{_p(r)},0,1,1,{_p(-r)},0A{_p(r)},{_p(r)},0,1,1,{_p(r)},0"
    if shape == "square":
        return f"M{_p(-r)},{_p(-r)}h{_p(2 * r)}v{_p(2 * r)}h{_p(-2 * r)}Z"
    h = math.sqrt(3) * r / 2  # triangle-up
    return f"M0,{_p(-h)}L{_p(-r)},{_p(h)}L{_p(r)},{_p(h)}Z"


def js_round(value: float) -> int:
    """Round as JavaScript's Math.round: halves up."""
    return math.floor(value + 0.5)


def _js(value: float) -> str:
    """Format a number as JavaScript prints it: 140, not 140.0; otherwise the shortest round trip."""
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def _p(value: float) -> str:
    """Format a path coordinate as d3-path does: rounded to 3 decimals."""
    return _js(js_round(value * 1000) / 1000)
