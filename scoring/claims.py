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
from scoring.entries import add_edition_kind, apply_rank_corrections
from scoring.errors import CheckError

VERDICT_COLUMNS = ("claim_id", "verdict", "expected", "found", "explanation")


def compute_claim_entries(package, blocs: Mapping[str, tuple[str, ...]]) -> pd.DataFrame:
    """Join each ranking row with its registry row, bloc and corrected rank.

    Args:
        package: The loaded package (`rankings`, `regions`, `corrections`, `region_changes`).
        blocs: Bloc name -> two-digit province prefixes.

    Returns:
        One row per ranking row: edition, rank (a printed rank corrected where `corrections` says
        so), region_code, name, kind, province (two-digit prefix), bloc, printed_rank_change.
        `kind` is the kind the place had when the edition was printed (`scoring.entries.add_edition_kind`):
        a place printed under a former name (海门市 -> 海门区) counts as the kind that name shows.
    """
    rankings = apply_rank_corrections(package["rankings"], package["corrections"])
    regions = package["regions"][["code", "name", "kind", "province_code"]].rename(
        columns={"code": "region_code"}, errors="raise"
    )
    entries = rankings.merge(regions, on="region_code", how="left", validate="many_to_one")
    entries = add_edition_kind(entries, package["region_changes"])
    entries["kind"] = entries["edition_kind"]
    entries["province"] = entries["province_code"].str[:2]
    prefix_bloc = {prefix: bloc for bloc, prefixes in blocs.items() for prefix in prefixes}
    entries["bloc"] = entries["province"].map(prefix_bloc)
    columns = ["edition", "rank", "region_code", "name", "kind", "province", "bloc", "printed_rank_change"]
    return entries[columns].sort_values(["edition", "rank"], kind="stable").reset_index(drop=True)


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
    # Split once: a claim reads the entries of its own edition only.
    by_edition = {str(edition): rows for edition, rows in entries.groupby("edition")}
    rows, problems = [], []
    for claim in package["claims"].sort_values("claim_id", kind="stable").itertuples(index=False):
        try:
            edition_entries = by_edition.get(claim.edition, entries.iloc[0:0])
            rows.append(_evaluate_claim(claim, edition_entries, editions, blocs, names))
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
    context = ClaimContext(claim.claim_id, params, entries, editions.loc[claim.edition], blocs, names)
    try:
        finding = EVALUATORS[claim.check](context)
    except KeyError as exc:
        raise CheckError(f"{where}: params lacks {exc} or names an unknown code. Fix params.") from exc
    verdict = "agrees" if finding.agrees else "disagrees"
    return {"claim_id": claim.claim_id, "verdict": verdict, "expected": claim.expected,
            "found": finding.found, "explanation": finding.explanation}
