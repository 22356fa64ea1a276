"""The templates under templates/: one strict Jinja environment for text (Markdown, CSS) and one, autoescaping,
for HTML; a template that fails raises the caller's error, naming the template's file and line."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

import jinja2

from pipeline.errors import Origin, PipelineError
from pipeline.project import TEMPLATES


@cache
def environment(html: bool) -> jinja2.Environment:
    """Strict: a name the caller did not pass is an error, never an empty string. Only HTML is autoescaped; the
    texts reaching a Markdown or CSS template are escaped for their format before."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), undefined=jinja2.StrictUndefined,
                              autoescape=html, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)


def render(name: str, context: Mapping[str, Any], error: type[PipelineError], caller: str) -> str:
    """The template `name` (its path under templates/; `*.html.j2` autoescaped) rendered with `context`."""
    try:
        return environment(name.endswith(".html.j2")).get_template(name).render(context)
    except jinja2.TemplateError as exc:
        path = TEMPLATES / name
        raise error(f"template {name} failed: {exc}", Origin(str(path), _line(exc, str(path))),
                    f"the template may use only the names {caller} passes it") from exc


def _line(exc: jinja2.TemplateError, path: str) -> int:
    """The template line that failed: a syntax error carries it; for an error while rendering, Jinja rewrites the
    traceback so that the template's frames point at its lines (the last such frame is the innermost)."""
    if getattr(exc, "lineno", None):
        return exc.lineno  # type: ignore[attr-defined]
    tb, line = exc.__traceback__, 0
    while tb is not None:
        line = tb.tb_lineno if tb.tb_frame.f_code.co_filename == path else line
        tb = tb.tb_next
    return line
