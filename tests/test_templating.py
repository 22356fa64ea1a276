"""Templates: HTML autoescaped and Markdown not, strict names, and a failure naming the template's file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import templating
from pipeline.errors import RenderError, ReviewError


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(templating, "TEMPLATES", tmp_path)
    templating.environment.cache_clear()
    yield tmp_path
    templating.environment.cache_clear()


def test_html_is_escaped_and_markdown_is_not(folder: Path) -> None:
    (folder / "page.html.j2").write_text("<p>{{ text }}</p>\n")
    (folder / "doc.md.j2").write_text("{% for t in texts %}\n- {{ t }}\n{% endfor %}\n")
    assert templating.render("page.html.j2", {"text": "<b>&"}, ReviewError, "x.py") == "<p>&lt;b&gt;&amp;</p>\n"
    assert templating.render("doc.md.j2", {"texts": ["*a*", "<b>"]}, RenderError, "x.py") == "- *a*\n- <b>\n"


def test_a_name_the_caller_did_not_pass_names_the_line_that_uses_it(folder: Path) -> None:
    (folder / "sub").mkdir()
    (folder / "sub" / "doc.md.j2").write_text("# Title\n\n{{ edition.title }}\n")
    with pytest.raises(RenderError) as caught:
        templating.render("sub/doc.md.j2", {}, RenderError, "assemble.py")
    assert str(caught.value) == (f"{folder / 'sub' / 'doc.md.j2'}:3: template sub/doc.md.j2 failed: 'edition' is "
                                 "undefined (hint: the template may use only the names assemble.py passes it)")


def test_a_syntax_error_names_its_line(folder: Path) -> None:
    (folder / "page.html.j2").write_text("<p>\n{% if %}\n</p>\n")
    with pytest.raises(ReviewError) as caught:
        templating.render("page.html.j2", {}, ReviewError, "review/html.py")
    assert (caught.value.origin.path, caught.value.origin.line) == (str(folder / "page.html.j2"), 2)


def test_the_shipped_templates_fail_cleanly_when_a_name_is_missing() -> None:
    with pytest.raises(ReviewError) as caught:
        templating.render("review/review.html.j2", {}, ReviewError, "review/html.py")
    line = caught.value.origin.line
    text = Path(caught.value.origin.path).read_text(encoding="utf-8").splitlines()
    assert line > 0 and "review" in text[line - 1]
