"""The English redirect pages: the address of every former code leads to the place's English page.

Input: `SiteData` and the English catalogue. Output: one `RedirectContext` per redirect of the Chinese
site (`contexts.pages.build_redirect_contexts`), at the same path under en/, for
templates/en/redirect.html.j2.
"""

from __future__ import annotations

from dataclasses import dataclass

from build_scripts.catalogue import Catalogue
from build_scripts.contexts.pages import build_redirect_contexts as build_chinese_redirects
from build_scripts.contexts.sitedata import SiteData, page_url, region_path
from build_scripts.english.names import EN_ROOT, Name, build_place_name


@dataclass(frozen=True)
class RedirectContext:
    """The English page at a former code's address, which sends the reader to the place's page."""

    path: str
    title: str
    old_name: str
    old_code: str
    text: str
    name: Name
    target: str
    canonical: str



def build_redirect_contexts(data: SiteData, t: Catalogue) -> tuple[RedirectContext, ...]:
    """Return the English twin of every redirect page of a former code (same paths, under en/)."""
    redirects = []
    for chinese in build_chinese_redirects(data):
        code = chinese.target.rstrip("/").rsplit("/", 1)[-1].split("-", 1)[0]  # ../../county/<code>-<pinyin>/
        name = build_place_name(data, t, code)
        redirects.append(RedirectContext(
            path=chinese.path, title=t.t("redirect.title", old=f"{chinese.old_name} ({chinese.old_code})",
                                         name=name.text),
            old_name=chinese.old_name, old_code=chinese.old_code,
            text=t.t("redirect.text_merged" if chinese.kind == "合并" else "redirect.text",
                     change=t.t(f"change.{chinese.kind}")), name=name,
            target=chinese.target, canonical=page_url(data, f"{EN_ROOT}/{region_path(data, code)}"),
        ))
    return tuple(redirects)
