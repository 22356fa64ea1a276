"""The review of a language: each catalogue entry with its status, QA findings and queries, by theme and section.

`review.html` and `review.docx` render it; `review.export` writes both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from pipeline import catalog, qa
from pipeline.catalog import Entry, po
from pipeline.errors import Origin
from pipeline.model import Acceptance
from pipeline.project import TRANSLATIONS
from pipeline.qa import Finding

#: Statuses counted as done (publishable), in the order progress bars stack them.
DONE = ("reviewed", "translated")
BAR_ORDER = ("reviewed", "translated", "machine", "fuzzy", "untranslated")
EDITION_GROUP = catalog.EDITION
_WORDS = re.compile(r"\s+|\S+\s*")  # a word with the space after it, so edits read whole


@dataclass(frozen=True)
class Progress:
    """How many units of each status a theme, section or language has."""

    counts: tuple[tuple[str, int], ...]  # (status, n) in BAR_ORDER

    @classmethod
    def of(cls, rows: Iterable[Row]) -> Progress:
        statuses = [r.status for r in rows]
        return cls(tuple((s, statuses.count(s)) for s in BAR_ORDER))

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)

    def count(self, status: str) -> int:
        return dict(self.counts).get(status, 0)

    @property
    def done(self) -> int:
        return sum(self.count(s) for s in DONE)

    def percent(self, n: int) -> int:
        """`n` as a whole percentage of the total (rounded down, so 100 means all)."""
        return n * 100 // self.total if self.total else 0


@dataclass(frozen=True)
class Row:
    """One unit to review: its source and translation, status, notes, findings and what changed in its source."""

    id: str
    source: str
    source_lang: str
    translation: str
    status: str
    notes: tuple[str, ...]  # every translator comment a reviewer may edit (the DOCX's Comment cell), whole
    context: tuple[str, ...]  # notes for translators from the source (extracted comments after the first)
    findings: tuple[Finding, ...]  # QA findings, open and accepted (`accepted` holds the reason)
    diff: tuple[tuple[str, str], ...]  # ("equal" | "delete" | "insert", text): previous source -> current
    origin: Origin
    queries: tuple[str, ...] = ()  # the translator's `query:` comments, for the publisher
    remarks: tuple[str, ...] = ()  # the notes that are neither queries nor acceptances
    accepts: tuple[Acceptance, ...] = ()  # the entry's `qa-accept:` comments
    reviewer: str = ""  # who reviewed (the valid `reviewed:` record's name), "" when not reviewed or unnamed

    @property
    def unused_accepts(self) -> tuple[Acceptance, ...]:
        """Acceptances no finding needs any more (the text was fixed): shown, so the comment can go."""
        found = {f.code for f in self.accepted_findings}
        return tuple(a for a in self.accepts if a.code not in found)

    @property
    def open_findings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.accepted)

    @property
    def accepted_findings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.accepted)


@dataclass(frozen=True)
class Section:
    kind: str
    rows: tuple[Row, ...]
    progress: Progress


@dataclass(frozen=True)
class Group:
    """The edition's own strings, or one theme: its title and its sections' rows."""

    id: str
    title: str
    sections: tuple[Section, ...]
    progress: Progress

    @property
    def rows(self) -> tuple[Row, ...]:
        return tuple(r for s in self.sections for r in s.rows)


@dataclass(frozen=True)
class Review:
    lang: str
    catalogue: Path
    groups: tuple[Group, ...]
    progress: Progress
    generated: str  # the PO header date format, honouring SOURCE_DATE_EPOCH

    @property
    def rows(self) -> tuple[Row, ...]:
        return tuple(r for g in self.groups for r in g.rows)

    @property
    def codes(self) -> tuple[str, ...]:
        """Every open finding's code, sorted, for the page's filter."""
        return tuple(sorted({f.code for r in self.rows for f in r.open_findings}))

    @property
    def queries(self) -> int:
        return sum(len(r.queries) for r in self.rows)


def build(lang: str, translations_dir: Path | str = TRANSLATIONS) -> Review:
    """The review of `lang`: its catalogue's entries with QA findings, grouped by theme and section."""
    cat = catalog.load(lang, translations_dir)
    findings = qa.run(cat, qa.load_glossary(translations_dir))
    by_id: dict[str, list[Finding]] = {}
    for finding in findings:
        by_id.setdefault(finding.subject, []).append(finding)
    rows = [(e.place, _row(e, tuple(by_id.get(e.msgctxt, ())))) for e in cat.entries]
    groups = tuple(_group(gid, [(s, r) for (g, s), r in rows if g == gid]) for gid in _order(rows))
    return Review(lang, cat.path, groups, Progress.of(r for _, r in rows), po.now())


def word_diff(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """A word-level diff of `old` against `new`: runs of equal, deleted and inserted text."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("delete", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(("insert", "".join(b[j1:j2])))
    return tuple(out)


def _row(entry: Entry, findings: tuple[Finding, ...]) -> Row:
    lang = entry.source_language or "und"
    diff = word_diff(entry.previous_msgid, entry.msgid) if entry.previous_msgid else ()
    context = tuple(c for c in entry.extracted_comments[1:] if not c.startswith(catalog.SOURCE_LANGUAGE))
    return Row(entry.msgctxt, entry.msgid, lang, entry.msgstr, entry.status, entry.notes, context, findings, diff,
               entry.origin, entry.queries, entry.remarks, entry.accepts, entry.reviewer)


def _order(rows: list[tuple[tuple[str, str], Row]]) -> list[str]:
    """The groups in catalogue (reading) order."""
    return list(dict.fromkeys(g for (g, _), _ in rows))


def _group(gid: str, rows: list[tuple[str, Row]]) -> Group:
    kinds = list(dict.fromkeys(s for s, _ in rows))
    sections = tuple(Section(k, tuple(r for s, r in rows if s == k), Progress.of(r for s, r in rows if s == k))
                     for k in kinds)
    title_row = next((r for s, r in rows if s == "title"), None)
    title = title_row.source if title_row else ("Edition" if gid == EDITION_GROUP else gid)
    return Group(gid, title, sections, Progress.of(r for _, r in rows))
