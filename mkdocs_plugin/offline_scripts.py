"""MkDocs stage (post-build hook): no script of the built site can load anything from another host.

Material's JavaScript bundle loads three things from other hosts, each under a condition: the
resize-observer polyfill from unpkg.com on browsers without `ResizeObserver` (Chrome < 64, Firefox
< 69, Safari < 13.1), Mermaid from unpkg.com on a page with a diagram, and repository facts from
api.github.com when `repo_url` is set. The site self-hosts the polyfill and loads it before the
bundle where `ResizeObserver` is missing (`site_overrides/main.html`), has no diagram and no
`repo_url`; and after MkDocs has written the site, every absolute URL literal to another host in its
scripts is replaced by an empty `data:` URL, so no condition, browser or later page can reach one.
A `data:` URL never leaves the browser: a script or fetch of it gets an empty answer.

The bundle also fetches the sitemap of the site of every `<link rel="alternate">` on a page (so that
its own language selector can keep the page). The pages link their twin in the other language that
way (hreflang, issue 15) with its public address, and the site's switcher links the twin itself, so
that selector (`link[rel=alternate]`) is made one that matches nothing: `link[data-md-alternate]`.
"""

from __future__ import annotations

import re
from pathlib import Path

# A URL literal in JavaScript: a quote or backtick immediately followed by http(s):// or //host.tld.
URL_LITERAL = re.compile(r"""(["'`])((?:https?:)?//[A-Za-z0-9-]+\.[A-Za-z0-9.-]+[^"'`\s]*)""")
NOWHERE = "data:,"
ALTERNATE_SELECTOR = '"link[rel=alternate]"'
NO_ALTERNATE = '"link[data-md-alternate]"'


def rewrite_external_urls(text: str) -> tuple[str, list[str]]:
    """Return `text` with its external URL literals and alternate-page selector replaced, and those.

    Each external URL literal becomes `NOWHERE`, the selector `ALTERNATE_SELECTOR` `NO_ALTERNATE`.

    The literal up to its closing quote becomes `NOWHERE` (a template literal's interpolations
    included: `https://api.github.com/users/${e}` in backticks becomes `data:,` in backticks), so
    the script stays valid.
    """
    replaced: list[str] = []

    def _swap(match: re.Match) -> str:
        replaced.append(match.group(2))
        return match.group(1) + NOWHERE

    text = URL_LITERAL.sub(_swap, text)
    if ALTERNATE_SELECTOR in text:
        text = text.replace(ALTERNATE_SELECTOR, NO_ALTERNATE)
        replaced.append(ALTERNATE_SELECTOR)
    return text, replaced


def write_offline_scripts(site_dir: Path) -> dict[str, list[str]]:
    """Rewrite the external URL literals of every script under `site_dir`; return them per file."""
    found: dict[str, list[str]] = {}
    for script in sorted(site_dir.rglob("*.js")):
        rewritten, replaced = rewrite_external_urls(script.read_bytes().decode("utf-8"))
        if replaced:
            script.write_bytes(rewritten.encode("utf-8"))
            found[script.relative_to(site_dir).as_posix()] = replaced
    return found
