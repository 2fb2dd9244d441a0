"""Render chart specs to static SVG with vl-convert and write each chart's files.

Input: Altair charts (or the builder and arguments of one, for the worker processes). Output, per chart:
`<name>.svg` (text stays text, with <title>/<desc> for screen readers), `<name>.vl.json` (the
Vega-Lite spec with its data inlined) and `<name>.csv` (the data table). Byte-identical across runs.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

import altair as alt
import pandas as pd
import vl_convert

from build_scripts.charts.history_png import SCALE as PNG_SCALE
from build_scripts.charts.history_png import render_history_png
from build_scripts.charts.history_scene import History, build_history
from build_scripts.charts.history_svg import render_history
from build_scripts.fonts import FONT_DIR
from build_scripts.json_text import render_json_text
from build_scripts.paths import join_inside
from build_scripts.runtime import Background, Batch, split
from scoring.errors import RenderError

# The Vega-Lite version vl-convert compiles with: the one whose schema Altair writes (v6.4.x).
VL_VERSION = "6.4"
# Charts per worker task: Altair builds (tens of ms each) and SVG renders (tens of ms each).
BUILD_CHUNK = 4
SVG_CHUNK = 8
# The font vl-convert measures Chinese chart text with (theme.CHART_FONT_FAMILY), written by
# `python -m curation.fonts`; registered with vl-convert once per process.
CHART_FONT_DIR = FONT_DIR
_ID = re.compile(r'\bid="([^"]+)"')
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")


@dataclass(frozen=True)
class ChartFiles:
    """The files of one written chart and the text a page shows with it.

    Attributes:
        name: File stem, e.g. "rank-history-320281".
        svg_path: The static SVG.
        spec_path: The Vega-Lite JSON (data inlined), for download.
        csv_path: The data table.
        title: The chart's title.
        description: The chart's screen-reader description (also the SVG's <desc>).
    """

    name: str
    svg_path: Path
    spec_path: Path
    csv_path: Path
    title: str
    description: str


@dataclass(frozen=True)
class ChartJob:
    """One chart to build, render and write, possibly in a worker process.

    Give either `chart` (an Altair chart or spec dict, e.g. from `build_rank_history_specs`) or
    `build` and `args` (a module-level builder and its arguments, so that the worker also pays for
    assembling the Altair chart). Everything must pickle.

    Attributes:
        out_dir: Folder to write into.
        name: File stem, unique within `out_dir`.
        chart: A ready chart or spec dict.
        build: A chart builder such as `build_tile_map`.
        args: The builder's positional arguments.
    """

    out_dir: Path
    name: str
    chart: alt.TopLevelMixin | dict | None = None
    build: Callable[..., alt.TopLevelMixin] | None = None
    args: tuple = ()

    def build_chart(self) -> alt.TopLevelMixin | dict:
        """Return the job's chart, building it when the job carries a builder."""
        if self.chart is not None:
            return self.chart
        if self.build is None:
            raise RenderError(f"chart job {self.name!r} has neither a chart nor a builder")
        return self.build(*self.args)


def build_spec(chart: alt.TopLevelMixin | dict) -> dict:
    """Return the Vega-Lite spec dict of a chart (a dict passes through unchanged).

    Altair's schema validation is skipped here because it costs more than rendering; the unit tests
    validate every builder's output instead.
    """
    return chart if isinstance(chart, dict) else chart.to_dict(validate=False)


def render_svg(chart: alt.TopLevelMixin | dict, id_prefix: str = "chart") -> str:
    """Render a chart to a static SVG string.

    Text stays <text> (vl-convert's SVG output does not convert glyphs to paths). The element ids
    vl-convert numbers per process (clip paths) are renamed `<id_prefix>-1`, `-2` … in document
    order, so the output does not depend on what was rendered before and several charts can be
    inlined on one page. The chart's title and description become the SVG's <title> and <desc>.

    Args:
        chart: An Altair chart or its spec dict; it should carry `title` and `description`.
        id_prefix: Prefix of element ids, unique per page (e.g. the chart's file stem).

    Returns:
        The SVG document as a string.

    Raises:
        RenderError: vl-convert rejected the spec.
    """
    spec = build_spec(chart)
    body = render_drawing(build_drawing(spec), id_prefix)
    return _add_accessible_text(body, _title_text(spec), str(spec.get("description", "")))


def render_drawing(drawing: dict, id_prefix: str) -> str:
    """Render a drawing (`build_drawing`) to an SVG without <title> and <desc>, ids renumbered.

    A rank history, the chart of every place, is drawn in Python (`history_svg`: the same pixels
    in a fiftieth of the time); every other chart by vl-convert.

    Raises:
        RenderError: vl-convert rejected the spec.
    """
    return _render_drawing(drawing, build_history(drawing), id_prefix)


def _render_drawing(drawing: dict, history: History | None, id_prefix: str) -> str:
    """Render a drawing whose rank history (`build_history`, None for other charts) is known."""
    if history is not None:
        return render_history(history)
    _register_chart_font()
    try:
        svg = vl_convert.vega_to_svg(compile_vega(drawing))
    except ValueError as exc:
        raise RenderError(f"chart {id_prefix!r}: vl-convert could not render the spec: {exc}") from exc
    return _renumber_ids(svg, id_prefix)


# What a spec holds that vl-convert does not draw: the page's caption and the SVG's <title>/<desc>.
UNDRAWN = ("description", "usermeta")


def build_drawing(spec: dict) -> dict:
    """Return what vl-convert draws of a spec: without `UNDRAWN` and the columns no part of it names.

    The inline rows lose the columns the rest of the spec never names.

    Two charts with the same drawing are one SVG apart from their <title> and <desc>: a place's
    one-list rank history in Chinese and in English differ only in the list's name, a column no
    encoding of that chart reads. A column is kept when its name occurs anywhere in the spec outside
    the rows (an encoding, a filter expression, a sort), so nothing drawn is ever dropped.
    """
    drawing = {key: value for key, value in spec.items() if key not in UNDRAWN}
    values = spec.get("data", {}).get("values")
    if values is None:
        return drawing
    named = json.dumps({key: value for key, value in drawing.items() if key != "data"}, sort_keys=True)
    columns = {column for row in values for column in row}
    kept = {column for column in columns if column in named}
    if kept != columns:
        rows = [{column: value for column, value in row.items() if column in kept} for row in values]
        drawing["data"] = {**drawing["data"], "values": rows}
    return drawing


# Compiled Vega of each chart shape seen by this process: shape key -> (Vega JSON, index of the
# dataset holding the spec's inline values). See `compile_vega`.
_COMPILED_SHAPES: dict[str, tuple[str, int]] = {}


def compile_vega(spec: dict) -> dict:
    """Compile a Vega-Lite spec to Vega, once per chart shape in each process.

    Hundreds of charts (one rank history per place) share a few shapes and differ only in their
    inline `data.values`, their title (a string, or none), their description and their `usermeta`;
    Vega-Lite's compiler never reads data values and copies the other three, so the compiled Vega
    of one chart of a shape serves all of them with those parts put in. Compiling takes about a
    quarter of a small chart's render time. A spec of any other form (title object, data by URL, …)
    is compiled on its own. A unit test compares the result with a direct compile for every
    rank-history chart of the real data.

    Raises:
        ValueError: vl-convert rejected the spec.
    """
    values, title = spec.get("data", {}).get("values"), spec.get("title")
    if not isinstance(values, list) or not isinstance(title, str | None):
        return vl_convert.vegalite_to_vega(spec, vl_version=VL_VERSION)
    shape = {**spec, "data": {**spec["data"], "values": None}, "title": title is None,
             "description": None, "usermeta": None}
    key = json.dumps(shape, ensure_ascii=False, sort_keys=True)
    if key not in _COMPILED_SHAPES:
        vega = vl_convert.vegalite_to_vega(spec, vl_version=VL_VERSION)
        slot = _find_values_slot(vega, spec)
        if slot is None:
            return vega
        _COMPILED_SHAPES[key] = (json.dumps(vega, ensure_ascii=False), slot)
        return vega
    text, slot = _COMPILED_SHAPES[key]
    vega = json.loads(text)
    vega["data"][slot]["values"] = values
    if title is not None:
        vega["title"]["text"] = title
    for part in ("description", "usermeta"):
        if part in spec:
            vega[part] = spec[part]
    return vega


def _find_values_slot(vega: dict, spec: dict) -> int | None:
    """Return the index of the Vega dataset holding the spec's values.

    None when the compiled spec does not hold values, title, description and usermeta where
    `compile_vega` puts them (the shape is then compiled chart by chart).
    """
    title = vega.get("title")
    if spec.get("title") is not None and (not isinstance(title, dict) or title.get("text") != spec["title"]):
        return None
    if any(vega.get(part) != spec.get(part) for part in ("description", "usermeta")):
        return None
    slots = [i for i, data in enumerate(vega.get("data", [])) if data.get("values") == spec["data"]["values"]]
    return slots[0] if len(slots) == 1 else None


@functools.cache
def _register_chart_font() -> None:
    """Let vl-convert measure with the chart font (once per process; fonts stay registered)."""
    vl_convert.register_font_directory(str(CHART_FONT_DIR))


@functools.cache
def _load_chart_font_digest() -> str:
    """Return the SHA-256 of the chart font files (part of the SVG cache key)."""
    digest = hashlib.sha256()
    for path in sorted(CHART_FONT_DIR.glob("*.otf")):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()


@functools.cache
def _load_code_digest() -> str:
    """Return the SHA-256 of the drawing code: this module and the rank histories' (in the SVG cache key)."""
    digest = hashlib.sha256()
    for module in (Path(__file__), *(Path(__file__).with_name(f"history_{m}.py") for m in ("scene", "svg"))):
        digest.update(module.read_bytes())
    return digest.hexdigest()


def warm_up() -> None:
    """Render a one-point chart: this process's first real chart then skips vl-convert's start-up."""
    _register_chart_font()
    vl_convert.vegalite_to_svg({"data": {"values": [{"a": 1}]}, "mark": "point",
                                "encoding": {"x": {"field": "a", "type": "quantitative"}}},
                               vl_version=VL_VERSION)


def _renumber_ids(svg: str, prefix: str) -> str:
    """Rename every id and its references to `<prefix>-<n>` in order of first appearance."""
    for number, old in enumerate(dict.fromkeys(_ID.findall(svg)), start=1):
        new = f"{prefix}-{number}"
        svg = svg.replace(f'id="{old}"', f'id="{new}"').replace(f"url(#{old})", f"url(#{new})")
        svg = svg.replace(f'href="#{old}"', f'href="#{new}"')
    return svg


def _add_accessible_text(svg: str, title: str, description: str) -> str:
    """Insert role="img", <title> and <desc> right after the opening <svg> tag."""
    opening = _SVG_OPEN.search(svg)
    if opening is None:
        raise RenderError("vl-convert returned text without an <svg> element")
    tag = opening.group(0)[:-1] + ' role="img">'
    text = f"<title>{escape(title)}</title><desc>{escape(description)}</desc>"
    return svg[: opening.start()] + tag + text + svg[opening.end():]


def _title_text(spec: dict) -> str:
    """Return a spec's title as plain text.

    The title is a string, a list of lines or a title object; a chart that does not draw its title
    keeps it in `usermeta.title`.
    """
    title = spec.get("title", spec.get("usermeta", {}).get("title", ""))
    if isinstance(title, dict):
        title = title.get("text", "")
    return " ".join(title) if isinstance(title, list) else str(title)


def render_drawing_json(drawing: dict) -> str:
    """Return a drawing as compact deterministic JSON (the key of its SVG; json's C encoder, no indent)."""
    return json.dumps(drawing, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def render_spec_json(spec: dict) -> str:
    """Return the spec as deterministic JSON: sorted keys, UTF-8 characters kept, final newline."""
    return render_json_text(spec, indent=2, sort_keys=True)


def build_chart_table(spec: dict) -> pd.DataFrame:
    """Return the chart's inline data (`data.values`) as the data table, columns in first-row order.

    Raises:
        RenderError: The spec has no inline data at its top level.
    """
    # object dtype keeps whole numbers whole next to nulls (no 1.0 in the CSV).
    return pd.DataFrame(_inline_values(spec), dtype=object)


def render_csv(rows: list[dict]) -> str:
    """Return row dicts as CSV text: header from the first row's keys, None as an empty cell, LF ends.

    Written with the csv module rather than pandas because it runs once per chart (hundreds of
    times per build); `build_chart_table` gives the same table as a DataFrame.
    """
    if not rows:
        return ""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _inline_values(spec: dict) -> list[dict]:
    """Return the spec's top-level `data.values`, or raise when the chart has no inline data."""
    values = spec.get("data", {}).get("values")
    if values is None:
        raise RenderError("chart spec has no inline data.values at its top level; pass `data` explicitly")
    return values


def write_chart_files(
    chart: alt.TopLevelMixin | dict, out_dir: Path, name: str, data: pd.DataFrame | None = None
) -> tuple[ChartFiles, str]:
    """Write `<name>.vl.json` and `<name>.csv` into `out_dir` (created if missing); not the SVG.

    Args:
        chart: An Altair chart (or spec dict) with title and description.
        out_dir: Destination folder.
        name: File stem; also the prefix of the SVG's element ids.
        data: The data table to publish; defaults to the spec's inline data.

    Returns:
        The chart's paths (the SVG's included, to be written by `write_svg`) and its spec as the
        JSON text written, which is what the SVG is rendered from.
    """
    spec = build_spec(chart)
    if data is None:
        table = render_csv(_inline_values(spec))
    else:
        table = data.to_csv(index=False, lineterminator="\n")
    out_dir.mkdir(parents=True, exist_ok=True)
    spec_json = render_spec_json(spec)
    files = ChartFiles(
        name=name,
        svg_path=join_inside(out_dir, f"{name}.svg"),
        spec_path=join_inside(out_dir, f"{name}.vl.json"),
        csv_path=join_inside(out_dir, f"{name}.csv"),
        title=_title_text(spec),
        description=str(spec.get("description", "")),
    )
    files.spec_path.write_text(spec_json, encoding="utf-8", newline="\n")
    files.csv_path.write_text(table, encoding="utf-8", newline="\n")
    return files, spec_json


@dataclass(frozen=True)
class SvgOutput:
    """One SVG file of a drawing: where it goes and its <title> and <desc>."""

    target: Path
    title: str
    description: str


@dataclass(frozen=True)
class SvgTask:
    """One drawing to render and write as one or more SVGs (picklable, for the worker processes).

    Attributes:
        drawing_json: The drawing (`build_drawing`) of the charts as JSON.
        name: The charts' file stem (the prefix of the SVG's element ids).
        outputs: The SVG files to write, each with its own accessible text (e.g. the same chart in
            Chinese and in English, when no word of it is drawn).
        cache_dir: Optional folder of drawings keyed by `build_cache_key`; a hit skips vl-convert, a
            miss renders and stores.
    """

    drawing_json: str
    name: str
    outputs: tuple[SvgOutput, ...]
    cache_dir: Path | None = None


def write_svg(task: SvgTask) -> Path:
    """Render one drawing (or take it from the cache) and write its SVGs with their PNGs; return the first.

    The PNG (`<name>.png`, twice the SVG's size) is for pasting into documents (issue 16), drawn by
    `render_png`. <title> and <desc> are not drawn, so the outputs of one drawing share one PNG.
    """
    drawing = json.loads(task.drawing_json)
    history = build_history(drawing)
    body = _load_or_render_svg(task.drawing_json, task.name, task.cache_dir,
                               lambda: _render_drawing(drawing, history, task.name))
    png = None
    for output in task.outputs:
        svg = _add_accessible_text(body, output.title, output.description)
        output.target.parent.mkdir(parents=True, exist_ok=True)
        output.target.write_text(svg, encoding="utf-8", newline="\n")
        png = png or render_png(history, svg)
        output.target.with_suffix(".png").write_bytes(png)
    return task.outputs[0].target


def render_png(history: History | None, svg: str) -> bytes:
    """Return the PNG of a drawing's SVG at `PNG_SCALE` times its size.

    A rank history (`build_history` of the drawing; None for other charts) is drawn in Python
    (`history_png`, a quarter of the time); every other chart's SVG is rasterised by vl-convert
    with the fonts it drew the SVG with.
    """
    png = None if history is None else render_history_png(history)
    return png if png is not None else vl_convert.svg_to_png(svg, scale=PNG_SCALE)


def write_svgs(tasks: Sequence[SvgTask]) -> int:
    """Write several SVGs (one task of the worker processes); return how many."""
    for task in tasks:
        write_svg(task)
    return len(tasks)


def write_chart(
    chart: alt.TopLevelMixin | dict,
    out_dir: Path,
    name: str,
    data: pd.DataFrame | None = None,
    cache_dir: Path | None = None,
) -> ChartFiles:
    """Write `<name>.svg`, `<name>.vl.json` and `<name>.csv` into `out_dir` (created if missing).

    Args:
        chart: An Altair chart (or spec dict) with title and description.
        out_dir: Destination folder.
        name: File stem; also the prefix of the SVG's element ids.
        data: The data table to publish; defaults to the spec's inline data.
        cache_dir: Optional SVG cache folder, see `SvgTask`.

    Returns:
        The written paths with the chart's title and description.
    """
    files, _ = write_chart_files(chart, out_dir, name, data)
    drawing = render_drawing_json(build_drawing(build_spec(chart)))
    write_svg(SvgTask(drawing, name, (SvgOutput(files.svg_path, files.title, files.description),), cache_dir))
    return files


def build_cache_key(spec_json: str, id_prefix: str) -> str:
    """Return the SVG cache key: a SHA-256 of the drawing, id prefix, renderer, chart font and code.

    This module's code post-processes vl-convert's SVG, so a change of it serves no stale SVG either.
    """
    versions = (f"{vl_convert.__version__}|{VL_VERSION}|{_load_chart_font_digest()}|{_load_code_digest()}|"
                f"{id_prefix}|")
    return hashlib.sha256((versions + spec_json).encode("utf-8")).hexdigest()


def _load_or_render_svg(drawing_json: str, name: str, cache_dir: Path | None,
                        render: Callable[[], str]) -> str:
    """Return the drawing's SVG (no <title>, <desc>) from the cache, else `render()` it (and store it)."""
    if cache_dir is None:
        return render()
    cached = cache_dir / f"{build_cache_key(drawing_json, name)}.svg"
    if cached.exists():
        return cached.read_text(encoding="utf-8")
    svg = render()
    cache_dir.mkdir(parents=True, exist_ok=True)
    # Write then rename, so a parallel worker never reads a half-written file.
    temporary = cached.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(svg, encoding="utf-8", newline="\n")
    temporary.replace(cached)
    return svg


def build_job_specs(jobs: Sequence[ChartJob]) -> list[dict]:
    """Return the spec dict of every job, building the Altair charts (a task of the workers).

    Altair validates every object it creates against the schema unless its debug mode is off; that
    is a quarter of the building time, and `build_spec` skips validation for the same reason.
    """
    with alt.utils.schemapi.debug_mode(False):
        return [build_spec(job.build_chart()) for job in jobs]


@dataclass(frozen=True)
class ChartBuilds:
    """Charts whose Altair builders run in the workers (`start_chart_builds`), with their jobs.

    Attributes:
        jobs: Every job of the build, in order.
        built: The specs of the jobs that carry a builder, in chunks, in job order.
    """

    jobs: tuple[ChartJob, ...]
    built: Batch


def start_chart_builds(jobs: Sequence[ChartJob], background: Background) -> ChartBuilds:
    """Hand the assembling of every job that carries a builder to `background` (tens of ms each)."""
    to_build = [job for job in jobs if job.chart is None]
    return ChartBuilds(tuple(jobs), background.submit(build_job_specs, split(to_build, BUILD_CHUNK)))


CHART_PARTS = ("all", "ready", "built")


def write_charts(
    builds: ChartBuilds,
    background: Background,
    svg_root: tuple[Path, Path] | None = None,
    cache_dir: Path | None = None,
    part: str = "all",
) -> list[ChartFiles]:
    """Write the spec and data of the jobs of `part` now, and hand their SVGs to `background`.

    Every chart's files depend only on its job, so the output is the same whatever the number of
    workers, the state of the cache or the parts' order. The SVGs exist once `background.finish()`
    has returned.

    Args:
        builds: The jobs, from `start_chart_builds`.
        background: Where the SVGs are drawn.
        svg_root: (docs, staging): write each SVG at staging/<its path relative to docs> instead of
            beside its spec, e.g. when MkDocs builds while the SVGs are drawn. None: beside its spec.
        cache_dir: Optional SVG cache folder, see `SvgTask`.
        part: "all" jobs; the "ready" ones (they carry their chart: nothing to wait for); or the
            "built" ones (their Altair builders ran in `background`: waits for them).

    Returns:
        One `ChartFiles` per job of `part`, in job order (`svg_path` where the page links the SVG).

    Raises:
        ValueError: `part` is not one of `CHART_PARTS`.
    """
    if part not in CHART_PARTS:
        raise ValueError(f"part must be one of {CHART_PARTS}, not {part!r}")
    built = iter([spec for chunk in builds.built.results() for spec in chunk] if part != "ready" else [])
    written = []
    drawings: dict[tuple[str, str], list[SvgOutput]] = {}  # charts of one drawing are rendered once
    for job in builds.jobs:
        if part != "all" and (job.chart is not None) != (part == "ready"):
            continue
        spec = build_spec(job.chart) if job.chart is not None else next(built)
        files, _ = write_chart_files(spec, job.out_dir, job.name)
        target = files.svg_path
        if svg_root is not None:
            docs, staging = svg_root
            target = join_inside(staging, files.svg_path.relative_to(docs))
        written.append(files)
        key = (render_drawing_json(build_drawing(spec)), job.name)
        drawings.setdefault(key, []).append(SvgOutput(target, files.title, files.description))
    tasks = [SvgTask(drawing, name, tuple(outputs), cache_dir)
             for (drawing, name), outputs in drawings.items()]
    background.submit(write_svgs, split(tasks, SVG_CHUNK))
    return written
