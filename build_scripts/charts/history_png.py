"""Draw a rank-history chart's PNG in Python: the SVG of `history_svg`, rasterised at twice its size.

Input: a `History` (`history_scene.build_history`), laid out as its SVG is (`history_svg.Layout`).
Output: the bytes of an RGB PNG of what the SVG draws, at `SCALE` times the SVG's size: the grid,
axes, lines, symbols, rank labels and legend, in the same places and colours.

Why: vl-convert's `svg_to_png` takes about 5 ms per rank history (7 in a build), most of it
rasterising the labels' glyphs one path at a time; the site draws one per place and language, the
largest cost of the build on many places. aggdraw (Anti-Grain Geometry, with FreeType for text)
draws one in about a millisecond, and zlib-ng deflates it. The numbers are set in Liberation Sans,
the font vl-convert draws the number stack ("Arial, Liberation Sans, sans-serif") with, shipped in
build_scripts/png_font/; the legend labels in the chart font, as in the SVG.

The two rasterisers differ by a fraction of a pixel at edges, and FreeType hints the labels to whole
pixels; `tests/unit/test_history_png.py` draws every rank history of the real data both ways and
bounds the difference.
"""

from __future__ import annotations

import functools
import math
import struct
from pathlib import Path

import aggdraw
import numpy as np
from zlib_ng import zlib_ng

from build_scripts.charts.history_scene import FONT_SIZE, LABEL_DX, History, Series
from build_scripts.charts.history_svg import (
    AXIS_COLOUR,
    CHART_FONT_FILE,
    GRID_COLOUR,
    LABEL_COLOUR,
    LABEL_PADDING,
    LEGEND_LABEL_X,
    LEGEND_STROKE,
    LEGEND_SYMBOL_CENTRE,
    LEGEND_SYMBOL_SIZE,
    LINE_WIDTH,
    TICK_SIZE,
    Layout,
    baseline_offset,
    js_round,
    legend_row_top,
    tick_label,
)
from build_scripts.png_file import RGB, render_png_file, unfiltered_rows

SCALE = 2
# The fonts this module draws with stand for these stacks of the drawing (the theme's); a drawing
# naming others is left to vl-convert (`render_history_png` returns None).
NUMBER_FONT_STACK = "Arial, Liberation Sans, sans-serif"
LEGEND_FONT_FAMILY = "BQ Chart Sans"
NUMBER_FONT_FILE = Path(__file__).resolve().parents[1] / "png_font" / "LiberationSans-Regular.ttf"
# How far below the point aggdraw is given it draws a text's baseline, in em (the SVG gives the
# baseline): Liberation Sans's ascender (1854 / 2048); for the chart font, the offset that puts its
# legend labels where vl-convert draws them (its ascender, 1.16 em, draws them 1.5 px too high).
NUMBER_ASCENT = 1854 / 2048
CHART_ASCENT = 1.23
WHITE = (255, 255, 255)
# 72 pixels per inch, as vl-convert's PNGs say: a document pastes every chart at the same scale.
PIXELS_PER_METRE = 2835


def render_history_png(history: History) -> bytes | None:
    """Return the PNG of a rank history at `SCALE` times the size of its SVG, or None for other fonts.

    None when the drawing names number or legend fonts other than `NUMBER_FONT_STACK` and
    `LEGEND_FONT_FAMILY`: which font vl-convert would draw those with is not known here.
    """
    if history.number_font != NUMBER_FONT_STACK or (
            history.legend_font is not None and history.legend_font.split(",")[0] != LEGEND_FONT_FAMILY):
        return None
    layout = Layout(history)
    width, height = layout.size
    draw = aggdraw.Draw("RGB", (width * SCALE, height * SCALE), WHITE)
    left, top = layout.offset
    canvas = _Canvas(draw, left, top)
    _draw_axes(canvas, history, layout)
    for series in history.series:
        _draw_line(canvas, layout, series)
    for series in history.series:
        _draw_symbols(canvas, history, layout, series)
    for series in history.series:
        _draw_labels(canvas, history, layout, series)
    if history.legend_font is not None:
        _draw_legend(canvas, history, layout)
    draw.flush()
    return encode_png(draw.tobytes(), width * SCALE, height * SCALE)


class _Canvas:
    """Draws in the SVG's coordinates (its marks' group origin): scaled and moved to pixels."""

    def __init__(self, draw: aggdraw.Draw, left: int, top: int) -> None:
        self.draw, self.left, self.top = draw, left, top

    def point(self, x: float, y: float) -> tuple[float, float]:
        return (x + self.left) * SCALE, (y + self.top) * SCALE

    def line(self, points: list[tuple[float, float]], colour: str, width: float) -> None:
        self.draw.line([c for x, y in points for c in self.point(x, y)], _pen(colour, width * SCALE))

    def text(self, x: float, baseline: float, text: str, font: aggdraw.Font, ascent: float,
             anchor: str) -> None:
        if anchor != "start":
            width = self.draw.textsize(text, font)[0] / SCALE
            x -= width / 2 if anchor == "middle" else width
        px, py = self.point(x, baseline)
        self.draw.text((px, py - ascent * FONT_SIZE * SCALE), text, font)

    def symbol(self, shape: str, x: float, y: float, size: float, colour: str, stroke: float = 0) -> None:
        r = math.sqrt(size) / 2
        brush = _brush(colour)
        pen = _pen(colour, stroke * SCALE) if stroke else None
        if shape == "circle":
            x1, y1 = self.point(x - r, y - r)
            x2, y2 = self.point(x + r, y + r)
            self.draw.ellipse((x1, y1, x2, y2), pen, brush)
            return
        if shape == "square":
            corners = ((x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r))
        else:  # triangle-up
            h = math.sqrt(3) * r / 2
            corners = ((x, y - h), (x - r, y + h), (x + r, y + h))
        self.draw.polygon([c for px, py in corners for c in self.point(px, py)], pen, brush)


@functools.cache
def _pen(colour: str, width: float) -> aggdraw.Pen:
    return aggdraw.Pen(colour, width)


@functools.cache
def _brush(colour: str) -> aggdraw.Brush:
    return aggdraw.Brush(colour)


@functools.cache
def _font(path: str, colour: str) -> aggdraw.Font:
    return aggdraw.Font(colour, path, FONT_SIZE * SCALE)


def _draw_axes(canvas: _Canvas, history: History, layout: Layout) -> None:
    width, height = history.width, history.height
    for tick in history.ticks:
        y = js_round(layout.scale(tick)) + 0.5
        canvas.line([(0.5, y), (width + 0.5, y)], GRID_COLOUR, 1)
    number = _font(str(NUMBER_FONT_FILE), LABEL_COLOUR)
    bottom = height + 0.5
    for year, x in layout.x.items():
        canvas.line([(js_round(x) + 0.5, bottom), (js_round(x) + 0.5, bottom + TICK_SIZE)], AXIS_COLOUR, 1)
        baseline = bottom + TICK_SIZE + LABEL_PADDING + baseline_offset("top")
        canvas.text(x + 0.5, baseline, year, number, NUMBER_ASCENT, "middle")
    canvas.line([(0.5, bottom), (width + 0.5, bottom)], AXIS_COLOUR, 1)
    for tick in history.ticks:
        y = js_round(layout.scale(tick)) + 0.5
        canvas.line([(0.5 - TICK_SIZE, y), (0.5, y)], AXIS_COLOUR, 1)
        baseline = layout.scale(tick) + baseline_offset("middle") + 0.5
        canvas.text(0.5 - TICK_SIZE - LABEL_PADDING, baseline, tick_label(tick), number, NUMBER_ASCENT, "end")
    canvas.line([(0.5, 0.5), (0.5, height + 0.5)], AXIS_COLOUR, 1)


def _draw_line(canvas: _Canvas, layout: Layout, series: Series) -> None:
    """Draw a series' line, broken where a rank is missing; a lone point draws no line (butt caps)."""
    run: list[tuple[float, float]] = []
    for year, rank in (*series.points, ("", None)):
        if rank is not None:
            run.append((layout.x[year], layout.scale(rank)))
            continue
        if len(run) > 1:
            canvas.line([(x, y) for x, y in run], series.colour, LINE_WIDTH)
        run = []


def _draw_symbols(canvas: _Canvas, history: History, layout: Layout, series: Series) -> None:
    for year, rank in series.points:
        if rank is not None:
            canvas.symbol(series.shape, layout.x[year], layout.scale(rank), history.point_size, series.colour)


def _draw_labels(canvas: _Canvas, history: History, layout: Layout, series: Series) -> None:
    font = _font(str(NUMBER_FONT_FILE), history.label_colour or series.colour)
    dy = series.label_dy + baseline_offset("middle")
    for year, rank in series.points:
        if rank is not None:
            canvas.text(layout.x[year] + LABEL_DX, layout.scale(rank) + dy, str(rank), font, NUMBER_ASCENT,
                        "start")


def _draw_legend(canvas: _Canvas, history: History, layout: Layout) -> None:
    font = _font(str(CHART_FONT_FILE), LABEL_COLOUR)
    for row, series in enumerate(history.series):
        top = layout.legend_top + legend_row_top(row)
        canvas.symbol(series.shape, LEGEND_SYMBOL_CENTRE, top + LEGEND_SYMBOL_CENTRE, LEGEND_SYMBOL_SIZE,
                      series.colour, LEGEND_STROKE)
        canvas.text(LEGEND_LABEL_X, top + LEGEND_SYMBOL_CENTRE + baseline_offset("middle"), series.name, font,
                    CHART_ASCENT, "start")


def encode_png(pixels: bytes, width: int, height: int) -> bytes:
    """Return an 8-bit RGB PNG of `pixels` (rows top to bottom) at 72 dpi, deflated by zlib-ng."""
    rows = unfiltered_rows(np.frombuffer(pixels, dtype=np.uint8).reshape(height, width * 3))
    density = struct.pack(">IIB", PIXELS_PER_METRE, PIXELS_PER_METRE, 1)  # unit 1: the metre
    return render_png_file(width, height, RGB, zlib_ng.compress(rows, 1), [(b"pHYs", density)])
