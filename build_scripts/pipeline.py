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
from build_scripts.contexts import build_site_data
from build_scripts.derived_writer import write_derived
from build_scripts.generate import load_site_url, write_site
from build_scripts.render import build_environment
from build_scripts.site_charts import write_site_charts
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


def run_generate(package_dir: str | None = None, docs_dir: Path | None = None) -> dict[str, int]:
    """Validate, score, and write the generated pages, parts, charts and downloads under docs/.

    Args:
        package_dir: Data package folder (default: datapackage/).
        docs_dir: Docs folder whose generated subtrees are emptied and rewritten (default: docs/).

    Returns:
        The number of files written per page kind.
    """
    package = run_score(package_dir)
    derived = compute_derived(package, load_params(paths.PARAMS))
    docs = Path(docs_dir) if docs_dir else paths.DOCS
    _empty_generated_docs(docs)
    charts = write_site_charts(package.tables, derived, docs, cache_dir=paths.BUILD / "chart-cache")
    data = build_site_data(package.tables, derived, load_site_url(paths.MKDOCS_CONFIG), charts)
    return write_site(build_environment(), data, package.descriptor, docs)


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


def _empty_generated_docs(docs: Path = paths.DOCS) -> None:
    for subtree in paths.GENERATED_DOCS:
        shutil.rmtree(docs / subtree.relative_to(paths.DOCS), ignore_errors=True)
