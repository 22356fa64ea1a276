"""Inline pandoc-Markdown shown to people as safe HTML: spans as marked chips, links as links, everything escaped.

Texts here are untrusted (translations): pandoc parses them with raw formats off, and this module writes every
character through `markupsafe.escape`; a link is live only when `safety.target_problem` allows its target, so a
`<script>` stays text and a `javascript:` link is shown as a blocked one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from pipeline import langtag, safety
from pipeline.project import TEMPLATES
from pipeline.tools import pandoc

STYLESHEET = TEMPLATES / "inline.css"
_MARKUP = re.compile(r"[\[\]{}*_`<>\\~^$]")  # a text without these is shown as it is, without asking pandoc
_TAGS = {"Emph": "em", "Strong": "strong", "Underline": "u", "Strikeout": "s", "Superscript": "sup",
         "Subscript": "sub", "SmallCaps": "span"}
_QUOTES = {"SingleQuote": ("‘", "’"), "DoubleQuote": ("“", "”")}
CLASS_LABELS = {"name": "name", "link-unknown": "lost link"}
CLASS_TITLES = {"name": "a name: keep as is", "link-unknown": "the export lost this link's target"}


@dataclass(frozen=True)
class Shown:
    """A text as HTML, and whether it holds markup (then the raw text is worth showing beside it)."""

    html: Markup
    marked: bool


def render_all(texts: Sequence[str]) -> dict[str, Shown]:
    """Each distinct text of `texts` as HTML; pandoc runs once, for the texts that hold markup characters."""
    distinct = list(dict.fromkeys(texts))
    marked = [t for t in distinct if _MARKUP.search(t)]
    out = {t: Shown(escape(t), False) for t in distinct if t not in marked}
    for text, blocks in zip(marked, pandoc.read_texts(marked), strict=True):
        out[text] = Shown(Markup(_blocks(blocks)), True)
    return out


def stylesheet() -> Markup:
    """The chips' CSS, for a page to inline (every page that shows texts draws them alike)."""
    return Markup(STYLESHEET.read_text(encoding="utf-8"))


def chips(html: Markup) -> int:
    """How many marked chips (`class="mk …"`) an HTML text holds."""
    return len(re.findall(r'class="mk[" ]', str(html)))


def _blocks(blocks: list[dict[str, Any]]) -> str:
    return "<br>".join(part for part in (_block(b) for b in blocks) if part)


def _block(block: dict[str, Any]) -> str:
    kind, content = block["t"], block.get("c")
    if kind in ("Para", "Plain"):
        return _inlines(content)
    if kind == "Header":
        return f"<strong>{_inlines(content[2])}</strong>"
    if kind in ("CodeBlock", "RawBlock"):
        return f"<code>{escape(content[1])}</code>"
    if kind == "LineBlock":
        return "<br>".join(_inlines(line) for line in content)
    if kind in ("BlockQuote", "Div", "Figure"):
        return _blocks(content[-1] if kind != "BlockQuote" else content)
    if kind in ("BulletList", "OrderedList"):
        items = content if kind == "BulletList" else content[1]
        return "<br>".join(f"• {_blocks(item)}" for item in items)
    if kind == "DefinitionList":
        return "<br>".join(f"{_inlines(term)}: " + " ".join(_blocks(d) for d in defs) for term, defs in content)
    if kind == "HorizontalRule":
        return "—"
    return f"<code>[{escape(kind)}]</code>"  # a table: not a thing an inline unit holds; named, not shown


def _inlines(inlines: list[dict[str, Any]]) -> str:
    return "".join(_inline(i) for i in inlines)


def _inline(node: dict[str, Any]) -> str:
    kind, content = node["t"], node.get("c")
    if kind == "Str":
        return str(escape(content))
    if kind in ("Space", "SoftBreak"):
        return " "
    if kind == "LineBreak":
        return "<br>"
    if kind in _TAGS:
        extra = ' style="font-variant: small-caps"' if kind == "SmallCaps" else ""
        return f"<{_TAGS[kind]}{extra}>{_inlines(content)}</{_TAGS[kind]}>"
    if kind == "Quoted":
        start, end = _QUOTES.get(content[0]["t"], ("“", "”"))
        return f"{start}{_inlines(content[1])}{end}"
    if kind in ("Code", "RawInline", "Math"):
        return f"<code>{escape(content[1])}</code>"
    if kind == "Span":
        return _span(content[0], _inlines(content[1]))
    if kind == "Link":
        return _link(content[2][0], _inlines(content[1]))
    if kind == "Image":
        return _chip(_inlines(content[1]), ["image"], f"an image, not shown: {content[2][0]}", "")
    if kind == "Note":
        return _chip(_blocks(content), ["note"], "a footnote", "")
    if kind == "Cite":
        return _inlines(content[1])
    return f"<code>[{escape(kind)}]</code>"


def _span(attr: list[Any], inner: str) -> str:
    _, classes, pairs = attr
    values = dict(pairs)
    lang = values.pop("lang", "")
    tag = langtag.find(lang) if lang else None
    labels = ([lang] if lang else []) + [CLASS_LABELS.get(c, c) for c in classes]
    labels += [f"{k}={v}" for k, v in values.items()]
    titles = ([tag.english_name if tag else f"language {lang}"] if lang else [])
    titles += [CLASS_TITLES.get(c, f"class {c}") for c in classes]
    return _chip(inner, labels, "; ".join(titles), lang, [f"mk-{c}" for c in classes])


def _link(target: str, inner: str) -> str:
    if target in ("", "#"):
        return _chip(inner, ["lost link"], "a link whose target was lost", "", ["mk-link-unknown"])
    problem = safety.target_problem(target)
    if problem:
        return _chip(inner, ["blocked link"], safety.link_message(target, problem), "", ["mk-blocked"])
    return f'<a class="ln" href="{escape(target)}" title="{escape(target)}" rel="noopener noreferrer">{inner}</a>'


def _chip(inner: str, labels: list[str], title: str, lang: str, classes: Sequence[str] = ()) -> str:
    """A marked passage: its text, tinted, with its labels after it (CSS draws them from data-tags)."""
    names = " ".join(["mk", *(re.sub(r"[^\w-]", "", c) for c in classes)])
    lang_attr = f' lang="{escape(lang)}"' if lang else ""
    return (f'<span class="{names}"{lang_attr} title="{escape(title)}" data-tags="{escape(" · ".join(labels))}">'
            f"{inner}</span>")
