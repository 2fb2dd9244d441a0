"""Build scripts: the application that turns the validated package into the site.

Stages (each `python -m build_scripts <stage>`): validate, score, generate, site (all stages, then
MkDocs into a temporary folder that replaces `site/` only on success), bench.
"""
