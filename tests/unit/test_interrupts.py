"""Ctrl-C reaches only the build's main process, never its helpers; they end with it (issue 18)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from build_scripts.runtime.interrupts import ctrl_c_blocked, ctrl_c_deferred

ROOT = Path(__file__).resolve().parents[2]

# A stand-in for the build's main process: it starts the helpers, then sends Ctrl-C to its whole
# process group (ignoring it itself): as the helpers start, while they load (the fork server imports
# the rendering modules for seconds, MkDocs' child imports MkDocs), and once the workers have run.
HELPERS_UNDER_CTRL_C = textwrap.dedent("""
    import operator, os, signal, sys, time
    from pathlib import Path
    from build_scripts.runtime import Background, MkDocsRunner

    with Background(workers=2) as background, MkDocsRunner(Path(sys.argv[1])) as mkdocs:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        os.killpg(0, signal.SIGINT)
        time.sleep(0.3)
        os.killpg(0, signal.SIGINT)
        print(background.submit(operator.neg, [1, 2]).results())
        os.killpg(0, signal.SIGINT)
        time.sleep(0.5)
        print(background.submit(operator.neg, [3]).results(), mkdocs._child.poll())
""")

# A stand-in for the build's main process that is killed once its helpers run.
HELPERS_RUNNING = textwrap.dedent("""
    import operator, sys, time
    from pathlib import Path
    from build_scripts.runtime import Background, MkDocsRunner

    with Background(workers=2) as background, MkDocsRunner(Path(sys.argv[1])):
        background.submit(operator.neg, [1, 2]).results()
        print("running", flush=True)
        time.sleep(60)
""")


def _sigint_blocked_in_child() -> bool:
    script = "import signal; print(signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, []))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return result.stdout.strip() == "True"


def test_ctrl_c_blocked_is_inherited_by_children_and_undone_after():
    with ctrl_c_blocked():
        assert _sigint_blocked_in_child()
    assert not _sigint_blocked_in_child()
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, [])


def test_a_ctrl_c_held_back_by_ctrl_c_deferred_takes_effect_after_the_block():
    done = []
    with pytest.raises(KeyboardInterrupt):
        with ctrl_c_deferred():
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.2)  # Python runs its signal handlers meanwhile
            done.append("the whole block")

    assert done == ["the whole block"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_the_helpers_keep_working_when_ctrl_c_reaches_them(tmp_path):
    result = subprocess.run([sys.executable, "-c", HELPERS_UNDER_CTRL_C, str(tmp_path)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, start_new_session=True, check=False)

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["[-1, -2]", "[-3] None"]  # the MkDocs child still runs
    assert "Traceback" not in result.stderr


def test_the_helpers_end_when_the_main_process_is_killed(tmp_path):
    main = subprocess.Popen([sys.executable, "-c", HELPERS_RUNNING, str(tmp_path)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True, start_new_session=True)
    assert main.stdout.readline() == "running\n"

    main.kill()
    main.wait()

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            os.killpg(main.pid, 0)  # a process of the group is left
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.killpg(main.pid, signal.SIGKILL)
        raise AssertionError("a helper outlived the killed main process")
    main.stdout.close()
