"""Language rules (G3xx): untagged passages in another language, found by py3langid and confirmed by lingua.

The detectors choose between the edition's languages and the languages it looks for (`detect_languages:` in
edition.yaml; by default `DETECT_LANGUAGES`, the EU's official languages). Each unit is cut into sentences and their
clauses; py3langid (one model for every language, ~0.06 ms a piece) must be sure a piece is in another language,
and lingua's high-accuracy models of the two languages at stake must agree. lingua's models load only for the
languages a piece is suspected of: on a clean source, none (`make bench` has the figures).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from pipeline.check.rules.base import finding, places, quote, rule
from pipeline.findings import Finding
from pipeline.langtag import parse, primary
from pipeline.markup import ESCAPE, mask_spans, plain, spans
from pipeline.model import Edition

#: The languages looked for besides the edition's own when edition.yaml has no `detect_languages:`: the EU's
#: official languages (but Maltese, which lingua lacks). py3langid judges every piece among all of them at the same
#: cost, and lingua loads a language's models only to confirm a suspect, so the long list costs no time on a clean
#: source (`make bench` compares it with the edition's languages alone).
DETECT_LANGUAGES = ("bg", "cs", "da", "de", "el", "es", "et", "fi", "ga", "hr", "hu", "it", "lt", "lv", "nl", "pl",
                    "pt", "ro", "sk", "sl", "sv")
#: Shorter passages are mostly names, titles and headings that no detector judges reliably.
MIN_CHARS = 24
MIN_WORDS = 4
#: py3langid's probability among all the languages, then lingua's confidence against the unit's own language
#: (measured on the planted fixture: 0.8 finds every passage; 0.9 and above miss two clauses; see `make bench`).
MIN_CONFIDENCE = 0.9
MIN_LINGUA_CONFIDENCE = 0.8
#: A sentence ends at . ! ? or … (closing quotes included) before a space; a clause at punctuation or a dash.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[»”’\")\]]*\s+")
_CLAUSE = re.compile(r"[^,;:()\[\]«»“”\"–—]+")
_DASH = re.compile(r"\s-\s")
_TRIM = " \t\n\u00a0\u202f-–—'‘’»”“«\"()[]"
_MARKUP = re.compile(r"\*\*|(?<!\w)\*|\*(?!\w)|<https?://[^>]*>|\(https?://[^)]*\)")


@dataclass(frozen=True)
class Passage:
    """A stretch of a unit's text detected in `lang` (a code such as 'fr')."""

    text: str
    lang: str


@dataclass(frozen=True)
class _Piece:
    """A sentence or one of its clauses: where it is in its unit's text, in which unit, and the unit's language."""

    unit: int
    start: int
    end: int
    sentence: bool
    host: str


@cache
def _lingua(langs: tuple[str, ...]) -> Any:
    """lingua's high-accuracy detector (models of 1- to 5-grams, ~0.3 s a language, loaded on first use)."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_iso_codes_639_1(*(IsoCode639_1.from_str(code) for code in langs)).build()


@cache
def _langid(langs: tuple[str, ...]) -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages([code for code in langs if code in identifier.nb_classes])
    return identifier


def looked_for(edition: Edition) -> tuple[str, ...]:
    """The languages the edition looks for besides its own: `detect_languages:` in edition.yaml, or the default."""
    return DETECT_LANGUAGES if edition.detect_languages is None else edition.detect_languages


def detector_languages(edition: Edition) -> tuple[str, ...]:
    """The base languages the detectors choose between: the edition's and those it looks for, as lingua knows them."""
    return tuple(sorted({base for lang in edition.languages + looked_for(edition) if known(base := primary(lang))}))


@cache
def known(code: str) -> bool:
    """lingua knows the language `code` (an ISO 639-1 code). py3langid knows every EU language lingua knows; of
    lingua's others it lacks Bokmål (`nb`), Maori, Tswana and Tsonga, which are then never confirmed."""
    from lingua import IsoCode639_1

    try:
        IsoCode639_1.from_str(code)
    except ValueError:
        return False
    return True


def _guess(text: str, langs: tuple[str, ...]) -> str:
    """The language of `langs` py3langid is sure `text` is in, or ''."""
    found, probability = _langid(langs).classify(text)
    return str(found) if probability >= MIN_CONFIDENCE else ""


def _confirmed(text: str, lang: str, host: str) -> bool:
    """lingua's full models of `lang` and `host` (the unit's language) are sure `text` is in `lang`."""
    from lingua import IsoCode639_1, Language

    language = Language.from_iso_code_639_1(IsoCode639_1.from_str(lang))
    return _lingua(tuple(sorted({lang, host}))).compute_language_confidence(text, language) >= MIN_LINGUA_CONFIDENCE


def long_enough(text: str) -> bool:
    """At least `MIN_CHARS` characters and `MIN_WORDS` words: enough for a detector to judge."""
    return len(text.strip()) >= MIN_CHARS and len(re.findall(r"[^\W\d_]{2,}", text)) >= MIN_WORDS


def _pieces(unit: int, text: str, host: str) -> Iterator[_Piece]:
    """Each sentence of `text`, then its clauses (when it has several), trimmed, if long enough to judge."""
    start, dashed = 0, _DASH.sub(" — ", text)  # a spaced hyphen ends a clause too (same length: offsets hold)
    for end in [m.start() for m in _SENTENCE_END.finditer(text)] + [len(text)]:
        yield from _trimmed(_Piece(unit, start, end, True, host), text)
        clauses = [m.span() for m in _CLAUSE.finditer(dashed, start, end)]
        if len(clauses) > 1:
            for a, b in clauses:
                yield from _trimmed(_Piece(unit, a, b, False, host), text)
        start = end


def _trimmed(piece: _Piece, text: str) -> Iterator[_Piece]:
    """The piece without the spaces, quotes, brackets and dashes around it."""
    chunk = text[piece.start:piece.end]
    start = piece.start + len(chunk) - len(chunk.lstrip(_TRIM))
    end = piece.start + len(chunk.rstrip(_TRIM))
    if start < end and long_enough(text[start:end]):
        yield _Piece(piece.unit, start, end, piece.sentence, piece.host)


def foreign_passages(texts: list[tuple[str, str]], langs: tuple[str, ...]) -> list[list[Passage]]:
    """For each (text, lang): its passages in another language of `langs`, long enough and confirmed.

    A sentence is judged whole; its clauses are judged when the sentence is not foreign as a whole.
    Adjacent passages in the same language are reported as one.
    """
    pieces = [p for i, (text, lang) in enumerate(texts) if primary(lang) in langs
              for p in _pieces(i, text, primary(lang))]
    found: list[list[tuple[_Piece, str]]] = [[] for _ in texts]
    for piece in sorted(pieces, key=lambda p: not p.sentence):
        if any(a.start <= piece.start and piece.end <= a.end for a, _ in found[piece.unit]):
            continue  # a clause of a sentence found foreign as a whole
        text = texts[piece.unit][0][piece.start:piece.end]
        lang = _guess(text, langs)
        if lang not in ("", piece.host) and _confirmed(text, lang, piece.host):
            found[piece.unit].append((piece, lang))
    return [_merged(sorted(f, key=lambda pl: pl[0].start), text) for f, (text, _) in zip(found, texts, strict=True)]


def _merged(found: list[tuple[_Piece, str]], text: str) -> list[Passage]:
    """Passages in the same language with only spaces and punctuation between them, as one."""
    out: list[tuple[int, int, str]] = []
    for piece, lang in found:
        if out and out[-1][2] == lang and not re.search(r"\w", text[out[-1][1]:piece.start]):
            out[-1] = (out[-1][0], piece.end, lang)
        else:
            out.append((piece.start, piece.end, lang))
    return [Passage(text[a:b], lang) for a, b, lang in out]


def readable(text: str, keep: str) -> str:
    """The unit's own-language text: foreign spans and names masked, markup and URLs removed."""
    return ESCAPE.sub(r"\1", _MARKUP.sub(" ", mask_spans(text, keep)))


def name(code: str) -> str:
    """The English name of a language: `de` -> German."""
    return parse(code).english_name


@rule("G301", "warning", "'… police academies'. convient de développer des référentiels de formation …' in English")
def untagged_passage(edition: Edition) -> Iterator[Finding]:
    """A passage in another language, not tagged: tag it `[…]{lang=de}` (or set the unit's lang).

    The languages looked for are the edition's and `detect_languages:` in edition.yaml (default: the EU's
    official languages). Spans tagged `lang=` and `.name` spans are masked first; each sentence, and each clause of a
    sentence that is not foreign as a whole, must be read as one other language by py3langid (among all the
    languages) and by lingua (against the unit's language); passages under 24 characters or 4 words are ignored
    (names and headings). Names inside sentences are not detectable: tag them in the source.
    """
    langs = detector_languages(edition)
    if len(langs) < 2:
        return
    units = [p.unit for p in places(edition)]
    found = foreign_passages([(readable(u.text, u.lang), u.lang) for u in units], langs)
    for unit, passages in zip(units, found, strict=True):
        for passage in passages:
            yield finding(unit.origin, f"untagged {name(passage.lang)} passage {quote(passage.text)} in a unit in "
                          f"{name(unit.lang)}; tag it […]{{lang={passage.lang}}}", unit.id)


@rule("G302", "warning", "[The local crime prevention partnership]{lang=fr}")
def mistagged_span(edition: Edition) -> Iterator[Finding]:
    """A span tagged `lang=` (or a unit with `lang:`) whose text reads as another language.

    Only passages long enough to judge are checked, and the detectors must agree, as for G301.
    """
    langs = detector_languages(edition)
    if len(langs) < 2:
        return
    for place in places(edition):
        unit = place.unit
        tagged = [(s.text, s.lang) for s in spans(unit.text) if s.lang and "name" not in s.classes]
        for text, lang in tagged:
            yield from _mistagged(plain(text), lang, langs, unit.id, unit.origin, "span")


@rule("G303", "warning", "detect_languages: [de, mt] in edition.yaml (lingua has no Maltese)")
def unknown_language(edition: Edition) -> Iterator[Finding]:
    """A language in `detect_languages:` that the detectors do not know: it is not looked for.

    The detectors know most European languages (not Maltese or Luxembourgish); py3langid lacks Norwegian Bokmål.
    """
    for code in looked_for(edition):
        if not known(primary(code)):
            yield finding(edition.detect_origin or edition.origin, f"detect_languages: the language detectors do not "
                          f"know {code!r}, so no passage in it is looked for; remove it", "edition")


def _mistagged(text: str, lang: str, langs: tuple[str, ...], subject: str, origin: Any, what: str) -> Iterator[Finding]:
    base = primary(lang)
    if base not in langs or not long_enough(text):
        return
    code = _guess(text, langs)
    if code not in ("", base) and _confirmed(text, code, base):
        yield finding(origin, f"{what} {quote(text)} is tagged {lang} but reads as {name(code)}; fix its lang", subject)
