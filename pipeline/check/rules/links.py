"""Link rules (L2xx): lost link targets, malformed URLs, references spelled differently across themes."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterator
from urllib.parse import urlsplit

from pipeline import markup
from pipeline.check.rules.base import Place, finding, places, quote, rule
from pipeline.findings import Finding
from pipeline.markup import AUTOLINK, LINK, plain, spans
from pipeline.model import Edition

_BARE_URL = re.compile(r"(?<![<(\w])(?:https?://|www\.)\S+?(?=[.,;:!?)]*(?:\s|$))")
#: Words that vary between spellings of the same reference without changing which work it is.
_NOISE = frozenset("a an and et of the de la le les du des in on for".split())
_SIMILAR = 0.8


@rule("L201", "warning", "[Manifesto 2017]{.link-unknown}")
def unknown_link(edition: Edition) -> Iterator[Finding]:
    """A link text whose target the export lost (`.link-unknown`): find the URL or drop the class.

    Editions print such texts as plain text, so readers cannot follow the reference.
    """
    for place in places(edition):
        for span in spans(place.unit.text):
            if "link-unknown" in span.classes:
                yield finding(place.unit.origin, f"link {quote(plain(span.text))} has no known target; "
                              "add its URL as [text](url) or remove the .link-unknown class", place.unit.id)


def _url_problem(url: str) -> str:
    if url in ("", "#"):
        return "an empty target"
    if any(c.isspace() for c in url):
        return "a space"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "mailto"):
        return f"no http(s) scheme ({parts.scheme or 'none'})"
    if parts.scheme != "mailto" and "." not in parts.netloc:
        return f"no valid host ({parts.netloc or 'none'})"
    if url.endswith((".", ",", ";", ":")):
        return f"a trailing {url[-1]!r} (sentence punctuation caught in the URL)"
    return ""


@rule("L202", "error", "[report](htp:/efus.eu) or a bare https://efus.eu/x not written as <https://efus.eu/x>")
def malformed_url(edition: Edition) -> Iterator[Finding]:
    """A link target that is not a well-formed web address, or a URL written as bare text.

    Bare URLs are not links in the editions; write them as `<https://…>` or `[text](https://…)`.
    """
    for place in places(edition):
        text = place.unit.text
        for url in [m.group(2) for m in LINK.finditer(text)] + AUTOLINK.findall(text):
            problem = _url_problem(url)
            if problem:
                yield finding(place.unit.origin, f"link target {url!r} has {problem}", place.unit.id)
        rest = AUTOLINK.sub(" ", LINK.sub(" ", text))
        for bare in _BARE_URL.findall(rest):
            yield finding(place.unit.origin, f"bare URL {bare!r} is not a link; write it as <{bare}>", place.unit.id)


def _reference_key(text: str) -> str:
    """A reference reduced to what identifies it: lower-case ASCII words without noise words."""
    return " ".join(w for w in re.findall(r"[a-z0-9]+", markup.folded(text)) if w not in _NOISE)


def _references(edition: Edition) -> list[Place]:
    return [p for p in places(edition, metadata=False) if p.section and p.section.kind == "references"
            and p.unit is not p.unit.title]


@rule("L203", "warning", "'Manifesto 2017' in one theme, 'Manifesto (Efus 2017)' in another")
def reference_variants(edition: Edition) -> Iterator[Finding]:
    """The same reference spelled differently across themes: use one spelling everywhere.

    References are compared by their words (case, accents, punctuation and words like
    'and'/'et'/'of' aside); the most frequent spelling is taken as the standard one.
    """
    refs = _references(edition)
    spellings = Counter(plain(p.unit.text).strip() for p in refs)
    keys = {s: _reference_key(s) for s in spellings}
    for place in refs:
        mine = plain(place.unit.text).strip()
        rival = _preferred(mine, spellings, keys)
        if rival:
            others = sorted({p.theme.id for p in refs if plain(p.unit.text).strip() == rival and p.theme})
            yield finding(place.unit.origin, f"reference {quote(mine)} is spelled {quote(rival)} in "
                          f"{', '.join(others)}; use one spelling", place.unit.id)


def _preferred(mine: str, spellings: Counter[str], keys: dict[str, str]) -> str:
    """The more frequent (or, on a tie, earlier) spelling of the same reference, if `mine` is not it."""
    best = ""
    order = list(spellings)
    for other in order:
        if other == mine or not _same_reference(keys[mine], keys[other]):
            continue
        rank = (spellings[other], -order.index(other))
        if rank > (spellings[mine], -order.index(mine)) and (not best or rank > (spellings[best], -order.index(best))):
            best = other
    return best


def _same_reference(a: str, b: str) -> bool:
    if a == b:
        return True
    if 2 * min(len(a), len(b)) < _SIMILAR * (len(a) + len(b)):
        return False  # lengths too far apart for difflib's ratio to reach the threshold (its real_quick_ratio)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.quick_ratio() >= _SIMILAR and matcher.ratio() >= _SIMILAR
