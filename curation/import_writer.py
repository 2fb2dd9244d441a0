"""Import stage of `import-edition`: write the new rows, checked by the validator, into the package.

Input: the package folder and the tables `import_edition.compute_import` returned. Output: the
package's CSVs replaced, each by a file written into a copy of the package first, which the validator
(`scoring.package.load_package`) and the lists check must accept; otherwise nothing is written and
the validator's messages say which printed row a rankings message is about.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from curation.csvio import load_field_names, write_csv
from scoring.errors import PipelineError
from scoring.lists import Lists, check_editions_lists
from scoring.package import load_package


def write_import(package: Path, tables: Mapping[str, list[dict]], lists: Lists) -> None:
    """Write the tables into a copy of the package, validate the copy, then replace the package's files.

    Raises:
        PipelineError: The validator rejects the result (its message names file, row and column);
            the package is left as it was.
    """
    with tempfile.TemporaryDirectory(prefix=".import-", dir=package.parent) as scratch:
        copy = Path(scratch) / package.name
        shutil.copytree(package, copy)
        for name, rows in tables.items():
            write_csv(copy / "data" / f"{name}.csv", rows, load_field_names(package, name))
        try:
            checked = load_package(copy)
            check_editions_lists(checked["editions"], lists, checked.display_path("editions"))
        except PipelineError as exc:
            raise PipelineError(["import-edition: the validator rejects the result; nothing written:",
                                 *[_locate(p.replace(str(copy), str(package)), tables) for p in exc.problems]]
                                ) from exc
        for name in tables:
            staged = package / "data" / f".{name}.csv.new"
            shutil.copyfile(copy / "data" / f"{name}.csv", staged)
            os.replace(staged, package / "data" / f"{name}.csv")


def _locate(problem: str, tables: Mapping[str, list[dict]]) -> str:
    """Add to a validator message about a rankings row which printed row it is (rank, name, edition)."""
    found = re.search(r"rankings\.csv row (\d+)", problem)
    rows = tables.get("rankings", [])
    if found is None or not 2 <= int(found.group(1)) <= len(rows) + 1:
        return problem
    row = rows[int(found.group(1)) - 2]
    return f"{problem} (that row: {row['edition']}, rank {row['rank']}, printed {row['printed_name']})"
