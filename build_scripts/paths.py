"""Where the build reads and writes. Generated subtrees are git-ignored and emptied before each run.

Every writer joins the paths it writes through `join_inside`, which refuses a path that resolves
outside the writer's root, whatever the data say (a slug `../../x`, a resource path, a symbolic
link in the tree).
"""

import os
from dataclasses import dataclass
from pathlib import Path, PurePath

from scoring.errors import RenderError

ROOT = Path(__file__).resolve().parent.parent
DATAPACKAGE = ROOT / "datapackage"
DOCS = ROOT / "docs"
SITE = ROOT / "site"
BUILD = ROOT / "build"
DERIVED = BUILD / "derived"
PARAMS = ROOT / "config" / "params.yml"
LISTS = ROOT / "config" / "lists.yml"
MKDOCS_CONFIG = ROOT / "mkdocs.yml"
# The English twin: its pages under docs/en/ (same paths as the Chinese ones), built by its own
# MkDocs configuration into site/en/.
EN = "en"
SEEDS = ROOT.parent / "shared" / "seeds"

# Subtrees of docs/ that the generate stage owns. Nothing else under docs/ is written by the build.
GENERATED_DOCS = (
    DOCS / "county",
    DOCS / "district",
    DOCS / "prefecture",
    DOCS / "province",
    DOCS / "lists",
    DOCS / "charts",
    DOCS / "embed",
    DOCS / "api",
    DOCS / "downloads",
    DOCS / "facts",
    DOCS / "generated",
    DOCS / "assets" / "generated",
    DOCS / EN / "county",
    DOCS / EN / "district",
    DOCS / EN / "prefecture",
    DOCS / EN / "province",
    DOCS / EN / "lists",
    DOCS / EN / "charts",
    DOCS / EN / "embed",
    DOCS / EN / "facts",
    DOCS / EN / "notes",
    DOCS / EN / "generated",
    DOCS / EN / "assets" / "generated",
)

# What MkDocs reads relative to the root; a scratch build root (benchmark, tests) copies these.
SITE_SOURCES = ("mkdocs.yml", "mkdocs.en.yml", "docs", "site_overrides")


@dataclass(frozen=True)
class BuildPaths:
    """Where one build reads and writes; the CLI makes one and passes it to every stage.

    The default (`default_paths()`) is this repository. The benchmark and the tests point `root` at a
    scratch copy of `SITE_SOURCES`, so such a build never touches the repository's docs/, build/ or
    site/.

    Attributes:
        root: Folder holding mkdocs.yml, docs/ and site_overrides/; build/ and site/ are written here,
            and MkDocs runs with it as working directory.
        datapackage: The data package folder the validate stage reads.
        params: The analytics parameters file.
        lists: The lists configuration (config/lists.yml).
    """

    root: Path
    datapackage: Path = DATAPACKAGE
    params: Path = PARAMS
    lists: Path = LISTS

    @property
    def docs(self) -> Path:
        """The docs folder (hand-written pages plus the generated subtrees)."""
        return self.root / "docs"

    @property
    def site(self) -> Path:
        """The built site, replaced only when a whole build succeeded."""
        return self.root / "site"

    @property
    def build(self) -> Path:
        """Intermediate output (derived tables, caches)."""
        return self.root / "build"

    @property
    def rendered(self) -> Path:
        """Images drawn in the background (chart SVGs, social cards), at their docs-relative paths.

        Linked (or copied) into docs/ and the site once all are drawn.
        """
        return self.build / "rendered"

    @property
    def derived(self) -> Path:
        """The derived package written by the score stage."""
        return self.build / "derived"

    @property
    def nav(self) -> Path:
        """The navigation sections the generate stage derives from the data (read by the nav hook)."""
        return self.build / "nav.yml"

    @property
    def mkdocs_config(self) -> Path:
        """The MkDocs configuration."""
        return self.root / "mkdocs.yml"

    @property
    def docs_en(self) -> Path:
        """The English twin's docs folder (docs/en/, which the Chinese build leaves out)."""
        return self.docs / EN

    @property
    def nav_en(self) -> Path:
        """The English navigation sections (read by the nav hook of mkdocs.en.yml)."""
        return self.build / "nav-en.yml"

    @property
    def mkdocs_config_en(self) -> Path:
        """The English twin's MkDocs configuration (it inherits mkdocs.yml)."""
        return self.root / "mkdocs.en.yml"

    @property
    def generated_docs(self) -> tuple[Path, ...]:
        """The generated subtrees of `docs`, emptied before each generate run."""
        return tuple(self.docs / subtree.relative_to(DOCS) for subtree in GENERATED_DOCS)


def join_inside(root: Path | str, *parts: str | PurePath) -> Path:
    """Return `root` joined with `parts`, refusing any result that resolves outside `root`.

    Symbolic links are followed, so a link inside the tree that points out is refused too.

    Raises:
        RenderError: The path is absolute, climbs out with `..`, or resolves outside `root`.
    """
    base = os.fspath(root)
    target = Path(base, *parts)
    try:
        inside = _resolve_folder(base)
        resolved = _resolve(os.fspath(target))
    except (OSError, RuntimeError) as exc:  # a symbolic link loop
        raise RenderError(f"{target}: cannot be resolved ({exc}); the build writes only inside "
                          f"{base}.") from exc
    if resolved == inside or not resolved.startswith(inside.rstrip(os.sep) + os.sep):  # strictly below
        shown = "/".join(str(p) for p in parts)
        raise RenderError(f'{base}: refused to write "{shown}", which resolves to {resolved}, outside '
                          f"{base}. The build writes only inside its own folders; fix the value the path "
                          "comes from.")
    return target


# The real paths of folders that exist, by the path written: the build writes thousands of files into
# a few hundred folders, and resolving every file's path afresh (one lstat per component) cost seconds.
# A kept folder is trusted only while the path still leads to the same folder (device and inode, one
# stat that follows links): a folder, or one above it, replaced by a link is resolved again. One that
# does not exist yet is resolved each time; a relative path is not kept (it depends on the working
# folder). Paths are strings here: pathlib's parsing cost more than the system calls.
_REAL_FOLDERS: dict[str, tuple[str, int, int]] = {}


def _resolve(target: str) -> str:
    """Return the real path of `target` (a path as `Path` spells it): its folder's, then its name's."""
    folder, name = os.path.split(target)
    if name in ("", ".", "..") or os.path.islink(target):
        return os.fspath(Path(target).resolve())  # a link loop raises RuntimeError (realpath does not)
    return os.path.join(_resolve_folder(folder or os.curdir), name)


def _resolve_folder(folder: str) -> str:
    kept = _REAL_FOLDERS.get(folder)
    try:
        found = os.stat(folder)
    except OSError:
        found = None
    if kept is not None and found is not None and (found.st_dev, found.st_ino) == kept[1:]:
        return kept[0]
    real = os.fspath(Path(folder).resolve())
    if os.path.isabs(folder) and found is not None and os.path.isdir(real):
        _REAL_FOLDERS[folder] = (real, found.st_dev, found.st_ino)
    return real


def default_paths(datapackage: Path | str | None = None) -> BuildPaths:
    """Return the repository's paths, read when called (tests may point `ROOT` elsewhere)."""
    return BuildPaths(root=ROOT, datapackage=Path(datapackage) if datapackage else DATAPACKAGE, params=PARAMS,
                      lists=LISTS)
