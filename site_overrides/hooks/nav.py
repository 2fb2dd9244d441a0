"""MkDocs hook (mkdocs.yml `hooks:`): put the data-derived entries into the navigation before the build.

The generate stage writes build/nav.yml (`build_scripts.generate.write_nav`): under "lists" every
list and edition the data package holds, under "methodology" the lists' methodology pages.
mkdocs.yml marks where they go with the items "@lists" and "@methodology"; this hook replaces each
such item by those entries, so adding an edition or a list changes the navigation without editing
mkdocs.yml.
"""

from pathlib import Path

import yaml
from mkdocs.exceptions import ConfigurationError

NAV_FILE = Path("build") / "nav.yml"
MARK = "@"


def _splice(entries, generated, path):
    out = []
    for entry in entries:
        if isinstance(entry, str) and entry.startswith(MARK):
            key = entry[len(MARK):]
            if key not in generated:
                raise ConfigurationError(f"{path}: no entries {key!r} for the nav item {entry!r}.")
            out.extend(generated[key])
        elif isinstance(entry, dict):
            out.append({title: _splice(value, generated, path) if isinstance(value, list) else value
                        for title, value in entry.items()})
        else:
            out.append(entry)
    return out


def on_config(config, **kwargs):
    """Replace every "@<key>" item of `nav` by the entries build/nav.yml holds under <key>."""
    path = Path(config["config_file_path"]).parent / NAV_FILE
    if not path.is_file():
        raise ConfigurationError(f"{path}: missing; run `python -m build_scripts generate` first.")
    config["nav"] = _splice(config["nav"], yaml.safe_load(path.read_text(encoding="utf-8")), path)
    return config
