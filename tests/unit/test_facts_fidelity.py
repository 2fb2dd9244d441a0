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
from scoring.fact_checks import compute_chinese_value, find_figure_problems, find_statement_members

SENTENCE_END = re.compile(r"[。！？；：”」）)…]$")
NAME_SUFFIXES = "市县区旗"
NAME_WINDOW = 8  # a continued sentence names its place at most this many lines above the quote
HEADING_WIDTH = 40  # prose lines of the seeds are whole paragraphs; shorter unpunctuated lines are titles
LIST_ITEM = r"[\u4e00-\u9fff（）]+"


@pytest.fixture(scope="module")
def facts():
    assert SEEDS.is_dir(), f"these checks read the source reports in {SEEDS}"
    return pd.read_csv(DATAPACKAGE / "data" / "facts.csv", dtype=str, keep_default_na=False)


def test_every_figure_of_a_fact_is_in_its_quote_class_1_issue_17(facts):
    """A value, group size or rank must be printed in the quote (or, for a group named in full
    without 等, equal the number of places named; for a table without a count column, the number
    of items quoted). The validator runs the same rule (scoring.fact_checks) on every build."""
    rows = list(facts.itertuples())
    wrong = [(row.fact_id, column) for row, members in zip(rows, find_statement_members(rows), strict=True)
             for column, _ in find_figure_problems(row, members)]
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
        size = int(stated) if stated.isdigit() else compute_chinese_value(stated)
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


def test_group_check_flags_a_size_that_a_later_qizhong_narrows():
    fact = pd.Series({"quote":
                      "超过全国平均水平的有 28 个。其中义乌市、昆山市等出口总额占其 GDP 的比重均超过 40%",
                      "printed_name": "昆山市", "group_size": "28"})
    assert "其中" in _group_problem(fact)
    assert _group_problem(fact.copy().replace({"28": ""})) is None
    stated = pd.Series({"quote": "增速在 15% 以上的有荣成市、仁怀市等 33 个县（市）",
                        "printed_name": "荣成市", "group_size": "30"})
    assert _group_problem(stated) == "等 33 but group_size '30'"
