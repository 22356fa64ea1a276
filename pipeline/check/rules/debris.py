"""Debris rules (D4xx): leftovers of the word-processor export — page numbers, duplicates, cut sentences."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from pipeline import typography
from pipeline.check.rules.base import finding, places, quote, rule
from pipeline.findings import Finding
from pipeline.markup import plain
from pipeline.model import Edition, Unit

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z«“\"'‘(])")
_DOUBLE_SPACE = re.compile(r"(?<=\S)[ \u00a0]{2,}(?=\S)")
#: Words a finished sentence does not end on (English and French).
_DANGLING = frozenset(
    "a an the of to for in on at by with from into and or but nor than that which whose "
    "le la les un une des du de d au aux et ou à pour par avec dans sur".split()
)
_TERMINAL = (".", "!", "?", "…", ":", ";", ")", "]", "»", "”", '"', "’", "'")
_PAIRS = {")": "(", "]": "[", "»": "«", "”": "“"}
_NEAR = 0.85
_MIN_DUPLICATE = 30


@rule("D401", "error", "a unit whose whole text is '12' (a page number caught in the text)")
def page_number(edition: Edition) -> Iterator[Finding]:
    """A unit that is only a number: a page number the export left between paragraphs. Delete the unit."""
    for place in places(edition, metadata=False):
        text = plain(place.unit.text).strip()
        if text.isdigit():
            yield finding(place.unit.origin, f"unit {place.unit.id!r} is only the number {text}: a stray page "
                          "number; delete it", place.unit.id)


@rule("D402", "warning", "'Better evaluate the use of surveillance technologies…' twice in one theme")
def duplicate_unit(edition: Edition) -> Iterator[Finding]:
    """Two units of one theme with the same or nearly the same text (difflib ratio ≥ 0.85): keep one."""
    for theme in edition.themes:
        seen: list[tuple[str, str, set[str]]] = []
        for section in theme.sections:
            for unit in section.walk():
                text = " ".join(plain(unit.text).lower().split())
                if len(text) < _MIN_DUPLICATE:
                    continue
                words = set(re.findall(r"\w+", text))
                twin = next((uid for uid, other, bag in seen if _near(text, words, other, bag)), None)
                if twin:
                    yield finding(unit.origin, f"unit {unit.id!r} repeats {twin!r} (same or nearly the same "
                                  "text); keep one", unit.id)
                seen.append((unit.id, text, words))


def _near(a: str, a_words: set[str], b: str, b_words: set[str]) -> bool:
    """Same text, or a difflib ratio ≥ 0.85; sharing few words rules a pair out cheaply first."""
    if a == b:
        return True
    if len(a_words & b_words) < 0.5 * max(len(a_words), len(b_words)):
        return False
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.quick_ratio() < _NEAR:
        return False
    # difflib's ratio depends on the order of its arguments: take the better of the two
    return max(matcher.ratio(), difflib.SequenceMatcher(None, b, a, autojunk=False).ratio()) >= _NEAR


@rule("D403", "warning", "'Strengthen victims' access. Strengthen victims' access.'")
def repeated_sentence(edition: Edition) -> Iterator[Finding]:
    """A sentence repeated within one unit (a paste glued twice)."""
    for place in places(edition):
        sentences = [s.strip() for s in _SENTENCE.split(plain(place.unit.text)) if len(s.strip()) > 15]
        seen: set[str] = set()
        for sentence in sentences:
            if sentence.lower() in seen:
                yield finding(place.unit.origin, f"sentence {quote(sentence)} appears twice in this unit; "
                              "delete one", place.unit.id)
            seen.add(sentence.lower())


@rule("D404", "warning", "'… the Guidelines for the Prevention of' or 'Regular assessments,'")
def truncated(edition: Edition) -> Iterator[Finding]:
    """A unit that stops mid-way: it ends on a comma, a hyphen, an article, a preposition or a conjunction.

    The export often cut a sentence at a page break; find the rest in the original and join it.
    """
    for place in places(edition, metadata=False):
        unit = place.unit
        text = plain(unit.text).rstrip()
        words = re.findall(r"[^\W\d_]+", text.lower())
        if text.endswith((",", "-", "–", "/")) or (words and text.endswith(words[-1]) and words[-1] in _DANGLING):
            yield finding(unit.origin, f"unit ends mid-sentence: {quote('…' + text[-40:])}; complete it",
                          unit.id)


@rule("D405", "info", "one recommendation without a final full stop among siblings that have one")
def missing_full_stop(edition: Edition) -> Iterator[Finding]:
    """A unit without final punctuation in a section where most units have it (introductions, recommendations)."""
    for theme in edition.themes:
        for section in theme.sections:
            if section.kind not in ("introduction", "recommendations"):
                continue
            units = list(section.walk())
            ended = [plain(u.text).rstrip().endswith(_TERMINAL) for u in units]
            if sum(ended) * 2 <= len(ended):
                continue
            for unit, ok in zip(units, ended, strict=True):
                if not ok and not plain(unit.text).rstrip().endswith((",", "-")):
                    yield finding(unit.origin, f"unit ends without punctuation: {quote('…' + plain(unit.text)[-40:])}; "
                                  "most units of this section end with a full stop", unit.id)


def _unbalanced(text: str) -> str:
    """A description of the first bracket problem in `text`, or ''."""
    stack: list[str] = []
    for char in text:
        if char in "([«“":
            stack.append(char)
        elif char in _PAIRS:
            if not stack:
                return f"a closing {char!r} with no opening one"
            if stack[-1] != _PAIRS[char]:
                return f"{stack[-1]!r} closed by {char!r}"
            stack.pop()
    return f"an unclosed {stack[-1]!r}" if stack else ""


@rule("D406", "error", "'(JDL]' or 'the programme (see below'")
def unbalanced(edition: Edition) -> Iterator[Finding]:
    """Brackets or curly quotes that do not pair up: '(' with ')', '[' with ']', '«' with '»', '“' with '”'.

    An odd number of straight double quotes counts too.
    """
    for place in places(edition):
        text = plain(place.unit.text)
        problem = _unbalanced(text)
        if not problem and text.count('"') % 2:
            problem = "an odd number of straight double quotes"
        if problem:
            yield finding(place.unit.origin, f"unbalanced brackets or quotes: {problem}", place.unit.id)


@rule("D407", "warning", "'for the the promotion of a culture of legality'")
def doubled_word(edition: Edition) -> Iterator[Finding]:
    """The same word twice in a row ('the the'), usually a typing slip; not those the passage's language allows
    ('vous vous', 'had had': the list is pipeline/typography.py's)."""
    for place in places(edition):
        for words in typography.doubled(place.unit.text, place.unit.lang):
            yield finding(place.unit.origin, f"doubled word {words!r}", place.unit.id)


@rule("D408", "warning", "'Local  authorities' (two spaces)")
def double_space(edition: Edition) -> Iterator[Finding]:
    """Two or more spaces between words; one is enough."""
    for place in places(edition):
        text = place.unit.text
        for match in _DOUBLE_SPACE.finditer(text):
            before = text[max(0, match.start() - 20):match.start()]
            yield finding(place.unit.origin, f"{len(match.group(0))} spaces after {quote(before)}", place.unit.id)
            break


_LINKED = re.compile(r"\]\{[^{}]*link-unknown[^{}]*\}|\]\([^()]*\)")
_YEAR_THEN_TITLE = re.compile(r"\((?:[^()]*[\s(])?(?:19|20)\d\d\)\s+[A-Z][a-z]")
_TITLE_THEN_TEXT = re.compile(r"^[^.;!?]{12,140}?[a-z] (?:A|An|The|This|In|It) [A-Z]")


def _glued(kind: str, unit: Unit) -> str:
    """How two items look glued into `unit`, or ''."""
    if kind == "references":
        if len(_LINKED.findall(unit.text)) > 1:
            return "two linked references"
        if _YEAR_THEN_TITLE.search(plain(unit.text)):
            return "a reference's year followed by another title"
    if kind == "practices" and unit.title is None and _TITLE_THEN_TEXT.search(plain(unit.text)):
        return "a practice's name run into its description"
    return ""


@rule("D409", "warning", "'Policing (Efus 2023) Manifesto of Aubervilliers…' or 'Belgian local police: the "
      "local crime prevention partnerships A Local Crime Prevention Partnership…'")
def glued_units(edition: Edition) -> Iterator[Finding]:
    """Two items the export ran together: two references in one unit, or a practice's name glued to its text.

    Split the unit (a new id for the new part), or give the practice a `title`.
    """
    for theme in edition.themes:
        for section in theme.sections:
            for unit in section.units:
                how = _glued(section.kind, unit)
                if how:
                    yield finding(unit.origin, f"unit looks like two items glued together ({how}): "
                                  f"{quote(plain(unit.text))}; split it", unit.id)
