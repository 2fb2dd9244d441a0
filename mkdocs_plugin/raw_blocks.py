"""Inside MkDocs: HTML blocks that Python-Markdown never parses (issue 15, the build's speed).

A generated page may hold finished HTML (a table of a hundred linked places) between the lines
`<!-- bq-raw -->` and `<!-- /bq-raw -->`. Python-Markdown would parse every tag of it twice (raw HTML
and md_in_html) and gain nothing: on the English pages that took a third of the build. So before
Markdown runs each block is replaced by a placeholder paragraph (`hold_raw_blocks`), and after it the
placeholder's `<p>` is replaced by the block (`restore_raw_blocks`). Links in such a block are URLs
relative to the page, not Markdown paths: MkDocs does not check them; tests/test_static_site.py
checks every link of the built site.
"""

from __future__ import annotations

import re

RAW_BLOCK = re.compile(r"^<!-- bq-raw -->\n(.*?)\n<!-- /bq-raw -->$", re.DOTALL | re.MULTILINE)
PLACEHOLDER = "BQRAWBLOCK{:05d}"
HELD = re.compile(r"<p>(BQRAWBLOCK\d{5})</p>")


def hold_raw_blocks(markdown: str) -> tuple[str, dict[str, str]]:
    """Return `markdown` with each raw block replaced by a placeholder line, and the blocks by placeholder."""
    blocks: dict[str, str] = {}

    def _hold(match: re.Match) -> str:
        key = PLACEHOLDER.format(len(blocks))
        blocks[key] = match.group(1)
        return key

    return RAW_BLOCK.sub(_hold, markdown), blocks


def restore_raw_blocks(html: str, blocks: dict[str, str]) -> str:
    """Return `html` with each placeholder paragraph replaced by its block.

    Raises:
        ValueError: A placeholder did not come through Markdown as a paragraph of its own (a raw block
            must stand between blank lines).
    """
    if not blocks:
        return html
    restored = HELD.sub(lambda m: blocks[m.group(1)], html)
    missing = [key for key in blocks if key in restored]
    if missing or restored.count("BQRAWBLOCK"):
        raise ValueError(f"raw blocks {', '.join(missing)} are not paragraphs of their own; put blank lines "
                         "around <!-- bq-raw --> … <!-- /bq-raw -->")
    return restored
