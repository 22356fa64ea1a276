"""The content rules of `manifesto check`, one module per family; helpers they share."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Edition, Section, Theme, Unit


@dataclass(frozen=True)
class Place:
    """A unit with the theme and section it sits in (both None for the edition's metadata and strings)."""

    unit: Unit
    theme: Theme | None = None
    section: Section | None = None

    @property
    def where(self) -> str:
        return f"{self.theme.id}/{self.section.kind}" if self.theme and self.section else "edition"


def places(edition: Edition, metadata: bool = True) -> Iterator[Place]:
    """Every unit of the edition with its place: metadata first, then theme titles and section units in order."""
    if metadata:
        for unit in (edition.title, edition.subtitle, edition.publisher, *edition.strings):
            yield Place(unit)
    for theme in edition.themes:
        yield Place(theme.title, theme)
        for section in theme.sections:
            for unit in section.walk():
                yield Place(unit, theme, section)


def quote(text: str, width: int = 60) -> str:
    """`text` shortened for a message, in double quotes."""
    text = " ".join(text.split())
    return f'"{text if len(text) <= width else text[: width - 1] + "…"}"'
