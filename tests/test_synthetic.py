"""The benchmark's synthetic packages pass the validator at the sizes `make bench` builds."""

from __future__ import annotations

import pytest

from devtools.bench import SYNTHETIC_PLACES
from devtools.synthetic import write_synthetic_package
from scoring.package import load_package


@pytest.mark.parametrize("places", SYNTHETIC_PLACES)
def test_the_bench_packages_validate(tmp_path, places):
    rows = write_synthetic_package(tmp_path / "package", places)

    package = load_package(tmp_path / "package")
    assert len(package["rankings"]) == rows
    assert len(package["regions"]) >= places
