"""Command line: `python -m build_scripts <stage>`.

The only place that catches `PipelineError`: it prints the message to stderr without a traceback
and exits 1. Ctrl-C, at any moment, prints one line and exits 130 (issue 18): before the stage
starts at once, then once the stage has cleaned up.
"""

from __future__ import annotations

import os
import signal
import sys

STOPPED_BEFORE_START = "Interrupted before the build started; nothing was changed."
# The exit status after Ctrl-C (128 + SIGINT, as a shell reports a process that Ctrl-C ended).
INTERRUPTED_STATUS = 130


def _stop_before_start(signum: int, frame: object) -> None:
    # Ctrl-C while the modules below load or the arguments are read: nothing is written yet, so stop
    # at once. Python's default would print a KeyboardInterrupt traceback from inside some import.
    sys.stderr.write(STOPPED_BEFORE_START + "\n")
    sys.stderr.flush()
    os._exit(INTERRUPTED_STATUS)


if __name__ == "__main__":  # before the imports below (tens of milliseconds, more on a busy machine)
    signal.signal(signal.SIGINT, _stop_before_start)

import argparse
import logging
from pathlib import Path

from build_scripts import paths
from build_scripts.runtime import Background, MkDocsRunner
from scoring.errors import PipelineError

# Each stage is `pipeline.run_<stage>`, except lists-schema (`lists_schema.write_list_schemas`); the
# benchmark is a developer tool (`python -m devtools.bench`). The stages' modules are imported only
# when one runs (see `run_stage`). `import-edition` has options of its own
# (`curation.import_edition_cli`).
STAGES = ("validate", "score", "generate", "all", "site", "lists-schema")
IMPORT_EDITION = "import-edition"
INTERRUPTED = ("Interrupted: the build stopped; site/ is as it was, and docs/'s generated pages may be "
               "incomplete (marked by build/generate-incomplete): run the build again.")
# Ctrl-C once the new site is in place, while the build stops its helpers and deletes the old site.
INTERRUPTED_AT_END = ("Interrupted as the build ended: site/ holds the new site; the next build removes what "
                      "was left to clean up.")


def main(argv: list[str] | None = None) -> int:
    """Run one stage and return the process exit code."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == [IMPORT_EDITION]:
        from curation import import_edition_cli

        _raise_on_ctrl_c(once=False)
        return import_edition_cli.main(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m build_scripts", description=__doc__)
    parser.add_argument("stage", choices=sorted(STAGES))
    parser.add_argument("--package", default=None, help="data package folder (default: datapackage/)")
    parser.add_argument("--root", default=None, type=Path,
                        help="folder holding mkdocs.yml, docs/ and site_overrides/, where build/ and site/ "
                             "are written (default: this repository)")
    parser.add_argument("--quiet", action="store_true", help="log warnings only")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(message)s")
    where = paths.default_paths(args.package)
    if args.root:
        where = paths.BuildPaths(root=args.root.resolve(), datapackage=where.datapackage, params=where.params,
                                 lists=where.lists)
    site = _identify(where.site)
    try:
        _raise_on_ctrl_c()
        run_stage(args.stage, where)
        status = 0
    except PipelineError as exc:
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        status = 1
    except KeyboardInterrupt:
        print(INTERRUPTED if _identify(where.site) == site else INTERRUPTED_AT_END, file=sys.stderr)
        status = INTERRUPTED_STATUS
    _ignore_ctrl_c()
    return status


def _identify(folder: Path) -> tuple[int, int] | None:
    # Which folder is there (device and inode), if any: the swap puts another folder at site/.
    try:
        found = folder.lstat()
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _raise_on_ctrl_c(once: bool = True) -> None:
    # From here on Ctrl-C raises KeyboardInterrupt, so that what the stage started (the lock, the
    # helper processes, the temporary site) is cleaned up on the way out; `once`: the first Ctrl-C
    # only (see `_interrupt_once`), False for import-edition, which keeps Python's default.
    if signal.getsignal(signal.SIGINT) is _stop_before_start:
        signal.signal(signal.SIGINT, _interrupt_once if once else signal.default_int_handler)


def _ignore_ctrl_c() -> None:
    # The stage has ended: a Ctrl-C now would change nothing, but caught while the interpreter shuts
    # down it ends the process by SIGINT (status -2 to its parent, not the stage's status).
    if signal.getsignal(signal.SIGINT) is _interrupt_once:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _interrupt_once(signum: int, frame: object) -> None:
    # A second Ctrl-C while the stage cleans up would cut that short (the worker pool left unclosed,
    # whose semaphores multiprocessing then reports as leaked): only the first one counts.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt


def run_stage(stage: str, where: paths.BuildPaths) -> None:
    """Run one stage.

    For `site`, the worker processes and the MkDocs child are started first: they start up (their
    imports, vl-convert, fonts, jieba's dictionary) while this process imports the stages (pandas,
    frictionless, Altair: over a second), instead of after.
    """
    if stage == "lists-schema":
        from build_scripts.lists_schema import write_list_schemas

        write_list_schemas(where)
    elif stage == "site":
        with Background() as background, MkDocsRunner(where.root) as mkdocs, \
                MkDocsRunner(where.root) as mkdocs_en:
            from build_scripts import pipeline

            pipeline.run_site(where, background, mkdocs, mkdocs_en)
    else:
        from build_scripts import pipeline

        getattr(pipeline, f"run_{stage}")(where)


def _exit(status: int) -> None:
    """Leave the process with `status`."""
    if status == INTERRUPTED_STATUS:
        # `python -m` ends a process by SIGINT instead (status -2 to its parent, not 130) when the
        # KeyboardInterrupt was raised inside a string exec or eval, as dataclasses and namedtuple
        # run while modules load, even though main() caught it. The stage has cleaned up by now.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    sys.exit(status)


if __name__ == "__main__":
    _exit(main())
