"""The maintainer's rules for a new edition's table: rank and row checks, pins and corrections.

Input: the table's `PrintedRow`s, their resolved codes, the `--pin` and `--correct` options and the
package's recorded corrections. Output: problem lines (one per row, naming it) and the corrections
rows an import records: a pinned row whose printed name is not the place's name is a printed_name
correction; a `Fix` corrects another printed field (a missing ★, a misprinted rank). Printed values
stay as printed in rankings.csv; a correction already recorded is not recorded twice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from curation.edition_table import PrintedRow
from curation.place_index import PlaceIndex


@dataclass(frozen=True)
class Pin:
    """A table row the maintainer pins to a code; the reason (English, Chinese) goes to corrections."""

    row: int
    code: str
    reason: str
    reason_zh: str


@dataclass(frozen=True)
class Fix:
    """A printed value of a table row the maintainer corrects (a misprinted rank, a missing ★).

    The row keeps the printed value; the correction (field, printed and corrected value, reason) is
    recorded in corrections.csv, and the analytics use the corrected value.
    """

    row: int
    field: str
    value: str
    reason: str
    reason_zh: str


# Fields `--correct` may correct (printed_name: use --pin, which also names the code).
CORRECTABLE = ("rank", "printed_province", "printed_prefecture", "printed_province_first",
               "printed_region_rank", "printed_rank_change")


def check_table(rows: Sequence[PrintedRow], codes: Mapping[int, str], size: int,
                rank_corrections: Mapping[str, int], where: str) -> list[str]:
    """Return the problems of a resolved table: places listed twice, gaps in the ranks, wrong row count.

    Ranks must be competition ranks from 1 (ties as 5, 5, 7), read after the edition's recorded rank
    corrections (`rank_corrections`: region code -> corrected rank).
    """
    problems, seen = [], {}
    for row in rows:
        code = codes.get(row.row)
        if code is None:
            continue
        if code in seen:
            problems.append(f'{where} row {row.row}: "{row.name}" is {code}, already listed in row '
                            f"{seen[code]}.")
        seen.setdefault(code, row.row)
    ranked = sorted((rank_corrections.get(codes.get(r.row, ""), r.rank), r.row) for r in rows)
    previous = 0
    for position, (rank, row) in enumerate(ranked, start=1):
        if rank not in (position, previous):  # the first break only: the ranks after it follow from it
            problems.append(f"{where} row {row}: rank {rank} follows rank {previous}; ranks run 1..N as "
                            f"competition ranks (ties as 5, 5, 7), so rank {position} is missing.")
            break
        previous = rank
    if len(rows) != size:
        problems.append(f"{where}: {len(rows)} rows, but the list has {size} entries (--size to change).")
    return problems


def compute_printed_value(row: PrintedRow, field: str) -> str:
    """Return a row's printed value of a rankings field as corrections.csv records it."""
    values = {"rank": str(row.rank), "printed_name": row.name, "printed_province": row.province,
              "printed_prefecture": row.prefecture,
              "printed_province_first": "true" if row.is_marked else "false",
              "printed_region_rank": row.region_rank, "printed_rank_change": row.rank_change}
    return values[field]


def check_fixes(rows: Sequence[PrintedRow], fixes: Sequence[Fix]) -> list[str]:
    """Return the problems of `--correct` options: unknown row or field, a value of the wrong kind."""
    numbers = {r.row for r in rows}
    problems = []
    for fix in fixes:
        where = f"--correct {fix.row} {fix.field}"
        if fix.row not in numbers:
            problems.append(f"{where}: the table has no data row {fix.row}.")
        elif fix.field not in CORRECTABLE:
            problems.append(f"{where}: not a correctable field ({', '.join(CORRECTABLE)}; names: --pin).")
        elif fix.field == "rank" and not fix.value.isdigit():
            problems.append(f'{where}: "{fix.value}" is not a rank.')
        elif fix.field == "printed_province_first" and fix.value not in ("true", "false"):
            problems.append(f'{where}: "{fix.value}" is not true or false.')
    return problems


def build_suffix_pins(index: PlaceIndex, rows: Sequence[PrintedRow],
                      codes: Mapping[int, str]) -> dict[int, Pin]:
    """Record, as corrections, the rows printed without a suffix their prefecture's name shares (长沙)."""
    pins = {}
    for row in rows:
        place = index.places[codes[row.row]]
        parent = index.places.get(place.prefecture_code or "")
        if row.name in (place.name, place.short_name) or place.name[:-1] != row.name or parent is None:
            continue
        pins[row.row] = Pin(
            row.row, place.code,
            f"Printed without its suffix: {row.name} is {place.name} {place.code}; {row.name} is also the "
            f"short name of its prefecture {parent.name}, so it cannot be the place's short name in the "
            "registry.",
            f"印作“{row.name}”，省去“{place.name[-1]}”：即{place.name}（{place.code}）；“{row.name}”也是所属地级市"
            f"{parent.name}的简称，不能作为该地的简称。")
    return pins


def build_corrections(index: PlaceIndex, rows: Sequence[PrintedRow], codes: Mapping[int, str],
                      changes: tuple[Mapping[int, Pin], Sequence[Fix]], source: tuple[str, str],
                      tables: Mapping[str, list[dict]]) -> list[dict]:
    """Return the corrections rows of pinned misprinted names and of `--correct` fixes not yet recorded.

    Args:
        index: The place index the rows were resolved with.
        rows: The table's rows.
        codes: Their resolved codes, by table row.
        changes: The pins by table row, and the fixes.
        source: The edition id and its source file.
        tables: The package's tables (the corrections and region changes already recorded).
    """
    edition, source_file = source
    pins, fixes = changes
    existing = tables["corrections"]
    recorded = {(c["edition"], c["region_code"], c["field"], c["printed_value"]) for c in existing}
    formers = {(ch["new_code"], ch["old_name"]) for ch in tables["region_changes"]}
    by_row = {r.row: r for r in rows}
    wanted = []
    for row in rows:
        pin = pins.get(row.row)
        place = index.places[pin.code] if pin else None
        if (place is not None and row.name not in (place.name, place.short_name)
                and (pin.code, row.name) not in formers):
            wanted.append((row, "printed_name", place.name, (pin.reason, pin.reason_zh)))
    wanted += [(by_row[f.row], f.field, f.value, (f.reason, f.reason_zh)) for f in fixes]
    number = max((int(c["correction_id"][1:]) for c in existing), default=0)
    added = []
    for row, field, value, (reason, reason_zh) in wanted:
        printed = compute_printed_value(row, field)
        if (edition, codes[row.row], field, printed) in recorded:
            continue
        number += 1
        added.append({"correction_id": f"C{number:03d}", "edition": edition,
                      "region_code": codes[row.row], "field": field, "printed_value": printed,
                      "corrected_value": value, "reason": reason, "reason_zh": reason_zh,
                      "source_file": source_file, "source_line": row.source_line})
    return added
