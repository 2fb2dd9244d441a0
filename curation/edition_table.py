"""Read a ranking table as CAICT's lists are printed or reposted: CSV or XLSX, one place per row.

Input: a .csv (UTF-8, with or without BOM) or .xlsx file (the first sheet, or a named one). The
first row that names a rank, a province and a name column is the header; its words may be those of
the reports or of reposts (排名/名次/序号, 省份/省, 地级市/所属城市, 县（市）/区/城市/名称 …, full- or
half-width brackets), in any column order; optional columns give the printed region rank (苏1),
the printed rank change (↑) and the source line. Blank rows and repeated header rows (page breaks)
are skipped. Output: `PrintedRow`s holding every value as printed; only the rank is read as a
number (full-width digits allowed) and ★ is taken off the name into `is_marked`.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from scoring.errors import PipelineError

MARK = "★"
# Header words by column role, compared after NFKC (full-width brackets become ASCII), without
# spaces, lower case.
HEADERS = {
    "rank": ("排名", "名次", "序号", "排序", "位次", "rank"),
    "province": ("省份", "省", "所属省份", "所在省份", "省(区、市)", "省(区)", "省区市", "province"),
    "prefecture": ("地级市", "所属地级市", "所属地市", "地市", "所属城市", "所在城市", "所属市",
                   "prefecture"),
    "name": ("名称", "县(市)", "县市", "县(市、区)", "县(市)名称", "市辖区", "区", "区名称", "城市名称",
             "县域", "name"),
    "region_rank": ("省内排名", "区域排名", "省内位次", "region_rank"),
    "rank_change": ("排名变化", "较上年", "较上届", "变化", "rank_change"),
    "source_line": ("行号", "原文行号", "source_line"),
}
REQUIRED = ("rank", "province", "name")
# 城市 names the place in the city list, the prefecture where another column names the place.
CITY = "城市"


@dataclass(frozen=True)
class PrintedRow:
    """One data row of the table, values as printed.

    Attributes:
        row: Row number in the table (the header's row counts; 1 is the first row of the file).
        rank: The printed rank as a number.
        province, prefecture, name: As printed, ★ taken off the name; prefecture "" when absent.
        is_marked: The name carried ★.
        region_rank, rank_change: As printed, "" when the table has no such column.
        source_line: The line in the source the row comes from (the table's own row when the table
            gives none).
    """

    row: int
    rank: int
    province: str
    prefecture: str
    name: str
    is_marked: bool
    region_rank: str
    rank_change: str
    source_line: int


def _normal(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


_ROLES = {_normal(word): role for role, words in HEADERS.items() for word in words}


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip().strip("\u3000").strip()


def load_table_cells(path: Path, sheet: str | None = None) -> list[list[str]]:
    """Return the cells of a CSV or XLSX table as text, row by row (empty cells as "").

    Raises:
        PipelineError: The file is missing, not UTF-8, not CSV or XLSX, or has no such sheet.
    """
    path = Path(path)
    if not path.is_file():
        raise PipelineError(f"{path}: file not found.")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        if sheet is not None and sheet not in book.sheetnames:
            raise PipelineError(f"{path}: no sheet {sheet!r} (sheets: {', '.join(book.sheetnames)}).")
        rows = (book[sheet] if sheet else book.worksheets[0]).iter_rows(values_only=True)
        return [[_cell(value) for value in row] for row in rows]
    if suffix != ".csv":
        raise PipelineError(f"{path}: expected a .csv or .xlsx table.")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PipelineError(f"{path}: not UTF-8 ({exc}). Save the table as UTF-8 CSV or as XLSX.") from exc
    return [[_cell(value) for value in row] for row in csv.reader(text.splitlines())]


def compute_columns(cells: list[str]) -> dict[str, int] | None:
    """Return column role -> index when `cells` is a header row, else None."""
    normals = [_normal(cell) for cell in cells]
    roles: dict[str, int] = {}
    for index, normal in enumerate(normals):
        role = _ROLES.get(normal)
        if role and role not in roles:
            roles[role] = index
    if CITY in normals:
        roles.setdefault("prefecture" if "name" in roles else "name", normals.index(CITY))
    return roles if all(role in roles for role in REQUIRED) else None


def parse_rows(cells: list[list[str]], where: str) -> list[PrintedRow]:
    """Parse table cells into `PrintedRow`s (see the module docstring).

    Raises:
        PipelineError: No header row, or rows whose rank is not a number or whose name or province is
            empty; one line per row, naming it.
    """
    header = next(((i, cols) for i, row in enumerate(cells) if (cols := compute_columns(row))), None)
    if header is None:
        raise PipelineError(f"{where}: no header row naming the rank, province and name columns "
                            "(e.g. 排名, 省份, 县（市）). Add one.")
    start, columns = header
    rows, problems = [], []
    for number, row in enumerate(cells[start + 1:], start=start + 2):
        values = {role: (row[i] if i < len(row) else "") for role, i in columns.items()}
        if not any(row) or compute_columns(row) is not None:
            continue  # blank line or a header repeated at a page break
        parsed = _parse_row(number, values, where, problems)
        if parsed is not None:
            rows.append(parsed)
    if problems:
        raise PipelineError(problems)
    if not rows:
        raise PipelineError(f"{where}: the table has a header but no rows.")
    return rows


def _number(text: str) -> int | None:
    normal = unicodedata.normalize("NFKC", text).strip()
    return int(normal) if normal.isdigit() else None


def _unpad(text: str) -> str:
    """Drop the spaces a table pads a short Chinese name with ("江　阴" -> "江阴"): never part of a name."""
    return "".join(text.split()) if re.fullmatch(r"[\u4e00-\u9fff（）()\s]+", text) else text


def _parse_row(number: int, values: dict[str, str], where: str, problems: list[str]) -> PrintedRow | None:
    rank, line = _number(values["rank"]), _number(values.get("source_line", "")) or number
    name = _unpad(values["name"].replace(MARK, "").strip())
    values = {**values, "province": _unpad(values["province"]),
              "prefecture": _unpad(values.get("prefecture", ""))}
    bad = [f'rank "{values["rank"]}" is not a number'] if rank is None else []
    bad += [f"{role} is empty" for role, value in (("name", name), ("province", values["province"]))
            if not value]
    if bad:
        problems.append(f"{where} row {number}: {'; '.join(bad)}.")
        return None
    return PrintedRow(row=number, rank=rank, province=values["province"],
                      prefecture=values.get("prefecture", ""), name=name, is_marked=MARK in values["name"],
                      region_rank=values.get("region_rank", ""), rank_change=values.get("rank_change", ""),
                      source_line=line)


def load_printed_rows(path: Path, sheet: str | None = None) -> list[PrintedRow]:
    """Read a CSV or XLSX ranking table into `PrintedRow`s.

    Raises:
        PipelineError: See `load_table_cells` and `parse_rows`.
    """
    return parse_rows(load_table_cells(path, sheet), str(path))
