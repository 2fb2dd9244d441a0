"""Scratch build roots: a copy of the site sources where a whole build can run in isolation.

Input: the repository's `paths.SITE_SOURCES` (mkdocs.yml, the hand-written docs/ without its
generated subtrees, site_overrides/). Output: a fresh folder holding that copy, and the `BuildPaths`
that point a build at it. The benchmark builds its synthetic packages there and the tests build the
real site there, so neither touches the repository's docs/, build/ or site/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from build_scripts import paths
from build_scripts.paths import BuildPaths


def write_work_root(work: Path | str, datapackage: Path | str | None = None,
                    source: Path | str | None = None, lists: Path | str | None = None) -> BuildPaths:
    """Replace `work` with a copy of the site sources and return the paths of a build there.

    Args:
        work: Folder to (re)create; anything in it is removed first.
        datapackage: Data package the build reads (default: the repository's datapackage/).
        source: Repository root to copy from (default: this repository).
        lists: Lists configuration the build reads (default: the repository's config/lists.yml).

    Returns:
        `BuildPaths` rooted at `work`, reading `datapackage`, `lists` and the repository's params.
    """
    source = Path(source) if source else paths.ROOT
    work = Path(work).resolve()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    generated = {source / "docs" / subtree.relative_to(paths.DOCS) for subtree in paths.GENERATED_DOCS}

    def _skip_generated(folder: str, names: list[str]) -> set[str]:
        return {name for name in names if Path(folder) / name in generated}

    for name in paths.SITE_SOURCES:
        origin = source / name
        if origin.is_dir():
            shutil.copytree(origin, work / name, ignore=_skip_generated)
        else:
            shutil.copy2(origin, work / name)
    package = Path(datapackage).resolve() if datapackage else paths.DATAPACKAGE
    return BuildPaths(root=work, datapackage=package, params=paths.PARAMS,
                      lists=Path(lists).resolve() if lists else paths.LISTS)
