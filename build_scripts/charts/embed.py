"""What a page needs to show one written chart: links to its files and its text.

Input: `ChartFiles` from `render.write_chart`. Output: a frozen context with site-relative URLs, for
region pages and for the chart-only embed pages (issue 6).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from build_scripts.charts.render import ChartFiles


@dataclass(frozen=True)
class ChartEmbed:
    """A chart as a page shows it.

    Attributes:
        title: Chart title (caption and the SVG's <title>).
        description: Screen-reader description (the SVG's <desc>; also usable as alt text).
        svg_url: The SVG, relative to the docs root with "/" separators (e.g. "charts/x/y.svg").
        spec_url: The Vega-Lite JSON, same form.
        csv_url: The data table, same form.
    """

    title: str
    description: str
    svg_url: str
    spec_url: str
    csv_url: str


def build_chart_embed_context(files: ChartFiles, docs_dir: Path) -> ChartEmbed:
    """Return the embed context of a written chart, its paths relative to `docs_dir`.

    Raises:
        ValueError: A chart file lies outside `docs_dir`.
    """
    return ChartEmbed(
        title=files.title,
        description=files.description,
        svg_url=files.svg_path.relative_to(docs_dir).as_posix(),
        spec_url=files.spec_path.relative_to(docs_dir).as_posix(),
        csv_url=files.csv_path.relative_to(docs_dir).as_posix(),
    )
