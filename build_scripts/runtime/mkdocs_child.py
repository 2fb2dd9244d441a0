"""MkDocs stage: `mkdocs build --strict --clean` in a child process started before docs/ is written.

Before MkDocs reads the first page it spends about two seconds of the build's critical path:
importing MkDocs, Material, Python-Markdown and jieba, and loading jieba's dictionary (Material's
search plugin segments Chinese with it; the dictionary load alone takes over a second). So the
CLI starts this child (`MkDocsRunner`) with the worker processes as the build begins (or
`pipeline.run_site` does, when called without one); the child does that work while the generate
stage writes docs/, then waits. `MkDocsRunner.build` hands it the configuration file,
the site folder and the date of the build (`SOURCE_DATE_EPOCH`, which MkDocs stamps on the sitemap)
as one JSON line, and the child runs the same calls as `mkdocs build` (load the configuration in
strict mode, `on_startup`, `build`, `on_shutdown`). A warning aborts the build as in the CLI; the
child then exits 1 with MkDocs' messages on stderr. End of input without a request ends the child;
when a stage before MkDocs fails, the pipeline kills it.

Run by the pipeline as `python -m build_scripts.runtime.mkdocs_child FD` (inputs on stdin, as above;
FD is the pipe it watches to end with the main process, see `interrupts`).
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from multiprocessing.connection import Connection
from pathlib import Path
from types import TracebackType

from build_scripts.runtime.interrupts import ctrl_c_blocked, watch_main_process
from scoring.errors import RenderError


class MkDocsRunner:
    """The child process that builds the site with MkDocs; a context manager.

    Leaving the `with` block without a build stops the child.

    Args:
        root: The build root (the child's working folder, where mkdocs.yml's relative paths start).
    """

    def __init__(self, root: Path) -> None:
        # The main process handles Ctrl-C and stops the child, which ends with it even when it is
        # killed: the child watches the read end of a pipe whose write end stays here (see `interrupts`).
        self._started = False
        watched, self._alive = os.pipe()
        try:
            with ctrl_c_blocked():
                self._child = subprocess.Popen(
                    [sys.executable, "-m", "build_scripts.runtime.mkdocs_child", str(watched)], cwd=root,
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                    pass_fds=(watched,))
        except BaseException:
            os.close(self._alive)
            raise
        finally:
            os.close(watched)

    def __enter__(self) -> MkDocsRunner:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    @property
    def started(self) -> bool:
        """Whether the child has been handed its build request."""
        return self._started

    def start(self, config: Path, site_dir: Path, epoch: int) -> None:
        """Hand the child its build request and return at once (`wait` collects the outcome)."""
        self._started = True
        request = json.dumps({"config": str(config), "site_dir": str(site_dir), "epoch": epoch})
        try:
            self._child.stdin.write(request + "\n")
            self._child.stdin.flush()  # the child reads one line; `wait` closes its input
        except BaseException:  # Ctrl-C or a child that died at start-up
            self.close()
            raise

    def wait(self) -> None:
        """Wait for the build `start` requested to end.

        Raises:
            RenderError: MkDocs failed or warned (strict mode); the message holds its output.
        """
        try:
            stdout, stderr = self._child.communicate()
        except BaseException:  # Ctrl-C: stop writing into the site folder before the caller removes it
            self.close()
            raise
        if self._child.returncode != 0:
            output = "\n".join(part.strip() for part in (stderr, stdout) if part.strip())
            raise RenderError(f"mkdocs build --strict failed; site/ left unchanged:\n{output}")

    def close(self) -> None:
        """Stop the child if it has not ended (the build failed or was interrupted first), and wait for it."""
        if self._child.returncode is None:
            self._child.kill()
            self._child.communicate()
        if self._alive is not None:
            os.close(self._alive)
            self._alive = None


# The child's imports are inside functions: the pipeline imports this module for `MkDocsRunner` and
# must not pay for MkDocs itself.


def _prepare() -> None:
    """Import what the build needs and load jieba's dictionary, as MkDocs would on its first page."""
    import material.plugins.search.plugin  # noqa: F401 - imported for its start-up cost
    import mkdocs.commands.build  # noqa: F401

    try:
        import jieba
    except ImportError:  # Material's search then does not segment Chinese either
        return
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()


def _run(request: dict) -> int:
    """Build as `mkdocs build --strict --clean --config-file … --site-dir …` does; return the exit code."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    os.environ["SOURCE_DATE_EPOCH"] = str(request["epoch"])
    try:
        config = load_config(request["config"], strict=True, site_dir=request["site_dir"])
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config, dirty=False)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as exc:
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0


def main() -> int:
    """Child process: prepare, wait for the request line on stdin, build; return the exit code.

    Its one argument is the descriptor of the pipe to watch (`interrupts.watch_main_process`).
    """
    watch_main_process(Connection(int(sys.argv[1]), writable=False))
    logging.basicConfig(level=logging.WARNING, format="%(levelname)-7s -  %(message)s")
    _prepare()
    line = sys.stdin.readline()
    if not line.strip():
        return 0
    return _run(json.loads(line))


if __name__ == "__main__":
    sys.exit(main())
