"""Generate stage: chart-only embed pages and the iframe snippet to copy (docs/embed/).

Input: `SiteData` with the charts written by `build_scripts.site_charts` (docs-relative paths).
Output: docs/embed/<chart name>/index.html for every chart — the SVG, its title, source line and
links to its page and data, plus the `<iframe>` snippet (hidden when the page is itself framed) —
and docs/embed/index.html listing every embed page. The English twin's charts get the same pages in
English under docs/en/embed/. These are plain HTML files, not Markdown pages: MkDocs copies them as
they are, so they carry no navigation chrome, stay out of the search index and out of sitemap.xml.
Their words come from the message catalogue of their language (`embed` group).
"""

from __future__ import annotations

import html
import logging
import posixpath
from dataclasses import dataclass
from pathlib import Path

import jinja2

from build_scripts.contexts.sitedata import (
    SiteData,
    edition_path,
    edition_row,
    embed_path,
    list_path,
    page_url,
    region_path,
)
from build_scripts.english.names import EN_ROOT
from build_scripts.paths import join_inside
from build_scripts.render import render_page

log = logging.getLogger(__name__)

EMBED_DIR = "embed"
# The iframe's height before the embed page reports its own: about the drawn chart plus its caption,
# by chart group (issue 16). The snippet's script then sets the exact height the page posts.
IFRAME_HEIGHTS = {"region": 320, "list": 360, "province": 400, "edition": 520, "home": 580}
IFRAME_HEIGHT = 480  # any other chart
# The host page's side of the resizing: the embed page (embed.html.j2) posts its height when framed.
RESIZE_SCRIPT = ('<script>addEventListener("message",function(e){var d=e.data;'
                 'if(!d||d.type!=="bq-embed-height")return;'
                 'document.querySelectorAll("iframe[data-bq-embed]").forEach(function(f){'
                 'if(f.contentWindow===e.source)f.height=String(Math.ceil(d.height));});});</script>')


@dataclass(frozen=True)
class EmbedContext:
    """One chart-only page.

    Attributes:
        path: Path of the HTML file relative to docs/ (embed/<name>/index.html).
        name: Chart name.
        title: Chart title; `description`: its screen-reader text (the image's alt text).
        svg, csv, spec: The chart's files relative to the embed page's folder.
        page_href: The page that shows the chart, relative to the embed page's folder.
        page_url: Absolute URL of that page.
        embed_url: Absolute URL of the embed page (what the iframe loads).
        snippet: The `<iframe>` element to copy, with the script that sizes it to the chart.
        release: Data release month.
        lang: The page's language ("zh", "en").
    """

    path: str
    name: str
    title: str
    description: str
    svg: str
    csv: str
    spec: str
    page_href: str
    page_url: str
    embed_url: str
    snippet: str
    release: str
    lang: str


@dataclass(frozen=True)
class EmbedIndexContext:
    """The list of every embed page (embed/index.html); `embeds` sorted by chart name, `url` absolute."""

    path: str
    url: str
    embeds: tuple[EmbedContext, ...]
    release: str
    lang: str


def compute_chart_page(data: SiteData, name: str) -> str:
    """Return the docs-relative Markdown path of the page that shows chart `name`.

    region-<code> -> the region page; edition-<edition>-<kind> -> the edition's table page;
    list-<list>-<kind> -> the list overview; anything else -> the home page.
    """
    kind, _, rest = name.partition("-")
    if kind == "region" and rest in data.regions:
        return region_path(data, rest)
    if kind == "edition":
        edition = rest.rsplit("-", 1)[0]
        row = edition_row(data, edition)
        return edition_path(str(row["list"]), int(row["year"]))
    if kind == "list":
        return list_path(rest.rsplit("-", 1)[0])
    return "index.md"


def compute_root(lang: str) -> str:
    """Return where the site of `lang` lies in the published site: "" (Chinese) or "en/"."""
    return "" if lang == "zh" else f"{EN_ROOT}/"


def build_embed_context(data: SiteData, name: str, lang: str = "zh") -> EmbedContext:
    """Build the embed page of one written chart of `lang` (paths relative to that site's docs)."""
    files = data.charts_in(lang)[name]
    path = embed_path(name)
    folder = posixpath.dirname(path)
    page = compute_chart_page(data, name)
    page_dir = page.removesuffix("index.md").removesuffix(".md")
    root = compute_root(lang)
    embed_url = page_url(data, f"{root}{folder}/")
    height = IFRAME_HEIGHTS.get(name.partition("-")[0], IFRAME_HEIGHT)
    snippet = (f'<iframe src="{html.escape(embed_url)}" title="{html.escape(files.title)}" width="100%" '
               f'height="{height}" style="border:0" loading="lazy" data-bq-embed></iframe>{RESIZE_SCRIPT}')
    return EmbedContext(
        path=path, name=name, title=files.title, description=files.description,
        svg=posixpath.relpath(files.svg, folder), csv=posixpath.relpath(files.data, folder),
        spec=posixpath.relpath(files.spec, folder),
        page_href=posixpath.relpath(page_dir or ".", folder) + "/",
        page_url=page_url(data, root + page), embed_url=embed_url, snippet=snippet, release=data.release,
        lang=lang,
    )


def write_embed_pages(env: jinja2.Environment, data: SiteData, docs: Path, lang: str = "zh") -> int:
    """Write an embed page for every chart of `lang` and the embed index; return the count.

    `docs` is the docs folder of that site (docs/ or docs/en/), `env` the environment of its pages
    (whose `t` is the catalogue of `lang`).
    """
    embeds = tuple(build_embed_context(data, name, lang) for name in sorted(data.charts_in(lang)))
    for context in embeds:
        _write(join_inside(docs, context.path), render_page(env, "embed.html.j2", context))
    url = page_url(data, f"{compute_root(lang)}{EMBED_DIR}/")
    index = EmbedIndexContext(path=f"{EMBED_DIR}/index.html", url=url, embeds=embeds, release=data.release,
                              lang=lang)
    _write(join_inside(docs, index.path), render_page(env, "embed_index.html.j2", index))
    log.info("embeds (%s): %d chart pages", lang, len(embeds))
    return len(embeds) + 1


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
