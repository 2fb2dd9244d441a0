"""MkDocs hook (mkdocs.yml `hooks:`): trim and re-encode the search index after Material writes it.

MkDocs loads hooks by path, so this file lives with the other MkDocs inputs that scratch build roots
copy; the logic is `build_scripts.search_index`. Theme folders never publish *.py files.
"""

from pathlib import Path

from mkdocs.plugins import event_priority

from build_scripts.search_dict import REGION_TAGS
from build_scripts.search_index import rewrite_search_index


@event_priority(-100)  # after the search plugin has written the index
def on_post_build(config, **kwargs):
    """Rewrite site/search/search_index.json."""
    index = Path(config["site_dir"]) / "search" / "search_index.json"
    if index.is_file():
        rewrite_search_index(index, Path(config["config_file_path"]).parent / REGION_TAGS)
