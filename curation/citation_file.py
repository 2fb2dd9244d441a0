"""Import rule: CITATION.cff cites every report the package's editions come from.

Input: the repository's CITATION.cff (beside `datapackage/`) and a new edition's report. Output: the
file with one more `references` entry when the report is not cited yet: its title, issuing body
(Chinese, with the English name where recorded), year and month. The file keeps its comments and
layout: the entry is appended to the `references` list, which is the file's last key
(`tests/unit/test_citation.py` checks that every report is cited, and no other).
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from scoring.errors import PipelineError

CITATION_FILE = "CITATION.cff"


def render_reference(title: str, issuer: str, issuer_en: str | None, published: str) -> str:
    """Return the YAML lines of one `references` entry (two-space list indent, as the file has)."""
    author = f"{issuer} ({issuer_en})" if issuer_en else issuer
    return (f"  - type: report\n    title: {json.dumps(title, ensure_ascii=False)}\n    authors:\n"
            f"      - name: {json.dumps(author, ensure_ascii=False)}\n"
            f"    year: {int(published[:4])}\n    month: {int(published[5:7])}\n")


def write_report_reference(path: Path, title: str, issuer: str, issuer_en: str | None,
                           published: str) -> bool:
    """Append the report to `path`'s references unless it is cited already; return whether it was added.

    Raises:
        PipelineError: The file's last key is not `references`, or the result is not the same YAML
            with one more reference (the file is then left as it was).
    """
    text = path.read_text(encoding="utf-8")
    before = yaml.safe_load(text)
    cited = {(r.get("title"), r.get("year"), r.get("month")) for r in before.get("references", [])}
    if (title, int(published[:4]), int(published[5:7])) in cited:
        return False
    if list(before)[-1] != "references":
        raise PipelineError(f"{path}: references is not the last key; add the report to it by hand.")
    added = text.rstrip("\n") + "\n" + render_reference(title, issuer, issuer_en, published)
    after = yaml.safe_load(added)
    if after["references"][:-1] != before["references"] or after["references"][-1]["title"] != title:
        raise PipelineError(f"{path}: appending the report did not give one more reference; add it by hand.")
    path.write_text(added, encoding="utf-8", newline="\n")
    return True
