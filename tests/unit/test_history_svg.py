"""The rank histories drawn in Python (charts/history_svg.py) against vl-convert's drawing of one spec.

`real_histories`: tests/unit/conftest.py.
"""

import io
import json

import vl_convert
from PIL import Image, ImageChops

from build_scripts.charts.history_svg import render_rank_history_svg
from build_scripts.charts.render import compile_vega, render_drawing, render_svg


def _vega_svg(drawing):
    return vl_convert.vega_to_svg(compile_vega(drawing))


def _pixels(svg):
    return Image.open(io.BytesIO(vl_convert.svg_to_png(svg, scale=1))).convert("RGB")


def _assert_same_pixels(mine, vega, name):
    ours, theirs = _pixels(mine), _pixels(vega)
    assert ours.size == theirs.size, name
    assert ImageChops.difference(ours, theirs).getbbox() is None, name


def test_every_rank_history_of_the_real_data_is_drawn_with_vegas_pixels_in_both_languages(real_histories):
    assert len(real_histories) > 600
    several = [d for d in real_histories.values() if "list_name" in d["data"]["values"][0]]
    assert len(several) > 100  # two and three lists, with their legends
    for name, drawing in real_histories.items():
        mine = render_rank_history_svg(drawing)
        assert mine is not None, name
        _assert_same_pixels(mine, _vega_svg(drawing), name)


def test_a_rank_axis_past_a_thousand_has_vegas_thousands_commas(real_histories):
    drawing = json.loads(json.dumps(real_histories["en/region-320583"]))
    for layer in drawing["layer"]:
        y = layer["encoding"]["y"]
        y["scale"]["domain"], y["axis"]["values"] = [1, 1060], [1, 500, 1060]
    for row in drawing["data"]["values"]:
        row["rank"] = row["rank"] and row["rank"] * 350
    mine = render_rank_history_svg(drawing)
    assert ">1,060</text>" in mine
    _assert_same_pixels(mine, _vega_svg(drawing), "1060")


def test_other_charts_and_changed_histories_are_left_to_vl_convert(real_histories):
    drawing = real_histories["zh/region-320281"]
    bar = {"data": {"values": [{"a": 1}]}, "mark": "bar",
           "encoding": {"x": {"field": "a", "type": "quantitative"}}}
    dashed = json.loads(json.dumps(drawing))
    dashed["layer"][0]["mark"]["strokeDash"] = [4, 2]
    crowded = json.loads(json.dumps(drawing))
    for layer in crowded["layer"]:
        layer["encoding"]["y"]["axis"]["values"] = [1, 2, 100]  # labels 1 and 2 would overlap
    assert render_rank_history_svg(drawing) is not None
    for other in (bar, dashed, crowded):
        assert render_rank_history_svg(other) is None
    assert 'stroke-dasharray="4,2"' in render_drawing(dashed, "x")


def test_render_svg_draws_a_rank_history_with_its_title_and_description(real_histories):
    spec = {**real_histories["zh/region-320281"], "usermeta": {"title": "江阴市：工业百强县（市）历年名次"},
            "description": "江阴市在工业百强县（市）中：2019年第 1 位。"}
    svg = render_svg(spec, id_prefix="h")
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title>江阴市：工业百强县（市）历年名次</title><desc>江阴市在工业百强县（市）中" in svg
