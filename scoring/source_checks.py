"""Check stage: what facts and claims quote is in the source lines they cite.

Input: a loaded `Package` and the committed inventory of cited source lines,
`scoring/cited_lines.json` (per source report: its SHA-256, its number of lines and the text of every
cited line with the lines that follow it, written from the seeds by
`python -m curation.cited_lines`). The build checks quotes without the seeds.
Output: nothing; each `check_*` raises `CheckError` naming file, row, column, what is wrong and what
to do.

- a fact's `quote` and a claim's `statement` (its "…"-separated pieces) appear in the cited line,
  or run on from it over the next `window` lines (a sentence broken across lines or a page break);
- a figure a claim takes from another line (its params `<role>_quote` with `<role>_line`, and
  `<role>_file` when it is in another report: the denominator of a share, the total of a mean, the
  other statement of a figure) is quoted as printed at that line;
- a `source_line` lies within its file (facts, claims, and editions, rankings and corrections
  whose source file the inventory holds), and a correction's `source_file` is an edition's.

A claim's params are checked by `scoring.claim_params`; the quotes of params that break its rules
are left to it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

import pandas as pd

from scoring.cells import show_text
from scoring.claim_params import find_param_problems
from scoring.rows import numbered, raise_if

if TYPE_CHECKING:
    from scoring.package import Package

INVENTORY_PATH = Path(__file__).resolve().parent / "cited_lines.json"
REGENERATE = "python -m curation.cited_lines"
_QUOTED = MappingProxyType({"facts": "quote", "claims": "statement"})
# A footnote line of the seeds ("<sup>5</sup> …", or "⁸ …" in the reports transcribed with
# superscript digits), which a page break can put inside a sentence.
_FOOTNOTE = re.compile(r"<sup>\d+</sup>\s|[⁰¹²³⁴⁵⁶⁷⁸⁹]+")


def load_inventory(path: Path = INVENTORY_PATH) -> dict:
    """Read the committed inventory of cited source lines."""
    return json.loads(path.read_text(encoding="utf-8"))


def normalise_space(text: str) -> str:
    """Collapse runs of whitespace into one space and strip the ends."""
    return re.sub(r"\s+", " ", text).strip()


def find_quote(quote: str, lines: list[str]) -> bool:
    """Return whether every "…"-separated piece of `quote` is in `lines` (cited line first).

    A piece may lie in the cited line (spaces normalised) or run on over the following lines, joined
    with or without a space (a table's cells are quoted space-separated).
    """
    window = [line.strip().replace("\t", " ") for line in lines]
    # A sentence broken by a page break: the blank lines and footnotes in between are not part of it.
    running = normalise_space("".join(line for line in window if line and not _FOOTNOTE.match(line)))
    candidates = (normalise_space(lines[0]) if lines else "", "".join(window),
                  normalise_space(" ".join(window)), running)
    pieces = [piece.strip() for piece in quote.split("…") if piece.strip()]
    return bool(pieces) and all(any(piece in text for text in candidates) for piece in pieces)


def check_quotes(package: Package, inventory: Mapping | None = None) -> None:
    """Check each quote of facts and claims against the inventory of cited lines, and its line number."""
    inventory = inventory if inventory is not None else load_inventory()
    files, window = inventory["files"], inventory["window"]
    problems = []
    for resource, column in _QUOTED.items():
        if resource not in package.tables:
            continue
        where = package.display_path(resource)
        for row, entry in numbered(package[resource]):
            known = files.get(entry.source_file)
            if known is None:
                problems.append(f'{where} row {row}, column "source_file": {show_text(entry.source_file)} is '
                                "not a source report of the inventory of cited lines; fix the name, or add "
                                f"the report to the seeds and run `{REGENERATE}`.")
                continue
            end = getattr(entry, "source_line_end", None)
            has_end = end is not None and not pd.isna(end)
            reach = max(window, int(end) - entry.source_line) if has_end else window
            problem = _describe_quote_problem(known, entry.source_line, getattr(entry, column), reach)
            if problem:
                place = "source_line" if problem.startswith("line") else column
                problems.append(f'{where} row {row}, column "{place}": {problem}')
    if "claims" in package.tables:
        problems += _param_quote_problems(package, files, window)
    raise_if(problems)


def cited_param_lines(params: Mapping) -> list[tuple[str, str | None, int]]:
    """Return (role, file or None for the claim's own, line) of each figure quoted from another line."""
    roles = [key.removesuffix("_line") for key in sorted(params) if key.endswith("_line")]
    return [(role, params.get(f"{role}_file"), params[f"{role}_line"]) for role in roles
            if f"{role}_quote" in params and isinstance(params[f"{role}_line"], int)]


def _param_quote_problems(package: Package, files: Mapping, window: int) -> list[str]:
    """Check each `<role>_quote` of a claim's params that names its `<role>_line` against that line."""
    where, problems = package.display_path("claims"), []
    for row, claim in numbered(package["claims"]):
        if find_param_problems(getattr(claim, "check", ""), claim.params):
            continue  # check_claim_params reports them
        params = json.loads(claim.params)
        for role, name, line in cited_param_lines(params):
            known = files.get(name or claim.source_file)
            if known is None:
                problems.append(f'{where} row {row}, column "params": {role}_file {show_text(str(name))} is '
                                "not a source report of the inventory of cited lines; fix the name.")
                continue
            problem = _describe_quote_problem(known, line, str(params[f"{role}_quote"]), window)
            if problem:
                problems.append(f'{where} row {row}, column "params": {role}_quote at {role}_line: {problem}')
    return problems


def _describe_quote_problem(known: Mapping, line: int, quote: str, window: int) -> str | None:
    """Return what is wrong with a quote and its line; a problem of the line starts with "line"."""
    if line > known["lines"]:
        return (f"line {line} lies past the end of the source, which has {known['lines']} lines; fix the "
                "line number.")
    text = known["text"]
    if str(line) not in text:
        return (f"line {line} is not in the inventory of cited lines; run `{REGENERATE}` (it needs the "
                "seeds) and commit scoring/cited_lines.json.")
    lines = [text[str(n)] for n in range(line, line + window + 1) if str(n) in text]
    if not find_quote(quote, lines):
        return (f"{show_text(quote)} is not in line {line} of the source (nor running on from it); copy "
                "the text as printed or fix the line number.")
    return None


def check_source_lines(package: Package, inventory: Mapping | None = None) -> None:
    """Check the sources editions, rankings and corrections cite.

    Each cites a line within its source file where the inventory has that file (an edition imported
    from a table has none); a correction cites a source file some edition names, as a claim cites a
    report of the inventory.
    """
    inventory = inventory if inventory is not None else load_inventory()
    lengths = {name: entry["lines"] for name, entry in inventory["files"].items()}
    sources = dict(zip(package["editions"]["edition"], package["editions"]["source_file"], strict=True))
    cited = sorted(set(sources.values()))
    problems = []
    for resource in ("editions", "rankings", "corrections"):
        where = package.display_path(resource)
        frame = package[resource]
        files = frame["source_file"] if "source_file" in frame else frame["edition"].map(sources)
        for row, (name, line) in enumerate(zip(files, frame["source_line"], strict=True), start=2):
            if resource == "corrections" and name not in cited:
                problems.append(f'{where} row {row}, column "source_file": {show_text(name)} is not the '
                                f"source file of an edition ({', '.join(cited)}); a correction cites the "
                                "report that prints the row. Fix the file name.")
            elif name in lengths and line > lengths[name]:
                problems.append(f'{where} row {row}, column "source_line": line {line} lies past the end of '
                                f"{name}, which has {lengths[name]} lines; fix the line number.")
    raise_if(problems)


SOURCE_CHECKS = (check_quotes, check_source_lines)
