"""Check stage: domain rules a Table Schema cannot express, run after loading and on outputs.

Each `check_*` function takes DataFrames (or the loaded package) and returns nothing; it raises
`CheckError` listing every violation found.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scoring.errors import CheckError

if TYPE_CHECKING:
    from scoring.package import Package


def check_package(package: Package) -> None:
    """Run every domain check on a loaded package and raise one `CheckError` listing all problems."""
    problems: list[str] = []
    for check in DOMAIN_CHECKS:
        try:
            check(package)
        except CheckError as exc:
            problems.extend(exc.problems)
    if problems:
        raise CheckError(problems)


DOMAIN_CHECKS: tuple = ()
