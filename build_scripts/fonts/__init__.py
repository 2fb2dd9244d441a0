"""The fonts the build draws and measures text with, shipped in this folder (SIL Open Font License, OFL.txt).

Both are cuts of Noto Sans CJK SC to the characters the site can draw, written by
`python -m curation.fonts`; nothing is read from the system's font folders, so a build
needs no font package:

- `CHART_FONT` ("BQ Chart Sans", regular): vl-convert measures every chart label with it (it is
  the first family of the charts' font list), and the social cards draw their small lines with it.
- `CARD_BOLD_FONT` ("BQ Card Sans", bold): the social cards' title and rank lines.
"""

from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent
CHART_FONT = FONT_DIR / "BQChartSans-Regular.otf"
CARD_BOLD_FONT = FONT_DIR / "BQCardSans-Bold.otf"
LICENSE = FONT_DIR / "OFL.txt"
