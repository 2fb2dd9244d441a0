"""Score stage: check the aggregate claims the reports' text makes about their own ranking tables.

Input: the `claims` resource (one row per claim: a verbatim statement, a `check` kind and a JSON
`params` assertion), the rankings, the region registry, the editions and the bloc mapping of
`Params`. Output: the `claim_verdicts` table, one row per claim: agrees | disagrees, the value the
text states, the value the table gives and a one-line explanation.

Check kinds (the `check` enum of `claims`; every count may be limited to ranks `rank_from`..`rank_to`):
count_in_province, count_in_bloc, count_of_kind, province_count, share_pct (numbers compared with
`op`), tier_size, province_leader, bloc_leader, rank_of, rank_within, province_rank, bloc_of,
printed_change_mark, printed_mark_share, not_ranked. The `claims` schema documents each kind's params.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import NamedTuple

import pandas as pd

from scoring.errors import CheckError
from scoring.tiers import compute_tier_ranges

VERDICT_COLUMNS = ("claim_id", "verdict", "expected", "found", "explanation")
_OPS: Mapping[str, Callable[[float, dict], bool]] = {
    "eq": lambda f, p: f == p["value"],
    "ge": lambda f, p: f >= p["value"],
    "gt": lambda f, p: f > p["value"],
    "le": lambda f, p: f <= p["value"],
    "lt": lambda f, p: f < p["value"],
    "approx": lambda f, p: abs(f - p["value"]) <= p["tolerance"],
    "between": lambda f, p: p["low"] <= f <= p["high"],
}
_OP_KEYS = {"approx": ("value", "tolerance"), "between": ("low", "high")}
# Generic suffixes of county-level names and the kind each shows, longest first.
_SUFFIX_KINDS = (
    ("自治旗", "自治旗"), ("自治县", "自治县"), ("旗", "旗"),
    ("县", "县"), ("市", "县级市"), ("区", "市辖区"),
)
_OP_WORDS = {"eq": "", "ge": "≥", "gt": ">", "le": "≤", "lt": "<", "approx": "≈", "between": "介于"}


class Finding(NamedTuple):
    """What the table gives for one claim."""

    found: str
    agrees: bool
    explanation: str


class _Claim(NamedTuple):
    claim_id: str
    params: dict
    entries: pd.DataFrame
    edition: pd.Series
    blocs: Mapping[str, tuple[str, ...]]
    names: Mapping[str, str]


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
    where = _where(claim.claim_id)
    try:
        params = json.loads(claim.params)
    except json.JSONDecodeError as exc:
        raise CheckError(f"{where}: params is not valid JSON ({exc}). Fix the params cell.") from exc
    if claim.check not in EVALUATORS:
        raise CheckError(f'{where}: unknown check "{claim.check}". Use one of {", ".join(EVALUATORS)}.')
    context = _Claim(claim.claim_id, params, entries[entries["edition"] == claim.edition],
                     editions.loc[claim.edition], blocs, names)
    try:
        finding = EVALUATORS[claim.check](context)
    except KeyError as exc:
        raise CheckError(f"{where}: params lacks {exc} or names an unknown code. Fix params.") from exc
    verdict = "agrees" if finding.agrees else "disagrees"
    return {"claim_id": claim.claim_id, "verdict": verdict, "expected": claim.expected,
            "found": finding.found, "explanation": finding.explanation}


def _where(claim_id: str) -> str:
    return f"datapackage/data/claims.csv claim {claim_id}"


def _in_range(c: _Claim) -> tuple[pd.DataFrame, str]:
    first, last = c.params.get("rank_from", 1), c.params.get("rank_to", int(c.edition["size"]))
    scope = "全榜" if (first, last) == (1, int(c.edition["size"])) else f"第 {first}-{last} 名"
    ranks = c.entries["rank"]
    rows = c.entries[(ranks >= first) & (ranks <= last)]
    if rows.empty:
        raise CheckError(f"{_where(c.claim_id)}: no entry of {c.edition.name} lies in ranks {first}-{last}.")
    return rows, scope


def _compare(c: _Claim, found: float, what: str, unit: str = " 个") -> Finding:
    op = c.params.get("op", "eq")
    if op not in _OPS:
        raise CheckError(f'{_where(c.claim_id)}: unknown op "{op}". Use one of {", ".join(_OPS)}.')
    for key in _OP_KEYS.get(op, ("value",)):
        if key not in c.params:
            raise KeyError(key)
    agrees = bool(_OPS[op](found, c.params))
    shown = f"{found:.1f}" if unit == "%" else f"{found:g}"
    p = c.params
    stated = f'{p["low"]:g}-{p["high"]:g}' if op == "between" else f'{_OP_WORDS[op]}{p["value"]:g}'
    verb = "与文中一致" if agrees else "与文中不符"
    return Finding(shown, agrees, f"表中{what}为 {shown}{unit}，文中称 {stated}{unit}，{verb}")


def _province_names(c: _Claim, prefixes: list[str]) -> str:
    return "、".join(c.names.get(f"{prefix}0000", prefix) for prefix in prefixes)


def _provinces(c: _Claim) -> list[str]:
    codes = c.params.get("province_codes") or [c.params["province_code"]]
    return [str(code) for code in codes]


def _bloc_names(c: _Claim) -> list[str]:
    names = c.params.get("blocs") or [c.params["bloc"]]
    for name in names:
        c.blocs[name]  # an unknown bloc name raises KeyError, reported as a params problem
    return names


def _evaluate_count_in_province(c: _Claim) -> Finding:
    rows, scope = _in_range(c)
    provinces = _provinces(c)
    found = int(rows["province"].isin(provinces).sum())
    return _compare(c, found, f"{scope}{_province_names(c, provinces)}的数量")


def _evaluate_count_in_bloc(c: _Claim) -> Finding:
    rows, scope = _in_range(c)
    names = _bloc_names(c)
    return _compare(c, int(rows["bloc"].isin(names).sum()), f"{scope}{'、'.join(names)}的数量")


def _evaluate_count_of_kind(c: _Claim) -> Finding:
    rows, scope = _in_range(c)
    kinds = list(c.params["kinds"])
    return _compare(c, int(rows["kind"].isin(kinds).sum()), f"{scope}{'、'.join(kinds)}的数量")


def _evaluate_province_count(c: _Claim) -> Finding:
    rows, scope = _in_range(c)
    return _compare(c, int(rows["province"].nunique()), f"{scope}所涉省份数")


def _evaluate_share_pct(c: _Claim) -> Finding:
    rows, scope = _in_range(c)
    if c.params.get("blocs"):
        label, hits = "、".join(_bloc_names(c)), rows["bloc"].isin(_bloc_names(c))
    else:
        label, hits = _province_names(c, _provinces(c)), rows["province"].isin(_provinces(c))
    found = 100 * int(hits.sum()) / len(rows)
    return _compare(c, found, f"{scope}{label}的占比（{int(hits.sum())}/{len(rows)}）", unit="%")


def _evaluate_tier_size(c: _Claim) -> Finding:
    boundaries = c.edition["tier_boundaries"]
    if pd.isna(boundaries):
        raise CheckError(f"{_where(c.claim_id)}: edition {c.edition.name} has no tier_boundaries.")
    ranges = compute_tier_ranges(boundaries)
    tier = int(c.params["tier"])
    if not 1 <= tier <= len(ranges):
        raise CheckError(f"{_where(c.claim_id)}: tier {tier} is not in 1..{len(ranges)}.")
    first, last = ranges[tier - 1]
    return _compare(c, last - first + 1, f"第 {tier} 梯队（第 {first}-{last} 名）的规模")


def _label(c: _Claim, code: str) -> str:
    return c.names.get(code, code)


def _entry_of(c: _Claim, registered: bool = True) -> pd.Series | None:
    code = c.params["region_code"]
    if registered:
        c.names[code]  # a code outside the registry raises KeyError, reported as a params problem
    hits = c.entries[c.entries["region_code"] == code]
    return None if hits.empty else hits.iloc[0]


def _leader(c: _Claim, rows: pd.DataFrame, group: str) -> Finding:
    code = c.params["region_code"]
    c.names[code]  # a code outside the registry raises KeyError
    if rows.empty:
        return Finding("（无）", False, f"表中{group}没有入榜者，文中称首位为 {_label(c, code)}")
    top = rows.sort_values("rank", kind="stable").iloc[0]
    found = f"{top['name']}（{top['rank']}）"
    agrees = top["region_code"] == code and c.params.get("rank", top["rank"]) == top["rank"]
    stated = _label(c, code) + (f"（{c.params['rank']}）" if "rank" in c.params else "")
    return Finding(found, agrees, f"表中{group}首位为 {found}，文中称 {stated}")


def _evaluate_province_leader(c: _Claim) -> Finding:
    code = str(c.params["province_code"])
    return _leader(c, c.entries[c.entries["province"] == code], _province_names(c, [code]))


def _evaluate_bloc_leader(c: _Claim) -> Finding:
    name = _bloc_names(c)[0]
    return _leader(c, c.entries[c.entries["bloc"] == name], name)


def _evaluate_rank_of(c: _Claim) -> Finding:
    entry, name = _entry_of(c), _label(c, c.params["region_code"])
    found = "未入榜" if entry is None else str(entry["rank"])
    agrees = entry is not None and entry["rank"] == c.params["rank"]
    return Finding(found, agrees, f"表中{name}排名为 {found}，文中称第 {c.params['rank']} 名")


def _evaluate_rank_within(c: _Claim) -> Finding:
    entry, name = _entry_of(c), _label(c, c.params["region_code"])
    first, last = c.params["rank_from"], c.params["rank_to"]
    found = "未入榜" if entry is None else str(entry["rank"])
    agrees = entry is not None and first <= entry["rank"] <= last
    return Finding(found, agrees, f"表中{name}排名为 {found}，文中称在第 {first}-{last} 名之内")


def _evaluate_province_rank(c: _Claim) -> Finding:
    entry, name = _entry_of(c), _label(c, c.params["region_code"])
    if entry is None:
        return Finding("未入榜", False, f"表中没有{name}，文中称其为省内第 {c.params['value']} 名")
    peers = c.entries[c.entries["province"] == entry["province"]]
    return _compare(c, int((peers["rank"] < entry["rank"]).sum()) + 1, f"{name}的省内名次", unit=" 名")


def _evaluate_bloc_of(c: _Claim) -> Finding:
    entry, name = _entry_of(c), _label(c, c.params["region_code"])
    _bloc_names(c)
    found = "未入榜" if entry is None else str(entry["bloc"])
    return Finding(found, found == c.params["bloc"], f"{name}属于{found}，文中称{c.params['bloc']}")


def _evaluate_printed_change_mark(c: _Claim) -> Finding:
    entry, name = _entry_of(c), _label(c, c.params["region_code"])
    found = "未入榜" if entry is None else str(entry["printed_rank_change"])
    agrees = found == c.params["mark"]
    return Finding(found, agrees, f"表中{name}的排名变化标记为「{found}」，文意对应「{c.params['mark']}」")


def _evaluate_printed_mark_share(c: _Claim) -> Finding:
    code = str(c.params["province_code"])
    rows = c.entries[c.entries["province"] == code]
    hits = int((rows["printed_rank_change"] == c.params["mark"]).sum())
    what = f"{_province_names(c, [code])}标「{c.params['mark']}」者的占比（{hits}/{len(rows)}）"
    return _compare(c, 100 * hits / len(rows) if len(rows) else 0.0, what, unit="%")


def _evaluate_not_ranked(c: _Claim) -> Finding:
    entry, code = _entry_of(c, registered=False), c.params["region_code"]
    found = "未入榜" if entry is None else str(entry["rank"])
    where = "未入榜" if entry is None else f"排名 {found}"
    return Finding(found, entry is None, f"表中{_label(c, code)}{where}，文中称未入榜")


EVALUATORS: Mapping[str, Callable[[_Claim], Finding]] = {
    "count_in_province": _evaluate_count_in_province,
    "count_in_bloc": _evaluate_count_in_bloc,
    "count_of_kind": _evaluate_count_of_kind,
    "province_count": _evaluate_province_count,
    "share_pct": _evaluate_share_pct,
    "tier_size": _evaluate_tier_size,
    "province_leader": _evaluate_province_leader,
    "bloc_leader": _evaluate_bloc_leader,
    "rank_of": _evaluate_rank_of,
    "rank_within": _evaluate_rank_within,
    "province_rank": _evaluate_province_rank,
    "bloc_of": _evaluate_bloc_of,
    "printed_change_mark": _evaluate_printed_change_mark,
    "printed_mark_share": _evaluate_printed_mark_share,
    "not_ranked": _evaluate_not_ranked,
}
