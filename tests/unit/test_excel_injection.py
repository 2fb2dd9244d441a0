"""Spreadsheet formula injection (issue 18): the Excel twin of every CSV neutralises formula cells.

`<name>-excel.csv` is the file people double-click in Excel. A text cell starting with =, +, -, @,
a tab or a carriage return is a live formula there (=HYPERLINK(…), -2+3+cmd|' /C calc'!A0); it gets
a leading single quote (OWASP). The canonical CSV stays byte-faithful; typed number columns keep
their minus signs; the XLSX writes text as text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil

import openpyxl
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from minimal_package import VALID

from build_scripts.downloads import (
    FORMULA_GUARD,
    FORMULA_STARTS,
    UTF8_BOM,
    ResourceDownload,
    build_resource_download,
    render_excel_csv,
    render_xlsx,
)
from scoring.package import load_package

PAYLOADS = ('=HYPERLINK("http://example.invalid","x")', "-2+3+cmd|' /C calc'!A0", "+1", "@SUM(A1)",
            "\tfoo", "\rbar")
CELL = st.text(alphabet=st.sampled_from([*"=+-@\t\r", *"ab江阴,\"\n 1"]), max_size=12)


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8").removeprefix("\ufeff"), newline="")))


def write_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)  # quotes cells holding \r or \n
    return buffer.getvalue().encode("utf-8")


def test_render_excel_csv_prefixes_formula_cells_of_text_columns_only():
    original = write_csv([["name", "change"], *[[payload, "-3"] for payload in PAYLOADS], ["江阴市", "2"]])

    twin = render_excel_csv(original, ["name"])

    assert twin.startswith(UTF8_BOM)
    rows = read_csv(twin)
    assert [r[0] for r in rows[1:]] == [FORMULA_GUARD + p for p in PAYLOADS] + ["江阴市"]
    assert [r[1] for r in rows[1:]] == ["-3"] * len(PAYLOADS) + ["2"]  # typed: a number, not a formula


def test_render_excel_csv_keeps_the_bytes_when_no_cell_needs_the_guard():
    original = b'name,n\r\n"a, b",1\n'  # mixed line endings survive: the file is not rewritten

    assert render_excel_csv(original, ["name"]) == UTF8_BOM + original


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.lists(CELL, min_size=2, max_size=2), min_size=1, max_size=6))
def test_no_text_cell_of_the_excel_twin_starts_a_formula_and_unguarding_gives_the_original(rows):
    original = write_csv([["a", "b"], *rows])

    twin = read_csv(render_excel_csv(original, ["a", "b"]))

    assert len(twin) == len(rows) + 1
    for got, want in zip(twin[1:], rows, strict=True):
        assert not any(cell.startswith(FORMULA_STARTS) for cell in got)
        assert [c.removeprefix(FORMULA_GUARD) if w.startswith(FORMULA_STARTS) else c
                for c, w in zip(got, want, strict=True)] == want


def test_a_hostile_printed_name_is_neutralised_in_the_excel_twin_and_kept_in_the_csv(tmp_path):
    package_dir = tmp_path / "datapackage"
    shutil.copytree(VALID, package_dir)
    payload = "-2+3+cmd|' /C calc'!A0"
    frame = load_package(package_dir, run_checks=False)["rankings"].assign(printed_name=payload)
    source = tmp_path / "rankings.csv"
    source.write_bytes(write_csv([list(frame.columns), *[["" if pd.isna(v) else str(v) for v in row]
                                                           for row in frame.itertuples(index=False)]]))
    task = ResourceDownload(frame, "rankings", "data/rankings", source, dt.datetime(2024, 12, 1))

    files = build_resource_download(task)

    assert files["data/rankings.csv"] == source.read_bytes()
    excel = read_csv(files["data/rankings-excel.csv"])
    column = excel[0].index("printed_name")
    assert {row[column] for row in excel[1:]} == {FORMULA_GUARD + payload}
    rank = excel[0].index("rank")
    assert [row[rank] for row in excel[1:]] == [str(v) for v in frame["rank"]]
    sheet = openpyxl.load_workbook(io.BytesIO(files["data/rankings.xlsx"])).active
    cell = sheet.cell(row=2, column=column + 1)
    assert cell.value == payload and cell.data_type == "s"  # text, never a formula


def test_render_xlsx_writes_formula_text_as_text():
    frame = pd.DataFrame({"a": pd.array(list(PAYLOADS), dtype="string")})

    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(frame, "t", dt.datetime(2024, 12, 1)))).active

    assert [sheet.cell(row=i + 2, column=1).data_type for i in range(len(PAYLOADS))] == ["s"] * len(PAYLOADS)


def test_render_excel_csv_guards_a_header_that_would_start_a_formula():
    original = '=HYPERLINK("http://x"),name\n1,江阴市\n'.encode()
    twin = render_excel_csv(original, ["name"]).decode("utf-8-sig")
    assert twin.splitlines()[0] == "\"'=HYPERLINK(\"\"http://x\"\")\",name"
