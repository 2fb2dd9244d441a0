"""Generate stage: everything that helps readers find, download, cite and share, written in one call.

Input: the validated package, the `SiteData` of the pages and the docs folder. Output: the downloads
folder (`downloads`), the static JSON interface (`api`), the social preview images (`social`), the
chart embed pages (`embeds`) and the jieba user dictionary of the search index (`search_dict`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import jinja2
import yaml

from build_scripts.api import write_api
from build_scripts.contexts.sitedata import SiteData
from build_scripts.downloads import (
    DERIVED_FOLDER,
    PackageFiles,
    build_downloads_listing,
    build_package_download,
    build_resource_download,
    combine_download_files,
    plan_downloads,
    write_download_files,
)
from build_scripts.embeds import write_embed_pages
from build_scripts.paths import EN, BuildPaths, join_inside
from build_scripts.render import render_page
from build_scripts.runtime import Background, Batch
from build_scripts.search_dict import REGION_TAGS, USER_DICT, write_region_tags, write_search_dict
from build_scripts.social import write_social_cards
from scoring.package import Package

SOCIAL_CACHE = "social-cache"
DOWNLOADS_PART = "generated/parts/downloads.md"


@dataclass(frozen=True)
class DownloadsPartContext:
    """The generated file tables of docs/downloads.md: one entry per package (data, derived)."""

    path: str
    packages: tuple[PackageFiles, ...]


def write_site_cards(data: SiteData, where: BuildPaths, background: Background, lang: str) -> int:
    """Hand the social cards of the site of `lang` to `background`; return how many.

    The site card's title and text are that site's `site_name` and `site_description` (mkdocs.yml,
    mkdocs.en.yml); the cards go to build/rendered/ (English: build/rendered/en/), drawn once per
    text in the cache.
    """
    english = lang != "zh"
    site_name, description = load_site_text(where.mkdocs_config_en if english else where.mkdocs_config)
    return write_social_cards(data, where.docs_en if english else where.docs, site_name, description,
                              cache_dir=where.build / SOCIAL_CACHE, background=background,
                              staging=where.rendered / EN if english else where.rendered, lang=lang)


def load_site_text(config: Path) -> tuple[str, str]:
    """Read `site_name` and `site_description` from mkdocs.yml (tags such as !!python/name are ignored)."""

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    raw = yaml.load(config.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506
    return str(raw["site_name"]), str(raw.get("site_description", ""))


class DownloadBuild(NamedTuple):
    """The download files being built by `background` (`start_downloads`), in two batches."""

    packages: Batch
    resources: Batch

    def results(self) -> dict[str, bytes]:
        """Wait for the parts and return what `downloads.build_download_files` returns."""
        return combine_download_files(self.packages.results() + self.resources.results())


def start_downloads(background: Background, package: Package, derived: Package,
                    release: str) -> DownloadBuild:
    """Hand the building of every download file to `background`, a task per resource and per package.

    The workbooks take seconds in all; split by resource, both workers build them, and they are
    ready when the downloads page is written.
    """
    packages, resources = plan_downloads(package, derived, release)
    return DownloadBuild(resources=background.submit(build_resource_download, resources),
                         packages=background.submit(build_package_download, packages))


def write_share_files(env: jinja2.Environment, package: Package, derived: Package, data: SiteData,
                      where: BuildPaths, background: Background, downloads: DownloadBuild) -> dict[str, int]:
    """Write downloads, API documents, social cards, embed pages and the search dictionary.

    Args:
        env: The Jinja environment of the pages.
        package: The validated data package.
        derived: The derived package the score stage wrote and validated.
        data: The site data the pages were built from.
        where: The build's paths: docs/ (generated subtrees already emptied by the caller), the
            derived package written by the score stage, build/ for caches and the search dictionary,
            build/rendered/ for the social cards.
        background: Where the social cards are drawn (they exist once it finished).
        downloads: The download files, from `start_downloads`.

    Returns:
        The number of files written per kind.
    """
    docs = where.docs
    regions, changes = package["regions"], package["region_changes"]
    return {
        "social": write_site_cards(data, where, background, "zh"),
        "downloads": _write_downloads(env, package, derived, docs, downloads.results()),
        "api": write_api(data, docs),
        "embeds": write_embed_pages(env, data, docs),
        "search_dict": write_search_dict(regions, changes, where.root / USER_DICT),
        "search_tags": write_region_tags(regions, changes, where.root / REGION_TAGS),
    }


def _write_downloads(env: jinja2.Environment, package: Package, derived: Package, docs: Path,
                     files: dict[str, bytes]) -> int:
    count = write_download_files(files, docs / "downloads")
    listing = build_downloads_listing(((package, ""), (derived, DERIVED_FOLDER)), files)
    part = DownloadsPartContext(path=DOWNLOADS_PART, packages=listing)
    target = join_inside(docs, DOWNLOADS_PART)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_page(env, "downloads_files.md.j2", part), encoding="utf-8", newline="\n")
    return count
