"""Generate stage: the downloads folder of the site (docs/downloads/).

Input: the validated data package and the validated derived package (build/derived/, written by the
score stage), both as `scoring.package.Package`. Output, for each package:

    downloads/<folder>datapackage.json     the descriptor with `bytes` and `hash` ("sha256:…") per file
    downloads/<folder>data/<name>.csv      the resource file, byte for byte
    downloads/<folder>data/<name>-excel.csv  the same with a UTF-8 byte-order mark (Chinese Windows Excel),
                                           text cells that Excel would run as a formula neutralised
    downloads/<folder>data/<name>.xlsx     one typed worksheet
    downloads/<folder>data/<name>.json     a list of records, typed from the schema
    downloads/<package name>.zip           descriptor, CSVs, README (when the package has one), licence

(`<folder>` is empty for the data package and "derived/" for the derived one), plus `SHA256SUMS`
over every file written, for `sha256sum -c`. Every file is byte-identical across builds: zip entries
are sorted and carry the release date as their timestamp, and workbook properties are fixed.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import hashlib
import io
import logging
import struct
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import xlsxwriter

from build_scripts.catalogue import load_catalogue
from build_scripts.json_text import render_json_text
from build_scripts.paths import join_inside
from scoring.descriptor import DESCRIPTOR_NAME, README_NAME, describe_unsafe_file
from scoring.errors import RenderError

if TYPE_CHECKING:  # type hints only: the worker processes import this module and need no validator
    from scoring.package import Package

log = logging.getLogger(__name__)

UTF8_BOM = b"\xef\xbb\xbf"
LICENSE_NAME = "LICENSE.txt"
SUMS_NAME = "SHA256SUMS"
DERIVED_FOLDER = "derived/"
CREATOR = load_catalogue("zh").t("site.name")
FORMATS = ("csv", "excel.csv", "xlsx", "json")
# A text cell starting with one of these is a formula to Excel (=HYPERLINK(…), -2+3+cmd|' /C calc'!A0);
# OWASP's CSV-injection advice: prefix such cells with a single quote, which Excel shows as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_GUARD = "'"


def compute_sha256(data: bytes) -> str:
    """Return the Data Package v2 hash of `data`: "sha256:" followed by the hex digest."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def build_site_descriptor(descriptor: Mapping, files: Mapping[str, bytes]) -> dict:
    """Return a copy of `descriptor` whose every resource carries the `bytes` and `hash` of its file.

    Args:
        descriptor: A Data Package descriptor whose resources have a single `path`.
        files: File bytes by resource path (e.g. "data/regions.csv").

    Raises:
        RenderError: A resource's file is missing from `files`.
    """
    site = copy.deepcopy(dict(descriptor))
    for resource in site["resources"]:
        data = files.get(resource["path"])
        if data is None:
            raise RenderError(f"{resource['path']}: no file for resource {resource['name']!r}; "
                              "run the score stage so that every resource file exists.")
        resource["bytes"] = len(data)
        resource["hash"] = compute_sha256(data)
    return site


def render_excel_csv(original: bytes, text_columns: Sequence[str]) -> bytes:
    """Return the Excel twin of a CSV file: a UTF-8 byte-order mark, and formula cells neutralised.

    Args:
        original: The canonical CSV (UTF-8, header row first), published unchanged beside it.
        text_columns: Columns holding text; a cell of theirs that starts with one of
            `FORMULA_STARTS` gets `FORMULA_GUARD` in front. Typed columns (numbers such as -1.5)
            are kept as they are.

    Returns:
        The bytes of `<name>-excel.csv`: the original bytes after the mark when no cell needs the
        guard, else the table written again (RFC 4180 quoting, LF line endings).
    """
    rows = list(csv.reader(io.StringIO(original.decode("utf-8"), newline="")))
    if not rows:
        return UTF8_BOM + original
    guarded = {position for position, name in enumerate(rows[0]) if name in set(text_columns)}
    changed = False
    for position, name in enumerate(rows[0]):  # the header too: a column name is text Excel would run
        if name.startswith(FORMULA_STARTS):
            rows[0][position] = FORMULA_GUARD + name
            changed = True
    for row in rows[1:]:
        for position in guarded & set(range(len(row))):
            if row[position].startswith(FORMULA_STARTS):
                row[position] = FORMULA_GUARD + row[position]
                changed = True
    if not changed:
        return UTF8_BOM + original
    return UTF8_BOM + "".join(_render_csv_line(row) for row in rows).encode("utf-8")


def _render_csv_line(row: Sequence[str]) -> str:
    # csv.writer with LF line endings leaves a cell holding a carriage return unquoted (it quotes only
    # the characters of its line terminator), which splits the row in any reader: quote it here too.
    if row == [""]:
        return '""\n'
    return ",".join(f'"{cell.replace(chr(34), chr(34) * 2)}"' if any(c in cell for c in ',"\r\n') else cell
                    for cell in row) + "\n"


def render_records_json(frame: pd.DataFrame) -> str:
    """Render a typed table as a JSON list of records (columns in table order, NA as null)."""
    rows = [{c: _plain(v) for c, v in zip(frame.columns, row, strict=True)}
            for row in frame.itertuples(index=False, name=None)]
    return render_json_text(rows, indent=1)


def render_xlsx(frame: pd.DataFrame, sheet: str, release: dt.datetime) -> bytes:
    """Render a typed table as an XLSX workbook with one sheet; identical bytes for identical input.

    Args:
        frame: The table (header row from its columns; integers, numbers and booleans stay typed,
            missing values are empty cells, text is never read as a formula, number or link).
        sheet: Worksheet title (at most 31 characters).
        release: Date stamped as the workbook's created/modified date and on every zip entry.

    Raises:
        RenderError: A cell Excel cannot hold (text over 32,767 characters), by sheet, row and column.
    """
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_numbers": False, "strings_to_urls": False})
    workbook.set_properties({"author": CREATOR, "created": release})
    worksheet = workbook.add_worksheet(sheet[:31])
    worksheet.write_row(0, 0, list(frame.columns))
    # Rows as plain lists: itertuples costs more than the writing for a page's small table.
    for row_number, row in enumerate(frame.to_numpy(dtype=object).tolist(), start=1):
        for column, value in enumerate(row):
            value = _plain(value)
            if value is not None and worksheet.write(row_number, column, value) != 0:
                raise RenderError(f"downloads: {sheet} row {row_number}, column {frame.columns[column]!r}: "
                                  "the XLSX writer refused the value (text over 32,767 characters?).")
    worksheet.freeze_panes(1, 0)
    workbook.close()
    # XlsxWriter dates every zip entry 1980-01-01; the release date marks them like the other zips.
    return _stamp_zip(buffer.getvalue(), release)


def render_zip(files: Mapping[str, bytes], release: dt.datetime) -> bytes:
    """Return a zip of `files` (arcname -> bytes), entries sorted by name, every timestamp `release`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            archive.writestr(_zip_info(name, release), files[name])
    return buffer.getvalue()


def render_license(descriptor: Mapping) -> str:
    """Render the licence file of a package from its descriptor's `licenses` and `sources`."""
    lines = [str(descriptor.get("title", descriptor["name"])),
             f"{descriptor['name']} {descriptor.get('version', '')}".rstrip(), "", "Licences:"]
    lines += [f"- {lic['name']}: {lic.get('title', '')} {lic.get('path', '')}".rstrip()
              for lic in descriptor.get("licenses", [])]
    if descriptor.get("sources"):
        lines += ["", "Sources:"]
        lines += [f"- {src.get('title', '')} {src.get('path', '')}".rstrip() for src in descriptor["sources"]]
    return "\n".join(lines) + "\n"


def render_sums(files: Mapping[str, bytes]) -> str:
    """Render a `sha256sum -c` file over `files` (relative path -> bytes), sorted by path."""
    return "".join(f"{hashlib.sha256(files[p]).hexdigest()}  {p}\n" for p in sorted(files))


@dataclass(frozen=True)
class PackageDownload:
    """A package's descriptor and zip to build (picklable: a task of the worker processes).

    Attributes:
        descriptor: The package's descriptor (resources with a single `path`).
        root: The package folder (resource files and README are read from it).
        folder: Prefix of the package's files inside downloads/ ("" or "derived/").
        release: Timestamp of the zip entries.
    """

    descriptor: Mapping
    root: Path
    folder: str
    release: dt.datetime


@dataclass(frozen=True)
class ResourceDownload:
    """One resource's files to build in four formats (picklable: a task of the worker processes).

    Attributes:
        frame: The resource's validated table.
        sheet: The workbook's sheet name (the resource name).
        stem: The files' path inside downloads/ without ".csv", e.g. "derived/data/entries".
        source: The resource's CSV file, published byte for byte.
        release: Timestamp of the workbook.
    """

    frame: pd.DataFrame
    sheet: str
    stem: str
    source: Path
    release: dt.datetime


def plan_downloads(package: Package, derived: Package,
                   release: str) -> tuple[list[PackageDownload], list[ResourceDownload]]:
    """Return the downloads of the data package and the derived package as independent tasks.

    Args:
        package: The validated data package.
        derived: The validated derived package (build/derived/).
        release: Data release month "YYYY-MM" (or a date "YYYY-MM-DD"), stamped on zips and workbooks.

    Returns:
        One `PackageDownload` per package and one `ResourceDownload` per resource, largest table
        first (the workbooks take most of the time, so the longest tasks start first).

    Raises:
        RenderError: `release` is not a date.
    """
    stamp = parse_release(release)
    heads, resources = [], []
    for source, folder in ((package, ""), (derived, DERIVED_FOLDER)):
        heads.append(PackageDownload(source.descriptor, source.root, folder, stamp))
        for resource in source.descriptor["resources"]:
            frame = source[resource["name"]]
            resources.append(ResourceDownload(frame, resource["name"],
                                              folder + resource["path"].removesuffix(".csv"),
                                              source.root / resource["path"], stamp))
    resources.sort(key=lambda task: -task.frame.size)
    return heads, resources


def build_package_download(task: PackageDownload) -> dict[str, bytes]:
    """Build a package's descriptor (with each file's `bytes` and `hash`) and its zip.

    Returns:
        File bytes by path relative to downloads/.

    Raises:
        RenderError: The README is a symbolic link or not a regular file (the validator refuses
            such a package first; the zip never carries a file from outside the package).
    """
    originals = {r["path"]: (task.root / r["path"]).read_bytes() for r in task.descriptor["resources"]}
    site_descriptor = build_site_descriptor(task.descriptor, originals)
    descriptor_bytes = render_json_text(site_descriptor).encode("utf-8")
    licence = render_license(task.descriptor).encode("utf-8")
    archive = {DESCRIPTOR_NAME: descriptor_bytes, LICENSE_NAME: licence}
    archive.update(originals)
    readme = task.root / README_NAME
    unsafe = describe_unsafe_file(task.root, README_NAME)
    if unsafe:
        raise RenderError(f"{readme}: {unsafe}.")
    if readme.is_file():
        archive[README_NAME] = readme.read_bytes()
    return {task.folder + DESCRIPTOR_NAME: descriptor_bytes,
            f"{task.descriptor['name']}.zip": render_zip(archive, task.release)}


def build_resource_download(task: ResourceDownload) -> dict[str, bytes]:
    """Build one resource's CSV (as published), Excel CSV (byte-order mark, formulas neutralised), XLSX, JSON.

    Returns:
        File bytes by path relative to downloads/.
    """
    original = task.source.read_bytes()
    text_columns = [name for name in task.frame.columns if pd.api.types.is_string_dtype(task.frame[name])]
    return {task.stem + ".csv": original,
            task.stem + "-excel.csv": render_excel_csv(original, text_columns),
            task.stem + ".xlsx": render_xlsx(task.frame, task.sheet, task.release),
            task.stem + ".json": render_records_json(task.frame).encode("utf-8")}


def combine_download_files(parts: Sequence[Mapping[str, bytes]]) -> dict[str, bytes]:
    """Merge the built parts into the files of downloads/ and add SHA256SUMS over all of them.

    Raises:
        RenderError: Two parts would write the same file (the derived package would overwrite
            files of the data package).
    """
    files: dict[str, bytes] = {}
    for part in parts:
        clash = sorted(set(files) & set(part))
        if clash:
            raise RenderError(f"downloads: the derived package would overwrite {clash}; "
                              "rename its resources.")
        files.update(part)
    files[SUMS_NAME] = render_sums(files).encode("utf-8")
    return files


def build_download_files(package: Package, derived: Package, release: str) -> dict[str, bytes]:
    """Build every file of downloads/ for the data package and the derived package, SHA256SUMS included.

    For each package: the descriptor with `bytes` and `hash` per file, each resource in four formats,
    and the zip (see the module docstring). The build runs the same tasks in worker processes
    (`share.start_downloads`).

    Args:
        package: The validated data package.
        derived: The validated derived package (build/derived/).
        release: Data release month "YYYY-MM" (or a date "YYYY-MM-DD"), stamped on zips and workbooks.

    Returns:
        File bytes by path relative to downloads/.

    Raises:
        RenderError: The two packages would write the same file, or `release` is not a date.
    """
    heads, resources = plan_downloads(package, derived, release)
    return combine_download_files([build_package_download(task) for task in heads]
                                  + [build_resource_download(task) for task in resources])


def write_download_files(files: Mapping[str, bytes], out_dir: Path) -> int:
    """Write `files` (path relative to `out_dir` -> bytes) in sorted order; return how many."""
    for path in sorted(files):
        target = join_inside(out_dir, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files[path])
    log.info("downloads: %d files in %s", len(files), out_dir)
    return len(files)


def write_downloads(package: Package, derived: Package, out_dir: Path, release: str) -> int:
    """Build and write the downloads of both packages into `out_dir`; return the number of files.

    See `build_download_files` for the arguments.
    """
    return write_download_files(build_download_files(package, derived, release), out_dir)


@dataclass(frozen=True)
class ResourceFiles:
    """One resource as the downloads page lists it; paths relative to the downloads folder."""

    name: str
    title: str
    csv: str
    excel: str
    xlsx: str
    json: str
    bytes: int
    size: str
    sha256: str


@dataclass(frozen=True)
class PackageFiles:
    """One package as the downloads page lists it."""

    name: str
    title: str
    descriptor: str
    zip: str
    zip_bytes: int
    zip_size: str
    resources: tuple[ResourceFiles, ...]


def build_downloads_listing(packages: Sequence[tuple[Package, str]],
                            files: Mapping[str, bytes]) -> tuple[PackageFiles, ...]:
    """Describe the written downloads of each (package, folder) pair for the downloads page.

    Args:
        packages: Each package with its folder inside downloads/ ("" or "derived/").
        files: The output of `build_download_files`.
    """
    listing = []
    for package, folder in packages:
        resources = []
        for r in package.descriptor["resources"]:
            stem = folder + r["path"].removesuffix(".csv")
            data = files[stem + ".csv"]
            resources.append(ResourceFiles(
                name=r["name"], title=str(r.get("title", r["name"])), csv=stem + ".csv",
                excel=stem + "-excel.csv", xlsx=stem + ".xlsx", json=stem + ".json",
                bytes=len(data), size=format_size(len(data)), sha256=hashlib.sha256(data).hexdigest()))
        zip_name = f"{package.descriptor['name']}.zip"
        listing.append(PackageFiles(
            name=package.descriptor["name"], title=str(package.descriptor.get("title", "")),
            descriptor=folder + DESCRIPTOR_NAME, zip=zip_name, zip_bytes=len(files[zip_name]),
            zip_size=format_size(len(files[zip_name])),
            resources=tuple(resources)))
    return tuple(listing)


def format_size(size: int) -> str:
    """Format a byte count for readers: "812 B", "12.3 KB", "1.5 MB" (1 KB = 1024 bytes)."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def parse_release(release: str) -> dt.datetime:
    """Return the first moment of a release "YYYY-MM" or "YYYY-MM-DD" as a naive UTC datetime.

    Raises:
        RenderError: The value is not such a date.
    """
    text = release if len(release) > 7 else release + "-01"
    try:
        return dt.datetime.strptime(text, "%Y-%m-%d")
    except ValueError as exc:
        raise RenderError(f"downloads: release {release!r} is not YYYY-MM or YYYY-MM-DD.") from exc


def _stamp_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """Return a zip with every entry's date and time set to `stamp` and its mode to rw-r--r--.

    The zip is one Python's zipfile wrote in memory (XlsxWriter's): its headers are patched in place,
    so the entries are not inflated and deflated again (the same bytes as rewriting the zip with
    `_zip_info` entries, in a twentieth of the time).
    """
    out = bytearray(data)
    dos_time = (stamp.hour << 11) | (stamp.minute << 5) | (stamp.second // 2)
    dos_date = ((stamp.year - 1980) << 9) | (stamp.month << 5) | stamp.day
    end = data.rfind(_END_OF_DIRECTORY)
    if end < 0:
        raise RenderError(_UNDATABLE)
    count, _, position = struct.unpack_from("<HII", data, end + 10)
    for _ in range(count):
        if data[position:position + 4] != _DIRECTORY_ENTRY:
            raise RenderError(_UNDATABLE)
        local = struct.unpack_from("<I", data, position + 42)[0]
        if data[local:local + 4] != _LOCAL_ENTRY:
            raise RenderError(_UNDATABLE)
        struct.pack_into("<HH", out, position + 12, dos_time, dos_date)
        struct.pack_into("<I", out, position + 38, _FILE_MODE << 16)
        struct.pack_into("<HH", out, local + 10, dos_time, dos_date)
        name, extra, comment = struct.unpack_from("<HHH", data, position + 28)
        position += 46 + name + extra + comment
    return bytes(out)


# The signatures of a zip's end of central directory, central directory entry and local entry.
_END_OF_DIRECTORY, _DIRECTORY_ENTRY, _LOCAL_ENTRY = b"PK\x05\x06", b"PK\x01\x02", b"PK\x03\x04"
_FILE_MODE = 0o644
_UNDATABLE = "downloads: the XLSX writer wrote a zip whose entries cannot be dated."


def _zip_info(name: str, stamp: dt.datetime) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = _FILE_MODE << 16
    return info


def _plain(value: object) -> object:
    """Convert a pandas cell to a JSON/XLSX value: NA -> None, numpy scalars -> Python."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value
