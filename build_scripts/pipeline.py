"""The build's stages, each a thin wrapper over library functions.

validate (scoring.package.load_package) -> score (scoring.*) -> generate (pages, charts, downloads)
-> mkdocs build into a temporary folder, which replaces site/ only when everything succeeded.
Chart SVGs, social cards and download files are made in worker processes (`background`) while the
main process writes pages and MkDocs builds; MkDocs runs in a child process started when the build
begins (`runtime.MkDocsRunner`), so its start-up is done by the time the pages are. The generate
stage is the task list of `build_scripts.plan`.
"""

from __future__ import annotations

import calendar
import contextlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from build_scripts import paths, plan
from build_scripts.downloads import parse_release
from build_scripts.paths import BuildPaths
from build_scripts.plan import validate_package, write_scored
from build_scripts.runtime import (
    Background,
    BuildFolderError,
    MkDocsRunner,
    check_site_target,
    clear_incomplete,
    hold_build_lock,
    make_site_staging,
    publish_rendered,
    remove_site_stagings,
    replace_site,
)
from scoring.derived import compute_derived
from scoring.errors import RenderError
from scoring.package import Package
from scoring.params import load_params

log = logging.getLogger(__name__)

# Every stage takes the `BuildPaths` the CLI made (None: the repository's, see paths.default_paths).


def run_validate(where: BuildPaths | None = None) -> Package:
    """Validate the data package, and hold it to config/lists.yml, and return it."""
    return validate_package(where or paths.default_paths())[0]


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
        package, lists = validate_package(where)
        tables = compute_derived(package, load_params(where.params), lists)
        return Scored(package, tables, write_scored(where, tables, lists))


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
             mkdocs: MkDocsRunner | None = None, mkdocs_en: MkDocsRunner | None = None) -> None:
    """Run every stage, build with MkDocs --strict into a temporary folder, then replace site/.

    The English twin (mkdocs.en.yml, docs/en/) is built by a second MkDocs child into a folder of its
    own (a build empties its folder first), which becomes the new site's en/. The Chinese build starts
    as soon as the Chinese pages are written, and runs while the English pages are written.

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
        mkdocs_en: The English twin's MkDocs child, likewise.
    """
    where = where or paths.default_paths()
    with hold_build_lock(where):
        check_site_target(where)
        try:
            tmp = make_site_staging(where)
            tmp_en = tmp.with_name(tmp.name + "-en")  # a staging folder too, by its name
            with contextlib.ExitStack() as helpers:
                background = background or helpers.enter_context(Background())
                mkdocs = mkdocs or helpers.enter_context(MkDocsRunner(where.root))
                mkdocs_en = mkdocs_en or helpers.enter_context(MkDocsRunner(where.root))
                def start_chinese_build() -> None:
                    mkdocs.start(where.mkdocs_config, tmp, _load_release_epoch(where))

                _generate(where, background, start_chinese_build)
                _mkdocs_build(tmp, tmp_en, where, mkdocs, mkdocs_en)
                background.finish()
            if tmp_en.is_dir():
                tmp_en.rename(tmp / paths.EN)
            publish_rendered(where.rendered, where.docs)
            clear_incomplete(where)
            publish_rendered(where.rendered, tmp)
            replace_site(tmp, where)
        finally:
            # This build's staging folders, wherever it stopped (the next build removes any left).
            with contextlib.suppress(BuildFolderError):
                remove_site_stagings(where)
    log.info("site: %s written", where.site)


def _generate(where: BuildPaths, background: Background,
              chinese_written: Callable[[], None] | None = None) -> dict[str, int]:
    """Validate, score and write docs/ (`plan.GENERATE_TASKS`); images and downloads go to `background`.

    When this returns, everything MkDocs reads is written (downloads included); the chart SVGs and
    social cards go to `where.rendered` as `background` draws them. `chinese_written` is called once
    the Chinese site's pages are (the tasks before `plan.ENGLISH_TASK`), before the English pages are
    written. Returns the files written by kind.
    """
    tasks = plan.GENERATE_TASKS
    split = next(i for i, task in enumerate(tasks) if task.name == plan.ENGLISH_TASK)
    workspace = plan.run_tasks(tasks[:split], {"where": where, "background": background})
    if chinese_written is not None:
        chinese_written()
    return plan.run_tasks(tasks[split:], workspace)["counts"]


def _mkdocs_build(target: Path, target_en: Path, where: BuildPaths, mkdocs: MkDocsRunner,
                  mkdocs_en: MkDocsRunner) -> None:
    """Build the Chinese site into `target` and the English twin into `target_en`; wait for both.

    The Chinese build has usually been started already, as soon as its pages were written (`_generate`).
    MkDocs stamps the sitemap's <lastmod> (and the gzip header) with the build date unless
    SOURCE_DATE_EPOCH is set: the date of a build is the data release, so two builds are identical.
    """
    epoch = _load_release_epoch(where)
    if not mkdocs.started:
        mkdocs.start(where.mkdocs_config, target, epoch)
    mkdocs_en.start(where.mkdocs_config_en, target_en, epoch)
    try:
        mkdocs.wait()
    finally:
        mkdocs_en.wait()


def _load_release_epoch(where: BuildPaths) -> int:
    path = where.build / plan.RELEASE_FILE
    if not path.is_file():
        raise RenderError(f"{path}: missing; run the generate stage before building the site.")
    return calendar.timegm(parse_release(path.read_text(encoding="utf-8").strip()).timetuple())
