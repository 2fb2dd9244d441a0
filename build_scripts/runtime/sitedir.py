"""The build's hold on its folder: one build at a time, and a site/ it can replace.

Input: the build's `BuildPaths`. Output: a lock (`.build.lock` in the build root, held with `flock` while a
build runs, so a second build in the same folder stops at once with one line), the checks a build
makes before it starts (the build root, build/ and docs/ are writable; site/ is a real, writable
folder; a `.site-old` left by an interrupted build is removed, or refused with a message when it
cannot be), the folder the new site is built
in (`.site-tmp-*`, beside site/; those of killed builds are removed), the swap that replaces site/
with the new build, and the marker `build/generate-incomplete` that says docs/ is half written (an
interrupted or failed generate stage; the next build rewrites every generated subtree).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from build_scripts.paths import BuildPaths, join_inside
from build_scripts.runtime.interrupts import ctrl_c_deferred
from scoring.errors import PipelineError

log = logging.getLogger(__name__)

LOCK_FILE = ".build.lock"
OLD_SITE = ".site-old"
STAGING_PREFIX = ".site-tmp-"
INCOMPLETE_FILE = "generate-incomplete"


class BuildFolderError(PipelineError):
    """The build's folder is busy (another build holds the lock) or its site/ cannot be replaced."""


@contextlib.contextmanager
def hold_build_lock(where: BuildPaths) -> Iterator[None]:
    """Hold the build folder's lock for the duration of the block; check that build/ and docs/ are writable.

    Raises:
        BuildFolderError: Another build in the same folder holds it, the lock file cannot be opened
            (a read-only folder), or build/ or docs/ is read-only.
    """
    path = join_inside(where.root, LOCK_FILE)
    try:
        handle = open(path, "a+", encoding="utf-8")  # noqa: PTH123 - the descriptor is locked
    except OSError as exc:
        raise BuildFolderError(f"{path}: cannot be opened to lock the build folder ({exc.strerror}); make "
                               f"{where.root} writable (chmod u+w {where.root}) and build again.") from exc
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise BuildFolderError(f"{where.root}: another build is running in this folder ({holder}); wait "
                                   "for it to finish, then build again.") from None
        _check_writable((where.build, where.docs), "the build writes there")
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def check_site_target(where: BuildPaths) -> None:
    """Check, before a site build starts, that site/ can be replaced; remove a leftover `.site-old`.

    Raises:
        BuildFolderError: site/ is a symbolic link or not a folder, site/ or its folder is not
            writable, or a leftover `.site-old` cannot be removed; the message says what to do.
    """
    site = where.site
    if site.is_symlink():
        raise BuildFolderError(f"{site}: is a symbolic link (to {os.readlink(site)}); the build replaces "
                               "site/ as a folder of its own. Remove the link (rm site) and build again.")
    if site.exists() and not site.is_dir():
        raise BuildFolderError(f"{site}: is not a folder. Move it away and build again.")
    _check_writable((where.root, site), "the build replaces site/ there")
    remove_old_site(where)


def _check_writable(folders: tuple[Path, ...], use: str) -> None:
    for folder in folders:
        if folder.exists() and not os.access(folder, os.W_OK | os.X_OK):
            raise BuildFolderError(f"{folder}: is read-only; {use}. Make it writable "
                                   f"(chmod u+w {folder}) and build again.")


def remove_old_site(where: BuildPaths, leftover: bool = True) -> None:
    """Remove the `.site-old` folder an interrupted build left behind, if any.

    `leftover` False: the folder is the site this build just replaced (nothing to report).

    Raises:
        BuildFolderError: It cannot be removed (read-only, not a folder we own).
    """
    old = where.root / OLD_SITE
    if not (old.exists() or old.is_symlink()):
        return
    _remove_leftover(old)
    if leftover:
        log.info("site: removed %s left by an earlier build", old)


def make_site_staging(where: BuildPaths) -> Path:
    """Return a new empty folder beside site/ to build the site in; remove those of earlier builds.

    Call it holding the build lock (`hold_build_lock`): no other build writes in this folder then,
    so a staging folder found here is a killed build's, never one in use.

    Raises:
        BuildFolderError: A stale staging folder cannot be removed.
    """
    for stale in remove_site_stagings(where):
        log.info("site: removed %s left by an earlier build", stale)
    return Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=where.root))


def remove_site_stagings(where: BuildPaths) -> list[Path]:
    """Remove every staging folder beside site/ and return them; call it holding the build lock.

    Holding the lock, every staging folder is this build's or a killed build's. A build calls this
    as it ends, whatever stopped it: a Ctrl-C that lands between the creation of its staging folder
    and the name bound to it leaves no folder behind either.

    Raises:
        BuildFolderError: A staging folder cannot be removed.
    """
    stagings = sorted(where.root.glob(f"{STAGING_PREFIX}*"))
    for staging in stagings:
        _remove_leftover(staging)
    return stagings


def _remove_leftover(path: Path) -> None:
    """Remove `path` (a folder, file or link) left by an earlier build.

    Raises:
        BuildFolderError: It cannot be removed; the message says how to remove it by hand.
    """
    try:
        if path.is_symlink() or not path.is_dir():
            path.unlink()
        else:
            shutil.rmtree(path)
    except OSError as exc:
        raise BuildFolderError(f"{path}: left by an earlier build and cannot be removed ({exc.strerror}); "
                               f"remove it by hand (chmod -R u+w {path} && rm -rf {path}) and build "
                               "again.") from exc


def replace_site(new: Path, where: BuildPaths) -> None:
    """Replace site/ with the folder `new` (same file system); the old site is deleted afterwards.

    Raises:
        BuildFolderError: site/ cannot be moved aside or `new` cannot take its place (site/ is then
            put back as it was).
    """
    check_site_target(where)
    old = where.root / OLD_SITE
    moved = False
    # Ctrl-C between the two renames would leave no site/ at all: it takes effect after them.
    with ctrl_c_deferred():
        try:
            if where.site.exists():
                where.site.rename(old)
                moved = True
            new.rename(where.site)
        except OSError as exc:
            if moved and not where.site.exists():
                old.rename(where.site)
            raise BuildFolderError(f"{where.site}: cannot be replaced ({exc.strerror}); site/ is left as it "
                                   "was. Make site/ and its folder writable and build again.") from exc
    try:
        remove_old_site(where, leftover=False)
    except BuildFolderError as exc:  # the new site is in place; the next build retries
        log.warning("%s", exc)


def mark_incomplete(where: BuildPaths) -> None:
    """Mark docs/ as half written until `clear_incomplete` (an interrupted build leaves the mark)."""
    where.build.mkdir(parents=True, exist_ok=True)
    join_inside(where.build, INCOMPLETE_FILE).write_text(
        "The generate stage did not finish: the generated pages under docs/ are incomplete. The next build "
        "rewrites them.\n", encoding="utf-8", newline="\n")


def clear_incomplete(where: BuildPaths) -> None:
    """Remove the mark of `mark_incomplete`: docs/ is whole."""
    (where.build / INCOMPLETE_FILE).unlink(missing_ok=True)
