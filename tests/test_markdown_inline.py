"""mkdocs_plugin.markdown_inline: the inline syntax it switches off changes no page of the real site."""

from __future__ import annotations

import markdown
import pytest
from mkdocs.config import load_config

from mkdocs_plugin.markdown_inline import UNUSED_PATTERNS

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
