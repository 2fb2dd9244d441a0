"""Where the build reads and writes. Generated subtrees are git-ignored and emptied before each run."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATAPACKAGE = ROOT / "datapackage"
DOCS = ROOT / "docs"
SITE = ROOT / "site"
BUILD = ROOT / "build"
DERIVED = BUILD / "derived"
PARAMS = ROOT / "build_scripts" / "params.yml"
MKDOCS_CONFIG = ROOT / "mkdocs.yml"
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
    DOCS / "generated",
    DOCS / "assets" / "generated",
)
