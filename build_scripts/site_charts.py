"""Generate stage: the charts the pages show, written under docs/charts/ with `build_scripts.charts`.

Input: the package tables and the derived tables (DataFrames). Output: per chart an SVG, its Vega-Lite
JSON and its CSV under docs/charts/<group>/, and a mapping chart name -> `ChartFiles` (paths relative
to docs/) that `SiteData` carries, so page contexts link only charts that exist. The chart names are
the page contexts' slots:

    region-<code>                     rank history of a place (all its lists)
    edition-<edition>-provinces       entries per province
    edition-<edition>-bands           province x rank-band heat map
    edition-<edition>-tiles           province tile-grid map
    list-<list>-blocs                 entries per bloc across a list's editions
    province-<code>-counts            a province's entries per edition, one line per list
    home-provinces                    entries per province in the newest edition of each list
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from build_scripts import charts
from build_scripts.contexts.sitedata import AFTER_LEAVING, ChartFiles
from build_scripts.runtime import Background
from scoring.lists import Lists

log = logging.getLogger(__name__)

CHARTS = "charts"
RECLASSIFIED_WORDS = "撤县（市）设区"


def build_chart_jobs(tables: Mapping[str, pd.DataFrame], derived: Mapping[str, pd.DataFrame],
                     docs: Path, lists: Lists) -> list[charts.ChartJob]:
    """Return one job per chart of the site, in a fixed order.

    Args:
        tables: Package resources (`editions`, `regions`).
        derived: Derived tables (`entries`, `province_counts`, `bloc_counts`, `rank_bands`).
        docs: The docs folder; charts go under docs/charts/.
        lists: The configured lists (the rank axis ticks of the rank-history charts).
    """
    editions, entries = tables["editions"], derived["entries"]
    out = docs / CHARTS
    names = dict(zip(tables["regions"]["code"], tables["regions"]["name"], strict=True))
    ticks = {spec.code: spec.rank_ticks for spec in lists.specs}
    absences = compute_absence_words(derived["movements"], editions, entries)
    jobs = [charts.ChartJob(out_dir=out / "region", name=f"region-{code}", chart=spec) for code, spec in
            charts.build_rank_history_specs(entries, editions, names, ticks=ticks, absences=absences).items()]
    for _, e in editions.iterrows():
        edition, label = str(e["edition"]), f"{int(e['year'])}年{e['list_name']}"
        counts = derived["province_counts"].loc[derived["province_counts"]["edition"] == edition]
        bands = derived["rank_bands"].loc[derived["rank_bands"]["edition"] == edition]
        jobs += [
            charts.ChartJob(out_dir=out / "edition", name=f"edition-{edition}-provinces",
                            build=charts.build_province_counts_chart, args=(counts, f"{label}各省上榜数")),
            charts.ChartJob(out_dir=out / "edition", name=f"edition-{edition}-bands",
                            build=charts.build_rank_band_heatmap, args=(bands, f"{label}各省名次分布")),
            charts.ChartJob(out_dir=out / "edition", name=f"edition-{edition}-tiles",
                            build=charts.build_tile_map, args=(counts, f"{label}各省上榜数（方格地图）")),
        ]
    for list_code, held in editions.groupby("list", sort=True):
        blocs = derived["bloc_counts"].loc[derived["bloc_counts"]["edition"].isin(held["edition"])]
        jobs.append(charts.ChartJob(out_dir=out / "list", name=f"list-{list_code}-blocs",
                                    build=charts.build_bloc_counts_chart,
                                    args=(blocs, editions, f"{held['list_name'].iloc[-1]}四大区域上榜数")))
    provinces = derived["province_counts"]
    for code, rows in provinces.groupby("province_code", sort=True):
        jobs.append(charts.ChartJob(out_dir=out / "province", name=f"province-{code}-counts",
                                    build=charts.build_province_history_chart,
                                    args=(rows, editions, str(rows["province_name"].iloc[0]))))
    newest = editions.sort_values("year", kind="stable").groupby("list").tail(1)["edition"]
    counts = derived["province_counts"].loc[derived["province_counts"]["edition"].isin(newest)]
    jobs.append(charts.ChartJob(out_dir=out / "home", name="home-provinces",
                                build=charts.build_home_province_chart,
                                args=(counts, editions, "最新各榜单各省上榜数")))
    return jobs


def compute_absence_words(movements: pd.DataFrame, editions: pd.DataFrame,
                          entries: pd.DataFrame) -> dict[tuple[str, str], str]:
    """Word the editions a place left for another list or because it became a district (issue 16).

    Returns:
        (region_code, edition) -> "转入工业百强区" (moved_out), "撤县（市）设区" (reclassified), and
        `AFTER_LEAVING` for the later editions of that list without the place; every other absence
        stays "未上榜".
    """
    names = dict(zip(editions["edition"], editions["list_name"], strict=True))
    lists = dict(zip(editions["edition"], editions["list"], strict=True))
    years = dict(zip(editions["edition"], editions["year"], strict=True))
    ranked = set(zip(entries["region_code"], entries["edition"], strict=True))
    words = {}
    for row in movements[movements["movement"].isin(["moved_out", "reclassified"])].itertuples():
        code = str(row.region_code)
        words[(code, str(row.edition))] = (
            f"转入{names[row.transfer_edition]}" if row.movement == "moved_out" else RECLASSIFIED_WORDS)
        later = [e for e in names if lists[e] == lists[row.edition] and years[e] > years[row.edition]]
        words.update({(code, e): AFTER_LEAVING for e in later if (code, e) not in ranked})
    return words


def start_site_charts(tables: Mapping[str, pd.DataFrame], derived: Mapping[str, pd.DataFrame], docs: Path,
                      background: Background, lists: Lists) -> charts.ChartBuilds:
    """Plan every chart of the site and hand the assembling of the Altair ones to `background`."""
    return charts.start_chart_builds(build_chart_jobs(tables, derived, docs, lists), background)


def write_site_charts(builds: charts.ChartBuilds, docs: Path, background: Background,
                      staging: Path | None = None, cache_dir: Path | None = None,
                      part: str = "all") -> dict[str, ChartFiles]:
    """Write the charts of the site and return them by name, paths relative to `docs`.

    The specs and data tables are written when this returns; the SVGs once `background` finished,
    at the same docs-relative path under `staging` when given (else beside the specs). `part` is
    "all", "ready" (the region charts, assembled from a template: nothing to wait for) or "built"
    (the Altair charts: waits for their builders), see `charts.write_charts`.
    """
    svg_root = None if staging is None else (docs, staging)
    written = charts.write_charts(builds, background, svg_root=svg_root, cache_dir=cache_dir, part=part)
    result = {files.name: build_chart_files(files, docs) for files in written}
    log.info("charts: %d written (%s)", len(result), part)
    return result


def build_chart_files(files: charts.ChartFiles, docs: Path) -> ChartFiles:
    """Return a written chart as `SiteData` holds it: its text and its paths relative to `docs`.

    Raises:
        ValueError: A chart file lies outside `docs`.
    """
    return ChartFiles(name=files.name, title=files.title, description=files.description,
                      svg=files.svg_path.relative_to(docs).as_posix(),
                      spec=files.spec_path.relative_to(docs).as_posix(),
                      data=files.csv_path.relative_to(docs).as_posix())
