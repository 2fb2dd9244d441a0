"""Read the text a fact cites from the seeds: its lines, joined as the facts schema describes.

Shared by the facts tests. A fact cites `source_line` and, when its sentence runs across lines (a
page break in the seed), `source_line_end`. The cited text is those lines without the blank lines
and footnotes (`<sup>n</sup> …`) a page break puts inside a sentence, joined without a separator,
with each run of whitespace (table tabs included) collapsed to one space.
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from build_scripts.paths import SEEDS

FOOTNOTE = re.compile(r"<sup>\d+</sup>\s")


def norm(text: str) -> str:
    """Collapse runs of whitespace to one space and strip the ends."""
    return re.sub(r"\s+", " ", text).strip()


@cache
def seed_lines(name: str) -> tuple[str, ...]:
    """Return the lines of seed file `name` (1-based line n is item n - 1)."""
    return tuple((SEEDS / name).read_text(encoding="utf-8").split("\n"))


def cited_lines(fact) -> list[int]:
    """Return the 1-based numbers of the lines a fact's quote is read from."""
    first = int(fact.source_line)
    end = fact.source_line_end
    last = first if _is_empty(end) else int(end)
    lines = seed_lines(fact.source_file)
    return [n for n in range(first, last + 1)
            if n in (first, last) or (lines[n - 1].strip() and not FOOTNOTE.match(lines[n - 1]))]


def _is_empty(value) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value))) or value == ""


def cited_text(fact) -> str:
    """Return the text of the lines a fact cites, joined and whitespace-collapsed."""
    lines = seed_lines(fact.source_file)
    return norm("".join(lines[n - 1] for n in cited_lines(fact)))
