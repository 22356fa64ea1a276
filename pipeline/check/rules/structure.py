"""Structure rules (S1xx): themes, their titles and their sections as the edition lays them out."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline import markup
from pipeline.check.rules.base import finding, quote, rule
from pipeline.findings import Finding
from pipeline.markup import plain
from pipeline.model import SECTION_KINDS, Edition

_WORD = re.compile(r"[^\W\d_]+")
_MINOR = frozenset("a an and as at but by for from in into of on or the to with".split())
_STRAY = re.compile(r"^[\s*_#:.;,-]+|[\s*_#:.;,-]+$")


def _ascii_words(text: str) -> list[str]:
    return _WORD.findall(markup.folded(text))


@rule("S101", "warning", "theme `security-continuum` titled 'Public spaces'")
def theme_id_matches_title(edition: Edition) -> Iterator[Finding]:
    """A theme's id (its file name and place in the edition's theme order) does not match its title.

    The edition file orders themes by id; a title that shares no word with the id means a file was
    renamed or a title pasted into the wrong theme.
    """
    for theme in edition.themes:
        title_words = {w for w in _ascii_words(theme.title.text) if w not in _MINOR}
        id_words = set(theme.id.split("-"))
        if title_words and not title_words & id_words:
            yield finding(theme.title.origin, f"theme {theme.id!r} is titled {quote(theme.title.text)}, which shares "
                          "no word with its id; check the edition's theme order and the file name", theme.id)


def _style(title: str) -> str:
    """'title' when every major word after the first is capitalised, 'sentence' when none is, else ''."""
    words = [w for w in plain(title).split()[1:] if w[:1].isalpha() and w.lower() not in _MINOR and not w.isupper()]
    caps = [w[0].isupper() for w in words]
    if not caps:
        return ""
    return "title" if all(caps) else "sentence" if not any(caps) else ""


@rule("S102", "warning", "'Mental Health' (Title Case) among titles like 'Security continuum' (sentence case)")
def theme_title_case(edition: Edition) -> Iterator[Finding]:
    """Theme titles mix Title Case and sentence case; the table of contents should use one style.

    The majority style wins; titles in the other style are reported.
    """
    styles = {t.id: _style(t.title.text) for t in edition.themes}
    counted = [s for s in styles.values() if s]
    if not counted:
        return
    major = max(("sentence", "title"), key=counted.count)
    for theme in edition.themes:
        if styles[theme.id] and styles[theme.id] != major:
            yield finding(theme.title.origin, f"theme title {quote(theme.title.text)} is in {styles[theme.id]} case; "
                          f"most theme titles are in {major} case", theme.id)


@rule("S103", "error", "a theme whose 'References' come before its 'Recommendations', or two 'Practices' sections")
def section_order(edition: Edition) -> Iterator[Finding]:
    """Sections out of the expected order (introduction, recommendations, practices, references) or repeated."""
    for theme in edition.themes:
        seen: list[str] = []
        for section in theme.sections:
            if section.kind in seen:
                yield finding(section.origin, f"second {section.kind!r} section in theme {theme.id!r}; "
                              "merge it into the first", theme.id)
            elif seen and SECTION_KINDS.index(section.kind) < SECTION_KINDS.index(seen[-1]):
                yield finding(section.origin, f"section {section.kind!r} comes after {seen[-1]!r} in theme "
                              f"{theme.id!r}; expected order: {', '.join(SECTION_KINDS)}", theme.id)
            seen.append(section.kind)


@rule("S104", "warning", "a 'Practices' heading directly followed by 'References'")
def empty_section(edition: Edition) -> Iterator[Finding]:
    """A section with no unit: the edition would print a heading over nothing."""
    for theme in edition.themes:
        for section in theme.sections:
            if not section.units:
                yield finding(section.origin, f"section {section.kind!r} of theme {theme.id!r} is empty; "
                              "fill it or remove it", theme.id)


@rule("S105", "warning", "heading: 'Recommendations:' or '**Practices:**' or 'Reference'")
def section_heading(edition: Edition) -> Iterator[Finding]:
    """A section heading printed differently from the standard name (stray colon, bold markers, singular).

    Editions print the standard names from edition.yaml; remove `heading` once the export's form is not needed.
    """
    for theme in edition.themes:
        for section in theme.sections:
            if not section.heading:
                continue
            standard = edition.string(f"section.{section.kind}").text
            core = _STRAY.sub("", section.heading)
            what = "stray punctuation" if core.lower() == standard.lower() else f"a different name {core!r}"
            yield finding(section.origin, f"heading {section.heading!r} has {what}; the standard heading is "
                          f"{standard!r}", theme.id)


@rule("S106", "warning", "practice title 'The PEGASE scheme in the Gironde region:'")
def title_punctuation(edition: Edition) -> Iterator[Finding]:
    """A practice or theme title that ends with a colon, full stop or other stray punctuation.

    Titles are printed as headings: a colon that introduced the following text in the export is debris.
    """
    for theme in edition.themes:
        titles = [(theme.title, theme.id)]
        titles += [(u.title, u.id) for s in theme.sections for u in s.walk() if u.title is not None]
        for title, subject in titles:
            text = plain(title.text).rstrip()
            if text.endswith((":", ".", ";", ",", "-", "–")) and not text.endswith("etc."):
                yield finding(title.origin, f"title {quote(text)} ends with {text[-1]!r}; titles carry no "
                              "final punctuation", subject)
