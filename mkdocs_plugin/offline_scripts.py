"""MkDocs stage (post-build hook): no script of the built site can load anything from another host.

Material's JavaScript bundle loads three things from other hosts, each under a condition: the
resize-observer polyfill from unpkg.com on browsers without `ResizeObserver` (Chrome < 64, Firefox
< 69, Safari < 13.1), Mermaid from unpkg.com on a page with a diagram, and repository facts from
api.github.com when `repo_url` is set. The site self-hosts the polyfill and loads it before the
bundle where `ResizeObserver` is missing (`site_overrides/main.html`), has no diagram and no
`repo_url`; and after MkDocs has written the site, every absolute URL literal to another host in its
scripts is replaced by an empty `data:` URL, so no condition, browser or later page can reach one.
A `data:` URL never leaves the browser: a script or fetch of it gets an empty answer.
"""

from __future__ import annotations

import re
from pathlib import Path

# A URL literal in JavaScript: a quote or backtick immediately followed by http(s):// or //host.tld.
URL_LITERAL = re.compile(r"""(["'`])((?:https?:)?//[A-Za-z0-9-]+\.[A-Za-z0-9.-]+[^"'`\s]*)""")
NOWHERE = "data:,"


def rewrite_external_urls(text: str) -> tuple[str, list[str]]:
    """Return `text` with every external URL literal replaced by `NOWHERE`, and the URLs replaced.

    The literal up to its closing quote becomes `NOWHERE` (a template literal's interpolations
    included: `https://api.github.com/users/${e}` in backticks becomes `data:,` in backticks), so
    the script stays valid.
    """
    replaced: list[str] = []

    def _swap(match: re.Match) -> str:
        replaced.append(match.group(2))
        return match.group(1) + NOWHERE

    return URL_LITERAL.sub(_swap, text), replaced


def write_offline_scripts(site_dir: Path) -> dict[str, list[str]]:
    """Rewrite the external URL literals of every script under `site_dir`; return them per file."""
    found: dict[str, list[str]] = {}
    for script in sorted(site_dir.rglob("*.js")):
        rewritten, replaced = rewrite_external_urls(script.read_bytes().decode("utf-8"))
        if replaced:
            script.write_bytes(rewritten.encode("utf-8"))
            found[script.relative_to(site_dir).as_posix()] = replaced
    return found
