"""Read the package descriptor's column order and write CSV files deterministically.

Input: `datapackage/datapackage.json`. Output: UTF-8 CSV files with LF line endings, columns in
schema order, rows in the order given (callers sort explicitly).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import logging
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from build_scripts.paths import DATAPACKAGE
from scoring.errors import PipelineError

LOG = logging.getLogger(__name__)


def load_field_names(package_dir: Path, resource: str) -> list[str]:
    """Return the column names of `resource` in schema order.

    Args:
        package_dir: Folder holding `datapackage.json`.
        resource: Resource name, e.g. "rankings".

    Raises:
        KeyError: The descriptor has no such resource.
    """
    descriptor = json.loads((Path(package_dir) / "datapackage.json").read_text(encoding="utf-8"))
    for entry in descriptor["resources"]:
        if entry["name"] == resource:
            return [field["name"] for field in entry["schema"]["fields"]]
    raise KeyError(f"datapackage.json has no resource {resource!r}")


def render_csv(rows: Iterable[Mapping[str, object]], fields: list[str]) -> str:
    """Render rows as CSV text: header, then one line per row, LF line endings.

    Booleans are written `true`/`false`, `None` as an empty cell; every other value with `str()`.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in fields])
    return buffer.getvalue()


def write_csv(path: Path, rows: Iterable[Mapping[str, object]], fields: list[str]) -> int:
    """Write rows to `path` as UTF-8 CSV without BOM and return the number of data rows."""
    rows = list(rows)
    Path(path).write_bytes(render_csv(rows, fields).encode("utf-8"))
    return len(rows)


def load_csv(path: Path) -> list[dict[str, str]]:
    """Read a UTF-8 CSV file into a list of dicts (every value a string, empty cells as "")."""
    with Path(path).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def run_data_tool(argv: list[str] | None, module: str, description: str, write: Callable[[Path], int],
                  noun: str, filename: str) -> int:
    """The command line of a curation tool that writes one CSV into the package's data folder.

    Args:
        argv: Arguments (None: sys.argv); the one option is `--data`, the data folder.
        module: The tool's module, e.g. "curation.registry" (its name is the log label).
        description: The tool's help text (its module docstring).
        write: Writes the CSV into the data folder and returns its row count.
        noun: What the rows are, for the log line ("regions").
        filename: The CSV written, for the log line.

    Returns:
        The exit code: 1 after logging a `PipelineError`, else 0.
    """
    parser = argparse.ArgumentParser(prog=f"python -m {module}", description=description)
    parser.add_argument("--data", type=Path, default=DATAPACKAGE / "data", help="the package's data folder")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        count = write(args.data)
    except PipelineError as exc:
        logging.error("%s", exc)
        return 1
    LOG.info("%s: %d %s -> %s", module.rsplit(".", 1)[-1], count, noun, args.data / filename)
    return 0
