"""Name rules (N6xx): the organisation's names and acronyms as the glossary spells them.

The glossary is `glossary.yaml` in the source folder (schema: pipeline/schema/names.schema.json): canonical
forms, their known wrong variants and, optionally, the languages a rule holds in (OCDE is right in French, wrong
in English). The translation glossary is another file with another purpose (pipeline/qa/glossary.py); both are read
by `yamlsource.read_config`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.check.rules.base import finding, places, rule
from pipeline.errors import Origin
from pipeline.findings import Finding
from pipeline.langtag import primary
from pipeline.markup import SPAN, parse_attrs, plain
from pipeline.model import Edition, Unit
from pipeline.yamlsource import read_config

GLOSSARY_FILE = "glossary.yaml"


@dataclass(frozen=True)
class Name:
    """A name or acronym: its canonical form, the wrong variants to report, where the rule holds."""

    canonical: str
    variants: tuple[str, ...]
    langs: tuple[str, ...]  # empty: in every language
    meaning: str
    origin: Origin
    pattern: re.Pattern[str]


@cache
def glossary(root: str) -> tuple[Name, ...]:
    """The names glossary of the source folder `root` (empty when it has none), checked against
    pipeline/schema/names.schema.json: ConfigError at the line of the first problem."""
    path = Path(root) / GLOSSARY_FILE
    if not path.is_file():
        return ()
    doc = read_config(path, "names", hint="see the comment at the top of source/glossary.yaml, e.g. "
                      "{canonical: Efus, variants: [EFUS], meaning: …}")
    return tuple(_name(raw, doc.origin(("terms", i))) for i, raw in enumerate(doc.data["terms"]))


def _name(raw: dict, origin: Origin) -> Name:
    variants = tuple(raw["variants"])
    words = "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
    return Name(raw["canonical"], variants, tuple(raw.get("langs", ())), raw.get("meaning", ""), origin,
                re.compile(rf"(?<![\w-])(?:{words})(?![\w-])"))


def _own_language(match: re.Match[str], keep: str) -> str:
    """A span's text when it is in `keep` (names included: they must be spelled right too), else a blank."""
    lang, _ = parse_attrs(match.group(2))
    return " " if lang and lang != keep else match.group(1)


def texts_in(unit: Unit, langs: tuple[str, ...]) -> list[str]:
    """The plain text of `unit` written in one of `langs` (all of it when `langs` is empty)."""
    if not langs:
        return [plain(unit.text)]
    out = []
    if primary(unit.lang) in langs:
        out.append(plain(SPAN.sub(lambda m: _own_language(m, unit.lang), unit.text)))
    for match in SPAN.finditer(unit.text):
        lang, _ = parse_attrs(match.group(2))
        if lang and primary(lang) in langs and lang != unit.lang:
            out.append(plain(match.group(1)))
    return out


@rule("N601", "warning", "'EFUS' for Efus, 'EFSU' for FFSU, 'OCDE' in English text for OECD")
def glossary_variant(edition: Edition) -> Iterator[Finding]:
    """A name or acronym spelled as one of the glossary's known wrong variants: use the canonical form.

    The glossary (`source/glossary.yaml`) may limit a term to some languages (`langs: [en]`).
    """
    terms = glossary(edition.root)
    for place in places(edition):
        for term in terms:
            for text in texts_in(place.unit, term.langs):
                for match in term.pattern.finditer(text):
                    meaning = f" ({term.meaning})" if term.meaning else ""
                    yield finding(place.unit.origin, f"{match.group(0)!r} should be spelled {term.canonical!r}"
                                  f"{meaning}", place.unit.id)
