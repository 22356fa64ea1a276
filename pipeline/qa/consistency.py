"""Consistency checks over a whole catalogue: what one entry cannot show on its own (Q203, Q701, Q702, Q703).

Q203: the translation starts with a lower-case letter where the source starts with a capital (leading markup,
brackets, quotes and emphasis aside). Q701: an entry whose source is identical or near-identical to an earlier
entry's, translated differently. Q702: ranges written with another dash (or dash spacing) than most of the
catalogue's ("2020-2023" against "2019 – 2021"). Q703: author-year citations written otherwise than most ("(Efus
2012)" against "(Efus, 2012)"). Names and passages kept in another language are not the translation's: they are
left out of Q702 and Q703.

Q701's measure: difflib's ratio over the sources' words (plain text, case folded, punctuation dropped). On
translations/fr.po (478 entries, 113,000 pairs, 0.2 s) every pair at 0.85 or more is one text written twice or
reworded ("and"/"et", "front-line"/"local" professionals), and the next pairs, at 0.80, are different units
("Manifesto 2017" / "Manifesto Efus 2017", the edition's title / subtitle): NEAR = 0.85. Identical sources must have
identical translations (by the same measure); near-identical ones are reported when their translations are less
alike than their sources by more than MARGIN (the SENTRY SPORT practice: sources 0.90 alike, translations 0.76).
"""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator

from pipeline import markup
from pipeline.catalog import Catalogue, Entry
from pipeline.langtag import primary

NEAR = 0.85
MARGIN = 0.10

Found = dict[str, list[tuple[str, str]]]  # msgctxt -> [(code, message)]

_LEAD = re.compile(r"^[\s\u00a0\u202f\[\](){}*_«»\"'“”‘’„‹›¡¿–—-]*")
_RANGE = re.compile(r"(?<![\w.,/–—-])(\d{1,4})([ \u00a0\u202f]*)([-‐‑–—])([ \u00a0\u202f]*)(\d{1,4})(?![\w/–—-])")
_DASHES = {"-": "hyphen", "‐": "hyphen", "‑": "no-break hyphen", "–": "en dash", "—": "em dash"}
_CITATION = re.compile(r"\(([A-ZÀ-ÖØ-Þ][\w&.'’ -]*?[\w.])(,?)[ \u00a0\u202f]+(\d{4}[a-z]?)\)")


def check(catalogue: Catalogue) -> Found:
    """Q203, Q701, Q702 and Q703 findings of `catalogue` by msgctxt."""
    entries = [e for e in catalogue.entries if e.msgstr.strip()]
    found: Found = defaultdict(list)
    for entry in entries:
        found[entry.msgctxt] += lowercase_start(entry)
    for ctxt, message in same_source(entries):
        found[ctxt].append(("Q701", message))
    lang = primary(catalogue.lang)
    for code, styles in (("Q702", _ranges), ("Q703", _citations)):
        for ctxt, message in minority(entries, lang, styles):
            found[ctxt].append((code, message))
    return found


def lowercase_start(entry: Entry) -> list[tuple[str, str]]:
    source, target = _first_letter(entry.msgid), _first_letter(entry.msgstr)
    if source.isupper() and target.islower():
        return [("Q203", f"starts with lower-case {target!r} where the source starts with {source!r}; "
                         "capitalise the first word")]
    return []


def _first_letter(text: str) -> str:
    return _LEAD.sub("", markup.plain(text))[:1]


def same_source(entries: list[Entry]) -> Iterator[tuple[str, str]]:
    """(msgctxt, message) for each entry whose source matches an earlier one's and whose translation does not.

    Each entry is measured against the earlier entries the index gives as possible matches (`_Index`), in file
    order, and blamed on the first that disagrees: what measuring it against every earlier entry finds."""
    words = [(_words(e.msgid), _words(e.msgstr)) for e in entries]
    bags = [frozenset(src) for src, _ in words]
    index = _Index([src for src, _ in words])
    for j, later in enumerate(entries):
        for i in index.candidates(j):
            if not _may_be_near(bags[i], bags[j]) or not index.may_match(i, j):
                continue
            alike = difflib.SequenceMatcher(None, words[i][0], words[j][0], autojunk=False).ratio()
            if alike < NEAR:
                continue
            translated = difflib.SequenceMatcher(None, words[i][1], words[j][1], autojunk=False).ratio()
            if (alike == 1 and translated < 1) or translated < alike - MARGIN:
                other = f"{entries[i].msgctxt} (line {entries[i].origin.line})"
                same = f"same source as {other}" if alike == 1 else f"source {alike:.0%} alike to {other}"
                yield later.msgctxt, f"{same}, but translations only {translated:.0%} alike; make the two agree"
                break
        index.add(j, words[j])


def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", markup.plain(text).casefold()))


def _may_be_near(a: frozenset[str], b: frozenset[str]) -> bool:
    """A cheap bound first: two texts this unlike in vocabulary cannot reach NEAR (measured: 0.2 s for fr.po)."""
    return bool(a and b) and 2 * len(a & b) / (len(a) + len(b)) >= NEAR - 0.35


#: The shortest share of a source's words another source NEAR alike to it can have, and the share of them it must
#: hold (difflib's ratio is 2M / (|a| + |b|), with M <= min(|a|, |b|)): NEAR / (2 - NEAR), 74%.
_SHARE = NEAR / (2 - NEAR) - 1e-9  # the margin keeps the bound on the safe side of float rounding

Token = tuple[str, int]  # a word and which of its occurrences in the text (0, 1, ...): a bag of words as a set


class _Index:
    """The earlier entries a source may be NEAR alike to, without measuring it against all of them: prefix
    filtering, as in set-similarity joins (Bayardo et al., "Scaling up all pairs similarity search", 2007).

    The words difflib matches in order (M) are at most the tokens two sources share, so sources NEAR alike share at
    least `_SHARE` of the tokens of either and are at most that unlike in length. Tokens sorted rarest first (over
    the whole catalogue, the token itself breaking ties, so one order for all), two such sources then share a token
    among the first `_prefix` of each: only entries listed under one of those, of a length in bounds, are measured.
    An entry with the same source and translation as one listed before is left out: it would be measured exactly
    as that one, after it. Measured on the real catalogues and on generated ones: the same findings as all pairs.
    """

    def __init__(self, sources: list[tuple[str, ...]]) -> None:
        tokens = [_tokens(s) for s in sources]
        frequency = Counter(t for each in tokens for t in each)
        self.prefixes = [sorted(each, key=lambda t: (frequency[t], t))[:_prefix(len(each))] for each in tokens]
        self.lengths = [len(each) for each in tokens]
        self.tokens = [frozenset(each) for each in tokens]
        self.postings: dict[Token, list[int]] = defaultdict(list)
        self.seen: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()

    def candidates(self, j: int) -> list[int]:
        """The earlier entries (added, in file order) that may be NEAR alike to entry `j`."""
        low, high = self.lengths[j] * _SHARE, self.lengths[j] / _SHARE
        found = {i for token in self.prefixes[j] for i in self.postings.get(token, ())}
        return sorted(i for i in found if low <= self.lengths[i] <= high)

    def may_match(self, i: int, j: int) -> bool:
        """Whether the two sources share enough tokens for difflib's ratio to reach NEAR (M is at most that many)."""
        return 2 * len(self.tokens[i] & self.tokens[j]) >= (NEAR - 1e-9) * (self.lengths[i] + self.lengths[j])

    def add(self, i: int, words: tuple[tuple[str, ...], tuple[str, ...]]) -> None:
        if words in self.seen:
            return
        self.seen.add(words)
        for token in self.prefixes[i]:
            self.postings[token].append(i)


def _tokens(words: tuple[str, ...]) -> list[Token]:
    seen: Counter[str] = Counter()
    out = []
    for word in words:
        out.append((word, seen[word]))
        seen[word] += 1
    return out


def _prefix(length: int) -> int:
    """How many of a source's tokens (rarest first) any source NEAR alike to it shares one of."""
    return length - math.ceil(length * _SHARE) + 1 if length else 0


Styles = Callable[[str], Iterator[tuple[str, str]]]  # own text -> (style, example) for each occurrence


def minority(entries: list[Entry], lang: str, styles: Styles) -> Iterator[tuple[str, str]]:
    """(msgctxt, message) for each entry with an occurrence in another style than the catalogue's most common
    (on a tie, the one met first)."""
    seen = [(e, style, example) for e in entries for style, example in styles(_own_text(e, lang))]
    counts = Counter(style for _, style, _ in seen)
    if len(counts) < 2:
        return
    usual = max(counts, key=lambda s: counts[s])  # max keeps the first of equals: file order
    sample = next(example for _, style, example in seen if style == usual)
    reported = set()
    for entry, style, example in seen:
        if style != usual and entry.msgctxt not in reported:
            reported.add(entry.msgctxt)
            yield entry.msgctxt, (f"{example!r} is written with {style}; the catalogue writes {counts[usual]} of "
                                  f"{sum(counts.values())} with {usual} ({sample!r}): use one style")


def _own_text(entry: Entry, lang: str) -> str:
    """The translation less names, passages kept in another language, and web addresses."""
    return markup.VERBATIM.sub(" ", markup.own_text(entry.msgstr, lang))


def _ranges(text: str) -> Iterator[tuple[str, str]]:
    for m in _RANGE.finditer(text):
        dash = _DASHES[m.group(3)]
        article = "an" if dash.startswith("e") else "a"
        yield (f"a spaced {dash}" if m.group(2) or m.group(4) else f"{article} {dash}"), m.group(0)


def _citations(text: str) -> Iterator[tuple[str, str]]:
    for m in _CITATION.finditer(text):
        yield ("a comma before the year" if m.group(2) else "no comma before the year"), m.group(0)
