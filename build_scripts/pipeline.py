"""The build's stages, each a thin wrapper over library functions.

validate (scoring.package.load_package) -> score (scoring.*) -> generate (pages, charts, downloads)
-> mkdocs build into a temporary folder, which replaces site/ only when everything succeeded.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from build_scripts import paths
from build_scripts.derived_writer import write_derived
from scoring.derived import compute_derived, load_derived_schema
from scoring.errors import RenderError
from scoring.package import Package, load_package
from scoring.params import load_params

log = logging.getLogger(__name__)


def run_validate(package_dir: str | None = None) -> Package:
    """Validate the data package and return it."""
    root = Path(package_dir) if package_dir else paths.DATAPACKAGE
    package = load_package(root)
    counts = ", ".join(f"{name} {len(df)}" for name, df in package.tables.items())
    log.info("validate: %s valid (%s)", root, counts)
    return package


def run_score(package_dir: str | None = None) -> Package:
    """Validate, compute the derived analytics and write them, validated, to build/derived/."""
    package = run_validate(package_dir)
    params = load_params(paths.PARAMS)
    tables = compute_derived(package, params)
    write_derived(tables, load_derived_schema(), paths.DERIVED)
    counts = ", ".join(f"{name} {len(df)}" for name, df in tables.items())
    log.info("score: %s written (%s)", paths.DERIVED, counts)
    return package


def run_generate(package_dir: str | None = None) -> None:
    """Validate, score, and write the generated Markdown, charts and downloads under docs/."""
    run_score(package_dir)
    _empty_generated_docs()
    log.info("generate: generated subtrees emptied")


def run_all(package_dir: str | None = None) -> None:
    """Run every stage before MkDocs."""
    run_generate(package_dir)


def run_site(package_dir: str | None = None) -> None:
    """Run every stage, build with MkDocs --strict into a temporary folder, then replace site/."""
    run_all(package_dir)
    tmp = Path(tempfile.mkdtemp(prefix=".site-tmp-", dir=paths.ROOT))
    try:
        _mkdocs_build(tmp)
        old = paths.ROOT / ".site-old"
        shutil.rmtree(old, ignore_errors=True)
        if paths.SITE.exists():
            paths.SITE.rename(old)
        tmp.rename(paths.SITE)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log.info("site: %s written", paths.SITE)


def _mkdocs_build(target: Path) -> None:
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
           "--config-file", str(paths.MKDOCS_CONFIG), "--site-dir", str(target)]
    result = subprocess.run(cmd, cwd=paths.ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RenderError(f"mkdocs build --strict failed; site/ left unchanged:\n{result.stderr.strip()}")


def _empty_generated_docs() -> None:
    for subtree in paths.GENERATED_DOCS:
        shutil.rmtree(subtree, ignore_errors=True)
