"""Property tests of issue 18: hostile packages of every class are refused, and nothing is written.

Each class of `hostile_package.CLASSES` (paths out of the package, a loosened descriptor, patterned
cells with a trailing line break or invisible character, foreign digits and NaN, non-numeric claim
params, identity, change history, edition rules, ranks out of bounds, corrections, quotes and source
lines, NUL bytes, huge cells; and the second round: descriptor properties that change how files are
read, edition ids and months, corrected values a place cannot have, rows wider than the header,
numbers no float holds in claim params, fact figures not in their quote, descriptors nested too
deep, integers with leading zeros; and the third round: control, zero-width and direction characters
in any text of the descriptor, a descriptor or README that is a link, a folder or a pipe, package
and resource names that are not plain, claim params of the wrong shape (a divisor of 0, empty or
malformed groups, too few facts, other readings of the wrong types), corrected change marks and
region ranks not of their column's form, a field corrected twice, a correction citing a file that
is no edition's, printed parents too short to name one place or naming another, region changes
before 1980, edition source lines past their file, and floods of bad rows) draws its own cases.
For each:

- the validator raises `DataPackageError` or `CheckError` (any other exception fails with its
  traceback), one of whose shown lines names the file, the row and the field of the case, and
  whose message stays within a bounded number of lines (floods: a few dozen);
- no message quotes the file a hostile path points to;
- a whole site build of the case raises the same way, leaves site/ byte for byte as it was, writes
  no build/, docs/ subtree or temporary folder, and writes nothing outside its folders.

`pytest tests/test_property_hostile.py --hypothesis-show-statistics` counts the cases per class;
`python tests/hostile_package.py [draws]` counts how many distinct packages each class draws.
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
from scoring.errors import CheckError, DataPackageError, PipelineError
from scoring.messages import MAX_LINES, MAX_LISTED
from scoring.package import load_package

# The most lines a message has: MAX_LINES problems, a line counting the rest of each kind listed
# in full, one per file where frictionless stopped early, and one counting what is left out.
MOST_LINES = MAX_LINES + MAX_LINES // MAX_LISTED + 10 + 1
# Cases per class and run: 31 classes of about 0.4 s a case (the validator runs frictionless on the
# whole package) keep this file near two minutes on two CPUs; each run draws other cases.
CASES_PER_CLASS = 10
LOADER_SETTINGS = settings(max_examples=CASES_PER_CLASS, deadline=None,
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


def assert_names_the_cell(case: Case, error: PipelineError) -> None:
    """The message shown names the case's file, row and field, quotes no outside file and stays short."""
    problems, shown = error.problems, str(error).splitlines()
    assert problems
    assert all("Traceback" not in p and SECRET not in p and "root:x:0:0" not in p for p in problems), problems
    assert len(shown) <= (case.most_lines or MOST_LINES), (case.kind, len(shown), shown[:3])
    if case.row is None:  # the descriptor: the resource, field or key named as such
        named = [p for p in shown if case.file in p and any(f in p for f in case.fields)]
    elif not case.fields:  # a whole row (a blank one)
        named = [p for p in shown if f"{case.file} row {case.row}: " in p]
    else:
        named = [p for p in shown if f"{case.file} row {case.row}, " in p
                 and any(f'column "{f}"' in p for f in case.fields)]
    assert named, (case.kind, case.file, case.row, case.fields, shown[:8])


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

    assert_names_the_cell(case, caught.value)


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

    assert_names_the_cell(case, caught.value)
    assert snapshot(work_root.site) == site_before
    assert sorted(p.name for p in work_root.root.iterdir() if p.name != ".build.lock") == root_before
    assert snapshot(work_root.docs) == docs_before
