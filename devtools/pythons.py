"""Developer check: the site is byte-identical whichever supported Python builds it.

`make check-pythons` (`python -m devtools.pythons python3.13 python3.12 …`): for every given
interpreter that runs and is a supported version (3.11–3.13; one per version), create a virtual
environment under build/pythons/<version>/ with the project installed (`pip install -e .`), build the
whole site there with `python -m build_scripts site --root …` (a scratch copy of the site sources, so
the repository's docs/ and site/ are untouched), and compare every file of the built sites byte for
byte. Prints the differing files and exits 1 when two builds differ, 2 when fewer than two supported
interpreters were found.

Standard library only: it runs with any interpreter, before anything is installed.
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

from build_scripts import paths
from build_scripts.runtime import write_work_root

SUPPORTED = ((3, 11), (3, 12), (3, 13))
WORK = paths.BUILD / "pythons"


def find_interpreters(names: list[str]) -> dict[str, str]:
    """Return version ("3.12") -> interpreter for the names that run and are supported, first name wins."""
    found: dict[str, str] = {}
    for name in names:
        try:
            answer = subprocess.run([name, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                                    capture_output=True, text=True, check=True, timeout=60)
        except (OSError, subprocess.SubprocessError):
            continue
        version = answer.stdout.strip()
        if tuple(int(part) for part in version.split(".")) in SUPPORTED:
            found.setdefault(version, name)
    return dict(sorted(found.items()))


def build_with(version: str, interpreter: str, work: Path = WORK) -> Path:
    """Install the project into a fresh venv of `interpreter` and build the site; return its site/."""
    folder = work / version
    venv = folder / "venv"
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([interpreter, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    subprocess.run([python, "-m", "pip", "install", "--quiet", "-e", str(paths.ROOT)], check=True)
    where = write_work_root(folder / "root")
    subprocess.run([python, "-m", "build_scripts", "site", "--quiet", "--root", str(where.root)], check=True,
                   cwd=paths.ROOT)
    return where.site


def compare_sites(first: Path, second: Path) -> list[str]:
    """Return the relative paths of files that differ, or exist in only one of the two sites."""
    one = {p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file()}
    two = {p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file()}
    differing = sorted(one ^ two)
    differing += [name for name in sorted(one & two)
                  if not filecmp.cmp(first / name, second / name, shallow=False)]
    return differing


def main(argv: list[str] | None = None) -> int:
    """Build with each supported interpreter and compare; return the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m devtools.pythons", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("interpreters", nargs="+", help="interpreter names or paths, e.g. python3.13")
    args = parser.parse_args(argv)
    interpreters = find_interpreters(args.interpreters)
    if len(interpreters) < 2:
        print(f"found {len(interpreters)} supported interpreter(s) ({', '.join(interpreters) or 'none'}); "
              "need two to compare", file=sys.stderr)
        return 2
    sites = {version: build_with(version, interpreter) for version, interpreter in interpreters.items()}
    versions = list(sites)
    failed = False
    for version in versions[1:]:
        differing = compare_sites(sites[versions[0]], sites[version])
        files = sum(1 for p in sites[version].rglob("*") if p.is_file())
        print(f"Python {versions[0]} vs {version}: {len(differing)} of {files} files differ")
        for name in differing[:20]:
            print(f"  {name}")
        failed = failed or bool(differing)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
