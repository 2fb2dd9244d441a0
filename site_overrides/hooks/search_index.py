"""MkDocs hook (mkdocs.yml `hooks:`): region pages' heads in the search index; Chinese lines joined.

Index only the head of region pages, then trim and re-encode the search index after Material writes
it; join Chinese lines split by a source line break.

MkDocs loads hooks by path, so this file lives with the other MkDocs inputs that scratch build roots
copy; the logic is `build_scripts.search_index`. Theme folders never publish *.py files.
"""

from pathlib import Path

from mkdocs.plugins import CombinedEvent, event_priority

from build_scripts.cjk_text import join_cjk_lines
from build_scripts.search_dict import REGION_TAGS
from build_scripts.search_index import compute_search_head, rewrite_search_index

# page -> its full HTML while the search plugin sees only the head (see compute_search_head).
_FULL_CONTENT = {}


@event_priority(100)  # before the search plugin indexes the page
def _show_search_head(context, page, **kwargs):
    head = compute_search_head(page.url, page.content)
    if head is not None:
        _FULL_CONTENT[page.file.src_uri] = page.content
        page.content = head
    return context


@event_priority(-100)  # after the search plugin, before the page template renders the content
def _restore_content(context, page, **kwargs):
    full = _FULL_CONTENT.pop(page.file.src_uri, None)
    if full is not None:
        page.content = full
    return context


on_page_context = CombinedEvent(_show_search_head, _restore_content)


def on_page_content(html, **kwargs):
    """Join Chinese text split by a source line break (build_scripts/cjk_text.py, issue 16)."""
    return join_cjk_lines(html)


@event_priority(-100)  # after the search plugin has written the index
def on_post_build(config, **kwargs):
    """Rewrite site/search/search_index.json."""
    index = Path(config["site_dir"]) / "search" / "search_index.json"
    if index.is_file():
        rewrite_search_index(index, Path(config["config_file_path"]).parent / REGION_TAGS)
