"""The site's MkDocs plugin `baiqiang` (pyproject.toml entry point; mkdocs.yml `plugins`).

Options (mkdocs.yml, paths relative to the folder of mkdocs.yml, written by the generate stage):
`nav` (build/nav.yml, the lists and editions for the navigation) and `region_tags`
(build/search/region_tags.json, the short and former names each region page is found by).

Events, in build order:
- `on_config`: the "@lists" and "@methodology" navigation items become the entries of `nav`;
- `on_page_content`: Chinese lines split by a source line break are joined (`cjk_text`);
- `on_page_context`: before the search plugin indexes a page (priority 100) it sees only a region
  page's head and a data page without its tables; after it (priority -100) the page gets its full
  HTML back (`search_index.compute_search_head`);
- `on_post_build`: the search index is trimmed and re-encoded after the search plugin wrote it
  (priority -100), and the theme's scripts name no other host (`offline_scripts`).
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

from mkdocs_plugin.cjk_text import join_cjk_lines
from mkdocs_plugin.nav import read_lists, splice_nav
from mkdocs_plugin.offline_scripts import write_offline_scripts
from mkdocs_plugin.search_index import compute_search_head, rewrite_search_index

log = logging.getLogger("mkdocs.plugins.baiqiang")


class BaiqiangConfig(Config):
    """The plugin's options (see the module docstring)."""

    nav = config_options.Type(str, default="build/nav.yml")
    region_tags = config_options.Type(str, default="build/search/region_tags.json")


class BaiqiangPlugin(BasePlugin[BaiqiangConfig]):
    """Navigation from the data, search index of the right size, Chinese text, offline scripts."""

    def __init__(self) -> None:
        """Start without any page held back from the search plugin."""
        self._full_content: dict[str, str] = {}  # page -> its full HTML while the search plugin runs

    def on_config(self, config):
        """Splice the navigation; give the theme the lists (`extra.bq_lists`) and the site description.

        Every "@<key>" navigation item becomes the generated entries under <key>; `{lists}` in
        `site_description` becomes the lists' names, so a list added to config/lists.yml is named
        wherever the site names its lists (404 page, description) without editing them.
        """
        nav_file = self._path(config, self.config.nav)
        config["nav"] = splice_nav(config["nav"], nav_file)
        config["extra"]["bq_lists"], names = read_lists(nav_file)
        if config.get("site_description"):
            config["site_description"] = config["site_description"].replace("{lists}", names)
        return config

    def on_page_content(self, html, **kwargs):
        """Join Chinese text split by a source line break (issue 16)."""
        return join_cjk_lines(html)

    @event_priority(100)  # before the search plugin indexes the page
    def _show_search_head(self, context, page, **kwargs):
        head = compute_search_head(page.url, page.content)
        if head is not None:
            self._full_content[page.file.src_uri] = page.content
            page.content = head
        return context

    @event_priority(-100)  # after the search plugin, before the page template renders the content
    def _restore_content(self, context, page, **kwargs):
        full = self._full_content.pop(page.file.src_uri, None)
        if full is not None:
            page.content = full
        return context

    on_page_context = CombinedEvent(_show_search_head, _restore_content)

    @event_priority(-100)  # after the search plugin has written the index
    def on_post_build(self, config, **kwargs):
        """Rewrite site/search/search_index.json; replace the external URL literals of the scripts."""
        site = Path(config["site_dir"])
        index = site / "search" / "search_index.json"
        if index.is_file():
            rewrite_search_index(index, self._path(config, self.config.region_tags))
        log.debug("offline scripts: %s", write_offline_scripts(site))

    @staticmethod
    def _path(config, place: str) -> Path:
        return Path(config["config_file_path"]).parent / place
