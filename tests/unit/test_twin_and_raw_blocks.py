"""The plugin's twin lookup (mkdocs_plugin/twin.py) and raw HTML blocks (mkdocs_plugin/raw_blocks.py)."""

from __future__ import annotations

import markdown
import pytest

from mkdocs_plugin.raw_blocks import hold_raw_blocks, restore_raw_blocks
from mkdocs_plugin.twin import find_twin


@pytest.fixture
def docs(tmp_path):
    (tmp_path / "county/320583-kunshan").mkdir(parents=True)
    (tmp_path / "county/320583-kunshan/index.md").write_text("# x\n", encoding="utf-8")
    (tmp_path / "index.md").write_text("# x\n", encoding="utf-8")
    return tmp_path


def test_a_page_with_a_twin_links_it_relative_and_absolute(docs):
    twin = find_twin("county/320583-kunshan/", "county/320583-kunshan/index.md", docs, "../",
                     "https://example.org/", "zh", "中文")

    assert twin == {"href": "../../../county/320583-kunshan/", "url": "https://example.org/county/320583-kunshan/",
                    "lang": "zh", "label": "中文", "exists": True}


def test_the_home_pages_twin_and_a_page_without_one(docs):
    home = find_twin("", "index.md", docs, "en/", "https://example.org/en/", "en", "English")
    facts = find_twin("facts/x/", "facts/x/index.md", docs, "en/", "https://example.org/en/", "en", "English")

    assert home["href"] == "en/" and home["exists"]
    assert facts["href"] == "../../en/" and facts["url"] == "" and not facts["exists"]


def test_raw_blocks_skip_markdown_and_come_back_unchanged():
    block = '<div class="t"><table><tr><td>*not emphasis* [not](a-link)</td></tr></table></div>'
    text = f"# Title\n\nSome *text*.\n\n<!-- bq-raw -->\n{block}\n<!-- /bq-raw -->\n\nMore.\n"

    held, blocks = hold_raw_blocks(text)
    html = restore_raw_blocks(markdown.markdown(held), blocks)

    assert "bq-raw" not in held and len(blocks) == 1
    assert block in html and "<em>text</em>" in html and "<p>More.</p>" in html


def test_a_raw_block_that_is_not_a_paragraph_of_its_own_is_refused():
    held, blocks = hold_raw_blocks("Intro\n<!-- bq-raw -->\n<p>x</p>\n<!-- /bq-raw -->\n")

    with pytest.raises(ValueError, match="not paragraphs of their own"):
        restore_raw_blocks(markdown.markdown(held), blocks)


@pytest.mark.parametrize(("href", "url"), [
    ("../../county/320583-kunshan/index.md", "../../county/320583-kunshan/"),
    ("../../notes/index.md#k2024-12", "../../notes/#k2024-12"),
    ("../methodology/county_industrial.md", "../methodology/county_industrial/"),
    ("../../../county/320583-kunshan/rankings.csv", "../../../county/320583-kunshan/rankings.csv"),
    ("index.md", "./"),
    ("index.md#top", "./#top"),
    ("../../embed/region-320583/index.html", "../../embed/region-320583/"),
])
def test_a_raw_blocks_link_is_the_url_mkdocs_would_publish(href, url):
    from build_scripts.contexts.sitedata import Link
    from build_scripts.formatting import format_page_url
    from build_scripts.render import render_anchor

    assert format_page_url(href) == url
    assert render_anchor(Link(text="<昆山>", href=href)) == f'<a href="{url}">&lt;昆山&gt;</a>'
