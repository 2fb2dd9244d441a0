"""The build's folders: the drawn images published into a site, and the previous build's pages swept away.

Input: the build's `BuildPaths`. Output: `publish_rendered` puts the images drawn into
build/rendered/ (chart SVGs and PNGs, social cards) into site/ or docs/ at the same relative paths,
as hard links where the file system allows; `empty_generated_docs` moves the generated subtrees of
docs/ (and build/rendered/) into build/trash-* at once and deletes them in a thread while the build
goes on (or at once, when docs/ is on another file system), so a removed place leaves no stale page.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
import threading
from pathlib import Path

from build_scripts.paths import BuildPaths
from build_scripts.runtime.sitedir import BuildFolderError

# Generated folders of the previous build are moved into build/trash-* and deleted meanwhile.
TRASH_PREFIX = "trash-"


def publish_rendered(rendered: Path, target: Path) -> None:
    """Put the drawn images (`where.rendered`) into `target` at the same relative paths.

    Hard links where the file system allows (no copying of ~800 images twice); each build empties
    `where.rendered` first, so no later build writes through a link into a published file.
    """
    if rendered.is_dir():
        shutil.copytree(rendered, target, dirs_exist_ok=True, copy_function=_link_or_copy)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or a file already there: copy over it
        shutil.copy2(source, target)


def empty_generated_docs(where: BuildPaths) -> threading.Thread:
    """Empty the generated subtrees of docs/ and build/rendered/; return the thread deleting them.

    They hold thousands of files, so each is renamed into a fresh build/trash-* folder (at once) and
    a thread deletes those folders, leftovers of an interrupted build included, while the build goes
    on; the caller joins it.

    Raises:
        BuildFolderError: A subtree can be neither moved nor deleted.
    """
    where.build.mkdir(parents=True, exist_ok=True)
    trash = Path(tempfile.mkdtemp(prefix=TRASH_PREFIX, dir=where.build))
    for number, subtree in enumerate((*where.generated_docs, where.rendered)):
        if subtree.exists():
            _move_or_delete(subtree, trash / str(number))
    sweeper = threading.Thread(target=_delete_trash, args=(where.build,))
    sweeper.start()
    return sweeper


def _move_or_delete(subtree: Path, trash: Path) -> None:
    """Move `subtree` to `trash`, or delete it now when it is on another file system than build/.

    Raises:
        BuildFolderError: It can be neither moved nor deleted (a read-only folder in it).
    """
    try:
        subtree.rename(trash)
        return
    except OSError as exc:
        if exc.errno != errno.EXDEV:  # EXDEV: docs/ (or a mount in it) and build/ are two file systems
            raise _cannot_empty(subtree, exc) from exc
    try:
        shutil.rmtree(subtree)
    except OSError as exc:
        raise _cannot_empty(subtree, exc) from exc


def _cannot_empty(subtree: Path, exc: OSError) -> BuildFolderError:
    return BuildFolderError(f"{subtree}: cannot be emptied for the new pages ({exc.strerror}); make it "
                            f"writable (chmod -R u+w {subtree}) and build again.")


def _delete_trash(build: Path) -> None:
    for folder in sorted(build.glob(f"{TRASH_PREFIX}*")):
        shutil.rmtree(folder, ignore_errors=True)
