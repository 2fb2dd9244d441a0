"""Publish the generated static files of docs/ by hard link instead of copying them.

MkDocs copies every file of docs/ that is not a page into the site (`File.copy_file`). The
generated subtrees hold thousands of them (page tables, chart data and specs, citation files): a
copy costs CPU time and disk for bytes already on the disk. The generate stage writes those
subtrees anew in every build (the old ones are moved away whole, never edited in place), so the site
can share their files, as it shares the drawn images (`build_scripts.runtime.publish_rendered`).
Where the file system refuses a hard link (another device), the file is copied.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from mkdocs.structure.files import File, Files


class LinkedFile(File):
    """A static file published by hard link to its source."""

    def copy_file(self, dirty: bool = False) -> None:
        """Link the source at the destination; copy it when linking fails or the file was edited."""
        if self._content is not None or self.abs_src_path is None:
            super().copy_file(dirty)
            return
        output = self.abs_dest_path
        os.makedirs(os.path.dirname(output), exist_ok=True)
        try:
            os.link(self.abs_src_path, output)
        except OSError:  # another device, or a file already there: MkDocs copies over it
            super().copy_file(dirty)


def link_generated_files(files: Files, folders: Sequence[str]) -> int:
    """Make the static files under `folders` (docs-relative, "charts/") `LinkedFile`s; return how many."""
    prefixes = tuple(folder.rstrip("/") + "/" for folder in folders)
    count = 0
    for file in files:
        if type(file) is File and not file.is_documentation_page() and file.src_uri.startswith(prefixes):
            file.__class__ = LinkedFile
            count += 1
    return count
