"""Python-Markdown extension (mkdocs.yml `markdown_extensions`): less inline work for the same HTML.

Two changes, each giving the HTML Python-Markdown gives. First, inline syntax no page uses is switched
off. Python-Markdown tries every inline pattern, in turn, on every run of text of a page; the region,
list and facts pages are mostly short runs of text between links, so the patterns nobody uses
took about a fifth of the Markdown time of the build. The site's pages (templates, hand-written
pages) use links, autolinks, emphasis, inline code, escapes, entities and inline HTML; images are
raw `<img>` tags. Switched off: Markdown images, reference-style links and images, e-mail
autolinks and hard line breaks by trailing spaces. `tests/test_architecture.py` checks that no
template or hand-written page uses them.

Second, a link's text ends at the bracket that closes its `[`. Python-Markdown finds it by stepping through
every character of the run of text in Python, again after each link it replaces (the run then
changes): about a fifth of the Markdown time of a region page, and far more for a paragraph of hundreds
of links. `BracketLinkProcessor` steps through the brackets only, found by a regular expression; a
test compares it with Python-Markdown's at every index of random texts.
"""

from __future__ import annotations

import bisect
import re

from markdown import Extension, Markdown
from markdown.inlinepatterns import LINK_RE, LinkInlineProcessor

# Names of Python-Markdown's inline patterns (markdown.inlinepatterns.build_inlinepatterns).
UNUSED_PATTERNS = ("reference", "image_link", "image_reference", "short_reference", "short_image_ref",
                   "automail", "linebreak")
# Python-Markdown's name and priority of the inline link pattern (build_inlinepatterns).
LINK_PATTERN = ("link", 160)
BRACKETS = re.compile(r"[\[\]]")


class BracketLinkProcessor(LinkInlineProcessor):
    """Python-Markdown's inline link pattern, with the end of a link's text found bracket by bracket."""

    _run: str | None = None
    _positions: list[int]
    _ends: list[int | None]

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:  # noqa: N802 - the overridden name
        """Return the text between the `[` just before `index` and its `]`, the index past it, and if found.

        As Python-Markdown's: brackets nest; an unclosed `[` takes the rest of `data`.
        """
        if self._run is not data:
            self._positions, self._ends = find_bracket_ends(data)
            self._run = data
        end = self._ends[bisect.bisect_left(self._positions, index)]
        if end is None:
            return data[index:], len(data), False
        return data[index:end - 1], end, True


def find_bracket_ends(data: str) -> tuple[list[int], list[int | None]]:
    """Return the brackets' indexes in `data`, and where the text starting before each one ends.

    A text starting at index i (just after an opening bracket) lies before the bracket
    `bisect_left(positions, i)`; it ends just past the first `]` that closes more brackets than open
    after i, or never (None). Texts starting past the last bracket never end.
    """
    positions = [match.start() for match in BRACKETS.finditer(data)]
    ends: list[int | None] = [None] * (len(positions) + 1)
    # Texts still open, as (bracket, depth before it); depths never decrease towards the top.
    waiting: list[tuple[int, int]] = []
    depth = 0
    for bracket, position in enumerate(positions):
        waiting.append((bracket, depth))
        depth += 1 if data[position] == "[" else -1
        while waiting and depth < waiting[-1][1]:
            ends[waiting.pop()[0]] = position + 1
    return positions, ends


class UnusedInlineSyntax(Extension):
    """Deregister `UNUSED_PATTERNS` from a Markdown instance and register `BracketLinkProcessor`."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's method name
        """Remove the unused patterns (those already absent are skipped); replace the link pattern."""
        for name in UNUSED_PATTERNS:
            if name in md.inlinePatterns:
                md.inlinePatterns.deregister(name)
        md.inlinePatterns.register(BracketLinkProcessor(LINK_RE, md), *LINK_PATTERN)


def makeExtension(**kwargs: object) -> UnusedInlineSyntax:  # noqa: N802 - the name Python-Markdown looks up
    """Return the extension (Python-Markdown loads it by module name)."""
    return UnusedInlineSyntax(**kwargs)
