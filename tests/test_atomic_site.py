"""The build writes into a temporary folder and replaces site/ only when every stage succeeded.

Whole builds of a small synthetic package in scratch build roots: a successful build replaces an old
site/ completely; bad data (validate stage) and a failing `mkdocs build --strict` (last stage) leave
an existing site/ byte for byte as it was, and no temporary folder behind.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build_scripts import pipeline
from build_scripts.paths import BuildPaths
from build_scripts.runtime import write_work_root
from scoring.errors import RenderError

ROOT = Path(__file__).resolve().parents[1]


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith((".site-tmp", ".site-old")))


@pytest.fixture(scope="module")
def built_root(small_package, tmp_path_factory) -> BuildPaths:
    """A scratch root whose site/ held a stale file before a successful build."""
    where = write_work_root(tmp_path_factory.mktemp("atomic") / "root", small_package)
    where.site.mkdir()
    (where.site / "stale.html").write_text("from an earlier build", encoding="utf-8")
    pipeline.run_site(where)
    return where


def test_successful_build_replaces_the_whole_site(built_root):
    assert not (built_root.site / "stale.html").exists()
    assert (built_root.site / "index.html").is_file()
    assert (built_root.site / "sitemap.xml").is_file()
    assert leftovers(built_root.root) == []


def test_broken_package_leaves_the_existing_site_untouched(built_root, small_package, tmp_path):
    before = snapshot(built_root.site)
    bad = tmp_path / "datapackage"
    shutil.copytree(small_package, bad)
    rankings = bad / "data" / "rankings.csv"
    lines = rankings.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace(",1,", ",first,", 1)
    rankings.write_text("".join(lines), encoding="utf-8")

    result = subprocess.run(
        [sys.executable, "-m", "build_scripts", "site", "--quiet", "--root", str(built_root.root),
         "--package", str(bad)], cwd=ROOT, capture_output=True, text=True, check=False)

    assert result.returncode == 1
    assert result.stderr.startswith("DataPackageError: ")
    assert '"first" is not an integer' in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(built_root.site) == before
    assert leftovers(built_root.root) == []


def test_failing_mkdocs_build_leaves_the_existing_site_untouched(built_root, tmp_path):
    root = tmp_path / "root"
    shutil.copytree(built_root.root, root)
    where = BuildPaths(root=root, datapackage=built_root.datapackage, params=built_root.params)
    before = snapshot(where.site)
    # A hand-written page with a broken link: `mkdocs build --strict` fails after every other stage ran.
    (where.docs / "broken.md").write_text("# Broken\n\n[nowhere](no-such-page.md)\n", encoding="utf-8")

    with pytest.raises(RenderError, match="mkdocs build --strict failed") as failure:
        pipeline.run_site(where)

    # MkDocs' own warning and its strict-mode verdict reach the user.
    assert "no-such-page.md" in str(failure.value)
    assert "warnings in strict mode" in str(failure.value)

    assert snapshot(where.site) == before
    assert leftovers(root) == []
