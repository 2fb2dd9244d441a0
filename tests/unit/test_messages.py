"""Tests for scoring.messages.limit_problems: a flood of one kind of problem lists a few, counts the rest."""

from __future__ import annotations

from scoring.errors import CheckError, DataPackageError
from scoring.messages import MAX_LINES, MAX_LISTED, SEE_THE_REST, limit_problems


def bad_ranks(rows: range) -> list[str]:
    return [f'data/rankings.csv row {row}, column "rank": "x{row}" is not an integer. Write a whole number.'
            for row in rows]


def test_limit_problems_keeps_a_short_list_as_it_is():
    problems = bad_ranks(range(2, 2 + MAX_LISTED))

    assert limit_problems(problems) == problems


def test_limit_problems_lists_the_first_of_a_kind_and_counts_the_rest_issue_18():
    problems = bad_ranks(range(2, 5002))

    shown = limit_problems(problems)

    assert shown == [*problems[:MAX_LISTED],
                     f"data/rankings.csv: 4,980 more problems like the line above, in rows {2 + MAX_LISTED} "
                     f"to 5001. {SEE_THE_REST}"]


def test_limit_problems_counts_each_kind_after_its_own_last_listed_line():
    """Kinds interleave row by row; each one's count follows its own last listed line.

        row 2 rank, row 2 code, row 3 rank, row 3 code, …  ->  20 of each, "N more" after each 20th
    """
    codes = [f'data/rankings.csv row {row}, column "region_code": "9{row}" has no match in column "code" of '
             "regions.csv." for row in range(2, 102)]
    problems = [p for pair in zip(bad_ranks(range(2, 102)), codes, strict=True) for p in pair]

    shown = limit_problems(problems)

    assert len(shown) == 2 * MAX_LISTED + 2
    assert shown[-4:] == [problems[2 * MAX_LISTED - 2],
                          f"data/rankings.csv: 80 more problems like the line above, in rows 22 to 101. "
                          f"{SEE_THE_REST}",
                          problems[2 * MAX_LISTED - 1],
                          f"data/rankings.csv: 80 more problems like the line above, in rows 22 to 101. "
                          f"{SEE_THE_REST}"]


def test_messages_of_one_check_on_other_columns_and_places_are_one_kind():
    header = [f'regions.csv row 1, column "extra{n}": not in the schema. Remove the column.'
              for n in range(500)]
    names = [f'regions.csv row {n + 2}, column "code": {n + 500000} ("测试{n}县") is not in the code list; '
             f"{name} is unknown." for n, name in enumerate(["江阴市", "昆山市", "海门市"] * 10)]

    assert len(limit_problems(header)) == MAX_LISTED + 1
    assert limit_problems(header)[-1].startswith("regions.csv: 480 more problems like the line above, in "
                                                 "row 1.")
    assert len(limit_problems(names)) == MAX_LISTED + 1


def test_limit_problems_stops_after_max_lines_and_counts_what_is_left():
    """Thousands of kinds (each message its own text): only the limit on all lines applies."""
    words = ["".join(chr(97 + int(digit)) for digit in str(row)) for row in range(5000)]
    problems = [f'data/regions.csv row {row}, column "c": {word} is wrong.' for row, word in enumerate(words)]

    shown = limit_problems(problems)

    assert shown == [*problems[:MAX_LINES],
                     f"{5000 - MAX_LINES:,} more problems are not listed. {SEE_THE_REST}"]


def test_limiting_a_limited_list_changes_nothing():
    problems = bad_ranks(range(2, 300)) + [f"data/x.csv row {n}: odd{n * 'z'} thing." for n in range(400)]

    once = limit_problems(problems)

    assert limit_problems(once) == once


def test_a_pipeline_error_keeps_every_problem_and_shows_them_limited_issue_18():
    problems = bad_ranks(range(2, 5002))

    error = DataPackageError(problems)

    assert error.problems == problems
    assert str(error).splitlines() == limit_problems(problems)
    assert str(CheckError("one line")) == "one line"
