"""Score stage: the claim kinds of the `claims` resource, one evaluator per kind.

Input: a `ClaimContext` (one claim's parsed params, the entries of its edition, its editions row,
the bloc mapping, registry names). Output: a `Finding` (the value the table gives, whether it bears
the claim out, a one-line explanation). `scoring.claims` runs them over the whole resource.

Counts (count_in_province, count_in_bloc, count_of_kind, province_count, share_pct, tier_size,
province_rank, printed_mark_share, share_of_stated_total) are compared with the claim's `op` (eq,
ge, gt, le, lt, approx with `tolerance`, between `low` and `high`); the other kinds are
identities (province_leader, bloc_leader, rank_of, rank_within, bloc_of, printed_change_mark,
not_ranked). The kinds that check the text's own arithmetic live in `scoring.claim_arithmetic`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple

import pandas as pd

from scoring.errors import CheckError
from scoring.tiers import compute_tier_ranges

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
# The found values that are words, not figures or names: the place is not on the list; a group has
# no entry to lead it. The English notes say them in English.
NOT_RANKED = "未入榜"
NO_ENTRY = "（无）"
# What `claims.expected` holds for a table cell printed empty (the descriptor's own example).
BLANK_CELL = "（空）"
_OP_WORDS = {"eq": "", "ge": "≥", "gt": ">", "le": "≤", "lt": "<", "approx": "≈", "between": "介于"}


class Finding(NamedTuple):
    """What the table gives for one claim.

    `partly`: the claim holds for some of the values the text leaves open and not for others (a
    share of a total the text gives only as a bound); its verdict is "depends on reading".
    `figures`: what the found value is worked out from, without words (`scoring.claims.READING_FIGURES`):
    a share's count and total, a list's number of names and figures, the pairs out of order, the
    code and rank of a province's or bloc's first place.
    """

    found: str
    agrees: bool
    explanation: str
    partly: bool = False
    figures: Mapping[str, object] | None = None


class ClaimContext(NamedTuple):
    """One claim with what its evaluator needs: params, the entries of its edition, its editions row."""

    claim_id: str
    params: dict
    entries: pd.DataFrame
    edition: pd.Series
    blocs: Mapping[str, tuple[str, ...]]
    names: Mapping[str, str]
    facts: pd.DataFrame | None = None


def render_claim_location(claim_id: str) -> str:
    """Return where a claim lives, for error messages: its file and claim_id."""
    return f"datapackage/data/claims.csv claim {claim_id}"


def _in_range(c: ClaimContext) -> tuple[pd.DataFrame, str]:
    first, last = c.params.get("rank_from", 1), c.params.get("rank_to", int(c.edition["size"]))
    if (first, last) == (1, int(c.edition["size"])):
        return c.entries, "全榜"  # ranks cover 1..size (checks.check_rank_coverage)
    scope = f"第 {first}-{last} 名"
    ranks = c.entries["rank"]
    rows = c.entries[(ranks >= first) & (ranks <= last)]
    if rows.empty:
        where = render_claim_location(c.claim_id)
        raise CheckError(f"{where}: no entry of {c.edition.name} lies in ranks {first}-{last}.")
    return rows, scope


def compare(c: ClaimContext, found: float, what: str, unit: str = " 个", prefix: str = "榜单中") -> Finding:
    """Compare a value the tables (or the text's own figures) give with the claim's `op` and value."""
    op = c.params.get("op", "eq")
    if op not in _OPS:
        where = render_claim_location(c.claim_id)
        raise CheckError(f'{where}: unknown op "{op}". Use one of {", ".join(_OPS)}.')
    for key in _OP_KEYS.get(op, ("value",)):
        if key not in c.params:
            raise KeyError(key)
    agrees = bool(_OPS[op](found, c.params))
    shown = f"{found:.1f}" if unit == "%" else f"{found:g}"
    p = c.params
    stated = f'{p["low"]:g}-{p["high"]:g}' if op == "between" else f'{_OP_WORDS[op]}{p["value"]:g}'
    verb = "与文中一致" if agrees else "与文中不符"
    return Finding(shown, agrees, f"{prefix}{what}为 {shown}{unit}，文中称 {stated}{unit}，{verb}")


def _province_names(c: ClaimContext, prefixes: list[str]) -> str:
    return "、".join(c.names.get(f"{prefix}0000", prefix) for prefix in prefixes)


def _provinces(c: ClaimContext) -> list[str]:
    codes = c.params.get("province_codes") or [c.params["province_code"]]
    return [str(code) for code in codes]


def _bloc_names(c: ClaimContext) -> list[str]:
    names = c.params.get("blocs") or [c.params["bloc"]]
    for name in names:
        c.blocs[name]  # an unknown bloc name raises KeyError, reported as a params problem
    return names


def _evaluate_count_in_province(c: ClaimContext) -> Finding:
    rows, scope = _in_range(c)
    provinces = _provinces(c)
    found = int(rows["province"].isin(provinces).sum())
    return compare(c, found, f"{scope}{_province_names(c, provinces)}的数量")


def _evaluate_count_in_bloc(c: ClaimContext) -> Finding:
    rows, scope = _in_range(c)
    names = _bloc_names(c)
    return compare(c, int(rows["bloc"].isin(names).sum()), f"{scope}{'、'.join(names)}的数量")


def _evaluate_count_of_kind(c: ClaimContext) -> Finding:
    rows, scope = _in_range(c)
    kinds = list(c.params["kinds"])
    return compare(c, int(rows["kind"].isin(kinds).sum()), f"{scope}{'、'.join(kinds)}的数量")


def _evaluate_province_count(c: ClaimContext) -> Finding:
    rows, scope = _in_range(c)
    return compare(c, int(rows["province"].nunique()), f"{scope}所涉省份数")


def _evaluate_share_pct(c: ClaimContext) -> Finding:
    rows, scope = _in_range(c)
    if c.params.get("blocs"):
        label, hits = "、".join(_bloc_names(c)), rows["bloc"].isin(_bloc_names(c))
    else:
        label, hits = _province_names(c, _provinces(c)), rows["province"].isin(_provinces(c))
    count = int(hits.sum())
    finding = compare(c, 100 * count / len(rows), f"{scope}{label}的占比（{count}/{len(rows)}）", unit="%")
    return finding._replace(figures={"count": count, "total": len(rows)})


def _evaluate_share_of_stated_total(c: ClaimContext) -> Finding:
    """Share of a total the text states (江苏 41 个县（市）) that the list's entries of the scope make up.

    With `denominator_op` ge (le) the text gives only a bound: the total is at least (at most)
    `denominator`, so the share is at most (at least) count / denominator. The claim then agrees
    when some share within that bound bears it out, and the explanation says whether every one does.
    """
    rows, scope = _in_range(c)
    if c.params.get("blocs") or c.params.get("bloc"):
        label, hits = "、".join(_bloc_names(c)), rows["bloc"].isin(_bloc_names(c))
    else:
        label, hits = _province_names(c, _provinces(c)), rows["province"].isin(_provinces(c))
    count, denominator = int(hits.sum()), int(c.params["denominator"])
    finding = compare(c, 100 * count / denominator, "占比", unit="%")
    stated = finding.explanation.split("文中称 ", 1)[1]
    bound = c.params.get("denominator_op")
    if bound is None:
        explanation = (f"榜单中{scope}{label}有 {count} 个，{count}/{denominator} = {finding.found}%，"
                       f"文中称 {stated}")
        return finding._replace(explanation=explanation, figures={"count": count, "total": denominator})
    if bound not in _BOUND_WORDS:
        where = render_claim_location(c.claim_id)
        raise CheckError(f'{where}: denominator_op must be ge or le, not "{bound}".')
    share = 100 * count / denominator
    low, high = (0.0, share) if bound == "ge" else (share, 100.0)
    every, some = _shares_bear_out(c, low, high)
    holds = _totals_bearing_out(c, count, denominator, bound) if some and not every else ()
    total_word, share_word = _BOUND_WORDS[bound]
    if every or not holds:
        outcome = "必然成立" if every else "不能成立"
    else:
        outcome = f"{_describe_totals(holds, bound, denominator)}，取决于文中未给出的确切总数"
    stated = stated.rsplit("，", 1)[0]
    explanation = (f"榜单中{scope}{label}有 {count} 个；文中只说总数{total_word} {denominator} 个，"
                   f"占比{share_word} {count}/{denominator} = {finding.found}%，文中称 {stated}，{outcome}")
    figures = {"count": count, "total": denominator, "total_bound": bound, "share": finding.found}
    return Finding(f"{share_word}{finding.found}", every or bool(holds), explanation, partly=bool(holds),
                   figures=figures)


# A lower bound on a total leaves it open upwards: totals are tried up to this many times the bound.
_OPEN_TOTAL_FACTOR = 10


def _totals_bearing_out(c: ClaimContext, count: int, denominator: int, bound: str) -> tuple[int, ...]:
    """Return the whole totals the text allows for which the share, shown to 0.1 %, bears out the claim."""
    p, op = c.params, c.params.get("op", "eq")
    if bound == "ge":
        allowed = range(denominator, _OPEN_TOTAL_FACTOR * denominator + 1)
    else:
        allowed = range(max(count, 1), denominator + 1)
    return tuple(t for t in allowed if _OPS[op](round(100 * count / t, 1), p))


def _describe_totals(holds: tuple[int, ...], bound: str, denominator: int) -> str:
    """Say for which totals the claim holds: "总数为 75–84 个时成立，为文中所说范围内的其他数目时不成立"."""
    first, last = holds[0], holds[-1]
    span = f"{first} 个" if first == last else f"{first}–{last} 个"
    if bound == "ge" and last == _OPEN_TOTAL_FACTOR * denominator:
        span = f"{first} 个及以上"
    return f"总数为 {span}时成立，为文中所说范围内的其他数目时不成立"


# denominator_op -> (the total is …, so the share is …)
_BOUND_WORDS = {"ge": ("至少", "至多"), "le": ("至多", "至少")}


def _shares_bear_out(c: ClaimContext, low: float, high: float) -> tuple[bool, bool]:
    """Return whether every share in low..high, and whether some share there, bears out the claim's op."""
    p, op = c.params, c.params.get("op", "eq")
    if op in ("gt", "ge", "lt", "le"):
        test = _OPS[op]
        return test(low, p) and test(high, p), test(high if op in ("gt", "ge") else low, p)
    if op == "eq":
        first, last = p["value"], p["value"]
    elif op == "approx":
        first, last = p["value"] - p["tolerance"], p["value"] + p["tolerance"]
    else:
        first, last = p["low"], p["high"]
    return first <= low and high <= last, first <= high and low <= last


def _evaluate_tier_size(c: ClaimContext) -> Finding:
    boundaries = c.edition["tier_boundaries"]
    if pd.isna(boundaries):
        where = render_claim_location(c.claim_id)
        raise CheckError(f"{where}: edition {c.edition.name} has no tier_boundaries.")
    ranges = compute_tier_ranges(boundaries)
    tier = int(c.params["tier"])
    if not 1 <= tier <= len(ranges):
        raise CheckError(f"{render_claim_location(c.claim_id)}: tier {tier} is not in 1..{len(ranges)}.")
    first, last = ranges[tier - 1]
    return compare(c, last - first + 1, f"第 {tier} 梯队（第 {first}-{last} 名）的规模")


def _label(c: ClaimContext, code: str) -> str:
    return c.names.get(code, code)


def _entry_of(c: ClaimContext, registered: bool = True) -> pd.Series | None:
    code = c.params["region_code"]
    if registered:
        c.names[code]  # a code outside the registry raises KeyError, reported as a params problem
    hits = c.entries[c.entries["region_code"] == code]
    return None if hits.empty else hits.iloc[0]


def _leader(c: ClaimContext, rows: pd.DataFrame, group: str) -> Finding:
    code = c.params["region_code"]
    c.names[code]  # a code outside the registry raises KeyError
    if rows.empty:
        return Finding(NO_ENTRY, False, f"榜单中{group}没有入榜者，文中称首位为 {_label(c, code)}")
    top = rows.sort_values("rank", kind="stable").iloc[0]
    found = f"{top['name']}（{top['rank']}）"
    agrees = top["region_code"] == code and c.params.get("rank", top["rank"]) == top["rank"]
    stated = _label(c, code) + (f"（{c.params['rank']}）" if "rank" in c.params else "")
    return Finding(found, agrees, f"榜单中{group}首位为 {found}，文中称 {stated}",
                   figures={"region_code": str(top["region_code"]), "rank": int(top["rank"])})


def _evaluate_province_leader(c: ClaimContext) -> Finding:
    code = str(c.params["province_code"])
    return _leader(c, c.entries[c.entries["province"] == code], _province_names(c, [code]))


def _evaluate_bloc_leader(c: ClaimContext) -> Finding:
    name = _bloc_names(c)[0]
    return _leader(c, c.entries[c.entries["bloc"] == name], name)


def _evaluate_rank_of(c: ClaimContext) -> Finding:
    entry, name = _entry_of(c), _label(c, c.params["region_code"])
    found = NOT_RANKED if entry is None else str(entry["rank"])
    agrees = entry is not None and entry["rank"] == c.params["rank"]
    return Finding(found, agrees, f"榜单中{name}排名为 {found}，文中称第 {c.params['rank']} 名")


def _evaluate_rank_within(c: ClaimContext) -> Finding:
    entry, name = _entry_of(c), _label(c, c.params["region_code"])
    first, last = c.params["rank_from"], c.params["rank_to"]
    found = NOT_RANKED if entry is None else str(entry["rank"])
    agrees = entry is not None and first <= entry["rank"] <= last
    return Finding(found, agrees, f"榜单中{name}排名为 {found}，文中称在第 {first}-{last} 名之内")


def _evaluate_province_rank(c: ClaimContext) -> Finding:
    entry, name = _entry_of(c), _label(c, c.params["region_code"])
    if entry is None:
        return Finding(NOT_RANKED, False, f"榜单中没有{name}，文中称其为省内第 {c.params['value']} 名")
    peers = c.entries[c.entries["province"] == entry["province"]]
    return compare(c, int((peers["rank"] < entry["rank"]).sum()) + 1, f"{name}的省内名次", unit=" 名")


def _evaluate_bloc_of(c: ClaimContext) -> Finding:
    entry, name = _entry_of(c), _label(c, c.params["region_code"])
    _bloc_names(c)
    found = NOT_RANKED if entry is None else str(entry["bloc"])
    return Finding(found, found == c.params["bloc"], f"{name}属于{found}，文中称{c.params['bloc']}")


def _marks(c: ClaimContext) -> list[str]:
    return [str(mark) for mark in c.params.get("marks") or [c.params["mark"]]]


def _evaluate_printed_change_mark(c: ClaimContext) -> Finding:
    entry, name = _entry_of(c), _label(c, c.params["region_code"])
    found = NOT_RANKED if entry is None else str(entry["printed_rank_change"])
    marks = _marks(c)
    stated = "」或「".join(marks)
    agrees = found in marks
    return Finding(found, agrees, f"榜单中{name}所印的排名变化标记为「{found}」，文意对应「{stated}」，"
                                  + ("与文中一致" if agrees else "与文中不符"))


def _evaluate_printed_mark_share(c: ClaimContext) -> Finding:
    code = str(c.params["province_code"])
    rows = c.entries[c.entries["province"] == code]
    marks = _marks(c)
    hits = int(rows["printed_rank_change"].isin(marks).sum())
    what = f"{_province_names(c, [code])}标「{'」或「'.join(marks)}」者的占比（{hits}/{len(rows)}）"
    finding = compare(c, 100 * hits / len(rows) if len(rows) else 0.0, what, unit="%")
    return finding._replace(figures={"count": hits, "total": len(rows)})


def _evaluate_not_ranked(c: ClaimContext) -> Finding:
    entry, code = _entry_of(c, registered=False), c.params["region_code"]
    found = NOT_RANKED if entry is None else str(entry["rank"])
    where = NOT_RANKED if entry is None else f"排名 {found}"
    return Finding(found, entry is None, f"榜单中{_label(c, code)}{where}，文中称未入榜")


TABLE_EVALUATORS: Mapping[str, Callable[[ClaimContext], Finding]] = {
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
    "share_of_stated_total": _evaluate_share_of_stated_total,
}
