"""Fixtures of the unit tests that draw the real data's charts."""

import pytest

from build_scripts import paths
from build_scripts.charts.render import build_drawing
from build_scripts.site_charts import build_chart_jobs
from scoring.derived import compute_derived
from scoring.lists import load_lists
from scoring.package import load_package
from scoring.params import load_params


@pytest.fixture(scope="session")
def real_histories(tmp_path_factory):
    """Every rank-history drawing of the real data, in both languages, by chart file."""
    package = load_package(paths.DATAPACKAGE)
    lists = load_lists(paths.LISTS)
    derived = compute_derived(package, load_params(paths.PARAMS), lists)
    tables = {"editions": package["editions"], "regions": package["regions"]}
    docs = tmp_path_factory.mktemp("docs")
    drawings = {}
    for lang in ("zh", "en"):
        for job in build_chart_jobs(tables, derived, docs, lists, lang):
            if job.name.startswith("region-"):
                drawings[f"{lang}/{job.name}"] = build_drawing(job.chart)
    return drawings
