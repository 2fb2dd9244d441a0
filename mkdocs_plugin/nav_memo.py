"""Inside MkDocs: the navigation of the pages outside it is rendered once per folder (issue 15).

Material renders the tabs and the navigation sidebar into every page, about a millisecond each;
most pages of the site (regions, provinces, facts: thousands on a large package) are outside the
navigation (mkdocs.yml `not_in_nav`). For such a page no navigation item is active, so the theme
renders the same HTML for every one of them in the same folder (county/320583-kunshan/ and
county/320281-jiangyin/: the links are relative to the page, and MkDocs shortens those into the
page's own folder). site_overrides/partials/nav.html and tabs.html keep that HTML here and reuse it;
a page in the navigation, or with one below it, is always rendered afresh. The plugin gives each
build a new `NavMemo`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable


class NavMemo:
    """The rendered tabs and navigation of the pages outside the navigation, by part and folder.

    Args:
        nav_pages: The pages of the navigation (they are never kept).
    """

    def __init__(self, nav_pages: Iterable[object] = ()) -> None:
        nav_pages = list(nav_pages)
        self._in_nav = {id(page) for page in nav_pages}
        # The folders that hold a page of the navigation, at any depth: "lists/", "lists/county_industrial/".
        self._above_nav = {url[:i + 1] for url in (getattr(page, "url", "") or "" for page in nav_pages)
                           for i, char in enumerate(url) if char == "/"}
        self.kept: dict[tuple[str, str, int], str] = {}

    def key(self, page: object, part: str) -> tuple[str, str, int] | None:
        """Return the key of `part` ("nav", "tabs") of `page`, or None when it must be rendered.

        The key is the part, the folder of the page's URL and its depth: ("nav", "county", 2) for
        county/320583-kunshan/. A page with a page of the navigation below it (whose links into its
        own folder MkDocs shortens) is rendered afresh.
        """
        url = getattr(page, "url", None)
        if url is None or id(page) in self._in_nav:
            return None
        if url in self._above_nav:
            return None
        return part, posixpath.dirname(url.rstrip("/")), url.count("/")

    def keep(self, key: tuple[str, str, int] | None, html: str) -> str:
        """Keep `html` under `key` (None keeps nothing) and return it (MkDocs' templates do not escape)."""
        if key is not None:
            self.kept[key] = html
        return html
