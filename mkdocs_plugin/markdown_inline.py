"""Python-Markdown extension (mkdocs.yml `markdown_extensions`): switch off inline syntax no page uses.

Python-Markdown tries every inline pattern, in turn, on every run of text of a page; the region,
list and facts pages are mostly short runs of text between links, so the patterns nobody uses
took about a fifth of the Markdown time of the build. The site's pages (templates, hand-written
pages) use links, autolinks, emphasis, inline code, escapes, entities and inline HTML; images are
raw `<img>` tags. Switched off: Markdown images, reference-style links and images, e-mail
autolinks and hard line breaks by trailing spaces. `tests/test_architecture.py` checks that no
template or hand-written page uses them.
"""

from __future__ import annotations

from markdown import Extension, Markdown

# Names of Python-Markdown's inline patterns (markdown.inlinepatterns.build_inlinepatterns).
UNUSED_PATTERNS = ("reference", "image_link", "image_reference", "short_reference", "short_image_ref",
                   "automail", "linebreak")


class UnusedInlineSyntax(Extension):
    """Deregister `UNUSED_PATTERNS` from a Markdown instance."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's method name
        """Remove the unused patterns (those already absent are skipped)."""
        for name in UNUSED_PATTERNS:
            if name in md.inlinePatterns:
                md.inlinePatterns.deregister(name)


def makeExtension(**kwargs: object) -> UnusedInlineSyntax:  # noqa: N802 - the name Python-Markdown looks up
    """Return the extension (Python-Markdown loads it by module name)."""
    return UnusedInlineSyntax(**kwargs)
