"""Put pip into a virtual environment made without it, when the interpreter has no `ensurepip`.

Debian and Ubuntu ship `ensurepip` apart from Python (package python3.X-venv), so `python3 -m venv`
fails there on a machine with only Python and make. The Makefile then makes the environment with
`--without-pip` and runs this with the bare interpreter (standard library only): it downloads
pip's wheel from PyPI (the index every other package comes from), checks its SHA-256 against what
PyPI states, and installs pip from the wheel itself.

    python3 -m devtools.bootstrap_pip .venv/bin/python [--wheel pip-*.whl]

`--wheel` installs a wheel already on disk (the tests use the interpreter's own bundled wheel).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

PYPI_JSON = "https://pypi.org/pypi/pip/json"
TIMEOUT_S = 60


def find_pip_wheel(release: dict) -> tuple[str, str, str]:
    """Return (file name, URL, SHA-256) of the pure-Python wheel in PyPI's JSON of a pip release.

    Raises:
        ValueError: The release lists no py3-none-any wheel.
    """
    for entry in release.get("urls", []):
        name = entry.get("filename", "")
        if entry.get("packagetype") == "bdist_wheel" and name.endswith("-py3-none-any.whl"):
            return name, entry["url"], entry["digests"]["sha256"]
    raise ValueError("PyPI lists no py3-none-any wheel of pip")


def load_pip_wheel(folder: Path) -> Path:
    """Download pip's newest wheel into `folder`, check its SHA-256, and return its path.

    Raises:
        ValueError: The download does not match the digest PyPI states.
    """
    with urllib.request.urlopen(PYPI_JSON, timeout=TIMEOUT_S) as answer:  # noqa: S310 - a fixed https URL
        name, url, digest = find_pip_wheel(json.load(answer))
    # A mirror may list the file relative to the JSON's address.
    with urllib.request.urlopen(urllib.parse.urljoin(answer.url, url), timeout=TIMEOUT_S) as answer:  # noqa: S310 - PyPI's file host
        data = answer.read()
    if hashlib.sha256(data).hexdigest() != digest:
        raise ValueError(f"{name}: the download does not match the SHA-256 PyPI states")
    path = folder / name
    path.write_bytes(data)
    return path


def install_pip(python: str, wheel: Path) -> None:
    """Install pip into the environment of `python` from `wheel` (pip runs from its own wheel)."""
    subprocess.run([python, str(wheel / "pip"), "install", "--quiet", "--no-index", str(wheel)], check=True)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m devtools.bootstrap_pip",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("python", help="the virtual environment's interpreter")
    parser.add_argument("--wheel", type=Path, default=None,
                        help="a pip wheel on disk (default: PyPI's newest)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        try:
            wheel = args.wheel or load_pip_wheel(Path(folder))
            install_pip(args.python, wheel)
        except (OSError, ValueError, subprocess.CalledProcessError) as exc:
            print(f"Could not install pip into the virtual environment ({exc}). On Debian or Ubuntu, "
                  f"install the venv module instead: apt-get install python{sys.version_info[0]}."
                  f"{sys.version_info[1]}-venv", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
