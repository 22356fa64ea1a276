"""Stage 5, assemble: a localised edition -> pandoc-Markdown documents (the full edition, one handout per theme)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from babel.dates import format_date
from babel.numbers import format_percent

from pipeline import langtag, markup, templating, typography
from pipeline.errors import Origin, RenderError
from pipeline.localise import LEdition, LTheme, LUnit

#: `{name}` in a boilerplate string; span attributes (`{lang=fr}`, `{.name}`) never look like this.
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


#: The EPUB's landmarks (its reading system's "go to" menu) and the strings that label them.
LANDMARKS = (("cover", "epub.cover"), ("titlepage", "epub.title-page"), ("toc", "toc.title"))


@dataclass(frozen=True)
class Imprint:
    """What the build knows about this output that the source does not: when and from which revision."""

    epoch: int  # seconds since 1970 (SOURCE_DATE_EPOCH, or the last commit of what the output uses)
    revision: str  # git short hash, or "unknown"


@dataclass(frozen=True)
class Cover:
    """The texts of a cover, for renderers that draw one (the EPUB cover image)."""

    network: str
    title: str
    subtitle: str
    publisher: str
    year: str
    mark: str = ""  # a draft's or preview's mark ("Draft translation"), printed under the subtitle


@dataclass(frozen=True)
class Document:
    """One document ready to render: pandoc-Markdown with its YAML metadata block, and where it goes."""

    lang: str
    name: str  # output path relative to output/<lang>/, without extension: "manifesto", "handouts/police"
    kind: str  # "full" | "handout"
    title: str  # plain-text title, as metadata readers will show it
    markdown: str
    epoch: int
    cover: Cover | None = None
    running: str = ""  # the running footer line of paged formats: the edition's title (handouts: theme · edition)
    publisher: str = ""  # plain text, for document properties a format does not take from the metadata
    landmarks: tuple[tuple[str, str], ...] = ()  # EPUB landmark type -> its label in the edition's language
    locale: str = ""  # the tag every format declares (`en-GB`; edition.yaml `locales:`), the language when not set
    preview: bool = False  # a translation below the publish threshold, built on request: under output/preview/
    date: str = ""  # the edition's date as its locale writes it ("7. Dezember 2026"), plain text

    @property
    def folder(self) -> str:
        """Its folder under the output folder: `fr`, or `preview/de` for a preview."""
        return f"preview/{self.lang}" if self.preview else self.lang

    @property
    def tag(self) -> str:
        """The language tag the document declares in every format: its locale, else its language."""
        return self.locale or self.lang


def full(edition: LEdition, imprint: Imprint) -> Document:
    """The full edition: cover, table of contents, every theme, colophon."""
    context = _context(edition, imprint) | {"themes": edition.themes}
    return _document(edition, "manifesto", "full", "full.md.j2", context, imprint,
                     cover=_cover(edition))


def handout(edition: LEdition, theme_id: str, imprint: Imprint) -> Document:
    """One theme's handout: title band, its sections, the network's footer."""
    theme = _theme(edition, theme_id)
    context = _context(edition, imprint) | {"theme": theme, "footer": _footer(edition)}
    title = markup.plain(theme.title.text)
    return _document(edition, f"handouts/{theme_id}", "handout", "handout.md.j2", context, imprint, title=title,
                     running=f"{title} · {markup.plain(edition.title.text)}{_draft(edition)}")


def _document(edition: LEdition, name: str, kind: str, template: str, context: dict, imprint: Imprint,
              title: str = "", cover: Cover | None = None, running: str = "") -> Document:
    text = templating.render(template, context, RenderError, "assemble.py")
    edition_title = markup.plain(edition.title.text)
    strings = _Strings(edition)
    landmarks = tuple((kind, strings.plain(key)) for kind, key in LANDMARKS)
    return Document(edition.lang, name, kind, title or edition_title, text, imprint.epoch, cover,
                    running or edition_title + _draft(edition), markup.plain(edition.publisher.text), landmarks,
                    edition.locale, edition.preview, markup.plain(context["date_long"]))


def _draft(edition: LEdition) -> str:
    """` · Draft translation` for the running footer of an edition whose translation is not wholly reviewed."""
    return f" · {mark(edition)}" if edition.draft else ""


def mark(edition: LEdition) -> str:
    """What a draft or a preview says it is, in plain text in its own language ("Draft translation"); "" for an
    edition that is neither (the source language's, or a translation reviewed in full)."""
    return _Strings(edition).plain(_MARK[edition.preview]) if edition.draft else ""


#: The string that marks a draft (False) or a preview (True).
_MARK = {False: "colophon.draft", True: "edition.preview"}


def _notice(edition: LEdition) -> str:
    """The sentence a draft or a preview opens with, as inline Markdown (read by screen readers: body text)."""
    if not edition.draft:
        return ""
    strings = _Strings(edition)
    if edition.preview:
        percent = format_percent(edition.done / 100, locale=langtag.parse(edition.locale or edition.lang).locale)
        return strings.format("edition.preview-notice", {"percent": percent})
    return strings("edition.draft-notice")


def _theme(edition: LEdition, theme_id: str) -> LTheme:
    for theme in edition.themes:
        if theme.id == theme_id:
            return theme
    known = ", ".join(t.id for t in edition.themes)
    raise RenderError(f"no theme {theme_id!r} in this edition", None, f"known themes: {known}")


def _context(edition: LEdition, imprint: Imprint) -> dict:
    strings = _Strings(edition)
    moment = dt.datetime.fromtimestamp(imprint.epoch, dt.UTC)
    tag = langtag.parse(edition.locale or edition.lang)
    # Text, never Markdown: a date that starts with a number and a full stop ("29. November 2026") would open a list.
    date_long = inline(format_date(moment.date(), "long", tag.locale), edition.lang, edition.lang)
    return {
        "lang": edition.lang, "locale": tag.tag, "edition": edition, "s": strings,
        "md": _Inline(edition.lang, strings), "date_long": date_long,
        "draft": edition.draft, "mark": strings(_MARK[edition.preview]) if edition.draft else "",
        "notice": _notice(edition),
        "year": str(edition.year), "imprint": _imprint(edition),
        "colophon": _colophon(edition, _Inline(edition.lang, strings), date_long),
    }


#: The colophon's entries in the order it prints them; an imprint field left empty is left out.
COLOPHON = ("published-by", "address", "website", "date", "credits", "licence")


def colophon_labels(edition: LEdition) -> list[str]:
    """The edition strings the full edition's colophon shows as they are: its title and each entry's label (what
    `manifesto audit` expects to find in the colophon)."""
    return ["colophon.title", *(key for key, _ in _colophon(edition, lambda unit: "", ""))]


def _colophon(edition: LEdition, md, date_long: str) -> list[tuple[str, str]]:
    """(label key, inline Markdown) of each entry the colophon prints: the publisher, its details, the date."""
    details = _imprint(edition)
    values = {"published-by": md(edition.publisher), "date": date_long}
    return [(f"colophon.{key}", values[key] if key in values else details[key]) for key in COLOPHON
            if key in values or details.get(key)]


def _imprint(edition: LEdition) -> dict[str, str]:
    """The publisher's details as inline Markdown in the edition's language ({year} and {publisher} filled in,
    the publisher's name as translated); the website as a link."""
    values = {"{year}": str(edition.year), "{publisher}": markup.plain(edition.publisher.text)}
    details = {}
    for key, text in edition.imprint.items():
        for placeholder, value in values.items():
            text = text.replace(placeholder, value)
        details[key] = f"<{text}>" if key == "website" else inline(text, edition.lang, edition.lang)
    return details


def _cover(edition: LEdition) -> Cover:
    def plain(unit: LUnit) -> str:
        return markup.plain(typography.apply(unit.text, unit.lang))

    return Cover(_Strings(edition).plain("cover.network"), plain(edition.title), plain(edition.subtitle),
                 plain(edition.publisher), str(edition.year), mark(edition))


def _footer(edition: LEdition) -> str:
    values = {"title": markup.plain(edition.title.text), "publisher": markup.plain(edition.publisher.text),
              "year": str(edition.year)}
    return _Strings(edition).format("handout.footer", values)


class _Strings:
    """Edition boilerplate by key, as inline Markdown tagged with its language: `s("toc.title")` in templates."""

    def __init__(self, edition: LEdition) -> None:
        self._edition = edition

    def unit(self, key: str) -> LUnit:
        try:
            return self._edition.strings[key]
        except KeyError:
            raise RenderError(f"the templates need the edition string {key!r}", Origin("source/edition.yaml"),
                              f"add `{key}: …` under `strings:` in edition.yaml") from None

    def __call__(self, key: str) -> str:
        unit = self.unit(key)
        return inline(unit.text, unit.lang, self._edition.lang)

    def plain(self, key: str) -> str:
        return markup.plain(typography.apply(self.unit(key).text, self.unit(key).lang))

    def format(self, key: str, values: Mapping[str, str]) -> str:
        """A string with `{placeholders}` filled in; a translation that broke a placeholder is a clear error."""
        unit = self.unit(key)
        unknown = [name for name in _PLACEHOLDER.findall(unit.text) if name not in values]
        if unknown:
            raise RenderError(f"string {key!r} has an unknown placeholder {{{unknown[0]}}}", unit.origin,
                              f"use only {', '.join('{' + v + '}' for v in values)}")
        text = _PLACEHOLDER.sub(lambda m: values[m.group(1)], unit.text)  # not str.format: spans have braces too
        return inline(text, unit.lang, self._edition.lang)


class _Inline:
    """`md(unit)` in templates: a unit's text as inline Markdown, tagged, with its original in a note."""

    def __init__(self, lang: str, strings: _Strings) -> None:
        self.lang = lang
        self.strings = strings

    def __call__(self, unit: LUnit) -> str:
        text = inline(unit.text, unit.lang, self.lang)
        if not unit.original:
            return text
        original = inline(unit.original, unit.original_lang, self.lang)
        name = langtag.parse(unit.original_lang).language_name(self.lang)
        label = f"{self.strings('note.original')} ({name}): "
        return f"{text}^[{typography.apply(label, self.lang)}{original}]"


# Block-level Markdown a unit's text must not start (it is inline text placed in a paragraph or list item),
# including a reference definition `[x]: url`, which would make the text vanish.
_BLOCK_START = re.compile(r"^(\s*)(#|>|[-+*](?=\s)|\d+[.)](?=\s)|:|~~~|```|\||%|---|\[(?=[^\]]*\]:))")
# Trailing `{…}` not closing a span would become a heading's attributes and disappear.
_TRAILING_ATTRS = re.compile(r"(?<!\])\{([^{}]*)\}\s*$")
_NEWLINES = re.compile(r"\s*\n\s*")


def inline(text: str, lang: str, doc_lang: str) -> str:
    """Unit text made safe to place inline, set by its language's typography, tagged when not in `doc_lang`."""
    text = _NEWLINES.sub(" ", text.strip())
    if not _balanced(text):
        text = text.replace("[", "\\[").replace("]", "\\]")  # unbalanced brackets would swallow the markup around
    text = _BLOCK_START.sub(_escaped, text)
    text = _TRAILING_ATTRS.sub(lambda m: f"\\{{{m.group(1)}\\}}", text)
    text = typography.apply(text, lang)
    if lang == doc_lang:
        return text
    return f"[{text}]{{lang={lang}}}"


def _escaped(start: re.Match[str]) -> str:
    """A block marker made text: its punctuation escaped ("29\\. November", not "\\29.", which prints the backslash:
    Markdown escapes punctuation only)."""
    indent, marker = start.group(1), start.group(2)
    if marker[0].isdigit():
        return f"{indent}{marker[:-1]}\\{marker[-1]}"
    return f"{indent}\\{marker}"


def _balanced(text: str) -> bool:
    depth = 0
    for char in re.sub(r"\\.", "", text):
        depth += (char == "[") - (char == "]")
        if depth < 0:
            return False
    return depth == 0

