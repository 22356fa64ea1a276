"""The review page: one self-contained, offline HTML file per language (template, CSS and script inlined)."""

from __future__ import annotations

from functools import cache

import jinja2
from markupsafe import Markup

from pipeline import langtag, project
from pipeline.errors import Origin, ReviewError
from pipeline.review import BAR_ORDER, Review, inline_html

TEMPLATES = project.TEMPLATES / "review"
TEMPLATE = "review.html.j2"


def render(review: Review) -> str:
    """The page's HTML for `review`: texts shown with their markup rendered (`inline_html`), the raw text a click
    away."""
    shown = inline_html.render_all([t for r in review.rows for t in (r.source, r.translation)])
    context = {"review": review, "lang_name": langtag.parse(review.lang).english_name, "statuses": BAR_ORDER,
               "shown": shown, "css": inline_html.stylesheet() + _asset("review.css"), "js": _asset("review.js")}
    try:
        return _environment().get_template(TEMPLATE).render(context)
    except jinja2.TemplateError as exc:
        line = getattr(exc, "lineno", 0) or 0
        raise ReviewError(f"template {TEMPLATE} failed: {exc}", Origin(str(TEMPLATES / TEMPLATE), line),
                          "the template may use only the names review/html.py passes it") from exc


def _asset(name: str) -> Markup:
    # Inlined so the page works offline from a mail attachment or a USB stick.
    return Markup((TEMPLATES / name).read_text(encoding="utf-8"))


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), undefined=jinja2.StrictUndefined, autoescape=True,
        keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
    )
