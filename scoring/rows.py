"""Helpers the `check_*` modules share: CSV row numbers, raising, corrected keys, dates."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from scoring.errors import CheckError

FIRST_ROW = 2  # tables keep file order with a RangeIndex; the header is row 1


def raise_if(problems: list[str]) -> None:
    """Raise one `CheckError` listing `problems`, if there are any."""
    if problems:
        raise CheckError(problems)


def numbered(frame: pd.DataFrame):
    """Yield (CSV row number, row as a named tuple) in file order."""
    yield from enumerate(frame.itertuples(index=False), start=FIRST_ROW)


def corrected_fields(corrections: pd.DataFrame) -> set[tuple[str, str, str]]:
    """Return the (edition, region_code, field) keys that have a correction."""
    return set(zip(corrections["edition"], corrections["region_code"], corrections["field"], strict=True))


def parse_partial_date(text: str) -> dt.date | None:
    """Return the last day a "YYYY", "YYYY-MM" or "YYYY-MM-DD" value can mean, or None if no such date.

    "2021-02" -> 2021-02-28; "2021" -> 2021-12-31; "2021-13-40" -> None.
    """
    parts = text.split("-")
    try:
        numbers = [int(p) for p in parts]
        if len(parts) == 1:
            return dt.date(numbers[0], 12, 31)
        if len(parts) == 2:
            following = dt.date(numbers[0] + numbers[1] // 12, numbers[1] % 12 + 1, 1)
            dt.date(numbers[0], numbers[1], 1)  # refuses month 0 and 13
            return following - dt.timedelta(days=1)
        return dt.date(*numbers) if len(parts) == 3 else None
    except (ValueError, OverflowError):
        return None
