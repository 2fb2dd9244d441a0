"""The rank-history PNGs drawn in Python (charts/history_png.py) against vl-convert's PNG of the same SVG.

`real_histories`: tests/unit/conftest.py.
"""

import io
import struct
import zlib

import numpy as np
import vl_convert
from PIL import Image

from build_scripts.charts.history_png import SCALE, encode_png, render_history_png
from build_scripts.charts.history_scene import build_history
from build_scripts.charts.history_svg import render_history
from build_scripts.charts.render import render_png, render_spec_json, warm_up

# Dark pixels: the cores of lines, symbols and glyphs, not their antialiased edges.
INK = 128
# FreeType hints the labels to whole pixels and rounds their advances (a long English legend label
# ends a few pixels early); ink further than this from the other drawing's ink is a difference.
INK_REACH = 3
# At most this many dark pixels of one drawing lie beyond INK_REACH of the other's (34 on the real
# data); a rank label missing or added is about a hundred.
STRAY_INK = 60


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


def test_every_rank_history_png_of_the_real_data_draws_what_vl_converts_draws(real_histories):
    warm_up()  # vl-convert draws the legends with the chart font
    assert len(real_histories) > 600
    for name, drawing in real_histories.items():
        history = build_history(drawing)
        ours = _rgb(render_history_png(history))
        theirs = _rgb(vl_convert.svg_to_png(render_history(history), scale=SCALE))
        assert ours.shape == theirs.shape, name
        difference = np.abs(ours - theirs).max(axis=2)
        assert difference.mean() < 4.5, name  # 3.7 at most on the real data
        assert (difference > 64).mean() < 0.025, name  # 0.019 at most
        our_ink, their_ink = ((image < INK).any(axis=2) for image in (ours, theirs))
        stray = sum(int((one & ~_spread(other, INK_REACH)).sum())
                    for one, other in ((our_ink, their_ink), (their_ink, our_ink)))
        assert stray <= STRAY_INK, (name, stray)


def test_a_rank_history_png_is_the_chart_at_twice_its_size_and_other_charts_stay_with_vl_convert(
        real_histories):
    drawing = real_histories["zh/region-320583"]
    svg = render_history(build_history(drawing))
    png = render_png(render_spec_json(drawing), svg)
    width, height = (int(v) for v in svg.split('viewBox="0 0 ', 1)[1].split('"', 1)[0].split())
    assert struct.unpack(">II", png[16:24]) == (width * SCALE, height * SCALE)
    assert png == render_history_png(build_history(drawing))
    bar = {"data": {"values": [{"a": 1}]}, "mark": "bar",
           "encoding": {"x": {"field": "a", "type": "quantitative"}}}
    bar_svg = vl_convert.vegalite_to_svg(bar)
    assert render_png(render_spec_json(bar), bar_svg) == vl_convert.svg_to_png(bar_svg, scale=SCALE)


def test_encode_png_writes_rgb_rows_with_valid_chunks():
    pixels = bytes(range(256)) * 3 * 2  # 2 rows of 128 RGB pixels... of 256 colours each
    png = encode_png(pixels[:2 * 128 * 3], 128, 2)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, offset = [], 8
    while offset < len(png):
        length, kind = struct.unpack(">I4s", png[offset:offset + 8])
        data = png[offset + 8:offset + 8 + length]
        (crc,) = struct.unpack(">I", png[offset + 8 + length:offset + 12 + length])
        assert crc == zlib.crc32(kind + data), kind
        chunks.append((kind, data))
        offset += 12 + length
    assert [kind for kind, _ in chunks] == [b"IHDR", b"IDAT", b"IEND"]
    assert chunks[0][1] == struct.pack(">IIBBBBB", 128, 2, 8, 2, 0, 0, 0)
    rows = zlib.decompress(chunks[1][1])
    assert rows == b"\0" + pixels[:384] + b"\0" + pixels[384:768]
    assert Image.open(io.BytesIO(png)).tobytes() == pixels[:768]
