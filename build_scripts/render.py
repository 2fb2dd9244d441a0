"""Generate stage: turn a page context into Markdown (or HTML) text with Jinja2.

Input: a frozen context dataclass from `build_scripts.contexts` and a template name. Output: text.
The environment runs with `StrictUndefined`, so a template asking for a field the context lacks
fails the build instead of shipping a blank. Autoescaping is off because the output is Markdown:
every data string goes through the `md` (or `html`) filter of `build_scripts.formatting`.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from build_scripts.catalogue import load_catalogue
from build_scripts.formatting import FILTERS, escape_html, format_href
from scoring.errors import RenderError

TEMPLATES = Path(__file__).resolve().parent / "templates"


def build_environment(templates: Path = TEMPLATES) -> jinja2.Environment:
    """Build the Jinja2 environment: templates folder, StrictUndefined, the formatting filters.

    `t` is the Chinese catalogue's `Catalogue.t`, from which the Chinese templates take their
    sentences; the English environment (`english.writer`) binds the English catalogue instead.

    Args:
        templates: Folder holding the `*.md.j2` / `*.html.j2` templates.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    env.filters["a"] = render_anchor
    env.globals["t"] = load_catalogue("zh").t
    return env


def render_anchor(link: object) -> str:
    """Render a link (`contexts.sitedata.Link`) as an HTML anchor, for raw HTML blocks."""
    return f'<a href="{format_href(link.href)}">{escape_html(link.text)}</a>'


def render_page(env: jinja2.Environment, template: str, context: object) -> str:
    """Render one template with a context object bound to the name `page`.

    Raises:
        RenderError: The template is missing or asks for a field the context does not have.
    """
    try:
        text = env.get_template(template).render(page=context)
    except jinja2.TemplateNotFound as exc:
        raise RenderError(f"template {exc.name} not found in {TEMPLATES}. Add it or fix the name.") from exc
    except jinja2.UndefinedError as exc:
        where = getattr(context, "path", type(context).__name__)
        raise RenderError(f"{template} for {where}: {exc.message}. Add the field to the context.") from exc
    return text.rstrip("\n") + "\n"
