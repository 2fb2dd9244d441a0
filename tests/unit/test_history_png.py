"""The rank-history PNGs drawn in Python (charts/history_png.py) against vl-convert's PNG of the same SVG.

`real_histories`: tests/unit/conftest.py.
"""

import html
import io
import re
import struct
import zlib
from collections import Counter
from dataclasses import replace

import numpy as np
import pytest
import vl_convert
from PIL import Image
from png_chunks import read_png_chunks

from build_scripts.charts import history_png
from build_scripts.charts.history_png import SCALE, encode_png, render_history_png
from build_scripts.charts.history_scene import build_history
from build_scripts.charts.history_svg import render_history
from build_scripts.charts.render import render_png, warm_up

# Dark pixels: the cores of lines, symbols and glyphs, not their antialiased edges.
INK = 128
# FreeType hints the labels to whole pixels and rounds their advances (a long English legend label
# ends a few pixels early); ink further than this from the other drawing's ink is a difference.
INK_REACH = 3
# At most this many dark pixels of one drawing lie beyond INK_REACH of the other's (34 on the real
# data); a two-digit rank label drawn a few pixels off is about a hundred.
STRAY_INK = 60
# Without their texts the two drawings differ only at antialiased edges: a mean difference of 0.04
# at most on the real data, and 13 at most over any 8 x 8 pixel block. A missing grid line adds about
# 0.6 to the mean; a missing tick, a symbol of the wrong size or stroke about 30 to a block.
SHAPES_MEAN = 0.25
SHAPES_BLOCK = 22
BLOCK = 8
TEXT = re.compile(r'<text [^>]*fill="([^"]+)"[^>]*>([^<]*)</text>')


def _rgb(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


def _spread(ink: np.ndarray, reach: int) -> np.ndarray:
    """Return `ink` grown by `reach` pixels in every direction."""
    padded = np.pad(ink, reach)
    height, width = ink.shape
    grown = np.zeros_like(ink)
    for dy in range(2 * reach + 1):
        for dx in range(2 * reach + 1):
            grown |= padded[dy:dy + height, dx:dx + width]
    return grown


def _largest_block_mean(difference: np.ndarray) -> float:
    height, width = (size // BLOCK * BLOCK for size in difference.shape)
    blocks = difference[:height, :width].reshape(height // BLOCK, BLOCK, width // BLOCK, BLOCK)
    return float(blocks.mean(axis=(1, 3)).max())


@pytest.fixture()
def drawn_texts(monkeypatch):
    """Record each text `history_png` draws as (text, colour); the drawing of its labels is kept."""
    drawn, colours = [], {}
    make_font, draw_text = history_png._font, history_png._Canvas.text

    def font(path, colour):
        made = make_font(path, colour)
        colours[id(made)] = colour
        return made

    def text(canvas, x, baseline, content, made, ascent, anchor):
        drawn.append((content, colours[id(made)]))
        draw_text(canvas, x, baseline, content, made, ascent, anchor)

    monkeypatch.setattr(history_png, "_font", font)
    monkeypatch.setattr(history_png._Canvas, "text", text)
    return drawn


def test_every_rank_history_png_of_the_real_data_draws_what_vl_converts_draws(real_histories, drawn_texts):
    warm_up()  # vl-convert draws the legends with the chart font
    assert len(real_histories) > 600
    for name, drawing in real_histories.items():
        history = build_history(drawing)
        drawn_texts.clear()
        ours = _rgb(render_history_png(history))
        svg = render_history(history)
        theirs = _rgb(vl_convert.svg_to_png(svg, scale=SCALE))
        assert ours.shape == theirs.shape, name
        # Every text of the SVG, in its colour, and no other.
        assert Counter(drawn_texts) == Counter((html.unescape(t), c) for c, t in TEXT.findall(svg)), name
        difference = np.abs(ours - theirs).max(axis=2)
        assert difference.mean() < 4.5, name  # 3.7 at most on the real data
        assert (difference > 64).mean() < 0.025, name  # 0.019 at most
        our_ink, their_ink = ((image < INK).any(axis=2) for image in (ours, theirs))
        stray = sum(int((one & ~_spread(other, INK_REACH)).sum())
                    for one, other in ((our_ink, their_ink), (their_ink, our_ink)))
        assert stray <= STRAY_INK, (name, stray)


def test_every_rank_history_png_of_the_real_data_draws_vl_converts_shapes(real_histories, monkeypatch):
    warm_up()
    monkeypatch.setattr(history_png._Canvas, "text", lambda *args: None)
    for name, drawing in real_histories.items():
        history = build_history(drawing)
        ours = _rgb(render_history_png(history))
        theirs = _rgb(vl_convert.svg_to_png(TEXT.sub("", render_history(history)), scale=SCALE))
        difference = np.abs(ours - theirs).max(axis=2)
        assert difference.mean() < SHAPES_MEAN, name
        assert _largest_block_mean(difference) < SHAPES_BLOCK, name


def test_a_rank_history_png_is_the_chart_at_twice_its_size_and_other_charts_stay_with_vl_convert(
        real_histories):
    drawing = real_histories["zh/region-320583"]
    svg = render_history(build_history(drawing))
    png = render_png(build_history(drawing), svg)
    width, height = (int(v) for v in svg.split('viewBox="0 0 ', 1)[1].split('"', 1)[0].split())
    assert struct.unpack(">II", png[16:24]) == (width * SCALE, height * SCALE)
    assert png == render_history_png(build_history(drawing))
    bar = {"data": {"values": [{"a": 1}]}, "mark": "bar",
           "encoding": {"x": {"field": "a", "type": "quantitative"}}}
    bar_svg = vl_convert.vegalite_to_svg(bar)
    assert render_png(build_history(bar), bar_svg) == vl_convert.svg_to_png(bar_svg, scale=SCALE)
    # A theme naming other fonts leaves rank histories to vl-convert too: which font it would draw
    # them with is not known here.
    history = build_history(drawing)
    assert render_history_png(replace(history, number_font="Helvetica, sans-serif")) is None
    assert render_history_png(replace(history, legend_font="Noto Sans SC, sans-serif")) is None


def test_encode_png_writes_rgb_rows_with_valid_chunks():
    pixels = bytes(range(256)) * 3  # 2 rows of 128 RGB pixels
    png = encode_png(pixels, 128, 2)
    chunks = read_png_chunks(png)  # the signature, each length and CRC
    assert [kind for kind, _ in chunks] == [b"IHDR", b"pHYs", b"IDAT", b"IEND"]
    assert chunks[0][1] == struct.pack(">IIBBBBB", 128, 2, 8, 2, 0, 0, 0)
    assert chunks[1][1] == struct.pack(">IIB", 2835, 2835, 1)  # 72 dpi, as vl-convert's PNGs
    rows = zlib.decompress(chunks[2][1])
    assert rows == b"\0" + pixels[:384] + b"\0" + pixels[384:]
    assert Image.open(io.BytesIO(png)).tobytes() == pixels
