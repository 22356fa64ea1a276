"""Translation checks: each catalogue entry's msgstr against its msgid, reported as coded findings.

Codes (severity): Q101 link targets differ (error), Q102 language spans or names differ (error),
Q103 emphasis differs (warning), Q104 raw HTML / LaTeX / Typst in a translation (error: translations
are untrusted input and must not reach pandoc as code), Q105 the boilerplate's `{placeholders}` differ
(error), Q106 a link target other than http, https, mailto or an #anchor (error), Q107 a control or
bidi-override character (error; Q106 and Q107 cannot be accepted: the build refuses them), Q201
numbers or percentages differ (warning),
Q202 end punctuation differs (warning), Q203 lower-case start where the source starts with a capital (warning),
Q301 untranslated (info), Q302 unchanged from the source (warning), Q303 a text given to an entry already in
the catalogue's language, which the editions ignore (warning), Q401 doubled word (warning), Q402 doubled,
leading or trailing space (warning), Q501
typography of the target language (French no-break spaces before ; : ! ? and inside « », German „…“, no space
before ; : ! ? in English: the table of `typography.py`) (warning), Q601 glossary term not
rendered with its canonical translation (warning), Q602 a glossary term rendered or spelled several ways across
the catalogue (warning), Q603 a forbidden term of the glossary (warning), Q701 the same or a near-identical
source translated differently (warning), Q702 a range written with another dash than most of the catalogue's
(warning), Q703 a citation styled otherwise than most, "(Efus, 2012)" against "(Efus 2012)" (warning).
The glossary checks (Q6xx) live in `glossary.py`, the catalogue-wide ones (Q203, Q7xx) in `consistency.py`
(whose docstring gives Q701's measured similarity threshold), and Q106 and Q107, which the build refuses, in
`guard.py`.

A finding is accepted, like `accept:` in the source, by a translator comment on its entry:
`# qa-accept: Q601 <reason>` (translator comments survive msgmerge, Poedit and Weblate). Accepted
findings are counted in the summary and never fail a run; `--show-accepted` lists them.

Why not translate-toolkit's checks (pofilter's engine) for the generic ones: measured on fr.po
(`bench/bench_pofilter.py`, 2026-11-29, translate-toolkit 3.20.4), its StandardChecker for French gives 146
findings of which 3 are real (98% false positives): 29 read the spans' `{lang=en .link-unknown}` as Python
braces, 54 contradict French typography (« », no-break spaces, the apostrophe), 21 of the 23 on acronyms ask to
keep EU, AI, WHO or EMCDDA where French writes UE, IA, OMS, OEDT. With the pandoc markup masked: 136 findings,
still 3 real (98%); with the French typography checks off too: 84, 3 real (96%). Of the 3, a lower-case start
and the coined "VFFF" are Q203 and Q603 here; the third, "Policing (Efus 2023)" left in English, is two words,
below Q302's three-word floor (which keeps titles such as "Introduction" quiet). It would also bring a
GPL-3.0-or-later dependency into this MIT project (with lxml and a Rust extension). So the checks stay the
project's own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from pipeline import catalog, markup, typography
from pipeline.catalog import Catalogue, Entry
from pipeline.findings import SEVERITIES, Finding
from pipeline.langtag import same_language
from pipeline.project import TRANSLATIONS
from pipeline.qa import consistency, glossary, guard
from pipeline.qa.glossary import Glossary
from pipeline.qa.glossary import load as load_glossary

_RAW = re.compile(
    r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>"  # an HTML tag
    r"|\\[A-Za-z]+\s*[{\[]|\\(?:begin|end|input|include|def)\b"  # a LaTeX command with an argument
    r"|`[^`]*`\{=[a-z]+\}|```\{=[a-z]+\}"  # a pandoc raw attribute
    r"|#(?:set|show|let|import|include|eval)\b|#[a-z]+\("  # Typst code
)
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
_NUMBER = re.compile(r"(?<!\d)\d{1,3}(?:[,. \u00a0\u202f]\d{3})+(?!\d)(?:[.,]\d+)?|\d+(?:[.,]\d+)?")
_END = re.compile(r"([.:;!?…])?[\s\u00a0\u202f\"'»”’“‘)\]*_]*$")  # “ ‘ close a German quotation
_DOUBLE_SPACE = re.compile(r"\S[ \u00a0\u202f]{2,}\S")


Check = Callable[[Entry, str], Iterator[tuple[str, str]]]  # (entry, target lang) -> (code, message)


def run(catalogue: Catalogue, terms: Glossary = glossary.EMPTY) -> list[Finding]:
    """Every finding for every active entry of `catalogue`, in file order; accepted ones carry their reason.

    Each entry's own checks come first, then what the glossary and the whole catalogue show about it."""
    findings = []
    unsafe_ones = unsafe(catalogue)
    wide = [glossary.check(catalogue, terms), consistency.check(catalogue)]
    for entry in catalogue.entries:
        accepted = _accepted(entry)
        found = [f for check in _checks(entry) for f in check(entry, catalogue.lang)]
        found += [f for each in wide for f in each.get(entry.msgctxt, ())]
        findings += [Finding(code, SEVERITY[code], entry.origin, message, entry.msgctxt, accepted.get(code, ""))
                     for code, message in found]
        findings += unsafe_ones.get(entry.msgctxt, [])
    findings += [Finding("Q303", SEVERITY["Q303"], e.origin, f"{e.msgctxt} is already in {catalogue.lang} and passes "
                         "through: its translation is never used; empty it (or tag the unit's language in the "
                         "source)", e.msgctxt) for e in catalogue.ignored]
    return findings


def unsafe(catalogue: Catalogue, statuses: Iterable[str] = ()) -> dict[str, list[Finding]]:
    """Q106 and Q107 findings by msgctxt, for the translations (of `statuses`, default all) that have them.

    Found by `guard`, as the build's refusal finds them: link targets from pandoc's own parse of every msgstr (one
    run); a character at the PO line that holds it, raw or escaped.
    """
    return {ctxt: [Finding(code, SEVERITY[code], where, f"{what}; {hint}", ctxt) for code, where, what, hint in bad]
            for ctxt, bad in guard.problems(catalogue, tuple(statuses)).items()}


def _accepted(entry: Entry) -> dict[str, str]:
    """`qa-accept: CODE reason` translator comments of `entry` (parsed by catalog), as code -> reason."""
    return {a.code: a.reason for a in entry.accepts}


def check_catalogues(langs: Iterable[str], translations_dir: Path | str = TRANSLATIONS) -> list[Finding]:
    """Every finding of the catalogues of `langs`, with the glossary of `translations_dir`."""
    terms = load_glossary(translations_dir)
    return [f for lang in langs for f in run(catalog.load(lang, translations_dir), terms)]


def summary(findings: list[Finding]) -> str:
    counts = Counter(f.severity for f in findings if not f.accepted)
    text = ", ".join(f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}" for s in SEVERITIES)
    return f"{text}; {sum(1 for f in findings if f.accepted)} accepted"


def _checks(entry: Entry) -> list[Check]:
    if not entry.msgstr.strip():
        return [untranslated]
    return [links, spans, emphasis, placeholders, raw, numbers, end_punctuation, unchanged, doubled,
            language_typography]


def untranslated(entry: Entry, lang: str) -> Iterator[tuple[str, str]]:
    yield "Q301", f"{entry.msgctxt}: not translated yet"


def links(entry: Entry, lang: str) -> Iterator[tuple[str, str]]:
    want, got = Counter(markup.links(entry.msgid)), Counter(markup.links(entry.msgstr))
    if want != got:
        yield "Q101", f"link targets differ: source {_list(want)}, translation {_list(got)}"


def spans(entry: Entry, lang: str) -> Iterator[tuple[str, str]]:
    src, dst = markup.spans(entry.msgid), markup.spans(entry.msgstr)
    # A translation may mark text it keeps in the source language (a title, a citation) with a span of that language.
    kept = entry.source_language
    want = Counter(s.lang for s in src if s.lang)
    got = Counter(s.lang for s in dst if s.lang and not (same_language(s.lang, kept) and not want[s.lang]))
    if want != got:
        yield "Q102", f"language spans differ: source {_list(want)}, translation {_list(got)}"
    names = Counter(s.text for s in src if "name" in s.classes)
    missing = names - Counter(s.text for s in dst if "name" in s.classes)
    if missing:
        yield "Q102", f"name(s) must be kept as is, in a .name span: {_list(missing)}"


def emphasis(entry: Entry, lang: str) -> Iterator[tuple[str, str]]:
    for name, pattern in (("strong", markup.STRONG), ("emphasis", markup.EMPH)):
        want, got = len(pattern.findall(entry.msgid)), len(pattern.findall(entry.msgstr))
        if want != got:
            yield "Q103", f"{name} differs: {want} in the source, {got} in the translation"


def placeholders(entry: Entry, lang: str) -> Iterator[tuple[str, str]]:
    want, got = Counter(_PLACEHOLDER.findall(entry.msgid)), Counter(_PLACEHOLDER.findall(entry.msgstr))
    if want != got:
        yield "Q105", f"placeholders differ: source {_list(want)}, translation {_list(got)}; keep each {{name}} as is"


def raw(entry: Entry, lang: str) -> Iterator[tuple[str, str]]:
    found = _RAW.search(entry.msgstr)
    if found and not _RAW.search(entry.msgid):
        yield "Q104", f"raw code {found.group(0)!r} in the translation; write plain text and inline Markdown only"


def numbers(entry: Entry, lang: str) -> Iterator[tuple[str, str]]:
    want, got = _numbers(entry.msgid), _numbers(entry.msgstr)
    if want != got:
        yield "Q201", f"numbers differ: source {_list(want)}, translation {_list(got)}"
    elif entry.msgid.count("%") != entry.msgstr.count("%"):
        yield "Q201", f"percent signs differ: {entry.msgid.count('%')} in the source, {entry.msgstr.count('%')} here"


def end_punctuation(entry: Entry, lang: str) -> Iterator[tuple[str, str]]:
    want, got = _end(entry.msgid), _end(entry.msgstr)
    if want and want != got:  # a source without end punctuation is the content checks' business
        yield "Q202", f"ends with {want!r} in the source but {got or 'no punctuation'!r} here"


def unchanged(entry: Entry, lang: str) -> Iterator[tuple[str, str]]:
    words = re.findall(r"[^\W\d_]{2,}", markup.mask_spans(entry.msgid))
    if entry.msgstr == entry.msgid and len(words) >= 3:  # one or two words ("Introduction") may well be the same
        yield "Q302", ("translation is identical to the source; translate it, or mark what stays in the original "
                       "language as a span, e.g. [title]{lang=en}")


def doubled(entry: Entry, lang: str) -> Iterator[tuple[str, str]]:
    for words in typography.doubled(entry.msgstr, lang):
        yield "Q401", f"doubled word {words!r}"
    if _DOUBLE_SPACE.search(entry.msgstr) or entry.msgstr != entry.msgstr.strip():
        yield "Q402", "doubled, leading or trailing space"


def language_typography(entry: Entry, lang: str) -> Iterator[tuple[str, str]]:
    """The translation breaks the typography of its language (or a span's): pipeline/typography.py's table."""
    for base, found in typography.by_language(typography.violations(entry.msgstr, lang)).items():
        places = ", ".join(repr(v.excerpt) for v in found[:3]) + (f" and {len(found) - 3} more" if found[3:] else "")
        yield "Q501", f"{typography.rules(base).name} typography: needs {typography.needs(found)} (at {places})"


SEVERITY: dict[str, str] = {
    "Q101": "error", "Q102": "error", "Q103": "warning", "Q104": "error", "Q105": "error", "Q106": "error",
    "Q107": "error",
    "Q201": "warning", "Q202": "warning", "Q301": "info", "Q302": "warning", "Q303": "warning",
    "Q203": "warning", "Q401": "warning", "Q402": "warning", "Q501": "warning",
    "Q601": "warning", "Q602": "warning", "Q603": "warning", "Q701": "warning", "Q702": "warning", "Q703": "warning",
}


def _numbers(text: str) -> Counter[str]:
    plain = markup.plain(markup.LINK.sub(lambda m: m.group(1), text))
    return Counter(re.sub(r"[^\d]", "", n) for n in _NUMBER.findall(plain))


def _end(text: str) -> str:
    found = _END.search(markup.plain(text))
    mark = found.group(1) if found else ""
    return mark or ""


def _list(items: Counter[str]) -> str:
    return ", ".join(sorted(items.elements())) or "none"
