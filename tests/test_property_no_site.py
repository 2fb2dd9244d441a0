"""Property test: a corrupted package never yields a site, only the validator's error.

Draws the corruptions of `test_property_loaders` (wrong type, empty required cell, duplicated key,
unknown code, truncated row, GBK or BOM bytes, overlong string) and runs the whole `site` build on
each in a scratch build root: the build must raise a `PipelineError` subclass naming the corrupted
file, and leave no site/, no temporary site folder, no derived tables and no generated pages.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_property_loaders import CORRUPTIONS, RESOURCES, SETTINGS, VALID

from build_scripts import pipeline
from build_scripts.paths import BuildPaths
from build_scripts.runtime import write_work_root
from scoring.errors import CheckError, DataPackageError


@pytest.fixture(scope="module")
def work_root(tmp_path_factory) -> BuildPaths:
    return write_work_root(tmp_path_factory.mktemp("no-site") / "root")


def outputs(where: BuildPaths) -> list[str]:
    found = [p.name for p in where.root.iterdir()
             if p.name in ("site", "build") or p.name.startswith(".site")]
    return found + [p.relative_to(where.root).as_posix() for p in where.generated_docs if p.exists()]


@settings(SETTINGS, max_examples=15)
@given(data=st.data())
def test_site_build_of_a_corrupted_package_raises_and_writes_nothing(work_root, data):
    resource, content = data.draw(data.draw(st.sampled_from(CORRUPTIONS))())
    with tempfile.TemporaryDirectory() as tmp:
        package = Path(tmp) / "datapackage"
        shutil.copytree(VALID, package)
        (package / RESOURCES[resource]["path"]).write_bytes(content)
        where = BuildPaths(root=work_root.root, datapackage=package, params=work_root.params)

        with pytest.raises((DataPackageError, CheckError)) as caught:
            pipeline.run_site(where)

    assert f"data/{resource}.csv" in str(caught.value)
    assert "Traceback" not in str(caught.value)
    assert outputs(work_root) == []
