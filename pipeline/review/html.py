"""The review page: one self-contained, offline HTML file per language (template, CSS and script inlined)."""

from __future__ import annotations

from markupsafe import Markup

from pipeline import langtag, project, templating
from pipeline.errors import ReviewError
from pipeline.review import BAR_ORDER, Review, inline_html

TEMPLATES = project.TEMPLATES / "review"
TEMPLATE = "review/review.html.j2"


def render(review: Review) -> str:
    """The page's HTML for `review`: texts shown with their markup rendered (`inline_html`), the raw text a click
    away."""
    shown = inline_html.render_all([t for r in review.rows for t in (r.source, r.translation)])
    context = {"review": review, "lang_name": langtag.parse(review.lang).english_name, "statuses": BAR_ORDER,
               "shown": shown, "css": inline_html.stylesheet() + _asset("review.css"), "js": _asset("review.js")}
    return templating.render(TEMPLATE, context, ReviewError, "review/html.py")


def _asset(name: str) -> Markup:
    # Inlined so the page works offline from a mail attachment or a USB stick.
    return Markup((TEMPLATES / name).read_text(encoding="utf-8"))

