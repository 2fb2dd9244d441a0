"""MkDocs stage: join Chinese text that a line break in the Markdown source split (issue 16).

Markdown turns a line break inside a paragraph into a newline, which browsers show as a space: a
hand-written page wrapped after "转录，" reads "转录， 按". `join_cjk_lines` removes a line break (and
the indentation after it) between two Chinese characters or full-width punctuation marks in a page's
HTML, outside <pre> blocks. Called by the hook `mkdocs_plugin/plugin.py` on every page.
"""

from __future__ import annotations

import re

_CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’]"
_BREAK = re.compile(rf"({_CJK})[ \t]*\n[ \t]*({_CJK})")
_PRE = re.compile(r"(<pre\b.*?</pre>)", re.DOTALL)


def join_cjk_lines(html: str) -> str:
    """Return `html` without line breaks between Chinese characters, <pre> blocks untouched."""
    parts = _PRE.split(html)
    return "".join(part if index % 2 else _BREAK.sub(r"\1\2", part) for index, part in enumerate(parts))
