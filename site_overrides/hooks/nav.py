"""MkDocs hook (mkdocs.yml `hooks:`): fill the navigation's data-derived sections before the build.

The generate stage writes build/nav.yml (`build_scripts.generate.write_nav`): the 榜单 section with
every list and edition the data package holds. mkdocs.yml keeps the section's title as a
placeholder (`- 榜单: []`); this hook puts the written entries there, so adding an edition or a list
changes the navigation without editing mkdocs.yml.
"""

from pathlib import Path

import yaml
from mkdocs.exceptions import ConfigurationError

NAV_FILE = Path("build") / "nav.yml"


def on_config(config, **kwargs):
    """Replace each placeholder section of `nav` by the one build/nav.yml holds."""
    path = Path(config["config_file_path"]).parent / NAV_FILE
    if not path.is_file():
        raise ConfigurationError(f"{path}: missing; run `python -m build_scripts generate` first.")
    sections = yaml.safe_load(path.read_text(encoding="utf-8"))
    nav = []
    for entry in config["nav"]:
        title = next(iter(entry)) if isinstance(entry, dict) and len(entry) == 1 else None
        nav.append({title: sections.pop(title)} if title in sections else entry)
    if sections:
        raise ConfigurationError(f"{path}: mkdocs.yml's nav has no section {', '.join(sections)}.")
    config["nav"] = nav
    return config
