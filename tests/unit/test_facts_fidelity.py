"""Every fact re-read against the seeds for four classes of transcription error (issue 17).

1. a figure (value, group_size, rank_in_source) that is not in the quoted text;
2. a group size that belongs to another group than the one the named places are in;
3. a printed name normalised instead of copied as printed (溧阳市 where the line prints 溧阳);
4. a sentence broken across lines whose quote stops (or starts) at the break.

These tests read the seeds (../shared/seeds) and require them; the committed facts alone cannot
show any of the four.
"""

import re

import pandas as pd
import pytest
from seedtext import cited_lines, cited_text, norm, seed_lines

from build_scripts.paths import DATAPACKAGE, SEEDS

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
SENTENCE_END = re.compile(r"[。！？；：”」）)…]$")
NAME_SUFFIXES = "市县区旗"
NAME_WINDOW = 8  # a continued sentence names its place at most this many lines above the quote
HEADING_WIDTH = 40  # prose lines of the seeds are whole paragraphs; shorter unpunctuated lines are titles
LIST_ITEM = r"[\u4e00-\u9fff（）]+"


@pytest.fixture(scope="module")
def facts():
    assert SEEDS.is_dir(), f"these checks read the source reports in {SEEDS}"
    return pd.read_csv(DATAPACKAGE / "data" / "facts.csv", dtype=str, keep_default_na=False)


def _chinese_value(text: str) -> int:
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


def _numbers(text: str) -> set[float]:
    """Return every figure a passage prints: 15, 4 千 (4000), 千 (1000), 四成 (40), 八分之一 (12.5) …"""
    found = {float(m) for m in re.findall(r"\d+(?:\.\d+)?", text)}
    found |= {float(m[0]) * POWERS[m[1]] for m in re.findall(r"(\d+(?:\.\d+)?)\s*([十百千万])", text)}
    found |= {round(100 * int(a) / int(b), 1) for a, b in re.findall(r"(\d+)\s*/\s*(\d+)", text)}
    for match in CHINESE_NUMBER.finditer(text):
        found.add(float(_chinese_value(match.group())))
    for match in re.finditer(r"(\d+|[一二两三四五六七八九十])成", text):
        part = match.group(1)
        found.add(10.0 * (int(part) if part.isdigit() else _chinese_value(part)))
    for whole, part in re.findall(r"([一二三四五六七八九十])分之([一二三四五六七八九十])", text):
        found.add(round(100 * _chinese_value(part) / _chinese_value(whole), 1))
    found |= {1.0 for _ in re.finditer(r"[上超逾破][千万]", text)}  # 上万家 = 1 万家
    if DOUBLE_DIGITS in text:
        found.add(10.0)
    if HALF.search(text):
        found.add(50.0)
    return found


def _statement_members(facts: pd.DataFrame) -> list[tuple[str, ...]]:
    """Return, per fact, the printed names of every fact of the same statement (quote and metric)."""
    keys = list(zip(facts["source_file"], facts["source_line"], facts["metric"], facts["qualifier"],
                    facts["quote"], strict=True))
    members: dict[tuple, list[str]] = {}
    for key, name in zip(keys, facts["printed_name"], strict=True):
        members.setdefault(key, []).append(name)
    return [tuple(members[key]) for key in keys]


def _is_closed_list(quote: str, members: tuple[str, ...]) -> bool:
    """Whether the quote names the group's members without 等 (so it names all of them)."""
    return not any(f"{name}等" in quote for name in members)


def _figure_problems(fact, members: tuple[str, ...]) -> list[str]:
    quote, numbers = fact.quote, _numbers(fact.quote)
    problems = []
    if fact.value and float(fact.value) not in numbers:
        item = COUNTED_ITEMS.get(fact.metric)
        if not (item and quote.count(item) == float(fact.value)):
            problems.append(f"value {fact.value}")
    if fact.group_size and float(fact.group_size) not in numbers:
        if not (_is_closed_list(quote, members) and len(members) == int(fact.group_size)):
            problems.append(f"group_size {fact.group_size}")
    if fact.rank_in_source and float(fact.rank_in_source) not in numbers:
        if not any(word in quote for word in RANK_WORDS.get(int(fact.rank_in_source), ())):
            problems.append(f"rank_in_source {fact.rank_in_source}")
    return problems


def test_every_figure_of_a_fact_is_in_its_quote_class_1_issue_17(facts):
    """A value, group size or rank must be printed in the quote (or, for a group named in full
    without 等, equal the number of places named; for a table without a count column, the number
    of items quoted)."""
    wrong = [(row.fact_id, problem) for row, members in zip(facts.itertuples(), _statement_members(facts),
                                                            strict=True)
             for problem in _figure_problems(row, members)]
    assert wrong == []


def _list_after(quote: str, name: str) -> re.Match | None:
    """Match the rest of the enumeration that `name` opens or continues, up to 等 and what follows."""
    start = quote.find(name)
    if start < 0:
        return None
    return re.match(rf"(?:[、和及与]{LIST_ITEM})*等\s*(?:(\d+|[一二两三四五六七八九十]+)\s*[个家座席项])?",
                    quote[start + len(name):])


def _group_problem(fact) -> str | None:
    match = _list_after(fact.quote, fact.printed_name)
    if match is None:
        return None
    stated = match.group(1)
    if stated:  # 等 33 个县（市）: the named places belong to a group of 33
        size = int(stated) if stated.isdigit() else _chinese_value(stated)
        return None if fact.group_size == str(size) else f"等 {size} but group_size {fact.group_size!r}"
    if not fact.group_size:
        return None
    # An open list (等 without a count): a size the quote gives must be for this group, not for a
    # wider one that a later 其中 narrows (出口依存度: 28 above the average, 其中 … 等 above 40%).
    before = fact.quote[:fact.quote.find(fact.printed_name)]
    size_at = [m.end() for m in re.finditer(rf"(?<![\d.]){fact.group_size}(?![\d.])", before)]
    if size_at and "其中" in before[size_at[-1]:]:
        return f"group_size {fact.group_size} counts the group that 其中 narrows"
    return None


def test_group_sizes_belong_to_the_named_group_class_2_issue_17(facts):
    wrong = [(row.fact_id, problem) for row in facts.itertuples()
             if (problem := _group_problem(row)) is not None]
    assert wrong == []


def _printed_as_is(name: str, text: str) -> bool:
    """Whether `name` occurs in `text` at least once not followed by a name suffix it left out."""
    return any(m.end() == len(text) or text[m.end()] not in NAME_SUFFIXES
               for m in re.finditer(re.escape(name), text))


def test_printed_names_are_copied_as_printed_class_3_issue_17(facts):
    """The printed name occurs as printed in the quote, or in the lines just above a continued
    sentence: 溧阳市 fails where the line prints only 溧阳."""
    wrong = []
    for row in facts.itertuples():
        lines = seed_lines(row.source_file)
        first = cited_lines(row)[0]
        above = norm(" ".join(lines[max(0, first - NAME_WINDOW):first - 1]))
        if not (_printed_as_is(row.printed_name, cited_text(row)) or _printed_as_is(row.printed_name, above)):
            wrong.append((row.fact_id, row.printed_name))
    assert wrong == []


def _previous_text_line(lines: tuple[str, ...], number: int) -> str:
    """Return the last non-blank, non-footnote line before line `number` (1-based), or ''."""
    for index in range(number - 2, -1, -1):
        text = lines[index].strip()
        if text and not text.startswith("<sup>"):
            return text
    return ""


def _is_heading(line: str) -> bool:
    """Whether a line is a heading or caption (表 5 …, 图 8 …, 专栏 2 …, a short title line)."""
    return line.startswith(("表", "图", "专栏", "#", "**")) or len(line) < HEADING_WIDTH


def _break_problem(fact) -> str | None:
    lines, numbers = seed_lines(fact.source_file), cited_lines(fact)
    text, quote = cited_text(fact), fact.quote.rstrip("，、")
    last, first = lines[numbers[-1] - 1], lines[numbers[0] - 1]
    if "\t" not in last and text.rstrip("，、").endswith(quote) and not SENTENCE_END.search(last.strip()):
        return f"quote stops where line {numbers[-1]} breaks off mid-sentence"
    previous = _previous_text_line(lines, numbers[0])
    if ("\t" not in first and text.startswith(quote) and previous and "\t" not in previous
            and not SENTENCE_END.search(previous) and not _is_heading(previous)):
        return f"quote starts where the sentence of the line before {numbers[0]} continues"
    return None


def test_quotes_cover_sentences_broken_across_lines_class_4_issue_17(facts):
    """A quote that reaches a line break inside its sentence must run on to the next line
    (source_line_end), and one that starts a line must not continue a sentence begun above."""
    wrong = [(row.fact_id, problem) for row in facts.itertuples()
             if (problem := _break_problem(row)) is not None]
    assert wrong == []


def test_number_reader_reads_the_printed_forms():
    assert {15.0, 4000.0, 1000.0, 40.0, 12.5, 33.3, 10.0, 1.0} <= (
        _numbers("15% 以上，超 4 千亿，超过千亿元，四成，八分之一，约1/3，两位数，上万家，占比过半"))
    assert 10000.0 in _numbers("2 个城市超万亿") and 50.0 in _numbers("占比过半")
    assert _chinese_value("二十三") == 23 and _chinese_value("十") == 10


def test_group_check_flags_a_size_that_a_later_qizhong_narrows():
    fact = pd.Series({"quote":
                      "超过全国平均水平的有 28 个。其中义乌市、昆山市等出口总额占其 GDP 的比重均超过 40%",
                      "printed_name": "昆山市", "group_size": "28"})
    assert "其中" in _group_problem(fact)
    assert _group_problem(fact.copy().replace({"28": ""})) is None
    stated = pd.Series({"quote": "增速在 15% 以上的有荣成市、仁怀市等 33 个县（市）",
                        "printed_name": "荣成市", "group_size": "30"})
    assert _group_problem(stated) == "等 33 but group_size '30'"
