"""Charts of the site: Altair specs rendered at build time to static SVG with vl-convert.

Stage: generate. Inputs: the derived tables of `scoring.derived` and the `editions` table. Outputs:
per chart an SVG, its Vega-Lite JSON and its data CSV (see `render.write_chart`).

Modules: `theme` (fonts, sizes, inline data), `history` (rank history of a place), `counts`
(province, bloc, rank-band and home charts), `tilegrid` + `tilemap` (province tile-grid map),
`render` (SVG rendering, file writing, the worker processes' tasks).
"""

from build_scripts.charts.counts import (
    build_bloc_counts_chart,
    build_home_province_chart,
    build_province_counts_chart,
    build_province_history_chart,
    build_rank_band_heatmap,
)
from build_scripts.charts.history import (
    build_rank_history_chart,
    build_rank_history_specs,
    compute_rank_history,
)
from build_scripts.charts.render import (
    ChartBuilds,
    ChartFiles,
    ChartJob,
    SvgOutput,
    SvgTask,
    render_svg,
    start_chart_builds,
    write_chart,
    write_charts,
    write_svg,
)
from build_scripts.charts.tilemap import build_tile_map

__all__ = [
    "ChartBuilds",
    "ChartFiles",
    "ChartJob",
    "build_bloc_counts_chart",
    "build_home_province_chart",
    "build_province_counts_chart",
    "build_province_history_chart",
    "build_rank_band_heatmap",
    "build_rank_history_chart",
    "build_rank_history_specs",
    "build_tile_map",
    "compute_rank_history",
    "render_svg",
    "start_chart_builds",
    "SvgOutput",
    "SvgTask",
    "write_chart",
    "write_charts",
    "write_svg",
]
