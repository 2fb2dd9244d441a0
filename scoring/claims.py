"""Score stage: check the aggregate claims the reports' text makes about their own ranking tables.

Input: the `claims` resource (one row per claim: a verbatim statement, a `check` kind and a JSON
`params` assertion), the rankings, the region registry, the editions, the `facts` resource and
the bloc mapping of `Params`. Output: the `claim_verdicts` table, one row per claim: agrees |
disagrees | depends_on_reading, the value the text states, the value the table gives, a
one-line explanation (in Chinese) and, as JSON holding no sentences, each reading's verdict and found
value with the figures it is worked out from (`READING_FIGURES`), which the English notes say in
English.

A claim whose words allow more than one reading names its first reading in `params.reading` and
lists the others in `params.other_readings` (each a label plus the params it changes). It agrees
when every reading agrees, disagrees when none does, and otherwise depends on the reading; the
explanation then spells out each reading.

The check kinds (the `check` enum of `claims`, one evaluator each) live in
`scoring.claim_evaluators` (against the tables) and `scoring.claim_arithmetic` (the text's own
arithmetic and figures); the `claims` schema documents the params each kind reads.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from types import MappingProxyType

import pandas as pd

from scoring.claim_arithmetic import ARITHMETIC_EVALUATORS
from scoring.claim_evaluators import TABLE_EVALUATORS, ClaimContext, Finding, render_claim_location
from scoring.entries import add_edition_kind, apply_rank_corrections
from scoring.errors import CheckError

VERDICT_COLUMNS = ("claim_id", "verdict", "expected", "found", "explanation", "readings")
# What each reading's object in the `readings` column may hold besides its verdict and found value
# (`Finding.figures`), by the kinds that give them: figures and names, no sentences, so that each
# language can say them.
READING_FIGURES: Mapping[str, str] = MappingProxyType({
    "count": "share kinds: the places counted",
    "total": "share kinds: the places (or the total the text gives) the share is of",
    "total_bound": "share_of_stated_total: ge (le) when the text gives the total only as a least (most)",
    "share": "share_of_stated_total with total_bound: the share count / total, which bounds the true one",
    "names": "list_pairing: how many names the text lists",
    "figures": "list_pairing: how many figures it gives for them",
    "repeated": "list_pairing: the names that are one place, listed more than once",
    "values": "ordered_list: the figures in the order printed",
    "out_of_order": "ordered_list: each pair printed out of order, [[name, figure], [name, figure]]",
    "region_code": "province_leader, bloc_leader: the code of the place the table ranks first",
    "rank": "province_leader, bloc_leader: its rank",
})
EVALUATORS = {**TABLE_EVALUATORS, **ARITHMETIC_EVALUATORS}
# Keys of params that label readings rather than state the assertion itself.
READING_KEYS = ("reading", "reading_en", "other_readings")
READING_NUMERALS = "一二三四五六七八九"


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
    facts = package["facts"] if "facts" in package.tables else None
    # Split once: a claim reads the entries of its own edition only.
    by_edition = {str(edition): rows for edition, rows in entries.groupby("edition")}
    rows, problems = [], []
    claims = package["claims"]
    file_rows = {claim_id: row for row, claim_id in enumerate(claims["claim_id"], start=2)}
    for claim in claims.sort_values("claim_id", kind="stable").itertuples(index=False):
        try:
            edition_entries = by_edition.get(claim.edition, entries.iloc[0:0])
            context = ClaimContext(claim.claim_id, {}, edition_entries, editions.loc[claim.edition], blocs,
                                   names, facts)
            rows.append(_evaluate_claim(claim, context))
        except CheckError as exc:
            # The evaluators name the claim; the message names the file, row and column it lives in.
            place = (f'{_claims_file(package)} row {file_rows[claim.claim_id]}, column "params" '
                     f"(claim {claim.claim_id})")
            problems += [p.replace(render_claim_location(claim.claim_id), place) for p in exc.problems]
    if problems:
        raise CheckError(problems)
    return pd.DataFrame(rows, columns=list(VERDICT_COLUMNS)).astype("string")


def _claims_file(package) -> str:
    """Return the claims file as messages name it (a package built in memory has no descriptor)."""
    if any(r.get("name") == "claims" for r in package.descriptor.get("resources", ())):
        return package.display_path("claims")
    return "claims.csv"


def _evaluate_claim(claim, context: ClaimContext) -> dict:
    where = render_claim_location(claim.claim_id)
    try:
        params = json.loads(claim.params)
    except json.JSONDecodeError as exc:
        raise CheckError(f"{where}: params is not valid JSON ({exc}). Fix the params cell.") from exc
    if claim.check not in EVALUATORS:
        raise CheckError(f'{where}: unknown check "{claim.check}". Use one of {", ".join(EVALUATORS)}.')
    findings = []
    for label, reading_params in _readings(params, where):
        try:
            findings.append((label, EVALUATORS[claim.check](context._replace(params=reading_params))))
        except KeyError as exc:
            raise CheckError(f"{where}: params lacks {exc} or names an unknown code. Fix params.") from exc
    verdict, found, explanation = _combine(findings)
    readings = [{"verdict": _verdict(finding), "found": finding.found, **(finding.figures or {})}
                for _, finding in findings]
    return {"claim_id": claim.claim_id, "verdict": verdict, "expected": claim.expected,
            "found": found, "explanation": explanation,
            "readings": json.dumps(readings, ensure_ascii=False, separators=(", ", ": "))}


def _readings(params: dict, where: str) -> list[tuple[str | None, dict]]:
    base = {key: value for key, value in params.items() if key not in READING_KEYS}
    others = params.get("other_readings", [])
    if not others:
        return [(params.get("reading"), base)]
    if "reading" not in params or any("reading" not in other for other in others):
        raise CheckError(f"{where}: every reading needs a reading label (params.reading and each of "
                         "params.other_readings). Fix params.")
    readings = [(str(params["reading"]), base)]
    for other in others:
        changes = {key: value for key, value in other.items() if key not in READING_KEYS}
        readings.append((str(other["reading"]), {**base, **changes}))
    return readings


def _combine(findings: list[tuple[str | None, Finding]]) -> tuple[str, str, str]:
    """Return verdict, found and explanation of a claim from the finding of each reading.

    Agrees when every reading bears the claim out, disagrees when none does, depends on reading
    otherwise (also when one reading holds only for some of the values the text leaves open).
    """
    verdicts = {_verdict(finding) for _, finding in findings}
    verdict = verdicts.pop() if len(verdicts) == 1 else "depends_on_reading"
    if len(findings) == 1:
        finding = findings[0][1]
        return verdict, finding.found, finding.explanation
    found = " / ".join(dict.fromkeys(finding.found for _, finding in findings))
    explanation = "；".join(
        f"读法{READING_NUMERALS[i]}（{label}）：{finding.explanation}"
        for i, (label, finding) in enumerate(findings)
    )
    return verdict, found, explanation


def _verdict(finding: Finding) -> str:
    return "depends_on_reading" if finding.partly else "agrees" if finding.agrees else "disagrees"
