"""Inside MkDocs: put the data-derived entries into the navigation before the build.

The generate stage writes build/nav.yml (`build_scripts.generate.write_nav`): under "lists" every
list and edition the data package holds, under "methodology" the lists' methodology pages.
mkdocs.yml marks where they go with the items "@lists" and "@methodology"; `splice_nav` replaces
each such item by those entries, so adding an edition or a list changes the navigation without
editing mkdocs.yml. The plugin (`mkdocs_plugin.plugin`) calls it in `on_config`.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from mkdocs.exceptions import ConfigurationError

MARK = "@"


def load_generated_nav(path: Path) -> dict:
    """Read the generated navigation file (`build_nav_sections`).

    Raises:
        ConfigurationError: The file is missing (the generate stage has not run).
    """
    if not path.is_file():
        raise ConfigurationError(f"{path}: missing; run `python -m build_scripts generate` first.")
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def read_lists(generated: dict) -> tuple[list[dict[str, str]], str]:
    """Return each list's title and overview URL ("lists/<code>/"), and their names in prose.

    Both come from the generated navigation ("lists", "list_names").
    """
    links = []
    for entry in generated.get("lists", []):
        for title, pages in entry.items():
            overview = pages[0] if isinstance(pages, list) and isinstance(pages[0], str) else ""
            links.append({"title": str(title), "url": overview.removesuffix("index.md")})
    return links, str(generated.get("list_names", ""))


def read_theme_text(generated: dict) -> dict[str, str]:
    """Return the theme's words (header, footer, 404 page) that the generated navigation holds."""
    return {str(k): str(v) for k, v in (generated.get("theme") or {}).items()}


def splice_nav(entries: list, generated: dict, path: Path) -> list:
    """Return `entries` with every "@<key>" item replaced by the entries `generated` holds under <key>.

    Raises:
        ConfigurationError: `generated` (read from `path`) lacks a key.
    """
    out = []
    for entry in entries:
        if isinstance(entry, str) and entry.startswith(MARK):
            key = entry[len(MARK):]
            if key not in generated:
                raise ConfigurationError(f"{path}: no entries {key!r} for the nav item {entry!r}.")
            out.extend(generated[key])
        elif isinstance(entry, dict):
            out.append({title: splice_nav(value, generated, path) if isinstance(value, list) else value
                        for title, value in entry.items()})
        else:
            out.append(entry)
    return out
