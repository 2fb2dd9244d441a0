"""Generate stage: the charts the pages show, written under docs/charts/ with `build_scripts.charts`.

Input: the package tables and the derived tables (DataFrames). Output: per chart an SVG, its Vega-Lite
JSON and its CSV under docs/charts/<group>/, and a mapping chart name -> `ChartFiles` (paths relative
to docs/) that `SiteData` carries, so page contexts link only charts that exist. The English twin's
charts are the same charts in English words, under docs/en/charts/<group>/ (`SiteData.charts_en`).
The chart names are the page contexts' slots:

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
from build_scripts.catalogue import LANGUAGES, load_catalogue
from build_scripts.contexts.sitedata import ChartFiles
from build_scripts.english.names import EN_ROOT, compute_pinyin_name
from build_scripts.runtime import Background
from scoring.lists import Lists

log = logging.getLogger(__name__)

CHARTS = "charts"


def build_chart_jobs(tables: Mapping[str, pd.DataFrame], derived: Mapping[str, pd.DataFrame],
                     docs: Path, lists: Lists, lang: str = "zh") -> list[charts.ChartJob]:
    """Return one job per chart of the site in `lang`, in a fixed order.

    Args:
        tables: Package resources (`editions`, `regions`).
        derived: Derived tables (`entries`, `province_counts`, `bloc_counts`, `rank_bands`).
        docs: The docs folder; charts go under docs/charts/ (English: docs/en/charts/).
        lists: The configured lists (the rank axis ticks of the rank-history charts, English names).
        lang: "zh", or "en": English titles, axes and descriptions, places by pinyin, lists and
            provinces by their English names (the catalogue `chart` group of each language).
    """
    t = load_catalogue(lang)
    editions, entries = _editions_in(tables["editions"], lists, lang), derived["entries"]
    out = docs / CHARTS if lang == "zh" else docs / EN_ROOT / CHARTS
    regions = tables["regions"]
    labels = regions["name"] if lang == "zh" else regions["pinyin"].map(compute_pinyin_name)
    names = dict(zip(regions["code"], labels, strict=True))
    ticks = {spec.code: spec.rank_ticks for spec in lists.specs}
    absences = compute_absence_words(derived["movements"], editions, entries, lang)
    jobs = [charts.ChartJob(out_dir=out / "region", name=f"region-{code}", chart=spec) for code, spec in
            charts.build_rank_history_specs(entries, editions, names, ticks=ticks, absences=absences,
                                            lang=lang).items()]
    for _, e in editions.iterrows():
        edition, words = str(e["edition"]), {"year": int(e["year"]), "list": e["list_name"]}
        counts = derived["province_counts"].loc[derived["province_counts"]["edition"] == edition]
        bands = derived["rank_bands"].loc[derived["rank_bands"]["edition"] == edition]
        jobs += [
            charts.ChartJob(out_dir=out / "edition", name=f"edition-{edition}-provinces",
                            build=charts.build_province_counts_chart,
                            args=(counts, t.t("chart.edition_provinces_title", **words), lang)),
            charts.ChartJob(out_dir=out / "edition", name=f"edition-{edition}-bands",
                            build=charts.build_rank_band_heatmap,
                            args=(bands, t.t("chart.edition_bands_title", **words), lang)),
            charts.ChartJob(out_dir=out / "edition", name=f"edition-{edition}-tiles",
                            build=charts.build_tile_map,
                            args=(counts, t.t("chart.edition_tiles_title", **words), lang)),
        ]
    for list_code, held in editions.groupby("list", sort=True):
        blocs = derived["bloc_counts"].loc[derived["bloc_counts"]["edition"].isin(held["edition"])]
        title = t.t("chart.list_blocs_title", list=held["list_name"].iloc[-1])
        jobs.append(charts.ChartJob(out_dir=out / "list", name=f"list-{list_code}-blocs",
                                    build=charts.build_bloc_counts_chart,
                                    args=(blocs, editions, title, lang)))
    provinces = derived["province_counts"]
    for code, rows in provinces.groupby("province_code", sort=True):
        name = str(rows["province_name"].iloc[0]) if lang == "zh" else t.t(f"province_name.{code}")
        jobs.append(charts.ChartJob(out_dir=out / "province", name=f"province-{code}-counts",
                                    build=charts.build_province_history_chart,
                                    args=(rows, editions, name, lang)))
    newest = editions.sort_values("year", kind="stable").groupby("list").tail(1)["edition"]
    counts = derived["province_counts"].loc[derived["province_counts"]["edition"].isin(newest)]
    jobs.append(charts.ChartJob(out_dir=out / "home", name="home-provinces",
                                build=charts.build_home_province_chart,
                                args=(counts, editions, t.t("chart.home_title"), lang)))
    return jobs


def _editions_in(editions: pd.DataFrame, lists: Lists, lang: str) -> pd.DataFrame:
    """Return the editions table with `list_name` in `lang` (the configured English names for "en")."""
    if lang == "zh":
        return editions
    return editions.assign(list_name=editions["list"].map(lambda code: lists.get(code).name_en))


def compute_absence_words(movements: pd.DataFrame, editions: pd.DataFrame, entries: pd.DataFrame,
                          lang: str = "zh") -> dict[tuple[str, str], str]:
    """Word the editions a place left for another list or because it became a district (issue 16).

    Args:
        movements: The derived movements.
        editions: The editions table, list_name in `lang`.
        entries: The derived entries.
        lang: The language of the words (catalogue `chart.moved_out`, `chart.reclassified`,
            `chart.after_leaving`).

    Returns:
        (region_code, edition) -> "转入工业百强区" (moved_out), "撤县（市）设区" (reclassified), and
        "类型已变更，不再参评本榜" for the later editions of that list without the place; every other
        absence stays "未上榜".
    """
    t = load_catalogue(lang)
    names = dict(zip(editions["edition"], editions["list_name"], strict=True))
    lists = dict(zip(editions["edition"], editions["list"], strict=True))
    years = dict(zip(editions["edition"], editions["year"], strict=True))
    ranked = set(zip(entries["region_code"], entries["edition"], strict=True))
    after_leaving = t.t("chart.after_leaving")
    words = {}
    for row in movements[movements["movement"].isin(["moved_out", "reclassified"])].itertuples():
        code = str(row.region_code)
        words[(code, str(row.edition))] = (t.t("chart.moved_out", list=names[row.transfer_edition])
                                           if row.movement == "moved_out" else t.t("chart.reclassified"))
        later = [e for e in names if lists[e] == lists[row.edition] and years[e] > years[row.edition]]
        words.update({(code, e): after_leaving for e in later if (code, e) not in ranked})
    return words


def start_site_charts(tables: Mapping[str, pd.DataFrame], derived: Mapping[str, pd.DataFrame], docs: Path,
                      background: Background, lists: Lists) -> charts.ChartBuilds:
    """Plan every chart of the site in both languages; `background`'s workers assemble the Altair ones."""
    jobs = [job for lang in LANGUAGES for job in build_chart_jobs(tables, derived, docs, lists, lang)]
    return charts.start_chart_builds(jobs, background)


def write_site_charts(builds: charts.ChartBuilds, docs: Path, background: Background,
                      staging: Path | None = None, cache_dir: Path | None = None,
                      part: str = "all") -> dict[str, dict[str, ChartFiles]]:
    """Write the charts of the site and return them by language and name.

    Chinese charts' paths are relative to `docs`, English ones' to docs/en/ (where their pages are).

    The specs and data tables are written when this returns; the SVGs once `background` finished,
    at the same docs-relative path under `staging` when given (else beside the specs). `part` is
    "all", "ready" (the region charts, assembled from a template: nothing to wait for) or "built"
    (the Altair charts: waits for their builders), see `charts.write_charts`.
    """
    svg_root = None if staging is None else (docs, staging)
    written = charts.write_charts(builds, background, svg_root=svg_root, cache_dir=cache_dir, part=part)
    result: dict[str, dict[str, ChartFiles]] = {lang: {} for lang in LANGUAGES}
    for files in written:
        english = files.svg_path.relative_to(docs).parts[0] == EN_ROOT
        root = docs / EN_ROOT if english else docs
        result["en" if english else "zh"][files.name] = build_chart_files(files, root)
    log.info("charts: %s written (%s)", " + ".join(f"{len(v)} {k}" for k, v in result.items()), part)
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
