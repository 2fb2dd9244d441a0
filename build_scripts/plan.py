"""The generate stage as a list of tasks: what each needs, what it gives, in the order they run.

`GENERATE_TASKS` is the stage: `run_tasks` runs them in order over one workspace (a dict holding the
build's `where` and `background`, then each task's results by name). A task reads the names in its
`needs` and returns the names in its `gives`; `tests/unit/test_plan.py` reads the list and checks
that every need is given by an earlier task, and the orderings the speed of the build rests on:
the chart builders start before the derived package is written (they overlap), the region pages are
written before the Altair charts are waited for, nothing is written under docs/ before its generated
subtrees are emptied.

Inputs: the build's paths; the worker processes. Output: docs/ (pages, parts, charts, downloads …),
build/ (derived package, release, navigation, search dictionary); chart SVGs and social cards are
drawn into build/rendered/ by the workers meanwhile.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import pandas as pd

from build_scripts import paths
from build_scripts.contexts import build_site_data
from build_scripts.contexts.sitedata import compute_release
from build_scripts.derived_writer import write_derived
from build_scripts.english.writer import write_english_nav, write_english_pages
from build_scripts.generate import load_site_url, write_nav, write_region_pages, write_section_pages
from build_scripts.paths import BuildPaths
from build_scripts.render import build_environment
from build_scripts.runtime import empty_generated_docs, mark_incomplete
from build_scripts.share import start_downloads, write_share_files, write_site_cards
from build_scripts.site_charts import start_site_charts, write_site_charts
from scoring.derived import compute_derived, load_derived_schema
from scoring.lists import Lists, check_editions_lists, check_list_enums, load_lists
from scoring.package import Package, load_package
from scoring.params import load_params

log = logging.getLogger(__name__)

# The generate stage records the data release month here; the MkDocs stage dates the build with it.
RELEASE_FILE = "release.txt"
# The first task of the English twin: the Chinese site can be built once the tasks before it ran.
ENGLISH_TASK = "write English pages"
Workspace = MutableMapping[str, Any]


@dataclass(frozen=True)
class Task:
    """One step of the generate stage.

    Attributes:
        name: What it does, in a few words (the benchmark times it under this name).
        run: Reads the workspace, returns the values it gives by name (and writes files).
        needs: Workspace names it reads ("where" and "background" are there from the start).
        gives: Workspace names it returns (a later task may give a name again: the updated value).
    """

    name: str
    run: Callable[[Workspace], dict[str, Any]]
    needs: tuple[str, ...]
    gives: tuple[str, ...]


def validate_package(where: BuildPaths) -> tuple[Package, Lists]:
    """Validate the data package and check it against the configured lists; return both."""
    package = load_package(where.datapackage)
    lists = load_lists(where.lists)
    check_list_enums(package.descriptor, lists, str(where.datapackage / "datapackage.json"))
    check_editions_lists(package["editions"], lists, package.display_path("editions"))
    counts = ", ".join(f"{name} {len(df)}" for name, df in package.tables.items())
    log.info("validate: %s valid (%s)", where.datapackage, counts)
    return package, lists


def write_scored(where: BuildPaths, tables: dict[str, pd.DataFrame], lists: Lists) -> Package:
    """Write the derived tables, validated, to build/derived/ and return the derived package."""
    derived_package = write_derived(tables, load_derived_schema(lists=lists), where.derived)
    counts = ", ".join(f"{name} {len(df)}" for name, df in tables.items())
    log.info("score: %s written (%s)", where.derived, counts)
    return derived_package


def _validate(w: Workspace) -> dict:
    package, lists = validate_package(w["where"])
    return {"package": package, "lists": lists}


def _score(w: Workspace) -> dict:
    return {"derived": compute_derived(w["package"], load_params(w["where"].params), w["lists"])}


def _mark_incomplete(w: Workspace) -> dict:
    mark_incomplete(w["where"])  # until the generated subtrees are whole again (build/generate-incomplete)
    return {}


def _start_chart_builders(w: Workspace) -> dict:
    # Queued first, so the workers assemble the Altair charts while the derived package is written.
    return {"builds": start_site_charts(w["package"].tables, w["derived"], w["where"].docs, w["background"],
                                        w["lists"])}


def _write_derived(w: Workspace) -> dict:
    return {"derived_package": write_scored(w["where"], w["derived"], w["lists"])}


def _start_downloads(w: Workspace) -> dict:
    release = compute_release(w["package"]["editions"])
    return {"downloads": start_downloads(w["background"], w["package"], w["derived_package"], release)}


def _empty_docs(w: Workspace) -> dict:
    return {"sweeper": empty_generated_docs(w["where"])}


def _chart_options(where: BuildPaths) -> dict:
    return {"staging": where.rendered, "cache_dir": where.build / "chart-cache"}


def _write_ready_charts(w: Workspace) -> dict:
    # The region charts are assembled from a template: nothing to wait for.
    charts = write_site_charts(w["builds"], w["where"].docs, w["background"], part="ready",
                               **_chart_options(w["where"]))
    return {"charts": charts}


def _site_data(w: Workspace) -> dict:
    where, lists = w["where"], w["lists"]
    methodology = [code for code in lists.codes if (where.docs / "methodology" / f"{code}.md").is_file()]
    charts = w["charts"]
    site_url = load_site_url(where.mkdocs_config)
    data = build_site_data(w["package"].tables, w["derived"], site_url, charts["zh"], lists, methodology,
                           charts_en=charts["en"])
    return {"data": data, "env": build_environment()}


def write_release(where: BuildPaths, release: str) -> None:
    """Write the data release month to build/release.txt (the MkDocs stage dates the build with it)."""
    where.build.mkdir(parents=True, exist_ok=True)
    paths.join_inside(where.build, RELEASE_FILE).write_text(release + "\n", encoding="utf-8")


def _write_release_and_nav(w: Workspace) -> dict:
    write_release(w["where"], w["data"].release)
    write_nav(w["data"], w["where"].nav)
    return {}


def _write_region_pages(w: Workspace) -> dict:
    return {"counts": {"regions": write_region_pages(w["env"], w["data"], w["where"].docs)}}


def _write_built_charts(w: Workspace) -> dict:
    built = write_site_charts(w["builds"], w["where"].docs, w["background"], part="built",
                              **_chart_options(w["where"]))
    charts = {lang: {**w["charts"][lang], **built[lang]} for lang in w["charts"]}
    data = dataclasses.replace(w["data"], charts=MappingProxyType(charts["zh"]),
                               charts_en=MappingProxyType(charts["en"]))
    return {"charts": charts, "data": data}


def _write_section_pages(w: Workspace) -> dict:
    written = write_section_pages(w["env"], w["data"], w["package"].descriptor, w["where"].docs)
    counts = {**w["counts"], **written}
    log.info("generate: %s", ", ".join(f"{k} {v}" for k, v in counts.items()))
    return {"counts": counts}


def _write_share_files(w: Workspace) -> dict:
    written = write_share_files(w["env"], w["package"], w["derived_package"], w["data"], w["where"],
                                w["background"], w["downloads"])
    return {"counts": {**w["counts"], **written}}


def _write_english_pages(w: Workspace) -> dict:
    where = w["where"]
    write_english_nav(w["data"], where.nav_en)
    written = write_english_pages(w["data"], w["package"].descriptor, where.docs_en)
    written["en social"] = write_site_cards(w["data"], where, w["background"], "en")
    return {"counts": {**w["counts"], **written}}


def _join_sweeper(w: Workspace) -> dict:
    w["sweeper"].join()
    return {}


GENERATE_TASKS = (
    Task("validate", _validate, (), ("package", "lists")),
    Task("score", _score, ("package", "lists"), ("derived",)),
    Task("mark docs incomplete", _mark_incomplete, (), ()),
    Task("start chart builders", _start_chart_builders, ("package", "derived", "lists"), ("builds",)),
    Task("write derived package", _write_derived, ("derived", "lists"), ("derived_package",)),
    Task("start downloads", _start_downloads, ("package", "derived_package"), ("downloads",)),
    Task("empty generated docs", _empty_docs, (), ("sweeper",)),
    Task("write region charts", _write_ready_charts, ("builds",), ("charts",)),
    Task("site data", _site_data, ("package", "derived", "charts", "lists"), ("data", "env")),
    Task("write release and navigation", _write_release_and_nav, ("data",), ()),
    Task("write region pages", _write_region_pages, ("env", "data"), ("counts",)),
    Task("write built charts", _write_built_charts, ("builds", "charts", "data"), ("charts", "data")),
    Task("write section pages", _write_section_pages, ("env", "data", "package", "counts"), ("counts",)),
    Task("write share files", _write_share_files,
         ("env", "package", "derived_package", "data", "downloads", "counts"), ("counts",)),
    Task(ENGLISH_TASK, _write_english_pages, ("data", "package", "counts"), ("counts",)),
    Task("join sweeper", _join_sweeper, ("sweeper",), ()),
)


def run_tasks(tasks: tuple[Task, ...], workspace: Workspace) -> Workspace:
    """Run `tasks` in order over `workspace`, each adding what it gives; return the workspace."""
    for task in tasks:
        workspace.update(task.run(workspace))
    return workspace
