"""Write the reference schema the validator checks every descriptor against.

Input: `datapackage/datapackage.json`. Output: `scoring/descriptor_reference.json`, per resource the
fields with their types and constraints (required, unique, pattern, enum, minimum, maximum,
lengths), the primary key and the foreign keys (see `scoring.descriptor`). The validator refuses a
descriptor that drops or loosens any of them; fields, resources and enum values may be added without
updating the reference.

Run after changing the schema on purpose (a new field, a changed pattern or key), and commit the
result with the schema change: `python -m curation.reference_schema [--data DIR]`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from build_scripts.paths import DATAPACKAGE
from scoring.descriptor import REFERENCE_PATH, build_reference

# Resources the code runs without (the tests' minimal package has none of them).
OPTIONAL_RESOURCES = ("claims", "metrics", "facts")


def render_reference(descriptor: dict) -> str:
    """Return the reference of `descriptor` as the committed JSON text."""
    return json.dumps(build_reference(descriptor, OPTIONAL_RESOURCES), ensure_ascii=False, indent=1) + "\n"


def write_reference(package_dir: Path, target: Path = REFERENCE_PATH) -> None:
    """Write the reference of the descriptor in `package_dir` to `target`."""
    descriptor = json.loads((package_dir / "datapackage.json").read_text(encoding="utf-8"))
    target.write_text(render_reference(descriptor), encoding="utf-8", newline="\n")


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATAPACKAGE, help="data package folder")
    args = parser.parse_args(argv)
    write_reference(args.data)
    print(f"wrote {REFERENCE_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
