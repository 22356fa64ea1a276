"""Language rules (G3xx): untagged foreign passages, found by lingua and confirmed by py3langid.

Both detectors are restricted to the edition's languages and built once, on first use: lingua with
every language loaded costs seconds and a gigabyte; restricted to English and French it is cheap.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..check import Finding, finding, rule
from ..langtag import primary
from ..markup import ESCAPE, mask_spans, plain, spans
from ..model import Edition
from . import places, quote

#: Shorter passages are mostly names, titles and headings that no detector judges reliably.
MIN_CHARS = 24
MIN_WORDS = 4
#: lingua's confidence in a passage it split off, then py3langid's: both must be at least this sure.
MIN_LINGUA_CONFIDENCE = 0.95
MIN_CONFIDENCE = 0.9
_CLOSING = "»”’)] \u00a0\u202f"
_MARKUP = re.compile(r"\*\*|(?<!\w)\*|\*(?!\w)|<https?://[^>]*>|\(https?://[^)]*\)")


@dataclass(frozen=True)
class Passage:
    """A stretch of a unit's text detected in `lang` (a code such as 'fr')."""

    text: str
    lang: str


@cache
def _lingua(langs: tuple[str, ...]) -> Any:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [IsoCode639_1.from_str(code) for code in langs]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


@cache
def _langid(langs: tuple[str, ...]) -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(langs))
    return identifier


def detector_languages(edition: Edition) -> tuple[str, ...]:
    """The base languages the detectors choose between: the edition's, as lingua knows them."""
    return tuple(sorted({base for lang in edition.languages if _lingua_knows(base := primary(lang))}))


@cache
def _lingua_knows(code: str) -> bool:
    from lingua import IsoCode639_1

    try:
        IsoCode639_1.from_str(code)
    except ValueError:
        return False
    return True


def _confirmed(text: str, lang: str, langs: tuple[str, ...]) -> bool:
    """lingua is sure of the passage on its own, and py3langid (loaded only now: it costs ~0.5 s) agrees."""
    from lingua import IsoCode639_1, Language

    language = Language.from_iso_code_639_1(IsoCode639_1.from_str(lang))
    if _lingua(langs).compute_language_confidence(text, language) < MIN_LINGUA_CONFIDENCE:
        return False
    found, probability = _langid(langs).classify(text)
    return found == lang and probability >= MIN_CONFIDENCE


def _long_enough(text: str) -> bool:
    return len(text.strip()) >= MIN_CHARS and len(re.findall(r"[^\W\d_]{2,}", text)) >= MIN_WORDS


def foreign_passages(texts: list[tuple[str, str]], langs: tuple[str, ...]) -> list[list[Passage]]:
    """For each (text, lang): its passages in another language of `langs`, long enough and confirmed.

    lingua runs over all texts at once (in parallel); py3langid loads only when lingua finds a candidate.
    """
    wanted = [i for i, (text, lang) in enumerate(texts) if primary(lang) in langs and _long_enough(text)]
    results = _lingua(langs).detect_multiple_languages_in_parallel_of([texts[i][0] for i in wanted])
    out: list[list[Passage]] = [[] for _ in texts]
    for i, found in zip(wanted, results, strict=True):
        text, lang = texts[i]
        for result in found:
            code = result.language.iso_code_639_1.name.lower()
            # lingua leaves the closing quote of one passage at the start of the next
            passage = text[result.start_index:result.end_index].strip().lstrip(_CLOSING)
            if code != primary(lang) and _long_enough(passage) and _confirmed(passage, code, langs):
                out[i].append(Passage(passage, code))
    return out


def readable(text: str, keep: str) -> str:
    """The unit's own-language text: foreign spans and names masked, markup and URLs removed."""
    return ESCAPE.sub(r"\1", _MARKUP.sub(" ", mask_spans(text, keep)))


_NAMES = {"en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "nl": "Dutch"}


@rule("G301", "warning", "'… police academies'. convient de développer des référentiels de formation …' in English")
def untagged_passage(edition: Edition) -> Iterator[Finding]:
    """A passage in another of the edition's languages, not tagged: tag it `[…]{lang=fr}` (or set the unit's lang).

    Spans tagged `lang=` and `.name` spans are masked first; lingua's mixed-language detection
    finds candidates, py3langid must agree, and passages under 24 characters or 4 words are
    ignored (names and headings). Names inside sentences are not detectable: tag them in the source.
    """
    langs = detector_languages(edition)
    if len(langs) < 2:
        return
    units = [p.unit for p in places(edition)]
    found = foreign_passages([(readable(u.text, u.lang), u.lang) for u in units], langs)
    for unit, passages in zip(units, found, strict=True):
        for passage in passages:
            yield finding(unit.origin, f"untagged {_NAMES.get(passage.lang, passage.lang)} passage "
                          f"{quote(passage.text)} in a unit in {_NAMES.get(unit.lang, unit.lang)}; tag it "
                          f"[…]{{lang={passage.lang}}}", unit.id)


@rule("G302", "warning", "[The local crime prevention partnership]{lang=fr}")
def mistagged_span(edition: Edition) -> Iterator[Finding]:
    """A span tagged `lang=` (or a unit with `lang:`) whose text reads as another of the edition's languages.

    Only passages long enough to judge are checked, and both detectors must agree.
    """
    langs = detector_languages(edition)
    if len(langs) < 2:
        return
    for place in places(edition):
        unit = place.unit
        tagged = [(s.text, s.lang) for s in spans(unit.text) if s.lang and "name" not in s.classes]
        for text, lang in tagged:
            yield from _mistagged(plain(text), lang, langs, unit.id, unit.origin, "span")


def _mistagged(text: str, lang: str, langs: tuple[str, ...], subject: str, origin: Any, what: str) -> Iterator[Finding]:
    base = primary(lang)
    if base not in langs or not _long_enough(text):
        return
    found = _lingua(langs).detect_language_of(text)
    code = found.iso_code_639_1.name.lower() if found else base
    if code != base and _confirmed(text, code, langs):
        yield finding(origin, f"{what} {quote(text)} is tagged {lang} but reads as {_NAMES.get(code, code)}; "
                      "fix its lang", subject)
