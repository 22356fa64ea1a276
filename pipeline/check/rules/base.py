"""What every rule family uses: the rule type and its decorator, findings, each unit with its place, quoting."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from pipeline.errors import Origin
from pipeline.findings import SEVERITIES, Finding, Severity
from pipeline.model import Edition, Section, Theme, Unit

RuleFunc = Callable[[Edition], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    family: str
    func: RuleFunc
    doc: str
    example: str

    def run(self, edition: Edition) -> Iterator[Finding]:
        for found in self.func(edition):
            yield replace(found, code=self.code, severity=self.severity)


def rule(code: str, severity: str, example: str) -> Callable[[RuleFunc], Rule]:
    """Make a function a rule; its docstring's first line is its summary in `--list-rules`.

    Nothing is registered: `pipeline/check/rules/__init__.py` lists every rule `manifesto check` runs.
    """
    assert severity in SEVERITIES, code

    def make(func: RuleFunc) -> Rule:
        family = func.__module__.rsplit(".", 1)[-1]
        return Rule(code, severity, family, func, (func.__doc__ or "").strip(), example)
    return make


def finding(origin: Origin, message: str, subject: str = "") -> Finding:
    """A finding from a rule; the engine fills in the rule's code and configured severity (`Rule.run`)."""
    return Finding("", Severity.INFO, origin, message, subject)


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
