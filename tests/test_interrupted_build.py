"""Ctrl-C at any moment of `python -m build_scripts site`: one line, exit 130, site/ as it was (issue 18).

Whole builds of the small synthetic package in one scratch root, each interrupted at one moment:
while the CLI loads its modules, while the helper processes start, with the build lock held, while
the generate stage writes docs/, while MkDocs writes the new site. Ctrl-C goes to the build's whole
process group, as a terminal sends it. Each interrupted build must leave site/ as it was, docs/ as
it was or marked for the next build, no temporary folder, no process and a free lock. A build
whose main process is killed outright leaves its staging folder, which the next build removes.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import build_scripts.__main__ as cli
from build_scripts import pipeline
from build_scripts.paths import BuildPaths
from build_scripts.runtime import hold_build_lock, write_work_root

ROOT = Path(__file__).resolve().parents[1]
INCOMPLETE = Path("build/generate-incomplete")

# Put on PYTHONPATH, this sends Ctrl-C to the build's process group when the CLI's process imports
# the module named in CTRL_C_ON_IMPORT: a moment no delay hits reliably.
SITECUSTOMIZE = textwrap.dedent("""
    import os, signal, sys

    class _CtrlCOnImport:
        def find_spec(self, name, path=None, target=None):
            if name == os.environ["CTRL_C_ON_IMPORT"] and sys.argv[0].endswith("__main__.py"):
                os.killpg(0, signal.SIGINT)
            return None

    if os.environ.get("CTRL_C_ON_IMPORT"):
        sys.meta_path.insert(0, _CtrlCOnImport())
""")


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _lock_held(where: BuildPaths) -> bool:
    lock = where.root / ".build.lock"
    return lock.is_file() and lock.read_text(encoding="utf-8").startswith("pid")


def _mkdocs_writing(where: BuildPaths) -> bool:
    return any(any(folder.iterdir()) for folder in where.root.glob(".site-tmp-*"))


# Moment -> (module whose import sends Ctrl-C, or a condition polled before sending it).
MOMENTS: dict[str, str | Callable[[BuildPaths], bool]] = {
    "loading the cli": "build_scripts.paths",
    "starting the helpers": "build_scripts.pipeline",
    "holding the lock": _lock_held,
    "generating docs": lambda where: (where.root / INCOMPLETE).is_file(),
    "running mkdocs": _mkdocs_writing,
}


@pytest.fixture(scope="module")
def built(small_package, tmp_path_factory) -> BuildPaths:
    where = write_work_root(tmp_path_factory.mktemp("interrupted") / "root", small_package)
    pipeline.run_site(where)
    return where


@pytest.fixture(scope="module")
def hooks(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hooks")
    (folder / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    return folder


def _start_build(where: BuildPaths, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "build_scripts", "site", "--quiet", "--root", str(where.root), "--package",
         str(where.datapackage)], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, start_new_session=True)


def _wait_for(condition: Callable[[], bool], build: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while not condition():
        assert build.poll() is None, "the build ended before the moment came"
        assert time.monotonic() < deadline
        time.sleep(0.01)


def _group_ended(group: int) -> bool:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


# A second Ctrl-C, pressed while the build stops, changes nothing.
CASES = [(moment, 1) for moment in MOMENTS] + [("holding the lock", 2)]


@pytest.mark.parametrize(("moment", "presses"), CASES)
def test_ctrl_c_prints_one_line_and_leaves_site_as_it_was(built, hooks, moment, presses):
    site, docs = snapshot(built.site), snapshot(built.docs)
    env = dict(os.environ)
    trigger = MOMENTS[moment]
    if isinstance(trigger, str):
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(hooks), env.get("PYTHONPATH")]))
        env["CTRL_C_ON_IMPORT"] = trigger
    build = _start_build(built, env)
    if not isinstance(trigger, str):
        _wait_for(lambda: trigger(built), build)
        for _ in range(presses):
            os.killpg(build.pid, signal.SIGINT)
            time.sleep(0.2)
    _, stderr = build.communicate(timeout=120)

    assert build.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert stderr.count("\n") == 1 and stderr.startswith("Interrupted"), stderr
    assert _group_ended(build.pid), "a process of the build is still running"
    assert snapshot(built.site) == site
    assert snapshot(built.docs) == docs or (built.root / INCOMPLETE).is_file()
    assert sorted(p.name for p in built.root.glob(".site-*")) == []
    with hold_build_lock(built):
        pass


def test_ctrl_c_as_the_build_ends_leaves_the_new_site_and_says_so(built):
    old = cli._identify(built.site)
    build = _start_build(built, dict(os.environ))
    _wait_for(lambda: cli._identify(built.site) not in (old, None), build)  # the swap is done
    os.killpg(build.pid, signal.SIGINT)
    _, stderr = build.communicate(timeout=120)

    # Pressed while the helpers stop, or too late to matter.
    assert (build.returncode, stderr) in {(130, cli.INTERRUPTED_AT_END + "\n"), (0, "")}
    assert _group_ended(build.pid), "a process of the build is still running"
    assert (built.site / "index.html").is_file()


def test_the_next_build_removes_what_a_killed_build_left(built):
    """Its main process killed while MkDocs writes (no cleanup runs), a build leaves its staging
    folder (and the English twin's), and its helpers end at once (none writes there any more); the
    next build, holding the lock, removes them and succeeds, after the interrupted builds above too."""
    build = _start_build(built, dict(os.environ))
    _wait_for(lambda: _mkdocs_writing(built), build)
    build.kill()
    build.wait()
    assert _group_ended(build.pid), "a helper of the killed build is still running"
    # The staging folder, and the English twin's beside it when its MkDocs child had started writing.
    left = sorted(p.name for p in built.root.glob(".site-*"))
    assert left and all(name.startswith(".site-tmp-") for name in left), left
    assert len(left) == 1 or (len(left) == 2 and left[1] == left[0] + "-en"), left

    result = subprocess.run(
        [sys.executable, "-m", "build_scripts", "site", "--quiet", "--root", str(built.root), "--package",
         str(built.datapackage)], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)

    assert (result.returncode, result.stderr) == (0, "")
    assert sorted(p.name for p in built.root.glob(".site-*")) == []
    assert not (built.root / INCOMPLETE).exists()
