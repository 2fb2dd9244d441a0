"""The build's stages, each a thin wrapper over library functions.

validate (scoring.package.load_package) -> score (scoring.*) -> generate (pages, charts, downloads)
-> mkdocs build into a temporary folder, which replaces site/ only when everything succeeded.
Chart SVGs, social cards and download files are made in worker processes (`background`) while the
main process writes pages and MkDocs builds; MkDocs runs in a child process started when the build
begins (`mkdocs_runner`), so its start-up is done by the time the pages are.
"""

from __future__ import annotations

import calendar
import contextlib
import dataclasses
import logging
import shutil
import tempfile
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from build_scripts import paths
from build_scripts.contexts import build_site_data
from build_scripts.contexts.sitedata import compute_release
from build_scripts.derived_writer import write_derived
from build_scripts.downloads import parse_release
from build_scripts.generate import load_site_url, write_nav, write_region_pages, write_section_pages
from build_scripts.paths import BuildPaths
from build_scripts.render import build_environment
from build_scripts.runtime import (
    Background,
    MkDocsRunner,
    check_site_target,
    clear_incomplete,
    empty_generated_docs,
    hold_build_lock,
    mark_incomplete,
    publish_rendered,
    replace_site,
)
from build_scripts.share import start_downloads, write_share_files
from build_scripts.site_charts import start_site_charts, write_site_charts
from scoring.derived import compute_derived, load_derived_schema
from scoring.errors import RenderError
from scoring.lists import Lists, check_editions_lists, check_list_enums, load_lists
from scoring.package import Package, load_package
from scoring.params import load_params

log = logging.getLogger(__name__)

# The generate stage records the data release month here; the MkDocs stage dates the build with it.
RELEASE_FILE = "release.txt"


# Every stage takes the `BuildPaths` the CLI made (None: the repository's, see paths.default_paths).


def run_validate(where: BuildPaths | None = None) -> Package:
    """Validate the data package, and hold it to config/lists.yml, and return it."""
    return _validate(where or paths.default_paths())[0]


def _validate(where: BuildPaths) -> tuple[Package, Lists]:
    """Validate the data package and check it against the configured lists; return both."""
    package = load_package(where.datapackage)
    lists = load_lists(where.lists)
    check_list_enums(package.descriptor, lists, str(where.datapackage / "datapackage.json"))
    check_editions_lists(package["editions"], lists, package.display_path("editions"))
    counts = ", ".join(f"{name} {len(df)}" for name, df in package.tables.items())
    log.info("validate: %s valid (%s)", where.datapackage, counts)
    return package, lists


class Scored(NamedTuple):
    """What the score stage hands to the generate stage.

    Attributes:
        package: The validated data package.
        derived: The derived tables as computed (resource name -> DataFrame).
        derived_package: The derived package as written to build/derived/ and validated there.
    """

    package: Package
    derived: dict[str, pd.DataFrame]
    derived_package: Package


def run_score(where: BuildPaths | None = None) -> Scored:
    """Validate, compute the derived analytics and write them, validated, to build/derived/."""
    where = where or paths.default_paths()
    with hold_build_lock(where):
        package, lists = _validate(where)
        tables = compute_derived(package, load_params(where.params), lists)
        return Scored(package, tables, _write_scored(where, tables, lists))


def _write_scored(where: BuildPaths, tables: dict[str, pd.DataFrame], lists: Lists) -> Package:
    derived_package = write_derived(tables, load_derived_schema(lists=lists), where.derived)
    counts = ", ".join(f"{name} {len(df)}" for name, df in tables.items())
    log.info("score: %s written (%s)", where.derived, counts)
    return derived_package


def run_generate(where: BuildPaths | None = None) -> dict[str, int]:
    """Validate, score, and write the generated pages, parts, charts and downloads under docs/.

    Args:
        where: The build's paths; the generated subtrees of `where.docs` are emptied and rewritten.

    Returns:
        The number of files written per page kind.
    """
    where = where or paths.default_paths()
    with hold_build_lock(where):
        with Background() as background:
            counts = _generate(where, background)
            background.finish()
        publish_rendered(where.rendered, where.docs)
        clear_incomplete(where)
    return counts


def run_all(where: BuildPaths | None = None) -> None:
    """Run every stage before MkDocs."""
    run_generate(where)


def run_site(where: BuildPaths | None = None, background: Background | None = None,
             mkdocs: MkDocsRunner | None = None) -> None:
    """Run every stage, build with MkDocs --strict into a temporary folder, then replace site/.

    MkDocs starts in a child process as the build begins (`MkDocsRunner`) and builds once docs/ is
    written, while the chart SVGs and social cards are still being drawn (pages link them by name);
    they are put into the new site, and into docs/ for `mkdocs serve`, once all are drawn. A
    failure anywhere leaves site/ as it was.

    Args:
        where: The build's paths.
        background: The worker processes, when the caller started them (the CLI starts them and
            `mkdocs` before it imports this module, so they start up meanwhile); the caller then
            closes them. None: started and closed here.
        mkdocs: The MkDocs child, likewise.
    """
    where = where or paths.default_paths()
    with hold_build_lock(where):
        check_site_target(where)
        tmp = Path(tempfile.mkdtemp(prefix=".site-tmp-", dir=where.root))
        try:
            with contextlib.ExitStack() as helpers:
                background = background or helpers.enter_context(Background())
                mkdocs = mkdocs or helpers.enter_context(MkDocsRunner(where.root))
                _generate(where, background)
                _mkdocs_build(tmp, where, mkdocs)
                background.finish()
            publish_rendered(where.rendered, where.docs)
            clear_incomplete(where)
            publish_rendered(where.rendered, tmp)
            replace_site(tmp, where)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    log.info("site: %s written", where.site)


def _generate(where: BuildPaths, background: Background) -> dict[str, int]:
    """Validate, score and write docs/; hand the images and download files to `background`.

    When this returns, everything MkDocs reads is written (downloads included); the chart SVGs and
    social cards go to `where.rendered` as `background` draws them.
    """
    package, lists = _validate(where)
    derived = compute_derived(package, load_params(where.params), lists)
    docs = where.docs
    mark_incomplete(where)  # until the generated subtrees are whole again
    # Queued in the order they are needed: chart builders, then downloads, then images. The builders
    # start while the derived package is written and validated (the build stops if that fails).
    builds = start_site_charts(package.tables, derived, docs, background, lists)
    derived_package = _write_scored(where, derived, lists)
    downloads = start_downloads(background, package, derived_package, compute_release(package["editions"]))
    sweeper = empty_generated_docs(where)
    chart_options = {"staging": where.rendered, "cache_dir": where.build / "chart-cache"}
    # The region pages need only the region charts (no builder): they are written while the Altair
    # charts are still being assembled, then the other pages with every chart.
    charts = write_site_charts(builds, docs, background, part="ready", **chart_options)
    methodology = [code for code in lists.codes if (docs / "methodology" / f"{code}.md").is_file()]
    data = build_site_data(package.tables, derived, load_site_url(where.mkdocs_config), charts, lists,
                           methodology)
    _write_release(where, data.release)
    write_nav(data, where.nav)
    env = build_environment()
    counts = {"regions": write_region_pages(env, data, docs)}
    charts = {**charts, **write_site_charts(builds, docs, background, part="built", **chart_options)}
    data = dataclasses.replace(data, charts=charts)
    counts.update(write_section_pages(env, data, package.descriptor, docs))
    log.info("generate: %s", ", ".join(f"{k} {v}" for k, v in counts.items()))
    counts.update(write_share_files(env, package, derived_package, data, where, background, downloads))
    sweeper.join()
    return counts


def _mkdocs_build(target: Path, where: BuildPaths, mkdocs: MkDocsRunner) -> None:
    # MkDocs stamps the sitemap's <lastmod> (and the gzip header) with the build date unless
    # SOURCE_DATE_EPOCH is set: the date of a build is the data release, so two builds are identical.
    mkdocs.build(where.mkdocs_config, target, _load_release_epoch(where))


def _write_release(where: BuildPaths, release: str) -> None:
    where.build.mkdir(parents=True, exist_ok=True)
    paths.join_inside(where.build, RELEASE_FILE).write_text(release + "\n", encoding="utf-8")


def _load_release_epoch(where: BuildPaths) -> int:
    path = where.build / RELEASE_FILE
    if not path.is_file():
        raise RenderError(f"{path}: missing; run the generate stage before building the site.")
    return calendar.timegm(parse_release(path.read_text(encoding="utf-8").strip()).timetuple())
