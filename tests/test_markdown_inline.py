"""mkdocs_plugin.markdown_inline: the inline syntax it switches off and its link pattern change no page."""

from __future__ import annotations

from random import Random

import markdown
import pytest
from markdown.inlinepatterns import LINK_RE, LinkInlineProcessor
from mkdocs.config import load_config

from mkdocs_plugin.markdown_inline import UNUSED_PATTERNS, BracketLinkProcessor, find_bracket_ends

EXTENSION = "mkdocs_plugin.markdown_inline"


@pytest.fixture()
def converters(built_site, monkeypatch):
    # The snippets extension fixes its base folder (docs/, relative) when it is created: create the
    # converters in the build root, so the included parts are the build's own.
    root = built_site.parent
    monkeypatch.chdir(root)
    config = load_config(str(root / "mkdocs.yml"))
    extensions = list(config["markdown_extensions"])
    assert EXTENSION in extensions
    full = [name for name in extensions if name != EXTENSION]
    return (markdown.Markdown(extensions=full, extension_configs=config["mdx_configs"]),
            markdown.Markdown(extensions=extensions, extension_configs=config["mdx_configs"]))


def test_extension_removes_exactly_the_unused_patterns(converters):
    full, trimmed = converters
    assert set(UNUSED_PATTERNS) <= set(full.inlinePatterns._data)
    assert set(full.inlinePatterns._data) - set(trimmed.inlinePatterns._data) == set(UNUSED_PATTERNS)


def test_switched_off_syntax_changes_no_page_of_the_real_site(built_site, converters):
    root = built_site.parent
    full, trimmed = converters
    pages = sorted((root / "docs").rglob("*.md"))
    assert len(pages) > 500
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            text = text.split("\n---\n", 1)[1]
        assert trimmed.reset().convert(text) == full.reset().convert(text), page.relative_to(root)


def test_switched_off_syntax_would_show_as_text():
    # What the check above guards against: a page using one of these would render differently.
    full = markdown.Markdown()
    trimmed = markdown.Markdown(extensions=[EXTENSION])
    sources = ("![图](a.png)", "[链接][ref]\n\n[ref]: https://example.org", "<a@example.org>", "一行  \n二行")
    for source in sources:
        assert trimmed.reset().convert(source) != full.reset().convert(source), source


def test_link_pattern_finds_the_same_text_ends_as_python_markdown():
    # Every index of random texts of brackets, escapes and letters, against Python-Markdown's own
    # link pattern (a fresh one per call: it caches by text).
    random = Random(15)
    texts = ["", "[", "]", "[a]", "[[a]", "[a]]", "a[b[c]d]e]", "\\[a]"]
    texts += ["".join(random.choice("[]a\\(") for _ in range(random.randint(1, 40))) for _ in range(400)]
    ours = BracketLinkProcessor(LINK_RE)
    for text in texts:
        for index in range(len(text) + 1):
            theirs = LinkInlineProcessor(LINK_RE).getText(text, index)
            assert ours.getText(text, index) == theirs, (text, index)


def test_bracket_ends_step_through_brackets_only():
    positions, ends = find_bracket_ends("a[b[c]d]e[f")
    assert positions == [1, 3, 5, 7, 9]
    # A text from index 2 (after "a[") ends past the `]` at 7, from 4 (after "[b[") past the one at 5;
    # from before the first `[`, or after the last, it never ends.
    assert ends == [None, 8, 6, 8, None, None]


def test_extension_replaces_the_link_pattern():
    trimmed = markdown.Markdown(extensions=[EXTENSION])
    assert isinstance(trimmed.inlinePatterns["link"], BracketLinkProcessor)
    # In Python-Markdown's place among the patterns kept.
    kept = [name for name in markdown.Markdown().inlinePatterns._data if name not in UNUSED_PATTERNS]
    assert [trimmed.inlinePatterns.get_index_for_name(name) for name in kept] == list(range(len(kept)))
    links = "、".join(f"[地区{i}](county/{i}/index.md)" for i in range(300)) + "[未闭合"
    assert trimmed.convert(links) == markdown.Markdown().convert(links)
