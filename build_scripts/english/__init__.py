"""Generate stage: the English twin of the site (docs/en/, built by MkDocs into site/en/).

The English pages have the same paths as the Chinese ones under en/ (en/county/320281-jiangyin/).
Their contexts are built here from the same `SiteData`; every sentence comes from the English message
catalogue (`build_scripts.catalogue`), place names are pinyin with the Chinese beside them, and what
the reports printed (titles, section names, methods) stays in Chinese, marked lang="zh".
"""
