"""Read a built site's HTML: links, loaded resources, ids, head metadata and tables of each page.

Shared by the static checks and the injection tests. Pure parsing with the standard library's
HTMLParser, so a page is read as a browser would read its markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

# <link rel=…> values whose href the browser fetches.
FETCHED_LINK_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "prefetch",
                     "modulepreload", "manifest", "mask-icon"}
# (tag, attribute) pairs the browser fetches.
RESOURCE_ATTRIBUTES = {("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"),
                       ("source", "srcset"), ("iframe", "src"), ("embed", "src"), ("object", "data"),
                       ("video", "src"), ("video", "poster"), ("audio", "src"), ("track", "src"),
                       ("input", "src"), ("image", "href"), ("image", "xlink:href"), ("use", "href"),
                       ("use", "xlink:href")}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Table:
    """Cell counts of one table: the header row and every body row."""

    header_cells: int = 0
    row_cells: list[int] = field(default_factory=list)


@dataclass
class PageScan:
    """What one HTML file holds."""

    path: str
    lang: str | None = None
    title: str = ""
    description: str | None = None
    canonical: str | None = None
    refresh: str | None = None
    noindex: bool = False
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)
    resources: list[tuple[str, str]] = field(default_factory=list)
    css_urls: list[str] = field(default_factory=list)
    script_texts: list[str] = field(default_factory=list)
    element_texts: list[tuple[str, str]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    text: str = ""


class _Scanner(HTMLParser):
    def __init__(self, scan: PageScan) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = scan
        self.stack: list[tuple[str, list[str]]] = []
        self.texts: list[str] = []
        self.tables: list[Table] = []
        self.row: int | None = None
        self.in_head_row = False

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self._read_attributes(tag, attributes)
        self._read_table(tag)
        if tag not in VOID:
            self.stack.append((tag, []))

    def handle_startendtag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self._read_attributes(tag, attributes)

    def handle_endtag(self, tag):
        if tag == "table" and self.tables:
            self.scan.tables.append(self.tables.pop())
        if tag == "tr" and self.tables and self.row is not None:
            table = self.tables[-1]
            if self.in_head_row:
                table.header_cells = self.row
            else:
                table.row_cells.append(self.row)
            self.row = None
        while self.stack:
            open_tag, parts = self.stack.pop()
            text = "".join(parts)
            if open_tag == "title":
                self.scan.title = text.strip()
            if open_tag in ("script", "style"):
                (self.scan.script_texts if open_tag == "script" else self.scan.css_urls).append(text)
            self.scan.element_texts.append((open_tag, text))
            if self.stack:
                self.stack[-1][1].append(text)
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self.stack:
            self.stack[-1][1].append(data)
        if not self.stack or self.stack[-1][0] not in ("script", "style"):
            self.texts.append(data)

    def _read_attributes(self, tag: str, attributes: dict[str, str]) -> None:
        self._read_head(tag, attributes)
        self._read_references(tag, attributes)

    def _read_head(self, tag: str, attributes: dict[str, str]) -> None:
        scan = self.scan
        if tag == "html":
            scan.lang = attributes.get("lang")
        for key in ("id", "name"):
            if key in attributes and (key == "id" or tag == "a"):
                scan.ids.add(attributes[key])
        if tag == "meta" and attributes.get("name") == "description":
            scan.description = attributes.get("content")
        if tag == "meta" and attributes.get("name") == "robots":
            scan.noindex = "noindex" in attributes.get("content", "").lower()
        if tag == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
            scan.refresh = attributes.get("content")

    def _read_references(self, tag: str, attributes: dict[str, str]) -> None:
        scan = self.scan
        if "style" in attributes:
            scan.css_urls.append(attributes["style"])
        if tag == "link":
            rels = set(attributes.get("rel", "").lower().split())
            if "canonical" in rels:
                scan.canonical = attributes.get("href")
            elif rels & FETCHED_LINK_RELS:
                scan.resources.append((tag, attributes.get("href", "")))
            else:
                scan.links.append((tag, attributes.get("href", "")))
        if tag in ("a", "area") and "href" in attributes:
            scan.links.append((tag, attributes["href"]))
        for (resource_tag, name) in RESOURCE_ATTRIBUTES:
            if tag == resource_tag and attributes.get(name):
                values = _srcset(attributes[name]) if name == "srcset" else [attributes[name]]
                scan.resources += [(tag, value) for value in values]

    def _read_table(self, tag: str) -> None:
        if tag == "table":
            self.tables.append(Table())
        elif tag == "tr" and self.tables:
            self.row = 0
            self.in_head_row = any(open_tag == "thead" for open_tag, _ in self.stack)
        elif tag in ("td", "th") and self.row is not None:
            self.row += 1


def _srcset(value: str) -> list[str]:
    return [candidate.strip().split()[0] for candidate in value.split(",") if candidate.strip()]


def scan_page(site: Path, file: Path) -> PageScan:
    """Parse one HTML file of `site`."""
    scan = PageScan(path=file.relative_to(site).as_posix())
    scanner = _Scanner(scan)
    scanner.feed(file.read_text(encoding="utf-8"))
    scanner.close()
    scan.text = "".join(scanner.texts)
    scan.css_urls = [url for css in scan.css_urls for url in css_urls(css)]
    return scan


def scan_site(site: Path) -> dict[str, PageScan]:
    """Parse every HTML file of `site`, keyed by its path relative to the site."""
    return {file.relative_to(site).as_posix(): scan_page(site, file) for file in sorted(site.rglob("*.html"))}


def css_urls(css: str) -> list[str]:
    """Return every url(…) and @import target of a style sheet."""
    return [match.group(2) or match.group(4) for match in CSS_URL.finditer(css)]


def page_url(path: str) -> str:
    """Return the URL path of a site file (`county/x/index.html` -> `/county/x/index.html`)."""
    return "/" + path


def resolve(path: str, reference: str, site_url: str) -> tuple[str | None, str | None]:
    """Resolve a reference made in site file `path`.

    Returns:
        (site file it names or None when it points off the site, fragment or None). A reference to
        `site_url` counts as on the site.
    """
    absolute = urljoin("http://site.invalid" + page_url(path), reference)
    parts = urlsplit(absolute)
    own = urlsplit(site_url)
    if parts.scheme in ("http", "https") and parts.netloc == own.netloc:
        parts = urlsplit("http://site.invalid" + "/" + parts.path[len(own.path):].lstrip("/") +
                         (f"#{parts.fragment}" if parts.fragment else ""))
    if parts.netloc != "site.invalid" or parts.scheme != "http":
        return None, None
    target = unquote(parts.path).lstrip("/")
    if target == "" or target.endswith("/"):
        target += "index.html"
    return target, parts.fragment or None


def is_external(reference: str) -> bool:
    """Return whether a reference names another host (absolute http(s) or protocol-relative)."""
    parts = urlsplit(reference.strip())
    return parts.scheme in ("http", "https", "") and bool(parts.netloc)
