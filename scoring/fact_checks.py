"""Check stage: each fact's figures are printed in its own quote; its lines run forward.

Input: a loaded `Package` with the `facts` resource. Output: nothing; each `check_*` raises
`CheckError` naming file, row, column, what is wrong and what to do. The committed quote is enough:
the seeds are not needed (the tests re-read the seeds for the rest of issue 17's classes).

- `value`, `group_size` and `rank_in_source` are figures the quote prints (`find_printed_numbers`
  reads Arabic and Chinese numerals, 四成, 八分之一, 4 千, 两位数, 过半 …); a group named in full
  (no 等) may state its size by naming that many places (as facts of the statement, or as items of
  an enumeration the quote prints), a table without a count column by
  listing that many items, a rank by 首位/最高 (1) or 仅次于 (2);
- `source_line_end`, when given, is not before `source_line`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from scoring.cells import show_text
from scoring.rows import numbered, raise_if

if TYPE_CHECKING:
    from scoring.package import Package

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
          "八": 8, "九": 9}
POWERS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
CHINESE_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百千万]+")
# Words that state a rank without a numeral.
RANK_WORDS = {1: ("首位", "最高"), 2: ("仅次于",)}
# 两位数 (增长): a growth of at least 10 %.
DOUBLE_DIGITS = "两位数"
HALF = re.compile("过半|一半|半数")
# Tables that list items without a count column: the count is the number of items quoted.
COUNTED_ITEMS = {"national_mfg_innovation_centers": "创新中心"}


def compute_chinese_value(text: str) -> int:
    """Return the value of a Chinese numeral: 三十五 -> 35, 两万 -> 20000, 十 -> 10."""
    total = section = digit = 0
    for char in text:
        if char in DIGITS:
            digit = DIGITS[char]
        elif char == "万":  # 万亿: a bare 万 is one 万
            total += (section + digit or 1) * 10000
            section = digit = 0
        else:
            section += (digit or 1) * POWERS[char]
            digit = 0
    return total + section + digit


def find_printed_numbers(text: str) -> set[float]:
    """Return every figure a passage prints: 15, 4 千 (4000), 千 (1000), 四成 (40), 八分之一 (12.5)."""
    found = {float(m) for m in re.findall(r"\d+(?:\.\d+)?", text)}
    found |= {float(m[0]) * POWERS[m[1]] for m in re.findall(r"(\d+(?:\.\d+)?)\s*([十百千万])", text)}
    found |= {round(100 * int(a) / int(b), 1) for a, b in re.findall(r"(\d+)\s*/\s*(\d+)", text) if int(b)}
    for match in CHINESE_NUMBER.finditer(text):
        found.add(float(compute_chinese_value(match.group())))
    for match in re.finditer(r"(\d+|[一二两三四五六七八九十])成", text):
        part = match.group(1)
        found.add(10.0 * (int(part) if part.isdigit() else compute_chinese_value(part)))
    for whole, part in re.findall(r"([一二三四五六七八九十])分之([一二三四五六七八九十])", text):
        found.add(round(100 * compute_chinese_value(part) / compute_chinese_value(whole), 1))
    found |= {1.0 for _ in re.finditer(r"[上超逾破][千万]", text)}  # 上万家 = 1 万家
    if DOUBLE_DIGITS in text:
        found.add(10.0)
    if HALF.search(text):
        found.add(50.0)
    return found


_ENUMERATION = re.compile(r"[\u4e00-\u9fff（）]+(?:[、和及与][\u4e00-\u9fff（）]+)+")


def find_enumeration_sizes(text: str) -> set[int]:
    """Return the number of items of each enumeration a passage prints ("甲、乙、丙和丁" -> 4)."""
    return {len(re.split("[、和及与]", match.group())) for match in _ENUMERATION.finditer(text)}


def find_statement_members(facts: Iterable) -> list[tuple[str, ...]]:
    """Return, per fact, the printed names of every fact of its statement (same line, metric, quote)."""
    facts = list(facts)
    keys = [(f.source_file, f.source_line, f.metric, f.qualifier, f.quote) for f in facts]
    members: dict[tuple, list[str]] = {}
    for key, fact in zip(keys, facts, strict=True):
        members.setdefault(key, []).append(fact.printed_name)
    return [tuple(members[key]) for key in keys]


def find_figure_problems(fact, members: tuple[str, ...]) -> list[tuple[str, str]]:
    """Return (column, figure) for each figure of `fact` that its quote does not print."""
    quote, numbers = str(fact.quote), find_printed_numbers(str(fact.quote))
    problems = []
    value, size, rank = (_number(getattr(fact, c)) for c in ("value", "group_size", "rank_in_source"))
    if value is not None and value not in numbers:
        item = COUNTED_ITEMS.get(str(fact.metric))
        if not (item and quote.count(item) == value):
            problems.append(("value", _shown(value)))
    named_in_full = not any(f"{name}等" in quote for name in members)
    counted = {len(members)} | find_enumeration_sizes(quote)
    if size is not None and size not in numbers and not (named_in_full and size in counted):
        problems.append(("group_size", _shown(size)))
    words = RANK_WORDS.get(int(rank), ()) if rank is not None else ()
    if rank is not None and rank not in numbers and not any(word in quote for word in words):
        problems.append(("rank_in_source", _shown(rank)))
    return problems


def check_fact_figures(package: Package) -> None:
    """Check that every figure of a fact is printed in its quote (see the module docstring)."""
    if "facts" not in package.tables:
        return
    facts = package["facts"]
    where = package.display_path("facts")
    rows = list(numbered(facts))
    members = find_statement_members(fact for _, fact in rows)
    problems = [f'{where} row {row}, column "{column}": {figure} is not printed in the quote '
                f"{show_text(fact.quote)}; copy the figure as the quote prints it, or quote the passage that "
                "prints it."
                for (row, fact), names in zip(rows, members, strict=True)
                for column, figure in find_figure_problems(fact, names)]
    if "source_line_end" in facts.columns:
        problems += [f'{where} row {row}, column "source_line_end": {fact.source_line_end} is before '
                     f"source_line {fact.source_line}; give the last line of the passage, or leave it empty."
                     for row, fact in rows
                     if _number(fact.source_line_end) is not None and fact.source_line_end < fact.source_line]
    raise_if(problems)


def _number(value: object) -> float | None:
    try:
        number = float(value)  # NA and None raise or give nan
    except (TypeError, ValueError):
        return None
    return None if number != number else number


def _shown(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)


FACT_CHECKS = (check_fact_figures,)
