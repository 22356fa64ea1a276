"""Typography per language, as data: each base language's table, applied (`apply`) and checked (`violations`).

Assemble applies the table to every passage; the content check (T502), the translation check (Q501) and the
audit of the built editions report its violations. Every table sets spaced dashes and number ranges with en
dashes. All four read the one table below, so what assemble writes
passes the three checks. A span is set and judged in its own language; code, link targets, attribute blocks and
web addresses are never touched. The doubled words a language allows ("nous nous") live in the same table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property

from pipeline import langtag, markup

NBSP, NNBSP = "\u00a0", "\u202f"
#: U+2060 WORD JOINER, which assemble writes after a range's en dash: no line may break after it ("2021–|2025").
WJ = "\u2060"
#: Stands for text in another language left out of a passage (the audit's reading of a built file): it reads as the
#: end of a word, as a span does.
OMITTED = "\ufffc"
_SPACE = f"[ {NBSP}{NNBSP}]"
#: What a mark's space may follow: a word, a closing quote or bracket, emphasis, an ellipsis or full stop, a span,
#: code or a link (held aside as \ue000\ue001…, a web address as \ue000\ue002…), omitted text. Not a space, an
#: opening bracket or another ! or ? ("Quoi ?!" takes one space).
_AFTER = rf"[\w»“”’)\]}}…*%°.\ue000-\ue002{OMITTED}]"
#: A space is never removed after a web address: the address would run on into what follows.
_NOT_AFTER_ADDRESS = "(?<!\ue002)"
#: What must follow a mark for it to be punctuation when no space is typed before it: a colon or full stop followed
#: by a word is not ("10:30", "a:b", ".NET", "...").
_FOLLOWED = {";": "", "!": "", "?": "", ":": r"(?=\s|$)", ",": "", ".": r"(?=\s|$)", "%": ""}
#: Code, link targets, attribute blocks, web addresses: left exactly as written; spans: set in their own language.
_HELD = re.compile(rf"{markup.SPAN.pattern}|{markup.VERBATIM.pattern}")
_STRAIGHT = re.compile(r'"(?P<inner>[^"\n]+)"')
#: " - " between two words (or a word and a span, link or emphasis): a dash set as a hyphen.
_SPACED_HYPHEN = re.compile(r"(?<=[^\s\-–]) - (?=[^\s\-–])")
#: Two numbers of up to four digits joined by a hyphen or dash ("2021-2025", "6-17", "2021 – 2025"), not part of a
#: longer chain ("2021-12-07", an ISBN), a decimal or a word ("COVID-19"); held pieces (\ue000…) are words here.
_RANGE = re.compile(r"(?<![\w.,/\-–\ue000-\ue002])(?P<a>\d{1,4})(?P<s1> ?)(?P<dash>[-–])\u2060?(?P<s2> ?)(?P<b>\d{1,4})"
                    r"(?![\w/\-–\ue000-\ue002]|[.,]\d)")
_MARKER = re.compile("\ue000[\ue001\ue002]*")
_DOUBLED = re.compile(r"\b([^\W\d_]+)\s+\1\b", re.IGNORECASE)


@dataclass(frozen=True)
class Violation:
    """One place where a text breaks its language's typography: `start`/`end` in the text given, and what it needs."""

    start: int
    end: int
    lang: str  # the base language whose rule it breaks (a span's, inside a passage in another language)
    message: str  # what is needed: "a no-break space before '?'", "« » instead of “ ”"
    excerpt: str  # the place with a little context, on one line


@dataclass(frozen=True)
class Typography:
    """One language's conventions.

    `space_before`: the space each punctuation mark takes after a word ("" none); `accepted`: another space the
    checks let pass there and inside quotes. `quotes`: what straight "…" and English “…” become (None: quotes stay as
    typed), `quote_space` the space inside them (None: not judged). In a text that already has the language's
    opening quote, “…” stay: in French, Spanish and Italian they are quotes within quotes, and in German the closing
    “ of „…“ would read as an English opening one.
    """

    lang: str
    space_before: Mapping[str, str]
    accepted: str = ""
    quotes: tuple[str, str] | None = None
    quote_space: str | None = None
    doubled_ok: frozenset[str] = frozenset()  # words the language may rightly write twice in a row
    #: Characters the language (or region) writes otherwise, each (pattern, replacement, what is needed): the
    #: typographic apostrophe, Swiss German's ss for ß.
    letters: tuple[tuple[str, str, str], ...] = ()
    dashes: bool = True  # a spaced hyphen is an en dash, and so is a range's hyphen ("2021–2025"), unspaced

    @property
    def name(self) -> str:
        """The language's English name: "French"."""
        found = langtag.find(self.lang)
        return found.english_name if found else self.lang

    @property
    def spaced(self) -> bool:
        """Whether the language sets a space before some punctuation marks or inside its quotes (French); the space
        between a number and % is not punctuation's."""
        return any(space for mark, space in self.space_before.items() if mark != "%") or bool(self.quote_space)

    def apply(self, text: str) -> str:
        """`text` (inline pandoc-Markdown) set by the table; idempotent."""
        skeleton, pieces = _skeleton(text)
        for rule in self._rules:
            if rule.applies(skeleton):
                skeleton = rule.pattern.sub(rule.fix, skeleton)
        held = iter([self._set(piece) for piece in pieces])
        return _MARKER.sub(lambda _: next(held), skeleton)

    def violations(self, text: str) -> list[Violation]:
        """Every place where `text` breaks the table (or a span breaks its own language's), in text order."""
        skeleton, pieces = _skeleton(text)
        found = [Violation(m.start(), m.end(), self.lang, rule.message, _excerpt(text, m.start(), m.end()))
                 for rule in self._rules if rule.applies(skeleton)
                 for m in rule.pattern.finditer(skeleton) if rule.wrong(m)]
        for piece in pieces:
            if piece.group(1) is not None:
                inner = rules(_span_lang(piece, self.lang)).violations(piece.group(1))
                found += [_shifted(v, piece.start(1), text) for v in inner]
        return sorted(found, key=lambda v: (v.start, v.message))

    def doubled(self, text: str) -> list[str]:
        """Words typed twice in a row in what a reader sees of `text` ("the the"), except those the language allows;
        a span in another language is judged by that language's list."""
        def other(span: re.Match[str]) -> Typography | None:
            table = rules(_span_lang(span, self.lang))
            return table if table.lang != self.lang else None

        own = markup.SPAN.sub(lambda m: " " if other(m) else m.group(0), text)
        found = [m.group(0) for m in _DOUBLED.finditer(markup.plain(own))
                 if m.group(1).casefold() not in self.doubled_ok]
        for span in markup.SPAN.finditer(text):
            if table := other(span):
                found += table.doubled(span.group(1))
        return found

    def _set(self, piece: re.Match[str]) -> str:
        if piece.group(1) is None:
            return piece.group(0)
        return f"[{rules(_span_lang(piece, self.lang)).apply(piece.group(1))}]{{{piece.group(2)}}}"

    @cached_property
    def _rules(self) -> tuple[_Rule, ...]:
        """The table as substitutions, in the order they apply: quotes, the spaces inside them, then marks."""
        found = []
        if self.dashes:
            found += [_Rule(_SPACED_HYPHEN, lambda m: " – ", "an en dash instead of a spaced hyphen"),
                      _Rule(_RANGE, lambda m: f"{m['a']}–{WJ}{m['b']}", "an unspaced en dash in a range",
                            judge=lambda m: m["dash"] != "–" or bool(m["s1"] or m["s2"]))]
        if self.quotes:
            opening, closing = self.quotes
            quoted, to_quotes = (lambda m: opening + m.group("inner") + closing), f"{opening} {closing} instead of"
            found += [_Rule(re.compile(r"(?<!\w)“(?P<inner>[^“”«»„]+)”"), quoted, f"{to_quotes} “ ”",
                            applies=lambda text: opening not in text),
                      _Rule(_STRAIGHT, quoted, f"{to_quotes} straight quotes", applies=_paired)]
            if self.quote_space is not None:
                found += [self._spacing(re.escape(opening), "", "after", opening, self.quote_space),
                          self._spacing("", re.escape(closing), "before", closing, self.quote_space)]
        found += [_Rule(re.compile(pattern), lambda m, by=replacement: by, message)
                  for pattern, replacement, message in self.letters]
        for mark, space in self.space_before.items():
            found.append(self._spacing(f"(?<={_AFTER})", re.escape(mark) + _follow(mark, space), "before", mark, space))
        return tuple(found)

    def _spacing(self, pre: str, post: str, where: str, mark: str, space: str) -> _Rule:
        """The rule that `mark` takes `space` `where` ("before" or "after") it: U+00A0 after «, none before ;."""
        gap = f"(?P<space>{_SPACE})?" if space else f"{_NOT_AFTER_ADDRESS}(?P<space>{_SPACE}+)"
        pattern = re.compile(f"(?P<pre>{pre}){gap}(?P<post>{post})")
        needs = f"a no-break space {where} {mark!r}" if space else f"no space {where} {mark!r}"
        return _Rule(pattern, lambda m: m.group("pre") + space + m.group("post"), needs,
                     ok=frozenset({space, *self.accepted}) if space else frozenset({""}))


@dataclass(frozen=True)
class _Rule:
    """A substitution that is one rule of a table: where it matches and would change the text, the text breaks it,
    unless the `space` group holds a space in `ok`."""

    pattern: re.Pattern[str]
    fix: Callable[[re.Match[str]], str]
    message: str
    ok: frozenset[str] = field(default_factory=frozenset)
    applies: Callable[[str], bool] = lambda text: True  # whether the rule holds in a text at all
    judge: Callable[[re.Match[str]], bool] | None = None  # whether a match breaks the rule, where `ok` cannot say

    def wrong(self, match: re.Match[str]) -> bool:
        if self.judge is not None:
            return self.judge(match)
        return not self.ok or (match.group("space") or "") not in self.ok


_NONE = {mark: "" for mark in ";:!?,."}
#: A straight apostrophe between letters is the typographic one (l'autorità -> l’autorità).
_APOSTROPHE = (r"(?<=[^\W\d_])'(?=[^\W\d_])", "’", "’ instead of a straight apostrophe")
#: The table. French follows the Imprimerie nationale as assemble always has: a narrow no-break space before ; ! ?,
#: a no-break space before : and inside « » (either no-break space passes the checks). German (DIN 5008), Spanish
#: (RAE) and Portuguese put a no-break space between a number and %, Italian none; the four set the typographic
#: apostrophe. A region with rules of its own (de-CH) has its own row, found before its language's.
TABLE: dict[str, Typography] = {
    "en": Typography("en", _NONE, doubled_ok=frozenset({"had", "that"})),  # “…” and ‘…’ as typed (T501 judges)
    "fr": Typography("fr", {";": NNBSP, "!": NNBSP, "?": NNBSP, ":": NBSP, ",": "", ".": ""}, accepted=NBSP + NNBSP,
                     quotes=("«", "»"), quote_space=NBSP, doubled_ok=frozenset({"nous", "vous"})),
    "de": Typography("de", _NONE | {"%": NBSP}, quotes=("„", "“"), letters=(_APOSTROPHE,)),
    # Swiss German: « » without spaces (the Swiss convention), and ss where German writes ß.
    "de-CH": Typography("de-CH", _NONE | {"%": NBSP}, quotes=("«", "»"), quote_space="",
                        letters=(_APOSTROPHE, ("ß", "ss", "ss instead of ß (Swiss German)"))),
    "es": Typography("es", _NONE | {"%": NBSP}, quotes=("«", "»"), quote_space="", letters=(_APOSTROPHE,)),
    "it": Typography("it", _NONE | {"%": ""}, quotes=("«", "»"), quote_space="", letters=(_APOSTROPHE,)),
    "pt": Typography("pt", _NONE | {"%": NBSP}, quotes=("«", "»"), quote_space="", letters=(_APOSTROPHE,)),
    # Brazilian Portuguese keeps “ ” as typed (« » are Portugal's) and writes 30%.
    "pt-BR": Typography("pt-BR", _NONE | {"%": ""}, letters=(_APOSTROPHE,)),
}


def rules(lang: str) -> Typography:
    """The table of `lang`'s base language (`fr-CA` -> French); an empty one for a language without a table."""
    base = langtag.primary(lang)
    region = langtag.find(lang)
    return (region and TABLE.get(f"{base}-{region.region}")) or TABLE.get(base) or _unruled(base)


@cache
def _unruled(base: str) -> Typography:
    """A language without a table: its text is left as typed (its spans aside) and nothing is reported."""
    return Typography(base, {}, dashes=False)


def has_rules(lang: str) -> bool:
    """Whether the table has rules for `lang`'s base language (a region's row is a variant of its language's)."""
    return langtag.primary(lang) in TABLE


def apply(text: str, lang: str) -> str:
    """`text` (inline pandoc-Markdown in `lang`) set by the table, spans in their own language; idempotent."""
    return rules(lang).apply(text)


def violations(text: str, lang: str) -> list[Violation]:
    """Where `text` (in `lang`) and its spans break their language's typography."""
    return rules(lang).violations(text)


def doubled(text: str, lang: str) -> list[str]:
    """Doubled words of `text` ("the the"), except those its language (or a span's) allows ("vous vous")."""
    return rules(lang).doubled(text)


def by_language(found: list[Violation]) -> dict[str, list[Violation]]:
    """`found` grouped by the language whose rule each breaks, languages in the order they first break one."""
    return {lang: [v for v in found if v.lang == lang] for lang in dict.fromkeys(v.lang for v in found)}


def needs(found: list[Violation]) -> str:
    """What `found` need, each once: "a no-break space before '?', « » instead of “ ”"."""
    return ", ".join(dict.fromkeys(v.message for v in found))


def _skeleton(text: str) -> tuple[str, list[re.Match[str]]]:
    """`text` with held pieces replaced by markers of the same length (\ue000\ue001…; \ue000\ue002… for a web
    address), and the pieces."""
    def marker(m: re.Match[str]) -> str:
        return "\ue000" + ("\ue002" if m.group(0).startswith("http") else "\ue001") * (len(m.group(0)) - 1)

    pieces = list(_HELD.finditer(text))
    return _HELD.sub(marker, text), pieces


def _span_lang(span: re.Match[str], outer: str) -> str:
    return markup.parse_attrs(span.group(2))[0] or outer


def _follow(mark: str, space: str) -> str:
    """What must follow `mark`: always for a mark that takes no space, else only when none is typed before it."""
    follow = _FOLLOWED.get(mark, "")
    return follow if not space or not follow else f"(?(space)|{follow})"


def _paired(text: str) -> bool:
    """Whether the straight double quotes of `text` pair up, each pair on one line: only then are they quotations
    (an odd one is debris for D406, and pairing the rest would depend on where it is)."""
    return not _STRAIGHT.sub("", text).count('"')


def _excerpt(text: str, start: int, end: int) -> str:
    """The place with 12 characters before and 3 after (a long match, such as a quotation, cut at 40)."""
    return text[max(0, start - 12):min(end, start + 40) + 3].replace("\n", " ")


def _shifted(violation: Violation, offset: int, text: str) -> Violation:
    start, end = violation.start + offset, violation.end + offset
    return Violation(start, end, violation.lang, violation.message, _excerpt(text, start, end))
