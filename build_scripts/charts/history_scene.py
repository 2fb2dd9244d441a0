"""What a rank-history drawing draws, read from its Vega-Lite spec: years, rank axis, lists, fonts.

Input: the drawing (`render.build_drawing`) of a spec made by `history.build_rank_history_chart`.
Output: a `History`, which `history_svg` draws, or None when the drawing is not of exactly the form
that builder makes (another chart, a changed builder, more lists than there are symbols for), so that
vl-convert draws it instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from build_scripts.charts.theme import CONFIG

# What the builder's spec holds and `history_svg` draws as Vega would: the label size of the theme,
# the rank labels' offset right of their point, and the first symbol shapes of Vega's default range.
FONT_SIZE = 11
LABEL_DX = 6
SHAPES = ("circle", "square", "triangle-up")
# More years than this and Vega may thin the year labels out: left to it.
MAX_YEARS = 8
BREAK_PATHS = "break-paths-show-domains"
VALID_RANK = "isValid(datum.rank)"
# The builder's encodings and marks, as its specs hold them.
XY = {"x", "y"}
X_ENCODING = {"axis": {"labelAngle": 0}, "field": "year", "sort": "ascending", "title": None,
              "type": "ordinal"}
Y_KEYS = {"axis", "field", "scale", "title", "type"}
RANK_SCALE = {"nice": False, "reverse": True, "zero": False}
LAYER_KEYS = {"encoding", "mark", "transform"}
TOP_KEYS = {"$schema", "config", "data", "height", "layer", "width"}
RANK_TEXT = {"field": "rank", "type": "quantitative"}
POINT_MARK = {"filled": True, "opacity": 1, "type": "point"}
TEXT_MARK = {"align": "left", "dx": LABEL_DX, "type": "text"}


@dataclass(frozen=True)
class Series:
    """One list's line, points and rank labels."""

    name: str
    colour: str
    shape: str
    label_dy: float
    points: tuple[tuple[str, int | None], ...]  # (year, rank), years ascending


@dataclass(frozen=True)
class History:
    """What a rank-history drawing draws."""

    width: float
    height: float
    years: tuple[str, ...]
    domain: tuple[float, float]
    ticks: tuple[int, ...]
    series: tuple[Series, ...]
    point_size: float
    number_font: str
    legend_font: str | None  # None: one list, no legend
    label_colour: str | None  # one list: the rank labels' colour; several: each series' colour


def build_history(drawing: Mapping) -> History | None:
    """Return what a drawing draws when it is a rank history as `build_rank_history_chart` makes it."""
    try:
        return _build_history(drawing)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError):
        return None


def _build_history(drawing: Mapping) -> History | None:
    if set(drawing) != TOP_KEYS or not _is_theme(drawing["config"]):
        return None
    layers, rows = drawing["layer"], drawing["data"]["values"]
    x, y = layers[0]["encoding"]["x"], layers[0]["encoding"]["y"]
    if x != X_ENCODING or set(y) != Y_KEYS or (y["field"], y["type"], y["title"], set(y["axis"])) != (
            "rank", "quantitative", None, {"values"}):
        return None
    scale = y["scale"]
    if {k: v for k, v in scale.items() if k != "domain"} != RANK_SCALE:
        return None
    if any(set(layer) - LAYER_KEYS or (layer["encoding"]["x"], layer["encoding"]["y"]) != (x, y)
           for layer in layers):
        return None
    years = tuple(sorted({str(row["year"]) for row in rows}))
    domain = tuple(float(v) for v in scale["domain"])
    ticks = tuple(y["axis"]["values"])
    if len(domain) != 2 or domain[0] >= domain[1] or not 0 < len(years) <= MAX_YEARS or not _labels_apart(
            ticks, domain, float(drawing["height"])):
        return None
    size = (float(drawing["width"]), float(drawing["height"]))
    number_font = drawing["config"]["axis"]["labelFont"]
    if "color" not in layers[0]["encoding"]:
        return _one_list(layers, rows, years, (size, domain, ticks), number_font)
    return _many_lists(layers, rows, years, (size, domain, ticks), number_font, drawing["config"]["font"])


def _is_theme(config: Mapping) -> bool:
    """Return True for the site's one chart configuration (`theme.CONFIG`, Altair's view size added)."""
    def drawn(c: Mapping) -> dict:
        return {k: v for k, v in c.items() if k != "view"}

    return drawn(config) == drawn(CONFIG) and config["view"]["stroke"] is None


def _one_list(layers: Sequence, rows: Sequence, years: tuple, axes: tuple,
              number_font: str) -> History | None:
    (width, height), domain, ticks = axes
    if len(layers) != 3 or [set(layer["encoding"]) for layer in layers] != [XY, XY, XY | {"text"}]:
        return None
    line, points, labels = (layer["mark"] for layer in layers)
    colour = line.get("color")
    if (line, points) != ({"color": colour, "invalid": BREAK_PATHS, "type": "line"},
                          {**POINT_MARK, "color": colour, "size": points["size"]}):
        return None
    if labels != {**TEXT_MARK, "dy": labels["dy"], "font": number_font} or not _ranked_only(layers[1:], ()):
        return None
    if layers[2]["encoding"]["text"] != RANK_TEXT or "transform" in layers[0]:
        return None
    series = Series("", colour, SHAPES[0], float(labels["dy"]), _points(rows, years))
    return History(width, height, years, domain, ticks, (series,), float(points["size"]), number_font,
                   None, "black")


def _many_lists(layers: Sequence, rows: Sequence, years: tuple, axes: tuple, number_font: str,
                legend_font: str) -> History | None:
    (width, height), domain, ticks = axes
    colour = layers[0]["encoding"]["color"]
    names, colours = colour["scale"]["domain"], colour["scale"]["range"]
    if not 1 < len(names) <= len(SHAPES) or len(layers) != 2 + len(names):
        return None
    if colour != _colour(names, colours):
        return None
    line, points = layers[0], layers[1]["mark"]
    if line["mark"] != {"invalid": BREAK_PATHS, "type": "line"} or set(line) != {"encoding", "mark"}:
        return None
    shape = {**colour, "scale": {"domain": names}}
    if set(line["encoding"]) != XY | {"color"} or _beside_xy(layers[1]) != {"color": colour, "shape": shape}:
        return None
    if points != {**POINT_MARK, "size": points["size"]} or not _ranked_only(layers[1:2], ()):
        return None
    label_colour = {"field": "list_name", "legend": None, "scale": colour["scale"], "type": "nominal"}
    series = []
    for index, (name, layer) in enumerate(zip(names, layers[2:], strict=True)):
        mark = layer["mark"]
        own = {"filter": f"(datum.list_name === {_js_string(name)})"}
        if mark != {**TEXT_MARK, "dy": mark["dy"], "font": number_font} or not _ranked_only([layer], (own,)):
            return None
        if _beside_xy(layer) != {"color": label_colour, "text": RANK_TEXT}:
            return None
        mine = [row for row in rows if row["list_name"] == name]
        series.append(Series(name, colours[index], SHAPES[index], float(mark["dy"]), _points(mine, years)))
    if sum(len(s.points) for s in series) != len(rows):
        return None
    return History(width, height, years, domain, ticks, tuple(series), float(points["size"]), number_font,
                   legend_font, None)


def _beside_xy(layer: Mapping) -> dict:
    """Return a layer's encodings other than x and y (those are checked to be the same in every layer)."""
    return {k: v for k, v in layer["encoding"].items() if k not in XY}


def _colour(names: Sequence[str], colours: Sequence[str]) -> dict:
    """Return the colour encoding the builder gives a chart of several lists."""
    return {"field": "list_name", "legend": {"columns": 1, "orient": "bottom"},
            "scale": {"domain": names, "range": colours}, "sort": names, "title": None, "type": "nominal"}


def _ranked_only(layers: Sequence[Mapping], more: tuple) -> bool:
    """Return True when every layer draws the ranked editions only (and filters by `more` after)."""
    return all(layer.get("transform") == [{"filter": VALID_RANK}, *more] for layer in layers)


def _labels_apart(ticks: Sequence, domain: tuple[float, float], height: float) -> bool:
    """Return True for whole, ascending rank ticks whose labels do not overlap (Vega would hide some)."""
    if any(not isinstance(v, int) for v in ticks) or list(ticks) != sorted(set(ticks)):
        return False
    low, high = domain
    return all((b - a) / (high - low) * height > FONT_SIZE for a, b in zip(ticks, ticks[1:], strict=False))


def _js_string(text: str) -> str:
    """Return `text` as the single-quoted JavaScript literal Altair writes in a filter."""
    if "'" in text or "\\" in text:
        raise ValueError("a quote in a list name: left to vl-convert")
    return f"'{text}'"


def _points(rows: Sequence[Mapping], years: tuple[str, ...]) -> tuple[tuple[str, int | None], ...]:
    by_year = {str(row["year"]): row["rank"] for row in rows}
    if len(by_year) != len(rows) or any(r is not None and not isinstance(r, int) for r in by_year.values()):
        raise ValueError("a year twice, or a rank that is not a whole number")
    return tuple((year, by_year[year]) for year in years if year in by_year)
