"""devtools.bootstrap_pip: pip into a virtual environment made without it (issue 12)."""

from __future__ import annotations

import ensurepip
import subprocess
import sys
from pathlib import Path

import pytest

from devtools.bootstrap_pip import find_pip_wheel, main

BUNDLED = sorted((Path(ensurepip.__file__).parent / "_bundled").glob("pip-*.whl"))


def test_find_pip_wheel_takes_the_pure_python_wheel_and_its_digest():
    release = {"urls": [
        {"filename": "pip-26.0.tar.gz", "packagetype": "sdist", "url": "u1", "digests": {"sha256": "a"}},
        {"filename": "pip-26.0-py3-none-any.whl", "packagetype": "bdist_wheel", "url": "u2",
         "digests": {"sha256": "b"}}]}
    assert find_pip_wheel(release) == ("pip-26.0-py3-none-any.whl", "u2", "b")
    with pytest.raises(ValueError, match="no py3-none-any wheel"):
        find_pip_wheel({"urls": release["urls"][:1]})


def test_a_venv_made_without_pip_gets_pip_from_a_wheel(tmp_path):
    assert BUNDLED, "the test installs the interpreter's own bundled pip wheel"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(tmp_path / "venv")], check=True)
    python = str(tmp_path / "venv" / "bin" / "python")
    assert subprocess.run([python, "-m", "pip", "--version"], capture_output=True).returncode != 0

    assert main([python, "--wheel", str(BUNDLED[-1])]) == 0

    version = subprocess.run([python, "-m", "pip", "--version"], capture_output=True, text=True, check=True)
    assert str(tmp_path / "venv") in version.stdout
