"""Generate stage: write the English twin under docs/en/ and its navigation (build/nav-en.yml).

Pages, generated parts, chart embed pages, redirects and the place index.

Input: `SiteData`. Output: the generated subtrees of docs/en/ (`paths.GENERATED_DOCS`), written in
sorted order as UTF-8 with LF line endings, so two builds are byte-identical. The table files the
English pages offer are the Chinese pages' (linked, not copied).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

import jinja2
import yaml

from build_scripts.catalogue import Catalogue, load_catalogue
from build_scripts.contexts.fact_pages import compute_metric_pages
from build_scripts.contexts.notes import NOTES_PATH
from build_scripts.contexts.sitedata import (
    SiteData,
    compute_page_provinces,
    compute_page_regions,
    edition_path,
)
from build_scripts.embeds import write_embed_pages
from build_scripts.english.facts import build_facts_index_context, build_metric_context
from build_scripts.english.lists import build_edition_context, build_list_context
from build_scripts.english.methodology import (
    build_columns_context,
    build_methodology_context,
    build_methodology_index_context,
)
from build_scripts.english.names import Name, NamedLink, build_list_name
from build_scripts.english.notes import build_notes_context
from build_scripts.english.province import (
    build_home_context,
    build_province_context,
    build_province_index_context,
)
from build_scripts.english.redirects import build_redirect_contexts
from build_scripts.english.region import build_region_context, compute_detailed_codes
from build_scripts.english.search import compute_place_index
from build_scripts.formatting import (
    escape_html,
    escape_link_target,
    escape_quote,
    format_footnote_marks,
    format_href,
)
from build_scripts.generate import compute_theme_text, write_text
from build_scripts.place_search import PLACE_INDEX
from build_scripts.render import build_environment, render_page

log = logging.getLogger(__name__)

# Chinese characters and the punctuation that goes with them (、，（）…).
CHINESE = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
CHINESE_RUN = re.compile(rf"({CHINESE}+(?:[\u3000-\u303f\u3400-\u9fff\uff00-\uffef, ]*{CHINESE})?)")

PARTS = "generated/parts"


def build_english_environment(catalogue: Catalogue) -> jinja2.Environment:
    """Return the Jinja environment of the English pages: the site's filters plus `t` (the catalogue)."""
    env = build_environment()
    env.globals["t"] = catalogue.t
    env.filters.update({"mark_zh": mark_chinese, "mark_zh_html": mark_chinese_html, "zh": render_chinese,
                        "zh_html": render_chinese_html, "name": render_name, "link": render_link,
                        "name_html": render_name_html, "a": render_anchor})
    return env


def mark_chinese_html(text: object) -> str:
    """Escape `text` for HTML and mark each run of Chinese in it lang="zh" (inside raw HTML blocks)."""
    return CHINESE_RUN.sub(r'<span lang="zh">\1</span>', escape_html(format_footnote_marks(text)))


def render_chinese(text: object) -> str:
    """Render Chinese text marked lang="zh" in Markdown (escaped as Markdown; empty renders nothing).

    A footnote mark the source keeps as <sup>5</sup> shows as "⁵" (`formatting.escape_quote`).
    """
    return f'<span lang="zh">{escape_quote(text)}</span>' if text else ""


def render_chinese_html(text: object) -> str:
    """Render Chinese text marked lang="zh" inside a raw HTML block (escaped as HTML)."""
    return f'<span lang="zh">{escape_html(format_footnote_marks(text))}</span>' if text else ""


def render_name(name: Name) -> str:
    """Render a name as Markdown: the English, then the Chinese marked lang="zh" when it differs."""
    english = mark_chinese(name.en)  # an indicator's English label may quote Chinese names
    return f"{english} {render_chinese(name.zh)}" if name.zh and name.zh != name.en else english


def render_name_html(name: Name) -> str:
    """Render a name as HTML (inside the raw HTML blocks of the English pages)."""
    english = mark_chinese_html(name.en)
    return f"{english} {render_chinese_html(name.zh)}" if name.zh and name.zh != name.en else english


def render_anchor(link: NamedLink) -> str:
    """Render a link as an HTML anchor to the page's URL (directory URLs: a/index.md -> a/).

    The heavy parts of the English pages (tables, lists of places) are raw HTML blocks, which
    Python-Markdown passes through untouched: most of the English build's Markdown time went to
    their inline links. Valid from an index.md page, whose URL is its folder; the built site's
    links are all checked by tests/test_static_site.py.
    """
    return f'<a href="{format_href(link.href)}">{render_name_html(link.name)}</a>'


def render_link(link: NamedLink) -> str:
    """Render a link whose text is a name as Markdown."""
    return f"[{render_name(link.name)}]({escape_link_target(link.href)})"


def mark_chinese(text: object) -> str:
    """Escape `text` for Markdown and mark each run of Chinese in it lang="zh".

    The English descriptions of the package quote Chinese names: "e.g. 江阴市".
    """
    return CHINESE_RUN.sub(r'<span lang="zh">\1</span>', escape_quote(text))


def write_english_pages(data: SiteData, descriptor: Mapping, docs_en: Path) -> dict[str, int]:
    """Write every English page, the generated parts and the English place index under `docs_en`.

    Returns:
        The number of files written per kind ("en regions", "en lists", …).
    """
    t = load_catalogue("en")
    env = build_english_environment(t)
    counts = {"en regions": 0, "en lists": 0, "en provinces": 0}
    detailed = compute_detailed_codes(data)
    for code in compute_page_regions(data):
        context = build_region_context(data, t, code, detailed)
        write_text(docs_en, context.path, render_page(env, "en/region.md.j2", context))
        counts["en regions"] += 1
    for edition in (str(e["edition"]) for e in data.editions):
        context = build_edition_context(data, t, edition)
        write_text(docs_en, context.path, render_page(env, "en/list.md.j2", context))
        counts["en lists"] += 1
    for list_code in data.list_order:
        if any(e["list"] == list_code for e in data.editions):
            context = build_list_context(data, t, list_code)
            write_text(docs_en, context.path, render_page(env, "en/list_index.md.j2", context))
            counts["en lists"] += 1
    for code in compute_page_provinces(data):
        context = build_province_context(data, t, code)
        write_text(docs_en, context.path, render_page(env, "en/province.md.j2", context))
        counts["en provinces"] += 1
    index = build_province_index_context(data, t)
    write_text(docs_en, index.path, render_page(env, "en/province_index.md.j2", index))
    parts = {"home.md": render_page(env, "en/home.md.j2", build_home_context(data, t)),
             "methodology-lists.md": render_page(env, "en/methodology_index.md.j2",
                                                 build_methodology_index_context(data)),
             "columns.md": render_page(env, "en/columns.md.j2", build_columns_context(descriptor))}
    for list_code in data.list_order:
        parts[f"methodology-{list_code}.md"] = render_page(env, "en/methodology.md.j2",
                                                           build_methodology_context(data, t, list_code))
    for name, text in parts.items():
        write_text(docs_en, PurePosixPath(PARTS, name), text)
    metrics = compute_metric_pages(data)
    pages = frozenset(compute_page_regions(data))
    for metric in metrics:
        context = build_metric_context(data, t, metric, pages)
        write_text(docs_en, context.path, render_page(env, "en/facts_metric.md.j2", context))
    index = build_facts_index_context(data, t)
    write_text(docs_en, index.path, render_page(env, "en/facts_index.md.j2", index))
    counts["en facts"] = len(metrics) + 1
    notes = build_notes_context(data, t, descriptor)
    write_text(docs_en, NOTES_PATH, render_page(env, "en/notes.md.j2", notes))
    for redirect in build_redirect_contexts(data, t):
        write_text(docs_en, redirect.path, render_page(env, "en/redirect.html.j2", redirect))
        counts["en redirects"] = counts.get("en redirects", 0) + 1
    counts["en embeds"] = write_embed_pages(env, data, docs_en, "en")
    places = compute_place_index(data, t)
    write_text(docs_en, PLACE_INDEX, json.dumps(places, ensure_ascii=False, separators=(",", ":")) + "\n")
    log.info("generate (en): %s", ", ".join(f"{k} {v}" for k, v in counts.items()))
    return counts


def build_english_nav(data: SiteData) -> dict[str, list]:
    """Return the English navigation entries (lists and their editions, newest first) for the nav hook."""
    t = load_catalogue("en")
    lists = []
    for list_code in data.list_order:
        years = sorted((int(e["year"]) for e in data.editions if e["list"] == list_code), reverse=True)
        if years:
            lists.append({build_list_name(data, list_code).en: [f"lists/{list_code}/index.md"] + [
                {t.t("edition.year", year=y): edition_path(list_code, y)} for y in years]})
    names = ", ".join(next(iter(entry)) for entry in lists)
    methods = [{build_list_name(data, c).en: f"methodology/{c}.md"} for c in data.list_order
               if c in data.methodology_pages]
    return {"lists": lists, "methodology": methods, "list_names": names, "theme": compute_theme_text("en")}


def write_english_nav(data: SiteData, path: Path) -> None:
    """Write `build_english_nav` as YAML for the nav hook of mkdocs.en.yml."""
    text = yaml.safe_dump(build_english_nav(data), allow_unicode=True, sort_keys=False)
    write_text(path.parent, path.name, text)
