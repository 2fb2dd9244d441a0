"""Property tests: any corruption of a valid package is refused with a message naming the file.

Each example copies tests/data/valid-minimal, corrupts one file in one way (wrong type, empty required
cell, duplicated key, unknown code, truncated row, GBK or BOM bytes, overlong string) and loads it.
The loader must raise DataPackageError or CheckError whose message names the corrupted file; any
other exception is a bug and fails the test with its traceback.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from minimal_package import VALID

from scoring.errors import CheckError, DataPackageError
from scoring.package import MAX_CELL_CHARS, load_package

DESCRIPTOR = json.loads((VALID / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in DESCRIPTOR["resources"]}
# Each example loads a whole package (about a second), so examples are few and failures are reported
# unshrunk: the draws printed with a failure already show the corrupted file.
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                    phases=[Phase.explicit, Phase.reuse, Phase.generate])
# Text that is neither an integer nor a boolean the schema accepts (no digits, no "true"/"false").
NOT_A_NUMBER = st.text(alphabet="abcxyz–一二./ ", min_size=1, max_size=8).filter(lambda s: s.strip())


def read_rows(resource: str) -> list[list[str]]:
    text = (VALID / RESOURCES[resource]["path"]).read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))


def write_rows(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def fields_of(resource: str) -> list[dict]:
    return RESOURCES[resource]["schema"]["fields"]


def with_cell(resource: str, row: int, field: str, value: str) -> bytes:
    rows = read_rows(resource)
    rows[row][[f["name"] for f in fields_of(resource)].index(field)] = value
    return write_rows(rows)


def data_row(draw, resource: str) -> int:
    return draw(st.integers(min_value=1, max_value=len(read_rows(resource)) - 1))


@st.composite
def wrong_type(draw):
    choices = [(r, f["name"]) for r in RESOURCES for f in fields_of(r) if f["type"] in ("integer", "boolean")]
    resource, field = draw(st.sampled_from(choices))
    return resource, with_cell(resource, data_row(draw, resource), field, draw(NOT_A_NUMBER))


@st.composite
def empty_required_cell(draw):
    choices = [(r, f["name"]) for r in RESOURCES for f in fields_of(r)
               if f.get("constraints", {}).get("required")]
    resource, field = draw(st.sampled_from(choices))
    return resource, with_cell(resource, data_row(draw, resource), field, "")


@st.composite
def duplicated_key(draw):
    resource = draw(st.sampled_from(sorted(RESOURCES)))
    rows = read_rows(resource)
    rows.insert(draw(st.integers(1, len(rows))), rows[data_row(draw, resource)])
    return resource, write_rows(rows)


@st.composite
def unknown_code(draw):
    choices = [(name, key["fields"][0], key["reference"]["resource"]) for name, r in RESOURCES.items()
               for key in r["schema"].get("foreignKeys", [])]
    resource, field, target = draw(st.sampled_from(choices))
    known = {row[0] for row in read_rows(target)[1:]}
    pattern = r"\A[1-9][0-9]{5}\Z" if target == "regions" else r"\A[a-z_]{3,12}-[0-9]{4}\Z"
    value = draw(st.from_regex(pattern).filter(lambda v: v not in known))
    return resource, with_cell(resource, data_row(draw, resource), field, value)


@st.composite
def truncated_row(draw):
    resource = draw(st.sampled_from(sorted(RESOURCES)))
    rows = read_rows(resource)
    row = data_row(draw, resource)
    rows[row] = rows[row][: draw(st.integers(1, len(rows[row]) - 1))]
    return resource, write_rows(rows)


@st.composite
def legacy_encoding(draw):
    resource = draw(st.sampled_from(sorted(RESOURCES)))
    text = (VALID / RESOURCES[resource]["path"]).read_text(encoding="utf-8")
    if draw(st.booleans()):
        return resource, text.encode("gb18030")  # GBK with the rare characters GBK lacks
    return resource, b"\xef\xbb\xbf" + text.encode("utf-8")


@st.composite
def overlong_string(draw):
    resource = draw(st.sampled_from(sorted(RESOURCES)))
    field = draw(st.sampled_from([f["name"] for f in fields_of(resource)]))
    value = draw(st.sampled_from("字a★,\"\n")) * draw(st.integers(MAX_CELL_CHARS + 1, 3 * MAX_CELL_CHARS))
    return resource, with_cell(resource, data_row(draw, resource), field, value)


CORRUPTIONS = (wrong_type, empty_required_cell, duplicated_key, unknown_code, truncated_row,
               legacy_encoding, overlong_string)


def assert_refused(resource: str, content: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        package = Path(tmp) / "datapackage"
        shutil.copytree(VALID, package)
        (package / RESOURCES[resource]["path"]).write_bytes(content)
        with pytest.raises((DataPackageError, CheckError)) as caught:
            load_package(package)
    problems = caught.value.problems
    assert problems
    assert any(f"data/{resource}.csv" in p for p in problems), problems
    assert all(".csv" in p or "datapackage.json" in p for p in problems), problems
    assert all("Traceback" not in p and "Row at position" not in p for p in problems), problems


def test_round_trip_through_the_csv_writer_keeps_the_package_valid():
    with tempfile.TemporaryDirectory() as tmp:
        package = Path(tmp) / "datapackage"
        shutil.copytree(VALID, package)
        for name, resource in RESOURCES.items():
            (package / resource["path"]).write_bytes(write_rows(read_rows(name)))
        assert len(load_package(package)["rankings"]) == 13


@SETTINGS
@given(data=st.data())
def test_load_package_refuses_any_corruption_with_a_message_naming_the_file(data):
    corruption = data.draw(st.sampled_from(CORRUPTIONS))
    resource, content = data.draw(corruption())

    assert_refused(resource, content)


@settings(SETTINGS, max_examples=10)
@given(corruption=st.sampled_from((wrong_type, truncated_row, overlong_string)), data=st.data())
def test_load_package_refuses_two_corrupted_files_naming_both(corruption, data):
    # Foreign keys into an unreadable file are not checked until it is fixed, so the first corruption
    # is one that shows within its own file.
    first, first_content = data.draw(corruption())
    second, second_content = data.draw(legacy_encoding().filter(lambda c: c[0] != first))
    with tempfile.TemporaryDirectory() as tmp:
        package = Path(tmp) / "datapackage"
        shutil.copytree(VALID, package)
        (package / RESOURCES[first]["path"]).write_bytes(first_content)
        (package / RESOURCES[second]["path"]).write_bytes(second_content)
        with pytest.raises(DataPackageError) as caught:
            load_package(package)

    message = str(caught.value)
    assert f"data/{second}.csv row 1" in message or f"data/{second}.csv row 2" in message
    assert f"data/{first}.csv" in message
