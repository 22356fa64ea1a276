"""Stage 4, localise: one rule decides, per unit, pass-through, translation or fallback.

A unit already in the target language (or marked never-translate) passes through. Otherwise its
translation is used when it is publishable (translated, not fuzzy); else the source text falls
back, tagged with its own language so every output can mark it. A unit translated from a language
other than the edition's source language keeps its original, shown in a note.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from pipeline.catalog import PUBLISHABLE as PUBLISHABLE
from pipeline.catalog import Translation as Translation
from pipeline.errors import Origin
from pipeline.langtag import same_language
from pipeline.model import Edition, Section, Theme, Unit


class Shown(StrEnum):
    """What an edition shows of a unit: its source text, a publishable translation, or the source as a fallback."""

    SOURCE = "source"
    TRANSLATED = "translated"
    REVIEWED = "reviewed"
    FALLBACK = "fallback"


@dataclass(frozen=True)
class LUnit:
    id: str
    text: str  # what the edition shows
    lang: str  # the language of `text`
    status: Shown
    origin: Origin  # where `text` comes from: the source unit, or the catalogue entry of its translation
    original: str = ""  # the source text, when translated from a language other than the edition's source
    original_lang: str = ""
    title: LUnit | None = None
    children: tuple[LUnit, ...] = ()


@dataclass(frozen=True)
class LSection:
    kind: str
    name: LUnit  # the localised section heading
    layout: str
    units: tuple[LUnit, ...]


@dataclass(frozen=True)
class LTheme:
    id: str
    title: LUnit
    sections: tuple[LSection, ...]

    def walk(self):
        yield self.title
        for section in self.sections:
            for unit in section.units:
                yield from _walk(unit)


@dataclass(frozen=True)
class LEdition:
    lang: str
    source_language: str
    title: LUnit
    subtitle: LUnit
    publisher: LUnit
    year: int
    themes: tuple[LTheme, ...]
    strings: Mapping[str, LUnit]
    locale: str = ""  # the locale of dates and numbers (edition.yaml `locales:`); the language when not set
    imprint: Mapping[str, str] = field(default_factory=dict)  # the publisher's details (edition.yaml `imprint:`)
    preview: bool = False  # built on request below edition.yaml's `publish_threshold`: marked as a preview

    @property
    def done(self) -> int:
        """How much of the edition shows its own language, in whole per cent (rounded down: 99.9 is not 100): units
        translated, reviewed or written in it, out of all it shows."""
        units = list(self.walk())
        shown = sum(u.status is not Shown.FALLBACK for u in units)
        return shown * 100 // len(units) if units else 100

    def walk(self):
        yield from (self.title, self.subtitle, self.publisher, *self.strings.values())
        for theme in self.themes:
            yield from theme.walk()

    @property
    def draft(self) -> bool:
        """A translated edition not wholly reviewed (a preview is one too): it says so on its cover or title page,
        in its running footer, in its first text and in its metadata."""
        return self.preview or bool(self.unreviewed())

    def unreviewed(self) -> dict[str, int]:
        """Where a translated edition is not yet reviewed: units translated but not reviewed, or not translated,
        by theme id ("edition" for the title and boilerplate). Empty for the source language's edition."""
        if same_language(self.lang, self.source_language):
            return {}
        parts = [("edition", (self.title, self.subtitle, self.publisher, *self.strings.values())),
                 *((theme.id, tuple(theme.walk())) for theme in self.themes)]
        counts = {where: sum(u.status not in (Shown.SOURCE, Shown.REVIEWED) for u in units) for where, units in parts}
        return {where: count for where, count in counts.items() if count}

    def counts(self) -> dict[str, int]:
        """How many units of each status the edition shows (for the build report)."""
        out: dict[str, int] = {}
        for unit in self.walk():
            out[unit.status] = out.get(unit.status, 0) + 1
        return out


def localise(edition: Edition, lang: str, translations: Mapping[str, Translation]) -> LEdition:
    """The edition in `lang`, using `translations` (by unit id) where publishable."""

    def one(unit: Unit) -> LUnit:
        return localise_unit(unit, lang, edition.source_language, translations)

    themes = tuple(_theme(t, edition, one) for t in edition.themes)
    return LEdition(
        lang=lang, source_language=edition.source_language, title=one(edition.title),
        subtitle=one(edition.subtitle), publisher=one(edition.publisher), year=edition.year,
        themes=themes, strings={u.id: one(u) for u in edition.strings}, locale=edition.locale(lang),
        imprint=dict(edition.imprint),
    )


def localise_unit(unit: Unit, lang: str, source_language: str, translations: Mapping[str, Translation]) -> LUnit:
    """The one rule: pass-through, publishable translation, or fallback to the source text."""
    title = localise_unit(unit.title, lang, source_language, translations) if unit.title else None
    children = tuple(localise_unit(c, lang, source_language, translations) for c in unit.children)
    common = {"id": unit.id, "origin": unit.origin, "title": title, "children": children}
    if same_language(unit.lang, lang) or not unit.translate:
        return LUnit(text=unit.text, lang=unit.lang, status=Shown.SOURCE, **common)
    found = translations.get(unit.id)
    if found is None or found.status not in PUBLISHABLE or not found.text.strip():
        return LUnit(text=unit.text, lang=unit.lang, status=Shown.FALLBACK, **common)
    original = "" if same_language(unit.lang, source_language) else unit.text
    return LUnit(text=found.text, lang=lang, status=Shown(found.status), original=original,
                 original_lang=unit.lang if original else "", **(common | {"origin": found.origin or unit.origin}))


def _theme(theme: Theme, edition: Edition, one) -> LTheme:
    return LTheme(theme.id, one(theme.title), tuple(_section(s, edition, one) for s in theme.sections))


def _section(section: Section, edition: Edition, one) -> LSection:
    name = one(edition.string(f"section.{section.kind}"))
    return LSection(section.kind, name, section.layout, tuple(one(u) for u in section.units))


def _walk(unit: LUnit):
    if unit.title is not None:
        yield unit.title
    yield unit
    for child in unit.children:
        yield from _walk(child)
