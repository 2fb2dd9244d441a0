"""The tests' minimal valid data package (tests/data/valid-minimal) and helpers around it.

Test modules under tests/ and tests/unit/ import this module by name: pytest puts tests/ on
`sys.path` when it loads tests/conftest.py (no package __init__ files, "prepend" import mode).
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

from build_scripts import paths
from build_scripts.contexts import ChartFiles, SiteData, build_site_data
from scoring.derived import compute_derived
from scoring.lists import load_lists
from scoring.package import Package
from scoring.params import load_params

VALID = Path(__file__).resolve().parent / "data" / "valid-minimal"
# The repository's lists (config/lists.yml).
LISTS = load_lists(paths.LISTS)


def copy_valid(tmp_path: Path) -> Path:
    """Copy the minimal package to tmp_path/datapackage and return that folder."""
    target = tmp_path / "datapackage"
    shutil.copytree(VALID, target)
    return target


def replace_in(package: Path, resource: str, old: str, new: str) -> None:
    """Replace the first `old` in a resource's CSV of a copied package with `new`."""
    path = package / "data" / f"{resource}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def build_minimal_site_data(package: Package, site_url: str,
                            charts: Mapping[str, ChartFiles] | None = None) -> SiteData:
    """Return the `SiteData` of a loaded package, scored with the build's parameters."""
    derived = compute_derived(package, load_params(paths.PARAMS), LISTS)
    return build_site_data(package.tables, derived, site_url, charts, LISTS)
