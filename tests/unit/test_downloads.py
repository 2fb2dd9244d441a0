"""Tests for build_scripts.downloads: every download opens and matches the data, byte-identical builds."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from frictionless import validate
from minimal_package import VALID

from build_scripts.downloads import (
    UTF8_BOM,
    PackageDownload,
    _stamp_zip,
    build_download_files,
    build_downloads_listing,
    build_package_download,
    compute_sha256,
    format_size,
    parse_release,
    plan_downloads,
    render_xlsx,
    render_zip,
    write_downloads,
)
from build_scripts.runtime import Background
from build_scripts.share import start_downloads
from scoring.errors import RenderError
from scoring.package import load_package

DERIVED_DESCRIPTOR = {
    "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
    "name": "test-derived",
    "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
    "resources": [{
        "name": "counts", "path": "data/counts.csv", "format": "csv", "encoding": "utf-8",
        "schema": {"fields": [
            {"name": "province_name", "type": "string"},
            {"name": "count", "type": "integer"},
            {"name": "share_pct", "type": "number"},
            {"name": "is_leader", "type": "boolean"},
        ], "primaryKey": ["province_name"]},
    }],
}
DERIVED_CSV = """province_name,count,share_pct,is_leader
江苏省,3,60.00,true
浙江省,2,40.00,false
河南省,,,
"""


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    base = tmp_path_factory.mktemp("downloads")
    package_dir = base / "datapackage"
    shutil.copytree(VALID, package_dir)
    (package_dir / "README.md").write_text("# 测试包\n", encoding="utf-8")
    derived_dir = base / "derived"
    (derived_dir / "data").mkdir(parents=True)
    (derived_dir / "datapackage.json").write_text(json.dumps(DERIVED_DESCRIPTOR, ensure_ascii=False),
                                                  encoding="utf-8")
    (derived_dir / "data" / "counts.csv").write_text(DERIVED_CSV, encoding="utf-8")
    package = load_package(package_dir)
    derived = load_package(derived_dir, run_checks=False)
    out = base / "out"
    count = write_downloads(package, derived, out, "2024-12")
    return package, derived, out, count


def _files(folder: Path) -> dict[str, bytes]:
    paths = sorted(p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in paths}


def test_write_downloads_writes_four_formats_per_resource_and_both_zips(written):
    package, _, out, count = written
    files = _files(out)
    assert len(files) == count
    for resource in package.descriptor["resources"]:
        stem = resource["path"].removesuffix(".csv")
        for suffix in (".csv", "-excel.csv", ".xlsx", ".json"):
            assert stem + suffix in files
    for suffix in (".csv", "-excel.csv", ".xlsx", ".json"):
        assert "derived/data/counts" + suffix in files
    assert {"datapackage.json", "derived/datapackage.json", "SHA256SUMS",
            f"{package.descriptor['name']}.zip", "test-derived.zip"} <= set(files)


def test_csv_downloads_open_in_pandas_and_match_the_package_files(written):
    package, _, out, _ = written
    for resource in package.descriptor["resources"]:
        original = (package.root / resource["path"]).read_bytes()
        assert (out / resource["path"]).read_bytes() == original
        excel = (out / resource["path"].replace(".csv", "-excel.csv")).read_bytes()
        assert excel.startswith(UTF8_BOM) and excel[len(UTF8_BOM):] == original
        plain = pd.read_csv(out / resource["path"], dtype=str, keep_default_na=False)
        bom = pd.read_csv(out / resource["path"].replace(".csv", "-excel.csv"), dtype=str,
                          keep_default_na=False, encoding="utf-8-sig")
        pd.testing.assert_frame_equal(plain, bom)
        assert list(plain.columns) == [f["name"] for f in resource["schema"]["fields"]]


def test_xlsx_downloads_open_in_openpyxl_with_typed_cells(written):
    package, _, out, _ = written
    rankings = package["rankings"]
    sheet = openpyxl.load_workbook(out / "data" / "rankings.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(rankings.columns)
    assert len(rows) == len(rankings) + 1
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["rank"] == int(rankings.loc[0, "rank"]) and isinstance(first["rank"], int)
    assert first["region_code"] == rankings.loc[0, "region_code"]
    assert isinstance(first["printed_province_first"], bool)


def test_xlsx_missing_values_are_empty_cells(written):
    _, _, out, _ = written
    sheet = openpyxl.load_workbook(out / "derived" / "data" / "counts.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1] == ("江苏省", 3, 60.0, True)
    assert rows[3] == ("河南省", None, None, None)


def test_xlsx_core_properties_carry_the_release_date_not_the_build_time(written):
    _, _, out, _ = written
    with zipfile.ZipFile(out / "data" / "regions.xlsx") as archive:
        core = archive.read("docProps/core.xml").decode("utf-8")
        stamps = {info.date_time for info in archive.infolist()}
    assert "2024-12-01T00:00:00Z" in core
    assert core.count("2024-12-01T00:00:00Z") == 2  # created and modified
    assert stamps == {(2024, 12, 1, 0, 0, 0)}


def test_dating_a_workbooks_zip_in_place_gives_the_bytes_of_rewriting_it():
    frame = pd.DataFrame({"code": ["320583", None], "rank": [1, 2]}, dtype=object)
    stamp = parse_release("2024-12")
    workbook = render_xlsx(frame, "t", stamp)
    rewritten = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(rewritten, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(2024, 12, 1, 0, 0, 0))
            entry.compress_type, entry.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    assert workbook == rewritten.getvalue()
    with pytest.raises(RenderError, match="cannot be dated"):
        _stamp_zip(b"not a zip", stamp)


def test_json_downloads_parse_and_match_the_typed_tables(written):
    package, derived, out, _ = written
    for resource in package.descriptor["resources"]:
        records = json.loads((out / resource["path"].replace(".csv", ".json")).read_text(encoding="utf-8"))
        frame = package[resource["name"]]
        assert len(records) == len(frame)
        assert list(records[0]) == list(frame.columns)
    counts = json.loads((out / "derived" / "data" / "counts.json").read_text(encoding="utf-8"))
    assert counts[0] == {"province_name": "江苏省", "count": 3, "share_pct": 60.0, "is_leader": True}
    assert counts[2] == {"province_name": "河南省", "count": None, "share_pct": None, "is_leader": None}


def test_site_descriptor_carries_bytes_and_sha256_of_every_file(written):
    package, _, out, _ = written
    site = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in site["resources"]] == [r["name"] for r in package.descriptor["resources"]]
    for resource in site["resources"]:
        data = (out / resource["path"]).read_bytes()
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()


def test_site_descriptor_validates_with_frictionless_including_hashes(written):
    _, _, out, _ = written
    assert validate(str(out / "datapackage.json")).valid
    tampered = out.parent / "tampered"
    shutil.copytree(out, tampered)
    site = json.loads((tampered / "datapackage.json").read_text(encoding="utf-8"))
    site["resources"][0]["hash"] = compute_sha256(b"something else")
    (tampered / "datapackage.json").write_text(json.dumps(site, ensure_ascii=False), encoding="utf-8")
    report = validate(str(tampered / "datapackage.json"))
    assert not report.valid
    assert "hash-count" in str(report.flatten(["type"]))


def test_zip_holds_descriptor_csvs_readme_licence_and_validates_with_frictionless(written):
    package, _, out, _ = written
    zip_path = out / f"{package.descriptor['name']}.zip"
    with zipfile.ZipFile(zip_path) as archive:
        names = archive.namelist()
        licence = archive.read("LICENSE.txt").decode("utf-8")
        stamps = {info.date_time for info in archive.infolist()}
    assert names == sorted(names)
    assert {"datapackage.json", "README.md", "LICENSE.txt"} <= set(names)
    assert {r["path"] for r in package.descriptor["resources"]} <= set(names)
    assert "CC-BY-4.0" in licence
    assert stamps == {(2024, 12, 1, 0, 0, 0)}
    assert validate(str(zip_path)).valid


def test_derived_zip_validates_and_has_no_readme_when_the_package_has_none(written):
    _, _, out, _ = written
    with zipfile.ZipFile(out / "test-derived.zip") as archive:
        assert archive.namelist() == ["LICENSE.txt", "data/counts.csv", "datapackage.json"]
    assert validate(str(out / "test-derived.zip")).valid


def test_sha256sums_lists_every_other_file_with_its_digest(written):
    _, _, out, _ = written
    files = _files(out)
    lines = files.pop("SHA256SUMS").decode("utf-8").splitlines()
    listed = {}
    for line in lines:
        digest, path = line.split("  ", 1)
        listed[path] = digest
    assert listed == {p: hashlib.sha256(b).hexdigest() for p, b in files.items()}


def test_write_downloads_is_byte_identical_across_runs(written, tmp_path):
    package, derived, out, _ = written
    write_downloads(package, derived, tmp_path / "again", "2024-12")
    assert _files(tmp_path / "again") == _files(out)


def test_write_downloads_refuses_a_derived_package_that_overwrites_package_files(written, tmp_path):
    package, _, _, _ = written
    with pytest.raises(RenderError, match="overwrite"):
        write_downloads(package, package, tmp_path / "clash", "2024-12")


def test_the_zip_never_carries_a_readme_that_links_out_of_the_package_issue_18(written, tmp_path):
    package, _, _, _ = written
    root = tmp_path / "package"
    shutil.copytree(package.root, root)
    (root / "README.md").unlink()
    (tmp_path / "passwd").write_text("root:x:0:0\n", encoding="utf-8")
    (root / "README.md").symlink_to(tmp_path / "passwd")
    task = PackageDownload(package.descriptor, root, "", parse_release("2024-12"))

    with pytest.raises(RenderError, match=r"README\.md: is a symbolic link"):
        build_package_download(task)
    (root / "README.md").unlink()
    archive = build_package_download(task)[f"{package.descriptor['name']}.zip"]
    assert "README.md" not in zipfile.ZipFile(io.BytesIO(archive)).namelist()


def test_render_zip_sorts_entries_whatever_the_input_order():
    stamp = parse_release("2023-12")
    one = render_zip({"b.csv": b"2", "a.csv": b"1"}, stamp)
    two = render_zip({"a.csv": b"1", "b.csv": b"2"}, stamp)
    assert one == two
    assert zipfile.ZipFile(io.BytesIO(one)).namelist() == ["a.csv", "b.csv"]


def test_parse_release_accepts_month_or_day_and_rejects_other_text():
    assert parse_release("2024-12").isoformat() == "2024-12-01T00:00:00"
    assert parse_release("2024-12-05").day == 5
    with pytest.raises(RenderError, match="YYYY-MM"):
        parse_release("December 2024")


def test_format_size_uses_bytes_kilobytes_and_megabytes():
    assert format_size(812) == "812 B"
    assert format_size(12_595) == "12.3 KB"
    assert format_size(1_572_864) == "1.5 MB"


def test_build_downloads_listing_names_every_file_with_size_and_digest(written):
    package, derived, _, _ = written
    files = build_download_files(package, derived, "2024-12")
    listing = build_downloads_listing(((package, ""), (derived, "derived/")), files)
    assert [p.name for p in listing] == [package.descriptor["name"], "test-derived"]
    assert listing[1].descriptor == "derived/datapackage.json" and listing[1].zip == "test-derived.zip"
    for entry in listing:
        for resource in entry.resources:
            for path in (resource.csv, resource.excel, resource.xlsx, resource.json):
                assert path in files
            assert resource.sha256 == hashlib.sha256(files[resource.csv]).hexdigest()
            assert resource.size == format_size(resource.bytes)


def test_start_downloads_in_worker_processes_gives_the_files_built_inline(written):
    package, derived, _, _ = written
    with Background(workers=2) as background:
        parallel = start_downloads(background, package, derived, "2024-12").results()
    assert parallel == build_download_files(package, derived, "2024-12")
    assert list(parallel)[-1] == "SHA256SUMS"


def test_plan_downloads_starts_the_largest_table_first(written):
    package, derived, _, _ = written
    heads, resources = plan_downloads(package, derived, "2024-12")
    assert [task.folder for task in heads] == ["", "derived/"]
    sizes = [task.frame.size for task in resources]
    assert sizes == sorted(sizes, reverse=True)
    assert len(resources) == len(package.descriptor["resources"]) + len(derived.descriptor["resources"])


def test_render_xlsx_names_the_cell_excel_cannot_hold():
    frame = pd.DataFrame({"code": ["320281", "320583"], "note": ["短", "长" * 40_000]})
    with pytest.raises(RenderError, match=r"notes row 2, column 'note': .*32,767"):
        render_xlsx(frame, "notes", parse_release("2024-12"))


def test_render_xlsx_keeps_formula_like_text_as_text():
    frame = pd.DataFrame({"note": ["=1+1", "https://example.org", "007"]})
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(frame, "t", parse_release("2024-12")))).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["=1+1", "https://example.org",
                                                                               "007"]
    assert sheet["A2"].data_type == "s"
