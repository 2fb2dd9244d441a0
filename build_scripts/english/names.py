"""English names of places, kinds, lists and editions, and the links the English pages use.

A place is named by its registry pinyin, capitalised, with its Chinese name beside it
("Jiangyin 江阴市"); a province by its standard English name (the catalogue's `province_name.<code>`,
"Inner Mongolia"); a kind by the catalogue's `kind.<kind>` ("county-level city"). Links are relative
to the linking page's Markdown file, as in `build_scripts.contexts.sitedata`.
"""

from __future__ import annotations

from dataclasses import dataclass

from build_scripts.catalogue import Catalogue
from build_scripts.contexts.sitedata import SiteData, edition_path, list_path, region_path, relative

# Where the English pages live inside docs/ (and the site): the Chinese pages' paths under it.
EN_ROOT = "en"


@dataclass(frozen=True)
class Name:
    """A name in English with the Chinese it stands for (shown beside it, marked lang="zh")."""

    en: str
    zh: str

    @property
    def text(self) -> str:
        """Return the plain-text form "Jiangyin 江阴市" (titles, descriptions, search)."""
        return f"{self.en} {self.zh}" if self.zh and self.zh != self.en else self.en


@dataclass(frozen=True)
class NamedLink:
    """A link whose text is a `Name` (an empty `zh` shows the English alone)."""

    name: Name
    href: str


def compute_pinyin_name(pinyin: str) -> str:
    """Return a registry pinyin as an English name: "jiangyin" -> "Jiangyin", "a-b" -> "A-B"."""
    return "-".join(part[:1].upper() + part[1:] for part in pinyin.split("-"))


def build_place_name(data: SiteData, catalogue: Catalogue, code: str) -> Name:
    """Return the English name of a region or province, with its registry name."""
    row = data.region(code)
    key = f"province_name.{code}"
    if row["level"] == "province" and catalogue.has(key):
        return Name(catalogue.t(key), str(row["name"]))
    return Name(compute_pinyin_name(str(row["pinyin"])), str(row["name"]))


def compute_kind(catalogue: Catalogue, kind: str) -> str:
    """Return the English name of a registry kind (县级市 -> county-level city)."""
    return catalogue.t(f"kind.{kind}")


def build_place_link(data: SiteData, catalogue: Catalogue, source: str, code: str) -> NamedLink:
    """Link a region's or province's page from `source` (both paths relative to docs/en/)."""
    return NamedLink(build_place_name(data, catalogue, code), relative(source, region_path(data, code)))


def build_list_name(data: SiteData, list_code: str) -> Name:
    """Return a list's English name (config/lists.yml `name_en`) with its Chinese name."""
    configured = data.lists.get(list_code)
    return Name(configured.name_en, configured.name_zh)


def build_edition_title(data: SiteData, catalogue: Catalogue, list_code: str, year: int) -> str:
    """Return an edition's English title: "Top 100 industrial counties, 2024"."""
    return catalogue.t("edition.title", list=build_list_name(data, list_code).en, year=year)


def build_edition_link(catalogue: Catalogue, source: str, list_code: str, year: int) -> NamedLink:
    """Link an edition's table page, labelled with its year."""
    label = Name(catalogue.t("edition.year", year=year), "")
    return NamedLink(label, relative(source, edition_path(list_code, year)))


def build_list_link(data: SiteData, source: str, list_code: str) -> NamedLink:
    """Link a list's overview page, labelled with the list's name."""
    return NamedLink(build_list_name(data, list_code), relative(source, list_path(list_code)))


def build_twin_href(source: str, target: str) -> str:
    """Return the URL of a file of the Chinese site (docs-relative `target`) from an English page.

    `source` is the English page's path relative to docs/en/; the result climbs out of en/ (the
    link is written as HTML, which MkDocs does not check: the file is not in the English docs).
    """
    return relative(f"{EN_ROOT}/{source}", target)
