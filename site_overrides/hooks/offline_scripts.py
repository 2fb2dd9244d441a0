"""MkDocs hook (mkdocs.yml `hooks:`): after the build, no script of the site names another host.

The logic is `build_scripts.offline_scripts`; MkDocs loads hooks by path, so this file lives with
the other MkDocs inputs that scratch build roots copy.
"""

import logging
from pathlib import Path

from build_scripts.offline_scripts import write_offline_scripts

log = logging.getLogger("mkdocs.hooks.offline_scripts")


def on_post_build(config, **kwargs):
    """Replace the external URL literals of the site's scripts (Material's conditional loaders)."""
    rewritten = write_offline_scripts(Path(config["site_dir"]))
    log.debug("offline scripts: %s", rewritten)
