"""Import rules for places new to the national code list: each needs a recorded origin (region change).

Input: the rows an import resolved (table row -> code), the package's `region_changes`, the GB/T 2260
history (`scoring.codelist`: the codes of the revisions up to 2019-04) and the current code list.
Output: the `region_changes` rows the maintainer gives with `--change`, and one problem per resolved
place whose code is in no bundled revision and has no recorded origin, with the `--change` to add:
the validator requires that origin (`scoring.checks.check_new_codes_have_origin`), and the
date and evidence of a change cannot be read off a code list, so the import asks for them.

The suggestion names the retired code of the same prefecture whose short name is the new place's
(平果县 451023 for 平果市 451082) and the kind its suffixes show (县 -> 市: 撤县设市).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from curation.names import compute_short_name
from scoring.entries import COUNTY_KINDS

# Kind of a rename by the old and new name's kind (COUNTY_KINDS); any other pair is 更名.
RENAME_KINDS = {("县", "县级市"): "撤县设市", ("县", "市辖区"): "撤县设区", ("县级市", "市辖区"): "撤市设区",
                ("旗", "县级市"): "撤旗设市"}


@dataclass(frozen=True)
class ChangeRecord:
    """A region change the maintainer records with `--change` (names come from the code lists)."""

    old_code: str
    new_code: str
    effective: str
    kind: str
    source: str
    source_zh: str


def build_change_rows(records: Sequence[ChangeRecord], history: Mapping[str, Iterable[str]],
                      current: Mapping[str, str]) -> tuple[list[dict], list[str]]:
    """Return the region_changes rows of `records` and one problem per record the code lists refute.

    old_name is the name the old code last carried in the history, new_name the new code's current
    name.
    """
    rows, problems = [], []
    for record in records:
        old_names = sorted(history.get(record.old_code, ()))
        if not old_names:
            problems.append(f"--change {record.old_code} {record.new_code}: {record.old_code} is in no "
                            "GB/T 2260 revision of the code history; give the code the place had before.")
            continue
        if record.new_code not in current:
            problems.append(f"--change {record.old_code} {record.new_code}: {record.new_code} is not in the "
                            "current national code list.")
            continue
        rows.append({"old_code": record.old_code, "old_name": old_names[-1], "new_code": record.new_code,
                     "new_name": current[record.new_code], "effective": record.effective, "kind": record.kind,
                     "source": record.source, "source_zh": record.source_zh})
    return rows, problems


def find_missing_origins(codes: Mapping[int, str], changes: Iterable[Mapping],
                         history: Mapping[str, Iterable[str]], current: Mapping[str, str],
                         where: str) -> list[str]:
    """Return one problem per table row whose place is new since the code history and has no origin."""
    origins = {str(change["new_code"]) for change in changes}
    problems, seen = [], set()
    for row, code in sorted(codes.items()):
        if code in history or code in origins or code in seen:
            continue
        seen.add(code)
        name = current.get(code, code)
        hint = _suggest(code, name, history, current)
        problems.append(f"{where} row {row}: {name} {code} is new since the code history (2019-04) and "
                        "region_changes.csv records no origin for it; record it with --change OLD_CODE "
                        f"{code} EFFECTIVE KIND SOURCE SOURCE_ZH{hint}.")
    return problems


def _suggest(code: str, name: str, history: Mapping[str, Iterable[str]], current: Mapping[str, str]) -> str:
    short = compute_short_name(name)
    found = sorted((old, max(names)) for old, names in history.items()
                   if old[:4] == code[:4] and old not in current and old != code
                   and any(compute_short_name(n) == short for n in names))
    if len(found) != 1:
        return ""
    old, old_name = found[0]
    kind = RENAME_KINDS.get((_kind(old_name), _kind(name)), "更名")
    return (f" (the code history suggests {old} {old_name}: --change {old} {code} <date> {kind} "
            "\"<evidence>\" \"<中文依据>\")")


def _kind(name: str) -> str | None:
    return next((kind for suffix, kind in COUNTY_KINDS if name.endswith(suffix)), None)
