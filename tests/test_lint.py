"""All the repository's code follows the style rules (../shared/STYLE.md): ruff, pyproject.toml's settings.

Line length, imports, docstrings (Google convention, tests exempt) and mccabe complexity at most 10.
`make lint` runs the same check.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing_in_the_code_and_the_tests():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--output-format", "concise", "."],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
