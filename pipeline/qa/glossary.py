"""The translation glossary (`translations/glossary.yaml`) and the checks it drives: Q601, Q602, Q603.

`terms:` gives each recurring term its renderings per language: the first is canonical, and a nested list is one
rendering's forms (singular, plural, gender), e.g. `fr: [[collectivités locales, collectivité locale], [autorités
locales, autorité locale]]` is two renderings. `forbidden:` lists per target language what a translation must not
say (false friends, loaded terms, variant spellings), each with what to `use` instead, the `reason`, and an optional
`context`: the rule then holds only where the source says one of those words.

Q601: a term of the source whose translation has none of the term's forms (hyphen or space and ' or ’ alike).
Q602: a term rendered several ways across the catalogue: the entries that use another of its renderings than most
entries do (on a tie, the glossary's order decides), and those that spell a rendering otherwise than the glossary
lists it (case but the first letter's, hyphen or space). Where the source says a longer term of the glossary
("sexual and gender-based violence"), the shorter one it holds ("gender-based violence") is not checked. Q603: a
forbidden term, outside names and passages in another language. A word Q603 reports is left out of Q601 and Q602,
so a known wrong variant is reported once, with its reason.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline import markup
from pipeline.catalog import Catalogue, Entry
from pipeline.errors import Origin
from pipeline.langtag import primary
from pipeline.project import TRANSLATIONS
from pipeline.yamlsource import read_config

GLOSSARY_FILE = "glossary.yaml"
HINT = "see the comment at the top of translations/glossary.yaml and pipeline/schema/glossary.schema.json"
#: A hint for what the schema's messages say (its own hints speak of the source's ids).
_HINTS = (
    ("does not have enough properties", "a term maps two or more languages to their renderings, "
                                        "e.g. `- {en: crime prevention, fr: prévention de la délinquance}`"),
    ("is a required property", "a forbidden term needs `term`, `use` and `reason`, e.g. "
                               "`- {term: réhabilitation, use: [réinsertion], reason: a false friend}`"),
    ("does not match the expected form", "languages are BCP 47 tags, like those of edition.yaml: en, fr, pt-BR"),
    ("is not valid under any of the given schemas", "write a text, or a list whose items are texts or lists of "
                                                    "texts (one rendering's forms)"),
)
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


@dataclass(frozen=True)
class Term:
    """A recurring term: per language its renderings, each a tuple of forms (the first rendering is canonical)."""

    renderings: dict[str, tuple[tuple[str, ...], ...]]
    origin: Origin

    @property
    def forms(self) -> dict[str, tuple[str, ...]]:
        """Every accepted form per language, renderings flattened."""
        return {lang: tuple(f for r in rs for f in r) for lang, rs in self.renderings.items()}


@dataclass(frozen=True)
class Forbidden:
    """A word a translation into `lang` must not use; `context`: only where the source says one of these words."""

    lang: str
    term: str
    use: tuple[str, ...]
    reason: str
    origin: Origin
    context: tuple[str, ...] = ()


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...] = ()
    forbidden: tuple[Forbidden, ...] = ()


EMPTY = Glossary()


def load(translations_dir: Path | str = TRANSLATIONS) -> Glossary:
    """The glossary of `translations_dir` (empty when it has none); ConfigError at the line of the first problem."""
    path = Path(translations_dir) / GLOSSARY_FILE
    if not path.exists():
        return EMPTY
    doc = read_config(path, "glossary", _HINTS, HINT)  # no anchors (a YAML bomb), no tags, problems at their line
    terms = tuple(Term({lang: _renderings(v) for lang, v in raw.items()}, doc.origin(("terms", i)))
                  for i, raw in enumerate(doc.data["terms"]))
    forbidden = tuple(Forbidden(lang, rule["term"], _texts(rule["use"]), rule["reason"],
                                doc.origin(("forbidden", lang, i)), _texts(rule.get("context", ())))
                      for lang, rules in (doc.data.get("forbidden") or {}).items() for i, rule in enumerate(rules))
    return Glossary(terms, forbidden)


def _renderings(value: str | list) -> tuple[tuple[str, ...], ...]:
    return tuple(_texts(v) for v in ([value] if isinstance(value, str) else value))


def _texts(value: str | list | tuple) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


Found = dict[str, list[tuple[str, str]]]  # msgctxt -> [(code, message)]


@dataclass(frozen=True)
class _Texts:
    """What the checks read of one translated entry: its source as plain text, the translation's own text (less
    names and passages kept in another language) and the text of those names and passages."""

    ctxt: str
    source: str
    own: str
    kept: str


def check(catalogue: Catalogue, glossary: Glossary) -> Found:
    """Q601, Q602 and Q603 findings of `catalogue` by msgctxt."""
    lang = primary(catalogue.lang)
    rules = [r for r in glossary.forbidden if primary(r.lang) == lang]
    texts = [_texts_of(e, lang) for e in catalogue.entries if e.msgstr.strip()]
    found: Found = defaultdict(list)
    banned = {t.ctxt: [r for r in rules if _forbidden_in(t, r)] for t in texts}
    for t in texts:
        found[t.ctxt] += [("Q603", _forbidden_message(r)) for r in banned[t.ctxt]]
    for term in glossary.terms:
        if lang in term.renderings:
            _check_term(term, lang, texts, banned, found, _longer(term, glossary.terms, lang))
    return found


def _texts_of(entry: Entry, lang: str) -> _Texts:
    kept = " ".join(s.text for s in markup.spans(entry.msgstr) if "name" in s.classes or s.lang not in ("", lang))
    return _Texts(entry.msgctxt, markup.plain(entry.msgid), markup.own_text(entry.msgstr, lang), kept)


def _longer(term: Term, terms: tuple[Term, ...], lang: str) -> dict[str, tuple[str, ...]]:
    """form of `term` -> the longer forms of other terms that hold it ("sexual and gender-based violence" holds
    "gender-based violence"): where the source says the longer one, that term is the one checked."""
    others = [f for t in terms if t is not term for code, forms in t.forms.items() if code != lang for f in forms]
    return {f: tuple(g for g in others if len(g) > len(f) and _has(g, f))
            for code, forms in term.forms.items() if code != lang for f in forms}


def _forbidden_in(texts: _Texts, rule: Forbidden) -> bool:
    if rule.context and not any(_has(texts.source, c) for c in rule.context):
        return False
    return _has(texts.own, rule.term, exact=True)


def _forbidden_message(rule: Forbidden) -> str:
    context = f" (context: {', '.join(rule.context)})" if rule.context else ""
    return f"forbidden term {rule.term!r}{context}: use {' / '.join(map(repr, rule.use))}; {rule.reason}"


def _check_term(term: Term, lang: str, texts: list[_Texts], banned: dict[str, list[Forbidden]], found: Found,
                longer: dict[str, tuple[str, ...]]) -> None:
    """Q601 per entry; Q602 for the entries whose rendering or spelling differs from the reference."""
    uses: dict[str, tuple[int, str, str]] = {}  # msgctxt -> (rendering, listed form, spelling as written)
    forms = term.forms
    named = _any(tuple(f for code, fs in forms.items() if code != lang for f in fs))
    for t in texts:
        if not named.search(t.source):  # one search for the term's every source form: most entries have none
            continue
        source = [f for code, fs in forms.items() if code != lang for f in fs
                  if _has(t.source, f) and not _has(t.kept, f) and not _only_in_longer(t.source, f, longer[f])]
        if not source:
            continue
        avoid = [r.term for r in banned[t.ctxt]]
        used = [(i, f, s) for i, rendering in enumerate(term.renderings[lang]) for f in rendering
                for s in _spellings(t.own, f) if not any(_has(s, a, exact=True) for a in avoid)]
        if used:
            uses[t.ctxt] = used[0]
        elif not any(_has(t.kept, f) for f in forms[lang]) and \
                not any(_has(u, f) for r in banned[t.ctxt] for u in r.use for f in forms[lang]):
            # a rendering inside a name counts for Q601 (it is there), not for Q602 (a name is not ours to spell)
            wanted = " / ".join(repr(f) for f in forms[lang])
            found[t.ctxt].append(("Q601", f"glossary: {source[0]!r} should be rendered as {wanted}"))
    for ctxt, message in _variants(term, lang, uses):
        found[ctxt].append(("Q602", message))


def _variants(term: Term, lang: str, uses: dict[str, tuple[int, str, str]]) -> Iterator[tuple[str, str]]:
    """The entries that use another rendering than most (ties: the glossary's order), or spell it otherwise."""
    counts = Counter(i for i, _, _ in uses.values())
    best = min(counts, key=lambda i: (-counts[i], i), default=0)
    name = term.forms.get("en", next(iter(term.forms.values())))[0]
    for ctxt, (i, form, spelling) in uses.items():
        if i != best:
            others = counts[best]
            yield ctxt, (f"glossary: {name!r} is rendered {spelling!r} here but {term.renderings[lang][best][0]!r} "
                         f"in {others} other entr{'y' if others == 1 else 'ies'}; use one rendering throughout")
        elif _first_lower(spelling) not in {_first_lower(f) for f in term.renderings[lang][i]}:
            yield ctxt, f"glossary: {spelling!r} is spelled {form!r} in the glossary; use one spelling throughout"


def _only_in_longer(source: str, form: str, longer: tuple[str, ...]) -> bool:
    if not longer:
        return False
    spans = [m.span() for g in longer for m in _pattern(g, exact=False).finditer(source)]
    found = _pattern(form, exact=False).finditer(source)
    return all(any(a <= m.start() and m.end() <= b for a, b in spans) for m in found)


@cache
def _pattern(form: str, exact: bool) -> re.Pattern[str]:
    """`form` as a whole word or phrase: ' and ’ alike; unless `exact`, also any case and hyphen or space alike."""
    parts = [re.escape(p) for p in re.split(r"[\s\u00a0\u202f]+" if exact else r"[\s\u00a0\u202f-]+", form.strip())]
    body = re.sub("['’]", "['’]", (r"[ \u00a0\u202f]+" if exact else r"[-\s\u00a0\u202f]+").join(parts))
    sensitive = exact and form != form.casefold()  # an all-lowercase forbidden term matches any case
    return re.compile(rf"(?<!\w){body}(?!\w)", 0 if sensitive else re.IGNORECASE)


@cache
def _any(forms: tuple[str, ...]) -> re.Pattern[str]:
    """Any of `forms` as `_pattern` finds each (not exact): a match wherever one of theirs is."""
    bodies = [_pattern(f, exact=False).pattern.removeprefix(r"(?<!\w)").removesuffix(r"(?!\w)") for f in forms]
    return re.compile(rf"(?<!\w)(?:{'|'.join(bodies) or '(?!)'})(?!\w)", re.IGNORECASE)


def _has(text: str, form: str, exact: bool = False) -> bool:
    return _pattern(form, exact).search(text) is not None


def _spellings(text: str, form: str) -> list[str]:
    return [_SPACES.sub(" ", m.group(0)).replace("’", "'") for m in _pattern(form, exact=False).finditer(text)]


def _first_lower(text: str) -> str:
    """`text` with its first letter in lower case: a term that starts a sentence is not spelled differently."""
    text = text.replace("’", "'")
    return text[:1].lower() + text[1:]
