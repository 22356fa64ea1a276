"""Typography rules (T5xx): one quote style per edition, each passage set as its language wants, stray spaces."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.check.rules.base import finding, places, quote, rule
from pipeline.findings import Finding
from pipeline.langtag import primary
from pipeline.markup import SPAN, parse_attrs, plain
from pipeline.model import Edition, Unit
from pipeline.typography import by_language, has_rules, needs, rules, violations

_URL = re.compile(r"<?https?://\S+")
_STYLES = {
    "double quotes": (re.compile(r'"'), re.compile(r"[“”]")),
    "apostrophes and single quotes": (re.compile(r"(?<=\w)'|'(?=\w)"), re.compile(r"[‘’]")),
}
_INSIDE = re.compile(r"[“(\[]\s+\S|\S\s+[”)\]]")
_INSIDE_OR_BEFORE = re.compile(rf"{_INSIDE.pattern}|\w\s+[,;:!?](?=\s|$)|\w\s+\.(?=\s|$)")


def _first(text: str, pattern: re.Pattern[str]) -> str:
    """The first use of `pattern` in `text` with a little context, or ''."""
    match = pattern.search(text)
    return text[max(0, match.start() - 12):match.end() + 12] if match else ""


@rule("T501", "warning", "'police academies' with straight quotes where the edition uses ‘curly’ ones")
def quote_style(edition: Edition) -> Iterator[Finding]:
    """Straight and curly quotes (or apostrophes) mixed in one edition: use the edition's majority style.

    Double quotes and apostrophes/single quotes are counted separately, unit by unit, in the text in
    the edition's source language (passages in other languages follow their own rules).
    """
    base = primary(edition.source_language)
    units = [(p.unit, _URL.sub(" ", plain(_placeholders(p.unit)))) for p in places(edition)
             if primary(p.unit.lang) == base]
    for what, (straight, curly) in _STYLES.items():
        n_straight = sum(bool(straight.search(text)) for _, text in units)
        n_curly = sum(bool(curly.search(text)) for _, text in units)
        if not n_straight or not n_curly:
            continue
        wrong, major, minor = (straight, "curly", "straight") if n_curly >= n_straight else (curly, "straight", "curly")
        for unit, text in units:
            if sample := _first(text, wrong):
                yield finding(unit.origin, f"{minor} {what} in {quote(sample)}; the edition mostly uses {major} ones "
                              f"({max(n_straight, n_curly)} units against {min(n_straight, n_curly)})", unit.id)


@rule("T502", "warning", "« Il faut … coopérer. » typed with ordinary spaces, “…” quotes in French, 'Hello ; world'")
def language_typography(edition: Edition) -> Iterator[Finding]:
    """A passage breaks its language's typography (the table in pipeline/typography.py, which assemble applies).

    French: a no-break space before ; : ! ? and inside « », « » for “…”; German „…“; Spanish and Italian «…» with
    no inner space; English, German, Spanish, Italian: no space before ; : ! ?; none before , and . in any of them.
    A unit is judged in its language, a span tagged `lang=` in its own; "10:30", web addresses and code are not.
    """
    for place in places(edition):
        unit = place.unit
        for lang, found in by_language(violations(unit.text, unit.lang)).items():
            passage = quote(plain(_passage(unit, found[0].start)), 40)
            yield finding(unit.origin, f"{rules(lang).name} passage {passage} needs {needs(found)}", unit.id)


def _passage(unit: Unit, at: int) -> str:
    """The passage holding position `at` of the unit's text: the innermost span in another language, or the unit."""
    spans = [m for m in SPAN.finditer(unit.text) if m.start(1) <= at < m.end(1)
             and rules(parse_attrs(m.group(2))[0] or unit.lang).lang != rules(unit.lang).lang]
    return spans[-1].group(1) if spans else unit.text


def _placeholders(unit: Unit) -> str:
    """The unit's text with foreign spans as a placeholder word: their spacing is not judged, brackets around are."""
    def one(match: re.Match[str]) -> str:
        return "…" if parse_attrs(match.group(2))[0] not in ("", unit.lang) else match.group(0)
    return SPAN.sub(one, unit.text)


@rule("T503", "warning", "'through “open stadium ” initiatives' or '( for all )'")
def stray_space(edition: Edition) -> Iterator[Finding]:
    """A space inside quotes or brackets, in a language whose typography puts none there (not French); before
    , ; : ! ? . too in a language the typography table does not know (T502 judges those it knows)."""
    for place in places(edition):
        unit = place.unit
        if rules(unit.lang).spaced:
            continue
        text = _URL.sub(" ", plain(_placeholders(unit)))
        match = (_INSIDE if has_rules(unit.lang) else _INSIDE_OR_BEFORE).search(text)
        if match:
            context = text[max(0, match.start() - 15):match.end() + 10]
            yield finding(unit.origin, f"stray space in {quote(context)}", unit.id)
