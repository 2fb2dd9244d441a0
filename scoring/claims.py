"""Score stage: check the aggregate claims the reports' text makes about their own ranking tables.

Input: the `claims` resource (one row per claim: a verbatim statement, a `check` kind and a JSON
`params` assertion), the rankings, the region registry, the editions and the bloc mapping of
`Params`. Output: the `claim_verdicts` table, one row per claim: agrees | disagrees, the value the
text states, the value the table gives and a one-line explanation.

The check kinds (the `check` enum of `claims`, one evaluator each) live in
`scoring.claim_evaluators`; the `claims` schema documents the params each kind reads.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import pandas as pd

from scoring.claim_evaluators import EVALUATORS, ClaimContext, render_claim_location
from scoring.errors import CheckError

VERDICT_COLUMNS = ("claim_id", "verdict", "expected", "found", "explanation")
# Generic suffixes of county-level names and the kind each shows, longest first.
_SUFFIX_KINDS = (
    ("自治旗", "自治旗"), ("自治县", "自治县"), ("旗", "旗"),
    ("县", "县"), ("市", "县级市"), ("区", "市辖区"),
)


def compute_claim_entries(package, blocs: Mapping[str, tuple[str, ...]]) -> pd.DataFrame:
    """Join each ranking row with its registry row, bloc and corrected rank.

    Args:
        package: The loaded package (`rankings`, `regions`, `corrections`).
        blocs: Bloc name -> two-digit province prefixes.

    Returns:
        One row per ranking row: edition, rank (a printed rank corrected where `corrections` says
        so), region_code, name, kind, province (two-digit prefix), bloc, printed_rank_change.
        `kind` is the kind the place had when the edition was printed: a place renamed since
        (海门市 -> 海门区) counts as the kind its printed name shows, not its current kind.
    """
    rankings = package["rankings"]
    corrections = package["corrections"]
    fixes = corrections[corrections["field"] == "rank"]
    fixes = fixes.assign(fixed_rank=pd.to_numeric(fixes["corrected_value"]).astype("Int64"))
    rankings = rankings.merge(
        fixes[["edition", "region_code", "fixed_rank"]], on=["edition", "region_code"], how="left",
        validate="one_to_one",
    )
    rankings["rank"] = rankings["fixed_rank"].fillna(rankings["rank"]).astype("Int64")
    regions = package["regions"][["code", "name", "kind", "province_code"]].rename(
        columns={"code": "region_code"}, errors="raise"
    )
    entries = rankings.merge(regions, on="region_code", how="left", validate="many_to_one")
    entries["kind"] = [
        _printed_kind(printed, name, kind)
        for printed, name, kind in zip(entries["printed_name"], entries["name"], entries["kind"], strict=True)
    ]
    entries["province"] = entries["province_code"].str[:2]
    prefix_bloc = {prefix: bloc for bloc, prefixes in blocs.items() for prefix in prefixes}
    entries["bloc"] = entries["province"].map(prefix_bloc)
    columns = ["edition", "rank", "region_code", "name", "kind", "province", "bloc", "printed_rank_change"]
    return entries[columns].sort_values(["edition", "rank"], kind="stable").reset_index(drop=True)


def _printed_kind(printed_name: str, name: str, kind: str) -> str:
    if printed_name == name or kind not in {"县级市", "县", "自治县", "旗", "自治旗", "市辖区"}:
        return kind
    return next((k for suffix, k in _SUFFIX_KINDS if printed_name.endswith(suffix)), kind)


def compute_claim_verdicts(package, params) -> pd.DataFrame:
    """Evaluate every claim of the `claims` resource against the tables.

    Args:
        package: The loaded package; it must hold the `claims` resource.
        params: `Params` (its `.blocs` is used) or a plain mapping bloc -> province prefixes.

    Returns:
        One row per claim, sorted by claim_id, with columns `VERDICT_COLUMNS`; no rows when the
        package has no `claims` resource (a minimal test package).

    Raises:
        CheckError: Listing every claim whose params cannot be evaluated, by claim_id.
    """
    if "claims" not in package.tables:
        return pd.DataFrame(columns=list(VERDICT_COLUMNS), dtype="string")
    blocs = getattr(params, "blocs", params)
    entries = compute_claim_entries(package, blocs)
    editions = package["editions"].set_index("edition")
    names = dict(zip(package["regions"]["code"], package["regions"]["name"], strict=True))
    rows, problems = [], []
    for claim in package["claims"].sort_values("claim_id", kind="stable").itertuples(index=False):
        try:
            rows.append(_evaluate_claim(claim, entries, editions, blocs, names))
        except CheckError as exc:
            problems.extend(exc.problems)
    if problems:
        raise CheckError(problems)
    return pd.DataFrame(rows, columns=list(VERDICT_COLUMNS)).astype("string")


def _evaluate_claim(claim, entries, editions, blocs, names) -> dict:
    where = render_claim_location(claim.claim_id)
    try:
        params = json.loads(claim.params)
    except json.JSONDecodeError as exc:
        raise CheckError(f"{where}: params is not valid JSON ({exc}). Fix the params cell.") from exc
    if claim.check not in EVALUATORS:
        raise CheckError(f'{where}: unknown check "{claim.check}". Use one of {", ".join(EVALUATORS)}.')
    context = ClaimContext(claim.claim_id, params, entries[entries["edition"] == claim.edition],
                     editions.loc[claim.edition], blocs, names)
    try:
        finding = EVALUATORS[claim.check](context)
    except KeyError as exc:
        raise CheckError(f"{where}: params lacks {exc} or names an unknown code. Fix params.") from exc
    verdict = "agrees" if finding.agrees else "disagrees"
    return {"claim_id": claim.claim_id, "verdict": verdict, "expected": claim.expected,
            "found": finding.found, "explanation": finding.explanation}
