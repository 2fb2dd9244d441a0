"""The site's MkDocs plugin `baiqiang` (pyproject.toml entry point; mkdocs.yml `plugins`).

Options (mkdocs.yml, paths relative to the folder of mkdocs.yml, written by the generate stage):
`nav` (build/nav.yml, the lists and editions for the navigation) and `region_tags`
(build/search/region_tags.json, the short and former names each region page is found by); the
other language of the site (issue 15): `twin_docs` (its docs folder), `twin_root` (its root, relative
to this site's root: "en/" from the Chinese site, "../" from the English one), `twin_url` (its
absolute address), `twin_lang` and `twin_label` (the switcher's text); `linked` (the docs folders the
generate stage writes, whose static files are published by hard link: `linked_files`).

Events, in build order:
- `on_config`: the "@lists" and "@methodology" navigation items become the entries of `nav`;
- `on_files`: the generated static files are published by hard link (`linked_files`);
- `on_nav` / `on_env`: the theme renders the tabs and navigation of the pages outside the navigation
  once per folder (`nav_memo`);
- `on_page_markdown` / `on_page_content`: the page's raw HTML blocks skip Python-Markdown
  (`raw_blocks`); Chinese lines split by a source line break are joined (`cjk_text`);
- `on_page_context`: the page's twin in the other language (`twin.find_twin`) goes into its meta
  (`bq_twin`: the switcher and the hreflang links of site_overrides); before the search plugin
  indexes a page (priority 100) it sees only a region
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
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

from mkdocs_plugin.cjk_text import join_cjk_lines
from mkdocs_plugin.linked_files import link_generated_files
from mkdocs_plugin.nav import load_generated_nav, read_lists, read_theme_text, splice_nav
from mkdocs_plugin.nav_memo import NavMemo
from mkdocs_plugin.offline_scripts import write_offline_scripts
from mkdocs_plugin.raw_blocks import hold_raw_blocks, restore_raw_blocks
from mkdocs_plugin.search_index import compute_search_head, rewrite_search_index
from mkdocs_plugin.twin import find_twin

log = logging.getLogger("mkdocs.plugins.baiqiang")


class BaiqiangConfig(Config):
    """The plugin's options (see the module docstring)."""

    nav = config_options.Type(str, default="build/nav.yml")
    region_tags = config_options.Type(str, default="build/search/region_tags.json")
    twin_docs = config_options.Type(str, default="")
    twin_root = config_options.Type(str, default="")
    twin_url = config_options.Type(str, default="")
    twin_lang = config_options.Type(str, default="")
    twin_label = config_options.Type(str, default="")
    linked = config_options.Type(list, default=[])


class BaiqiangPlugin(BasePlugin[BaiqiangConfig]):
    """Navigation from the data, search index of the right size, Chinese text, offline scripts."""

    def __init__(self) -> None:
        """Start without any page held back from the search plugin."""
        self._full_content: dict[str, str] = {}  # page -> its full HTML while the search plugin runs
        self._raw_blocks: dict[str, dict[str, str]] = {}  # page -> its raw HTML blocks while Markdown runs
        self._nav_pages: list = []  # the pages of the navigation (`on_nav`)

    def on_config(self, config):
        """Splice the navigation; give the theme the lists, its words and the site description.

        The lists go to `extra.bq_lists`, the theme's words in the site's language to `extra.bq_text`
        (those of the scripts to `extra.bq_js_text`).

        Every "@<key>" navigation item becomes the generated entries under <key>; `{lists}` in
        `site_description` becomes the lists' names, so a list added to config/lists.yml is named
        wherever the site names its lists (404 page, description) without editing them.
        """
        nav_file = self._path(config, self.config.nav)
        generated = load_generated_nav(nav_file)
        config["nav"] = splice_nav(config["nav"], generated, nav_file)
        config["extra"]["bq_lists"], names = read_lists(generated)
        config["extra"]["bq_text"] = read_theme_text(generated)
        config["extra"]["bq_js_text"] = {key.removeprefix("js_"): text
                                         for key, text in config["extra"]["bq_text"].items()
                                         if key.startswith("js_")}
        if self.config.twin_docs:
            # The header shows partials/alternate.html (the switcher) when extra.alternate is set; a
            # non-list value keeps Material's base.html from adding site-wide alternate links.
            config["extra"]["alternate"] = True
            config["extra"]["bq_twin"] = {"href": self.config.twin_root, "lang": self.config.twin_lang,
                                          "label": self.config.twin_label}
        if config.get("site_description"):
            config["site_description"] = config["site_description"].replace("{lists}", names)
        return config

    def on_env(self, env, config, files, **kwargs):
        """Give the theme this build's `NavMemo` (site_overrides/partials/nav.html, tabs.html)."""
        env.globals["bq_nav_memo"] = NavMemo(self._nav_pages)
        return env

    def on_nav(self, nav, config, files, **kwargs):
        """Note the pages of the navigation: their tabs and navigation are rendered for each."""
        self._nav_pages = list(nav.pages)
        return nav

    def on_files(self, files, config, **kwargs):
        """Publish the static files of the generated folders by hard link (`linked_files`)."""
        link_generated_files(files, self.config.linked)
        return files

    def on_page_markdown(self, markdown, page, **kwargs):
        """Hold the page's raw HTML blocks back from Python-Markdown (`raw_blocks`)."""
        markdown, blocks = hold_raw_blocks(markdown)
        if blocks:
            self._raw_blocks[page.file.src_uri] = blocks
        return markdown

    def on_page_content(self, html, page, **kwargs):
        """Put the raw HTML blocks back; join Chinese text split by a source line break (issue 16)."""
        blocks = self._raw_blocks.pop(page.file.src_uri, {})
        try:
            html = restore_raw_blocks(html, blocks)
        except ValueError as exc:
            raise PluginError(f"{page.file.src_uri}: {exc}") from exc
        return join_cjk_lines(html)

    @event_priority(100)  # before the search plugin indexes the page
    def _show_search_head(self, context, page, config, **kwargs):
        if self.config.twin_docs:
            twin = self.config
            page.meta["bq_twin"] = find_twin(page.url, page.file.src_uri, self._path(config, twin.twin_docs),
                                             twin.twin_root, twin.twin_url, twin.twin_lang, twin.twin_label)
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
