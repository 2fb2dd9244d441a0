"""Inside MkDocs: a page's twin in the other language of the site (issue 15).

The English pages have the Chinese pages' paths under en/ (docs/en/county/…/index.md is the twin of
docs/county/…/index.md), so a page's twin is the file at the same source path in the other docs
folder. The theme (site_overrides/partials/alternate.html, main.html) shows a switcher to it and,
when it exists, hreflang links to both; a page without a twin switches to the other home page.
"""

from __future__ import annotations

from pathlib import Path


def find_twin(url: str, src_uri: str, twin_docs: Path, twin_root: str, twin_url: str, lang: str,
              label: str) -> dict[str, object]:
    """Return what the theme needs to link the twin of the page at `url` (built from `src_uri`).

    Args:
        url: The page's URL relative to its site's root ("county/320583-kunshan/", "" for home).
        src_uri: Its source path relative to its docs folder ("county/320583-kunshan/index.md").
        twin_docs: The other language's docs folder.
        twin_root: The other site's root relative to this site's root ("en/" or "../").
        twin_url: The other site's absolute address, ending in "/".
        lang: The other language's code.
        label: The switcher's text ("English", "中文").

    Returns:
        {"href": the twin (or the other home) relative to the page, "url": its absolute address or
        "" when there is no twin, "lang", "label", "exists"}.
    """
    exists = (twin_docs / src_uri).is_file()
    up = "../" * url.count("/")
    target = url if exists else ""
    return {"href": f"{up}{twin_root}{target}", "url": f"{twin_url}{url}" if exists else "",
            "lang": lang, "label": label, "exists": exists}
