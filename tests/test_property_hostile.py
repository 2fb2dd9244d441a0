"""Property tests of issue 18: hostile packages of every class are refused, and nothing is written.

Each class of `hostile_package.CLASSES` (paths out of the package, a loosened descriptor, patterned
cells with a trailing line break or invisible character, foreign digits and NaN, non-numeric claim
params, identity, change history, edition rules, ranks out of bounds, corrections, quotes and source
lines, NUL bytes, huge cells; and the second round: descriptor properties that change how files are
read, edition ids and months, corrected values a place cannot have, rows wider than the header,
numbers no float holds in claim params, fact figures not in their quote, descriptors nested too
deep, integers with leading zeros; and the third round: control, zero-width and direction characters
in any text of the descriptor) draws its own cases. For each:

- the validator raises `DataPackageError` or `CheckError` (any other exception fails with its
  traceback), one of whose lines names the file, the row and the field of the case;
- no message quotes the file a hostile path points to;
- a whole site build of the case raises the same way, leaves site/ byte for byte as it was, writes
  no build/, docs/ subtree or temporary folder, and writes nothing outside its folders.

`pytest tests/test_property_hostile.py --hypothesis-show-statistics` counts the cases per class.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path

import pytest
from hostile_package import CLASSES, SECRET, Case, plus_package
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from build_scripts import pipeline
from build_scripts.paths import BuildPaths
from build_scripts.runtime import write_work_root
from scoring.errors import CheckError, DataPackageError
from scoring.package import load_package

LOADER_SETTINGS = settings(max_examples=20, deadline=None,
                           phases=[Phase.explicit, Phase.reuse, Phase.generate],
                           suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and link under `folder` with a digest of its content (links by their target)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        if path.is_symlink():
            found[key] = "-> " + str(path.readlink())
        elif path.is_file():
            found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def make_case(case: Case, tmp: Path) -> tuple[Path, Path]:
    package = tmp / "datapackage"
    shutil.copytree(plus_package(), package)
    outside = tmp / "outside"
    outside.mkdir()
    (outside / "victim.json").write_text("{}\n", encoding="utf-8")
    case.edit(package, outside)
    return package, outside


def assert_names_the_cell(case: Case, problems: list[str]) -> None:
    assert problems
    assert all("Traceback" not in p and SECRET not in p and "root:x:0:0" not in p for p in problems), problems
    if case.row is None:  # the descriptor: the resource, field or key named as such
        named = [p for p in problems if case.file in p and any(f in p for f in case.fields)]
    else:
        named = [p for p in problems if f"{case.file} row {case.row}, " in p
                 and any(f'column "{f}"' in p for f in case.fields)]
    assert named, (case.kind, case.file, case.row, case.fields, problems[:8])


def test_the_plus_package_is_valid():
    package = load_package(plus_package())

    assert all(len(frame) > 0 for frame in package.tables.values())
    assert {"claims", "facts", "metrics"} <= set(package.tables)


@pytest.mark.parametrize("kind", sorted(CLASSES))
@LOADER_SETTINGS
@given(data=st.data())
def test_validator_refuses_every_case_naming_file_row_and_field(kind, data):
    case = data.draw(CLASSES[kind](), label=kind)
    with tempfile.TemporaryDirectory() as tmp:
        package, outside = make_case(case, Path(tmp))
        before = snapshot(Path(tmp))
        with pytest.raises((DataPackageError, CheckError)) as caught:
            load_package(package)
        assert snapshot(Path(tmp)) == before

    assert_names_the_cell(case, caught.value.problems)


@pytest.fixture(scope="module")
def work_root(tmp_path_factory) -> BuildPaths:
    where = write_work_root(tmp_path_factory.mktemp("hostile-site") / "root")
    where.site.mkdir()
    (where.site / "index.html").write_text("the site before the hostile builds\n", encoding="utf-8")
    return where


@settings(LOADER_SETTINGS, max_examples=24)
@given(kind=st.sampled_from(sorted(CLASSES)), data=st.data())
def test_a_site_build_of_any_case_raises_and_changes_nothing(work_root, kind, data):
    case = data.draw(CLASSES[kind](), label=kind)
    site_before = snapshot(work_root.site)
    root_before = sorted(p.name for p in work_root.root.iterdir() if p.name != ".build.lock")
    docs_before = snapshot(work_root.docs)
    with tempfile.TemporaryDirectory() as tmp:
        package, outside = make_case(case, Path(tmp))
        around = snapshot(Path(tmp))
        where = BuildPaths(root=work_root.root, datapackage=package, params=work_root.params)
        with pytest.raises((DataPackageError, CheckError)) as caught:
            pipeline.run_site(where)
        assert snapshot(Path(tmp)) == around  # the package and its neighbours untouched

    assert_names_the_cell(case, caught.value.problems)
    assert snapshot(work_root.site) == site_before
    assert sorted(p.name for p in work_root.root.iterdir() if p.name != ".build.lock") == root_before
    assert snapshot(work_root.docs) == docs_before
