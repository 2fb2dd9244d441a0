"""Tests for mkdocs_plugin.offline_scripts: external URL literals in scripts become data: URLs."""

from __future__ import annotations

from pathlib import Path

from mkdocs_plugin.offline_scripts import NOWHERE, rewrite_external_urls, write_offline_scripts


def test_rewrite_external_urls_replaces_quoted_and_template_literals_and_keeps_the_rest():
    script = ('function f(){return _t("https://unpkg.com/resize-observer-polyfill")}'
              "g(`https://api.github.com/repos/${e}/${t}`);h('//cdn.example.org/x.js');"
              'k("/assets/local.js");// see https://clipboardjs.com/')
    rewritten, replaced = rewrite_external_urls(script)

    assert replaced == ["https://unpkg.com/resize-observer-polyfill", "https://api.github.com/repos/${e}/${t}",
                        "//cdn.example.org/x.js"]
    assert rewritten == (f'function f(){{return _t("{NOWHERE}")}}g(`{NOWHERE}`);h(\'{NOWHERE}\');'
                         'k("/assets/local.js");// see https://clipboardjs.com/')


def test_write_offline_scripts_rewrites_only_scripts_that_name_another_host(tmp_path):
    (tmp_path / "assets").mkdir()
    bundle, local = tmp_path / "assets" / "bundle.js", tmp_path / "local.js"
    bundle.write_text('x("https://unpkg.com/mermaid@11/dist/mermaid.min.js")\r\n', encoding="utf-8")
    local.write_text('y("/search/index.json")\n', encoding="utf-8")
    before = local.stat().st_mtime_ns

    found = write_offline_scripts(tmp_path)

    assert found == {"assets/bundle.js": ["https://unpkg.com/mermaid@11/dist/mermaid.min.js"]}
    assert bundle.read_bytes() == f'x("{NOWHERE}")\r\n'.encode()
    assert local.stat().st_mtime_ns == before
    assert write_offline_scripts(tmp_path) == {}


def test_the_bundle_no_longer_fetches_the_sitemaps_of_alternate_pages():
    # Material fetches new URL("sitemap.xml", <href of each link[rel=alternate]>); the pages' hreflang
    # links name the public site, so the selector is made one that matches nothing (issue 15).
    script = 'e.pipe(b(()=>M("link[rel=alternate]")),m(r=>new URL(r.href)))'

    rewritten, replaced = rewrite_external_urls(script)

    assert rewritten == 'e.pipe(b(()=>M("link[data-md-alternate]")),m(r=>new URL(r.href)))'
    assert replaced == ['"link[rel=alternate]"']


def test_the_installed_bundle_has_the_alternate_selector_the_rewrite_expects():
    import material

    bundles = list((Path(material.__file__).parent / "templates/assets/javascripts").glob("bundle.*.min.js"))

    assert len(bundles) == 1
    assert bundles[0].read_text(encoding="utf-8").count('"link[rel=alternate]"') == 1
