"""Name rules (N6xx): the organisation's names and acronyms as the glossary spells them.

The glossary is `glossary.yaml` in the source folder: canonical forms, their known wrong variants
and, optionally, the languages a rule holds in (OCDE is right in French, wrong in English).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import ConfigError, Origin, SourceError
from ..findings import Finding
from ..langtag import primary
from ..markup import SPAN, parse_attrs, plain
from ..model import Edition, Unit
from ..yamlsource import read
from .base import finding, places, rule

GLOSSARY_FILE = "glossary.yaml"


@dataclass(frozen=True)
class Term:
    canonical: str
    variants: tuple[str, ...]
    langs: tuple[str, ...]  # empty: in every language
    meaning: str
    origin: Origin
    pattern: re.Pattern[str]


@cache
def glossary(root: str) -> tuple[Term, ...]:
    """The glossary of the source folder `root` (empty when it has none); malformed entries are a ConfigError."""
    path = Path(root) / GLOSSARY_FILE
    if not path.is_file():
        return ()
    try:
        doc = read(path)
    except SourceError as exc:
        raise ConfigError(exc.message, exc.origin, exc.hint) from None
    entries = (doc.data or {}).get("terms") if isinstance(doc.data, dict) else None
    if not isinstance(entries, list):
        raise ConfigError("a glossary is a mapping with a list 'terms'", doc.origin(),
                          "see the comment at the top of source/glossary.yaml")
    return tuple(_term(raw, doc.origin(("terms", i))) for i, raw in enumerate(entries))


def _term(raw: object, origin: Origin) -> Term:
    ok = isinstance(raw, dict) and isinstance(raw.get("canonical"), str) and isinstance(raw.get("variants"), list)
    if not ok or not raw["variants"] or not all(isinstance(v, str) and v for v in raw["variants"]):
        raise ConfigError("a glossary term needs 'canonical' (text) and 'variants' (a non-empty list of texts)",
                          origin, "e.g. {canonical: Efus, variants: [EFUS], meaning: …}")
    unknown = set(raw) - {"canonical", "variants", "langs", "meaning"}
    if unknown:
        raise ConfigError(f"unknown key {sorted(unknown)[0]!r} in a glossary term", origin,
                          "allowed keys: canonical, variants, langs, meaning")
    variants = tuple(raw["variants"])
    words = "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
    return Term(raw["canonical"], variants, tuple(raw.get("langs", ())), raw.get("meaning", ""), origin,
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
