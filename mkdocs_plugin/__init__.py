"""The code that runs inside MkDocs, in one place: the site's MkDocs plugin and Markdown extension.

`plugin.BaiqiangPlugin` (registered as the MkDocs plugin `baiqiang` in pyproject.toml, listed in
mkdocs.yml) splices the data-derived navigation in (`nav`), shows the search plugin only the head of
region pages and no data tables, then trims the index it writes (`search_index`), joins Chinese lines
a source line break split (`cjk_text`) and rewrites the external URLs of the theme's scripts
(`offline_scripts`). `markdown_inline` is a Python-Markdown extension (mkdocs.yml
`markdown_extensions`). The build writes what they read (build/nav.yml, build/search/…) in the
generate stage; the jieba user dictionary there is loaded by Material's search plugin.
"""
