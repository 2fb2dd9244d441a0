"""The navigation kept once per folder for the pages outside it (mkdocs_plugin/nav_memo.py)."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path
from types import SimpleNamespace

import pytest

from build_scripts import paths
from mkdocs_plugin.nav_memo import NavMemo


def _page(url: str) -> SimpleNamespace:
    return SimpleNamespace(url=url)


def test_pages_outside_the_navigation_share_a_key_per_folder_and_part():
    lists = _page("lists/county_industrial/2024/")
    memo = NavMemo([lists])

    kunshan = memo.key(_page("county/320583-kunshan/"), "nav")

    assert kunshan == ("nav", "county", 2)
    assert memo.key(_page("county/320281-jiangyin/"), "nav") == kunshan
    assert memo.key(_page("county/320583-kunshan/"), "tabs") != kunshan
    assert memo.key(_page("facts/exports_usd/"), "nav") != kunshan
    assert memo.key(_page("province/320000-jiangsu/"), "nav") == ("nav", "province", 2)
    # Top-level pages share the folder "" but not the depth: their links differ.
    assert memo.key(_page("x/"), "nav") != memo.key(_page("x.html"), "nav")


def test_a_page_of_the_navigation_or_above_one_and_a_template_without_page_are_always_rendered():
    lists = _page("lists/county_industrial/2024/")
    memo = NavMemo([lists])

    assert memo.key(lists, "nav") is None
    # MkDocs shortens its links into its own folder, where a page of the navigation lies.
    assert memo.key(_page("lists/county_industrial/"), "nav") is None
    assert memo.key(None, "nav") is None
    assert memo.keep(None, "<nav>x</nav>") == "<nav>x</nav>"
    assert memo.kept == {}


def test_kept_html_is_returned_and_found_again():
    memo = NavMemo()
    key = memo.key(_page("county/320583-kunshan/"), "nav")

    html = memo.keep(key, '<nav><a href="../../lists/">榜单</a></nav>')

    assert html == '<nav><a href="../../lists/">榜单</a></nav>'
    assert memo.kept[key] == html


@pytest.mark.parametrize("part", ["nav", "tabs"])
def test_the_overrides_hold_the_installed_themes_partial(part):
    # site_overrides/partials/<part>.html wraps a copy of Material's: after a Material upgrade the copy
    # must be taken again from the new version (and nav-item.html, tabs-item.html checked: a page
    # outside the navigation must still get the same HTML in its folder), and the version named.
    import material

    partials = Path(material.__file__).parent / "templates/partials"
    theme = (partials / f"{part}.html").read_text(encoding="utf-8")
    ours = (paths.ROOT / "site_overrides/partials" / f"{part}.html").read_text(encoding="utf-8")
    body = theme.split("-#}\n", 1)[1]

    copied = ours.split("{%- set rendered -%}\n", 1)[1].split("{%- endset %}", 1)[0]
    assert copied == body.rstrip("\n") + "\n"
    assert ours.startswith(f"{{#- Material {version('mkdocs-material')}'s partials/{part}.html")
