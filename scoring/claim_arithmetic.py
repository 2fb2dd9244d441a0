"""Score stage: claim kinds that check the reports' own arithmetic and their figures against each other.

Input: a `ClaimContext` (`scoring.claim_evaluators`) whose params carry the numbers the text states
(each copied from the report, never computed by us) and, for `same_fact`, the `facts` resource.
Output: a `Finding` per claim. `scoring.claims` runs them with the table kinds.

Kinds: stated_sum (the parts a breakdown lists add up to the total it states), stated_share (a
percentage the text gives for two figures it also gives), bounded_total (N places each above X
cannot exceed a stated total below the sum of the thresholds), nested_counts (fewer places pass a
higher threshold than a lower one), listed_names (a list names as many
places as the count it states), list_pairing (a "分别" list gives one number per name and names
no place twice), ordered_list (a list printed 依次 is in order of the ranks it prints, or of the
counts it prints largest first), same_fact (one figure of one place stated twice has one value),
stated_mean (an average the text gives is the total it states divided by the count it states) and
same_figure (one figure that is not about a named place, a total or share of a group, stated
twice, in one report or two).

A figure stated on another line (a denominator, a total, the other statement of a figure) is
quoted in params as `<role>_quote` with its line `<role>_line` (and `<role>_file` when it is in
another report); `scoring.source_checks` checks the quote against that line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from scoring.claim_evaluators import ClaimContext, Finding, compare, render_claim_location
from scoring.errors import CheckError

# How a fact's qualifier reads before its value ("第 614 行 超过 500 亿美元").
QUALIFIER_WORDS = {"=": "", ">": "超过 ", "≥": "至少 ", "<": "不足 ", "≤": "至多 ", "≈": "约 "}


def format_number(value: float) -> str:
    """Return a figure as the text would print it: no trailing zeros, at most two decimals."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def format_pairing(names: int, figures: int) -> str:
    """Return what a list_pairing check states and finds: how many names and figures a list gives."""
    return f"{names} 个名称，{figures} 个数字"


def _numbers(c: ClaimContext, key: str) -> list[float]:
    values = c.params[key]
    if not isinstance(values, list) or not values:
        raise CheckError(f"{render_claim_location(c.claim_id)}: params {key} must be a non-empty list.")
    return [float(v) for v in values]


def _signed(parts: list[float]) -> str:
    """Return stated figures as a sum the text would print: 46.7−27.8, 3+2+1."""
    return "".join(("−" if p < 0 else "+") + format_number(abs(p)) for p in parts).lstrip("+")


def _evaluate_stated_sum(c: ClaimContext) -> Finding:
    parts = _numbers(c, "parts")
    total = sum(parts)
    sum_text = _signed(parts)
    found = format_number(total)
    unit = c.params.get("unit", " 个")
    finding = compare(c, total, f"文中所列各项之和（{sum_text}）", unit=unit, prefix="")
    return finding._replace(found=found)


def _figure(c: ClaimContext, key: str) -> tuple[float, str]:
    """Return a stated figure, or the sum of stated figures (a list), and how the text gives it."""
    value = c.params[key]
    if isinstance(value, list):
        parts = [float(v) for v in value]
        return sum(parts), f"({_signed(parts)})"
    return float(value), format_number(float(value))


def _evaluate_stated_share(c: ClaimContext) -> Finding:
    """Check a percentage (or, with unit 倍, a ratio) of two figures the text states."""
    (numerator, top), (denominator, bottom) = _figure(c, "numerator"), _figure(c, "denominator")
    if denominator == 0:
        raise CheckError(f"{render_claim_location(c.claim_id)}: denominator is 0.")
    if c.params.get("unit") == "倍":
        what = f"按文中数字 {top}/{bottom} 算得的倍数"
        return compare(c, round(numerator / denominator, 2), what, unit=" 倍", prefix="")
    what = f"按文中数字 {top}/{bottom} 算得的占比"
    return compare(c, 100 * numerator / denominator, what, unit="%", prefix="")


def _evaluate_bounded_total(c: ClaimContext) -> Finding:
    """Check that places each above a threshold do not add up to more than the stated total.

    `groups` lists {count, over} with cumulative counts (79 places above 100, 62 of them above
    200 ...); the least the places can add up to is the sum over thresholds, highest first, of
    the places that pass that threshold and no higher one.
    """
    groups = sorted(c.params["groups"], key=lambda g: -float(g["over"]))
    least, counted, pieces = 0.0, 0, []
    for group in groups:
        extra = int(group["count"]) - counted
        if extra < 0:
            raise CheckError(f"{render_claim_location(c.claim_id)}: group counts must be cumulative.")
        least += extra * float(group["over"])
        counted += extra
        pieces.append(f"{extra}×{format_number(float(group['over']))}")
    total, unit = float(c.params["total"]), c.params.get("unit", "")
    agrees = least <= total
    verb, outcome = ("不超过", "数字可以同时成立") if agrees else ("已超过", "数字不能同时成立")
    # A total the text states another way (50 强 × 平均 3585 亿元, 7.6 万亿元) says where it comes from.
    quote = str(c.params.get("total_quote") or "")
    origin = f"（{quote}）" if quote and format_number(total) not in quote else ""
    explanation = (f"文中所列各地的下限合计 {' + '.join(pieces)} = {format_number(least)}{unit}，"
                   f"{verb}文中总量 {format_number(total)}{unit}{origin}，{outcome}")
    return Finding(format_number(least), agrees, explanation)


def _evaluate_nested_counts(c: ClaimContext) -> Finding:
    """Check that fewer (or as many) places pass each higher threshold: above 5000 implies above 3000."""
    groups = sorted(c.params["groups"], key=lambda g: float(g["over"]))
    unit = c.params.get("unit", "")
    # A group may name its threshold in words ("达到 100%" for 完全城镇化) instead of "超过 X".
    passing = {id(g): g.get("label") or f"超过 {format_number(float(g['over']))}{unit}" for g in groups}
    shown = "，".join(f"{passing[id(g)]} {int(g['count'])} 个" for g in groups)
    found = " / ".join(str(int(g["count"])) for g in groups)
    rises = [(low, high) for low, high in zip(groups, groups[1:], strict=False)
             if int(high["count"]) > int(low["count"])]
    if not rises:
        return Finding(found, True, f"文中数量依次为{shown}，门槛越高数量越少，彼此相容")
    low, high = rises[0]
    low_at, high_at = passing[id(low)], passing[id(high)]
    low_plain = low_at.removeprefix("超过 ")
    return Finding(found, False, (f"文中数量依次为{shown}：{high_at}的 {int(high['count'])} 个也都超过 "
                                  f"{low_plain}，{low_at}的却只有 {int(low['count'])} 个，彼此矛盾"))


def _evaluate_listed_names(c: ClaimContext) -> Finding:
    names = [str(n) for n in c.params["names"]]
    return compare(c, len(names), f"文中列出的名称（{'、'.join(names)}）的个数", prefix="")


def _evaluate_list_pairing(c: ClaimContext) -> Finding:
    names, values = [str(n) for n in c.params["names"]], _numbers(c, "values")
    keys = [str(k) for k in c.params.get("keys", names)]
    groups: dict[str, list[str]] = {}
    for name, key in zip(names, keys, strict=True):
        groups.setdefault(key, []).append(name)
    twice = ["与".join(group) for group in groups.values() if len(group) > 1]
    problems = []
    if len(names) != len(values):
        problems.append(f"列出 {len(names)} 个名称却给出 {len(values)} 个数字")
    if twice:
        problems.append(f"{'、'.join(twice)}指同一地方，被列了两次")
    found = format_pairing(len(names), len(values))
    figures = {"names": len(names), "figures": len(values),
               "repeated": [group for group in groups.values() if len(group) > 1]}
    if not problems:
        return Finding(found, True, f"文中列出 {len(names)} 个名称、{len(values)} 个数字，一一对应，没有重复",
                       figures=figures)
    return Finding(found, False, "文中" + "；".join(problems) + "，无法逐一对应", figures=figures)


def _evaluate_ordered_list(c: ClaimContext) -> Finding:
    """Check a list printed 依次: ranks ascending, or (descending: true) counts largest first."""
    values = _numbers(c, "values")
    names = [str(n) for n in c.params.get("names", [])] or [format_number(v) for v in values]
    sign, what = (-1, "数量从大到小") if c.params.get("descending") else (1, "名次从小到大")
    breaks = [i for i in range(1, len(values)) if sign * values[i] < sign * values[i - 1]]
    found = "、".join(format_number(v) for v in values)
    # Each pair out of order as [name, value] of the earlier item, then of the later one.
    items = [[name, format_number(value)] for name, value in zip(names, values, strict=True)]
    figures = {"values": [value for _, value in items], "out_of_order": [items[i - 1:i + 1] for i in breaks]}
    if not breaks:
        return Finding(found, True, f"文中依次列出的 {len(values)} 个{what}排列，顺序无误", figures=figures)
    shown = [f"{name}（{value}）" for name, value in items]
    pairs = "；".join(f"{shown[i - 1]}排在{shown[i]}之前" for i in breaks)
    return Finding(found, False, f"文中称“依次”，但{pairs}，顺序不符", figures=figures)


def _fact_values(c: ClaimContext) -> list[tuple[str, float, str]]:
    facts = c.facts
    where = render_claim_location(c.claim_id)
    if facts is None:
        raise CheckError(f"{where}: the package has no facts resource to compare with.")
    by_id = facts.set_index("fact_id")
    rows = []
    for fact_id in c.params["fact_ids"]:
        if fact_id not in by_id.index:
            raise CheckError(f'{where}: fact "{fact_id}" is not in datapackage/data/facts.csv.')
        row = by_id.loc[fact_id]
        qualifier = QUALIFIER_WORDS.get(str(row.get("qualifier", "=")), "")
        rows.append((f"第 {row['source_line']} 行 {qualifier}", float(row["value"]), str(row["unit"])))
    return rows


def _evaluate_same_fact(c: ClaimContext) -> Finding:
    """Compare one figure stated twice: the text's own value or a first fact, then each further fact.

    `op` eq (default: within `tolerance`, default 0) or ge / gt / le / lt (each further figure is
    at least / above / at most / below the first, as when 达到 55% is read as "at least 55%" or
    均超过三百家 is checked against each city's figure).
    """
    stated = _fact_values(c)
    if "value" in c.params:
        stated.insert(0, ("本句 ", float(c.params["value"]), stated[0][2]))
    first = stated[0][1]
    op, tolerance = c.params.get("op", "eq"), float(c.params.get("tolerance", 0))
    checks = {"eq": lambda v: abs(v - first) <= tolerance, "ge": lambda v: v >= first,
              "le": lambda v: v <= first, "gt": lambda v: v > first, "lt": lambda v: v < first}
    if op not in checks:
        raise CheckError(f'{render_claim_location(c.claim_id)}: unknown op "{op}" for same_fact.')
    agrees = all(checks[op](value) for _, value, _ in stated[1:])
    shown = "，".join(f"{where}{format_number(v)}{_spaced(unit)}" for where, v, unit in stated)
    found = " / ".join(format_number(v) for _, v, _ in stated)
    units = list(dict.fromkeys(unit for _, _, unit in stated))
    if len(units) > 1:  # 20 亿元 and 20 万元 are not one figure, whatever the digits
        return Finding(found, False, f"各处数字为 {shown}，单位不同（{'、'.join(units)}），彼此不一致")
    gap = max(abs(v - first) for _, v, _ in stated[1:])
    if op == "eq" and tolerance:
        verb, outcome = ("不超过", "可以同时成立") if agrees else ("超过", "不能同时成立")
        rule = f"相差 {format_number(gap)}，{verb} {format_number(tolerance)}"
        return Finding(found, agrees, f"各处数字为 {shown}，{rule}，{outcome}")
    if op == "eq":
        rule = "彼此一致" if agrees else f"相差 {format_number(gap)}，彼此不一致"
        return Finding(found, agrees, f"各处数字为 {shown}，{rule}")
    words, opposite = {"ge": ("不低于", "低于"), "gt": ("高于", "不高于"), "le": ("不高于", "高于"),
                       "lt": ("低于", "不低于")}[op]
    many = len(stated) > 2
    if agrees:
        rule = f"后者{'均' if many else ''}{words} {format_number(first)}，与文中一致"
    else:
        rule = f"后者{'中有的' if many else ''}{opposite} {format_number(first)}，与文中不符"
    return Finding(found, agrees, f"各处数字为 {shown}，{rule}")


def _spaced(unit: str) -> str:
    return unit if unit in ("%", "") else f" {unit}"


def _evaluate_stated_mean(c: ClaimContext) -> Finding:
    """Check an average against the total and the count the text states (scale converts units).

    total / count × scale, e.g. 89363 亿元 / 8980 万人 × 10000 = 99513 元 per person.
    """
    (total, top), (count, bottom) = _figure(c, "total"), _figure(c, "count")
    if count == 0:
        raise CheckError(f"{render_claim_location(c.claim_id)}: count is 0.")
    scale = float(c.params.get("scale", 1))
    factor = f"×{format_number(scale)}" if scale != 1 else ""
    mean = total / count * scale
    what = f"按文中数字 {top}/{bottom}{factor} 算得的平均值"
    finding = compare(c, mean, what, unit=c.params.get("unit", ""), prefix="")
    return finding._replace(found=format_number(mean))


def _evaluate_same_figure(c: ClaimContext) -> Finding:
    """Compare a figure with the same figure stated elsewhere (other, in other_unit; other_scale converts).

    The figure is not about a named place (those are `same_fact`): a group's total or share, stated
    twice in one report, or in two reports for the same year (other_file). The claim's value, op and
    tolerance say what this statement gives; the other statement is what it is compared with.
    """
    other, shown = _figure(c, "other")
    scale = float(c.params.get("other_scale", 1))
    unit = str(c.params.get("unit", "")).strip()
    other_unit = str(c.params.get("other_unit", unit)).strip()
    line = c.params.get("other_line")
    place = ("另一报告" if c.params.get("other_file") else "") + (f"第 {line} 行" if line else "另处")
    found = other * scale
    converted = f"，折合 {format_number(found)}{_spaced(unit)}" if scale != 1 else ""
    finding = compare(c, found, "", unit=_spaced(unit), prefix="")
    stated = finding.explanation.split("文中称 ", 1)[1].rsplit("，", 1)[0]
    verdict = "两处相符" if finding.agrees else "两处不符"
    explanation = f"{place}所述为 {shown}{_spaced(other_unit)}{converted}，本句称 {stated}，{verdict}"
    return Finding(format_number(found), finding.agrees, explanation)


ARITHMETIC_EVALUATORS: Mapping[str, Callable[[ClaimContext], Finding]] = {
    "stated_sum": _evaluate_stated_sum,
    "stated_share": _evaluate_stated_share,
    "bounded_total": _evaluate_bounded_total,
    "nested_counts": _evaluate_nested_counts,
    "listed_names": _evaluate_listed_names,
    "list_pairing": _evaluate_list_pairing,
    "ordered_list": _evaluate_ordered_list,
    "same_fact": _evaluate_same_fact,
    "stated_mean": _evaluate_stated_mean,
    "same_figure": _evaluate_same_figure,
}
