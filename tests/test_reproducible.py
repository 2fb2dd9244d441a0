"""Two builds of the same commit produce identical files, byte for byte, with no exception.

The one thing a build must date is the sitemap (`<lastmod>` of every page, and the gzip header of
sitemap.xml.gz). The pipeline dates it with the data release (the newest edition's publication month,
passed to MkDocs as SOURCE_DATE_EPOCH), never with the day of the build, so nothing is excluded here.
The second build runs in another scratch root, cold (no chart or image cache), so the comparison also
shows that no output depends on where or when it was built.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path

import pytest
from conftest import build_site_into

from build_scripts import paths
from scoring.package import load_package


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def rebuilt_site(tmp_path_factory) -> Path:
    return build_site_into(tmp_path_factory.mktemp("rebuilt-site") / "root")


def test_two_builds_of_the_real_data_are_byte_identical(built_site, rebuilt_site):
    first, second = snapshot(built_site), snapshot(rebuilt_site)

    assert sorted(set(first) ^ set(second)) == []
    assert [path for path in first if first[path] != second[path]] == []
    assert len(first) > 1000


def test_sitemap_is_dated_with_the_data_release_not_the_build_day(built_site):
    release = max(load_package(paths.DATAPACKAGE)["editions"]["published"])
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    dates = set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap))

    assert dates == {f"{release}-01"}
    assert gzip.decompress((built_site / "sitemap.xml.gz").read_bytes()).decode("utf-8") == sitemap
