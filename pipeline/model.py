"""The typed, immutable model of the manifesto: edition -> themes -> sections -> units."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from pipeline.errors import Origin
from pipeline.project import SOURCE

#: Section kinds, in the order a theme presents them.
SECTION_KINDS: tuple[str, ...] = ("introduction", "recommendations", "practices", "references")
#: How a section lays out its units.
LAYOUTS: tuple[str, ...] = ("paragraphs", "list")


@dataclass(frozen=True)
class Acceptance:
    """A content-check finding accepted in the source, with the editor's reason (like `# noqa`)."""

    code: str
    reason: str
    origin: Origin


@dataclass(frozen=True)
class Unit:
    """One translatable unit: a paragraph, bullet, sub-bullet, practice, reference or title.

    `text` is inline pandoc-Markdown. Inline passages in another language are spans
    `[…]{lang=fr}`; names and titles that must never be translated carry the class `.name`;
    links whose target the export lost are spans with the class `.link-unknown`.
    """

    id: str
    text: str
    lang: str
    origin: Origin
    translate: bool = True
    note: str = ""
    title: Unit | None = None
    children: tuple[Unit, ...] = ()
    accept: tuple[Acceptance, ...] = ()

    def walk(self) -> Iterator[Unit]:
        """This unit, its title, then its children, depth first."""
        if self.title is not None:
            yield self.title
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Section:
    kind: str
    layout: str
    units: tuple[Unit, ...]
    origin: Origin
    heading: str = ""  # the heading as printed, when it differs from the standard name (debris to curate)

    def walk(self) -> Iterator[Unit]:
        for unit in self.units:
            yield from unit.walk()


@dataclass(frozen=True)
class Theme:
    id: str
    title: Unit
    sections: tuple[Section, ...]
    origin: Origin
    accept: tuple[Acceptance, ...] = ()

    def walk(self) -> Iterator[Unit]:
        yield self.title
        for section in self.sections:
            yield from section.walk()

    def section(self, kind: str) -> Section | None:
        return next((s for s in self.sections if s.kind == kind), None)


#: What each kind of erratum does: `added` (text of the source the export does not have: the unit or theme
#: named by `unit`), `removed` (export text deliberately dropped: its `export` text, or else its whole `line`
#: range) or `rewritten` (the `export` text became `canonical`). The other kinds are the importer's and the
#: first curation's more specific names; each counts as one of the three.
ERRATUM_EFFECTS: dict[str, str] = {
    "added": "added", "removed": "removed", "rewritten": "rewritten",
    "dropped-toc": "removed", "dropped-front-matter": "removed", "dropped-page-number": "removed",
    "removed-duplicate": "removed", "moved-url": "removed",
    "joined-lines": "rewritten", "normalised-heading": "rewritten", "fixed-bracket": "rewritten",
    "fixed-quote": "rewritten", "fixed-typo": "rewritten", "completed-truncation": "rewritten",
    "split-item": "rewritten", "merged-item": "rewritten", "restructured": "rewritten", "fixed-link": "rewritten",
    "typography": "rewritten",
}


@dataclass(frozen=True)
class Erratum:
    """A place where the canonical text deliberately differs from the export, and why."""

    id: str
    kind: str  # a key of ERRATUM_EFFECTS
    first_line: int  # export line (1-based; 0 for added text that has none); a range when last_line > first_line
    last_line: int
    export: str  # the export's text that was changed ("" when the whole line range is meant)
    canonical: str  # what it became ("" when removed)
    reason: str
    origin: Origin
    unit: str = ""

    @property
    def effect(self) -> str:
        """`added`, `removed` or `rewritten`."""
        return ERRATUM_EFFECTS[self.kind]


@dataclass(frozen=True)
class Edition:
    """The whole manifesto as declared by `source/edition.yaml`."""

    title: Unit
    subtitle: Unit
    publisher: Unit
    year: int
    source_language: str
    languages: tuple[str, ...]
    themes: tuple[Theme, ...]
    strings: tuple[Unit, ...]  # edition boilerplate: section names, cover, colophon, metadata
    origin: Origin
    errata: tuple[Erratum, ...] = field(default=())
    root: str = str(SOURCE)
    export: str = ""  # the word-processor export the source was imported from, relative to root (errata.yaml)
    locales: tuple[tuple[str, str], ...] = ()  # language -> the locale of its dates and numbers (en -> en-GB)
    imprint: tuple[tuple[str, str], ...] = ()  # the publisher's details for the colophon (edition.yaml `imprint:`)
    publish_threshold: int = 100  # per cent of a translation done for a default build to publish it
    detect_languages: tuple[str, ...] | None = None  # languages `manifesto check` looks for (None: its default)
    detect_origin: Origin | None = None  # where edition.yaml lists them

    def locale(self, lang: str) -> str:
        """The locale `lang`'s dates and numbers follow: its own, unless `locales:` in edition.yaml says another."""
        return dict(self.locales).get(lang, lang)

    def walk(self) -> Iterator[Unit]:
        """Every unit of the edition: metadata and boilerplate first, then the themes in order."""
        yield self.title
        yield self.subtitle
        yield self.publisher
        yield from self.strings
        for theme in self.themes:
            yield from theme.walk()

    def theme(self, theme_id: str) -> Theme:
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        known = ", ".join(t.id for t in self.themes)
        raise KeyError(f"no theme {theme_id!r}; known themes: {known}")

    def string(self, key: str) -> Unit:
        """A boilerplate string by id, e.g. `section.introduction`."""
        for unit in self.strings:
            if unit.id == key:
                return unit
        raise KeyError(f"no edition string {key!r} in edition.yaml")
