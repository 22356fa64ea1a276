"""Typography rules (T5xx): one quote style per edition, French spacing in French passages, stray spaces."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding
from ..langtag import is_french, primary
from ..markup import SPAN, mask_spans, parse_attrs, plain
from ..model import Edition, Unit
from .base import finding, places, quote, rule

NBSP = "\u00a0\u202f"  # no-break space and narrow no-break space: both are right before French ; : ! ? »
_URL = re.compile(r"<?https?://\S+")
_STYLES = {
    "double quotes": (re.compile(r'"'), re.compile(r"[“”]")),
    "apostrophes and single quotes": (re.compile(r"(?<=\w)'|'(?=\w)"), re.compile(r"[‘’]")),
}
_FRENCH = [
    (re.compile(rf"(?<=[^\s{NBSP}])[;:!?»]|(?<= )[;:!?»]"), "a no-break space before {char!r}"),
    (re.compile(rf"«(?=[^{NBSP}])"), "a no-break space after '«'"),
    (re.compile(r"\s[,.](?!\.)"), "no space before {char!r}"),
    (re.compile(r"[“”]"), "French quotes « » instead of {char!r}"),
]
_INSIDE = re.compile(r"[“(\[]\s+\S|\S\s+[”)\]]|\w\s+[,;:!?](?=\s|$)|\w\s+\.(?=\s|$)")


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


def french_passages(unit: Unit) -> list[str]:
    """The French text of a unit: the whole (other spans masked) when the unit is French, else its fr spans."""
    out = []
    if is_french(unit.lang):
        out.append(mask_spans(unit.text, keep=unit.lang))
    for match in SPAN.finditer(unit.text):
        lang, _ = parse_attrs(match.group(2))
        if is_french(lang) and not is_french(unit.lang):
            out.append(match.group(1))
    return [_URL.sub(" ", plain(text)) for text in out]


@rule("T502", "warning", "« Il faut … coopérer. » typed with ordinary spaces, or “…” quotes in French")
def french_spacing(edition: Edition) -> Iterator[Finding]:
    """French passages break French typography: no-break space before ; : ! ? » and after «, none before , and .

    French passages are units with `lang: fr` and spans tagged `lang=fr`.
    """
    for place in places(edition):
        for text in french_passages(place.unit):
            problems = []
            for pattern, needed in _FRENCH:
                for match in pattern.finditer(text):
                    char = match.group(0).strip()[-1:] or match.group(0)
                    problems.append(needed.format(char=char))
            if problems:
                shown = ", ".join(dict.fromkeys(problems))
                yield finding(place.unit.origin, f"French passage {quote(text, 40)} needs {shown}", place.unit.id)


def _placeholders(unit: Unit) -> str:
    """The unit's text with foreign spans as a placeholder word: their spacing is not judged, brackets around are."""
    def one(match: re.Match[str]) -> str:
        return "…" if parse_attrs(match.group(2))[0] not in ("", unit.lang) else match.group(0)
    return SPAN.sub(one, unit.text)


@rule("T503", "warning", "'through “open stadium ” initiatives' or 'the city , and'")
def stray_space(edition: Edition) -> Iterator[Finding]:
    """A space inside quotes or brackets, or before , ; : ! ? . in text that is not French."""
    for place in places(edition):
        unit = place.unit
        if is_french(unit.lang):
            continue
        text = _URL.sub(" ", plain(_placeholders(unit)))
        match = _INSIDE.search(text)
        if match:
            context = text[max(0, match.start() - 15):match.end() + 10]
            yield finding(unit.origin, f"stray space in {quote(context)}", unit.id)
