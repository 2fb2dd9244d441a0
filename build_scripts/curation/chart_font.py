"""Maintenance tool: write the font vl-convert measures chart text with (`build_scripts/charts/fonts/`).

vl-convert lays out every label it draws (to size legends, axes and truncation) by shaping the text
with the font the spec names. With the system's Noto Sans CJK (a 20 MB collection whose layout tables
cover four scripts and vertical text) each label cost about 5 ms, most of a chart's render time. The
charts name this font first instead: Noto Sans CJK SC Regular cut to the characters chart text can
hold and without OpenType layout tables, renamed "BQ Chart Sans" (the SIL Open Font License lets a
modified version be shipped under another name, with the license). Advance widths are the font's
own, so labels measure as before, about four times faster. Browsers do not have the font and use the
next family of the chart's font list.

Characters kept: printable ASCII, and every character of the data package (CSVs and descriptor) and of
the build code and parameters (chart titles, legends and words come from these). A character missing
here is still drawn and measured, with the next font of the list; `tests/unit/test_chart_font.py`
checks that every chart of the real data is covered, so run this tool when that test names new ones.

Needs fontTools (a test dependency) and Debian's fonts-noto-cjk. The output depends only on the source
font and the characters: fontTools writes no timestamp of its own here.

Run: `python -m build_scripts.curation.chart_font [--source NotoSansCJK-Regular.ttc]`.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

from build_scripts.paths import DATAPACKAGE
from scoring.errors import PipelineError

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
FONT_DIR = ROOT / "build_scripts" / "charts" / "fonts"
FONT_FILE = "BQChartSans-Regular.otf"
LICENSE_FILE = "OFL.txt"
FAMILY = "BQ Chart Sans"
POSTSCRIPT_NAME = "BQChartSans-Regular"
SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SOURCE_FAMILY = "Noto Sans CJK SC"
# Where Debian keeps the font's license text (the SIL Open Font License 1.1, in its copyright file).
SOURCE_LICENSE = Path("/usr/share/doc/fonts-noto-cjk/copyright")
# Files whose characters can reach a chart's text.
TEXT_SOURCES = ((DATAPACKAGE, "**/*.csv"), (DATAPACKAGE, "datapackage.json"),
                (ROOT / "build_scripts", "**/*.py"), (ROOT / "build_scripts", "**/*.yml"))
# Name records rewritten (family, unique id, full name, PostScript name) and dropped (the trademark
# notice of the source's name, typographic family names).
RENAMED = {1: FAMILY, 3: f"{POSTSCRIPT_NAME};subset", 4: FAMILY, 6: POSTSCRIPT_NAME}
DROPPED_NAMES = {7, 16, 17}
# Tables a horizontal width measurement never reads.
DROPPED_TABLES = ["BASE", "VORG", "vhea", "vmtx"]


def load_font_characters(sources: Iterable[tuple[Path, str]] = TEXT_SOURCES) -> str:
    """Return the characters the font keeps: printable ASCII and every non-space character of `sources`.

    Args:
        sources: (folder, glob pattern) pairs of UTF-8 text files.

    Returns:
        The characters, sorted by code point.
    """
    characters = {chr(code) for code in range(0x20, 0x7F)}
    for folder, pattern in sources:
        for path in sorted(folder.glob(pattern)):
            characters |= set(path.read_text(encoding="utf-8"))
    kept = (character for character in characters if character == " " or not character.isspace())
    return "".join(sorted(kept))


def write_chart_font(characters: str, out_dir: Path = FONT_DIR, source: Path = SOURCE,
                     source_license: Path = SOURCE_LICENSE) -> Path:
    """Cut `source`'s Noto Sans CJK SC to `characters`, rename it and write it with its license.

    Returns:
        The written font file.

    Raises:
        PipelineError: The source font or its license text is missing.
    """
    font = TTFont(_require(source), fontNumber=_find_face(source, SOURCE_FAMILY), recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = []  # no shaping tables: what made each measurement slow
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.drop_tables += DROPPED_TABLES
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(character) for character in characters])
    subsetter.subset(font)
    names = font["name"]
    names.names = [record for record in names.names if record.nameID not in DROPPED_NAMES]
    for record in names.names:
        if record.nameID in RENAMED:
            record.string = RENAMED[record.nameID]
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / FONT_FILE
    font.save(target)
    (out_dir / LICENSE_FILE).write_text(_load_license(source_license), encoding="utf-8", newline="\n")
    return target


def _require(path: Path) -> Path:
    if not path.is_file():
        raise PipelineError(f"{path}: missing; install Debian's fonts-noto-cjk (or pass --source).")
    return path


def _find_face(source: Path, family: str) -> int:
    """Return the index of `family`'s face in the collection `source` (0 for a single font)."""
    if source.suffix.lower() != ".ttc":
        return 0
    faces = TTCollection(source, lazy=True).fonts
    for number, face in enumerate(faces):
        if face["name"].getDebugName(1) == family:
            return number
    raise PipelineError(f"{source}: no face of the family {family!r}")


def _load_license(path: Path) -> str:
    """Return the SIL Open Font License text from Debian's copyright file (its "License: SIL-1.1" block)."""
    text = _require(path).read_text(encoding="utf-8")
    match = re.search(r"^License: SIL-1\.1\n((?: .*\n?)+)", text, flags=re.MULTILINE)
    if match is None:
        raise PipelineError(f"{path}: no 'License: SIL-1.1' block")
    lines = [line[1:] for line in match.group(1).splitlines()]
    return "\n".join("" if line == "." else line for line in lines).strip() + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the chart font and its license; return the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m build_scripts.curation.chart_font", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, default=SOURCE, help="Noto Sans CJK (collection or SC font)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # it logs every table and glyph at INFO
    try:
        characters = load_font_characters()
        target = write_chart_font(characters, source=args.source)
    except PipelineError as exc:
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    log.info("chart_font: %s written (%d characters, %d bytes)", target, len(characters),
             target.stat().st_size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
