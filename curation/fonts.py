"""Maintenance tool: write the fonts the build measures and draws text with (`build_scripts/fonts/`).

The build reads no system font, so `make site` needs no font package. It ships two cuts of Noto Sans
CJK SC, renamed as the SIL Open Font License asks of a modified version (the license is written
beside them):

- "BQ Chart Sans" (Regular): vl-convert lays out every chart label it draws (to size legends, axes
  and truncation) by shaping the text with the font the spec names. With the system's Noto Sans CJK
  (a 20 MB collection whose layout tables cover four scripts and vertical text) each label cost about
  5 ms, most of a chart's render time. The charts name this font first instead: without OpenType
  layout tables, with the font's own advance widths, so labels measure as before, about four times
  faster. Browsers do not have the font and use the next family of the chart's font list. The social
  cards draw their small lines with it.
- "BQ Card Sans" (Bold): the social cards' titles and rank lines.

Characters kept: printable ASCII; every character of the data package (CSVs and descriptor), of the
build code, parameters and configuration (titles, legends and words come from these); and every
character of the national code list's names, current and former, so a place added by a new edition
draws in its own glyphs without running this tool again. `tests/test_fonts.py` checks that every
chart and card of the real data is covered.

Needs fontTools (a test dependency) and the source fonts, e.g. Debian's fonts-noto-cjk (only to run
this tool; the build uses the written cuts). The output depends only on the source fonts and the
characters: fontTools writes no timestamp of its own here.

Run: `python -m curation.fonts [--regular NotoSansCJK-Regular.ttc]
[--bold NotoSansCJK-Bold.ttc]`.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

from build_scripts import fonts
from build_scripts.paths import DATAPACKAGE, MKDOCS_CONFIG, ROOT
from curation.codes import load_code_history, load_current_codes
from scoring.errors import PipelineError

log = logging.getLogger(__name__)

SOURCE_DIR = Path("/usr/share/fonts/opentype/noto")
SOURCE_FAMILY = "Noto Sans CJK SC"
# Where Debian keeps the font's license text (the SIL Open Font License 1.1, in its copyright file).
SOURCE_LICENSE = Path("/usr/share/doc/fonts-noto-cjk/copyright")
# Files whose characters can reach a chart's or a card's text.
TEXT_SOURCES = ((DATAPACKAGE, "**/*.csv"), (DATAPACKAGE, "datapackage.json"),
                (ROOT / "build_scripts", "**/*.py"), (ROOT / "build_scripts", "**/*.yml"),
                (ROOT / "config", "**/*.yml"), (MKDOCS_CONFIG.parent, MKDOCS_CONFIG.name))
# Name records dropped: the trademark notice of the source's name, typographic family names.
DROPPED_NAMES = {7, 16, 17}
# Tables a horizontal width measurement never reads.
DROPPED_TABLES = ["BASE", "VORG", "vhea", "vmtx"]


@dataclass(frozen=True)
class FontCut:
    """One font the tool writes.

    Attributes:
        target: The file written.
        family: The family name of the cut (name records 1 and 4).
        postscript_name: Its PostScript name (record 6).
        source: The default source font (a collection holding Noto Sans CJK SC, or the SC font).
    """

    target: Path
    family: str
    postscript_name: str
    source: Path

    def renamed(self) -> dict[int, str]:
        """Return the name records rewritten: family, unique id, full name, PostScript name."""
        return {1: self.family, 3: f"{self.postscript_name};subset", 4: self.family, 6: self.postscript_name}


CHART = FontCut(fonts.CHART_FONT, "BQ Chart Sans", "BQChartSans-Regular",
                SOURCE_DIR / "NotoSansCJK-Regular.ttc")
CARD_BOLD = FontCut(fonts.CARD_BOLD_FONT, "BQ Card Sans", "BQCardSans-Bold",
                    SOURCE_DIR / "NotoSansCJK-Bold.ttc")


def load_font_characters(sources: Iterable[tuple[Path, str]] = TEXT_SOURCES,
                         names: Iterable[str] | None = None) -> str:
    """Return the characters the fonts keep: printable ASCII, every character of `sources` and `names`.

    Args:
        sources: (folder, glob pattern) pairs of UTF-8 text files (a missing folder adds nothing).
        names: Further texts; default: every name of the national code list, current and former.

    Returns:
        The characters without white space other than the space, sorted by code point.
    """
    characters = {chr(code) for code in range(0x20, 0x7F)}
    for folder, pattern in sources:
        for path in sorted(folder.glob(pattern)):
            characters |= set(path.read_text(encoding="utf-8"))
    for name in _load_code_list_names() if names is None else names:
        characters |= set(name)
    kept = (character for character in characters if character == " " or not character.isspace())
    return "".join(sorted(kept))


def _load_code_list_names() -> list[str]:
    names = list(load_current_codes().values())
    for revision in load_code_history().values():
        names.extend(revision.values())
    return names


def write_font(characters: str, cut: FontCut, source: Path | None = None, target: Path | None = None,
               source_license: Path = SOURCE_LICENSE) -> Path:
    """Cut `source`'s Noto Sans CJK SC to `characters`, rename it and write it with its license beside it.

    Args:
        characters: The characters to keep.
        cut: Which font (names, default source and target).
        source: Source font (default: `cut.source`).
        target: Written file (default: `cut.target`); the license goes into its folder as OFL.txt.
        source_license: Debian's copyright file of the source, holding the license text.

    Returns:
        The written font file.

    Raises:
        PipelineError: The source font or its license text is missing.
    """
    source = source or cut.source
    target = target or cut.target
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
    renamed = cut.renamed()
    for record in names.names:
        if record.nameID in renamed:
            record.string = renamed[record.nameID]
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(target)
    (target.parent / fonts.LICENSE.name).write_text(_load_license(source_license), encoding="utf-8",
                                                    newline="\n")
    return target


def _require(path: Path) -> Path:
    if not path.is_file():
        raise PipelineError(f"{path}: missing; install Debian's fonts-noto-cjk (or pass the source font).")
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
    """Write the chart font, the card font and their license; return the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m curation.fonts", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--regular", type=Path, default=CHART.source, help="Noto Sans CJK Regular (or SC)")
    parser.add_argument("--bold", type=Path, default=CARD_BOLD.source, help="Noto Sans CJK Bold (or SC)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # it logs every table and glyph at INFO
    try:
        characters = load_font_characters()
        written = [write_font(characters, CHART, args.regular), write_font(characters, CARD_BOLD, args.bold)]
    except PipelineError as exc:
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    for target in written:
        log.info("fonts: %s written (%d characters, %d bytes)", target, len(characters),
                 target.stat().st_size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
