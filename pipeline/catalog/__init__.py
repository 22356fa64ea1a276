"""Translation catalogues: one gettext PO per language, read into statuses and edited without loss.

`translations/<lang>.po` holds one entry per translatable unit, like the template manifesto.pot (so GNU
msgmerge, Poedit's "Update from POT" and Weblate change nothing): msgctxt = the unit's stable id, msgid = its
text (inline pandoc-Markdown), `#:` its source file and line, `#.` where it sits (theme / section), its source
language and notes for translators. An entry whose source language is <lang> itself passes through: it stays
empty, and `load` leaves it out (stats, qa, review, translate and localise never see it).

Each entry has one status, stored only in standard PO features so it survives msgmerge, Poedit and
Weblate (translator comments `# ...` survive all three; custom flags do not):

- `untranslated`: empty msgstr.
- `fuzzy`: a `#, fuzzy` flag (source changed, or a human draft) and no machine provenance.
- `machine`: `#, fuzzy` plus a translator comment `# mt: <engine> <YYYY-MM-DD>`; never published.
- `translated`: non-empty, not fuzzy, not (validly) reviewed.
- `reviewed`: not fuzzy and a translator comment `# reviewed: <YYYY-MM-DD> <hash12>`, where hash12 is
  the first 12 hex digits of sha1(msgctxt + "\\0" + msgid + "\\0" + msgstr). If someone later edits the
  msgid or msgstr (in Poedit, Weblate, by hand) the hash no longer matches and the entry counts as
  `translated` again: the review applies to the exact text that was reviewed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import polib

from pipeline import files
from pipeline.catalog import po, status
from pipeline.catalog.po import ACCEPT_PREFIX as ACCEPT_PREFIX
from pipeline.catalog.po import ANSWER_PREFIX as ANSWER_PREFIX
from pipeline.catalog.po import MT_PREFIX as MT_PREFIX
from pipeline.catalog.po import QUERY_PREFIX as QUERY_PREFIX
from pipeline.catalog.po import REVIEWED_PREFIX as REVIEWED_PREFIX
from pipeline.catalog.po import unwrap as unwrap
from pipeline.catalog.status import Status as Status
from pipeline.catalog.status import review_hash as review_hash
from pipeline.catalog.status import status_of as status_of
from pipeline.errors import CatalogError, Origin
from pipeline.langtag import same_language
from pipeline.model import Acceptance, Unit
from pipeline.project import TRANSLATIONS

STATUSES: tuple[Status, ...] = tuple(Status)
#: Publishable translation states; anything else (fuzzy, machine, empty) falls back to the source.
PUBLISHABLE = frozenset({Status.TRANSLATED, Status.REVIEWED})


@dataclass(frozen=True)
class Translation:
    """A catalogue's translation of one unit, by the unit's stable id: what the localise stage reads."""

    text: str
    status: Status
    origin: Origin | None = None  # the catalogue entry, so problems in a translation are blamed on it
EDITION = "edition"  # the place of the edition's own strings (title, publisher, boilerplate)
SOURCE_LANGUAGE = "source language: "
_ACCEPT = re.compile(rf"^{ACCEPT_PREFIX}\s*([A-Z]\d{{3}})\s+(\S.*)$")


@dataclass(frozen=True)
class Entry:
    """One catalogue entry as a reader needs it; `origin` is its place in the PO file."""

    msgctxt: str
    msgid: str
    msgstr: str
    status: str
    origin: Origin
    previous_msgid: str = ""
    translator_comments: tuple[str, ...] = ()
    extracted_comments: tuple[str, ...] = ()
    occurrences: tuple[str, ...] = ()  # "path:line" of the unit in the source

    @property
    def source_language(self) -> str:
        """The language of the msgid, from the `#. source language: xx` line that extract writes ("" if absent)."""
        found = (c.removeprefix(SOURCE_LANGUAGE) for c in self.extracted_comments if c.startswith(SOURCE_LANGUAGE))
        return next(found, "")

    @property
    def reviewer(self) -> str:
        """Who reviewed the text, from the valid `reviewed: <date> <hash12> <name>` comment ("" if none or unnamed)."""
        return status.reviewer(self.translator_comments, self.msgctxt, self.msgid, self.msgstr)

    @property
    def notes(self) -> tuple[str, ...]:
        """The translator comments that are not provenance (`mt:`) or review state (`reviewed:`): what a reviewer
        may edit, queries and acceptances included."""
        return tuple(c for c in self.translator_comments if not status.is_state(c))

    @property
    def queries(self) -> tuple[str, ...]:
        """The text of each `query:` comment: a doubt or a source problem the translator leaves for the publisher."""
        return tuple(c.removeprefix(QUERY_PREFIX).strip() for c in self.translator_comments
                     if c.startswith(QUERY_PREFIX) and c.removeprefix(QUERY_PREFIX).strip())

    @property
    def answers(self) -> tuple[str, ...]:
        """The text of each `answer:` comment: the publisher's answer to a query of this entry."""
        return tuple(c.removeprefix(ANSWER_PREFIX).strip() for c in self.translator_comments
                     if c.startswith(ANSWER_PREFIX) and c.removeprefix(ANSWER_PREFIX).strip())

    @property
    def accepts(self) -> tuple[Acceptance, ...]:
        """The `qa-accept: CODE reason` comments, each with its whole reason (wrapped lines joined)."""
        found = (_ACCEPT.match(c) for c in self.translator_comments)
        return tuple(Acceptance(m[1], m[2].strip(), self.origin) for m in found if m)

    @property
    def remarks(self) -> tuple[str, ...]:
        """The free notes: neither state, nor query, answer or acceptance."""
        return tuple(c for c in self.notes if not c.startswith((QUERY_PREFIX, ANSWER_PREFIX, ACCEPT_PREFIX)))

    @property
    def place(self) -> tuple[str, str]:
        """(theme id, section kind) from the first extracted comment (`police / practices`); the edition's own
        strings are ("edition", "edition") or ("edition", "strings")."""
        where = self.extracted_comments[0] if self.extracted_comments else ""
        if where.startswith(EDITION) or " / " not in where:
            return EDITION, where.removeprefix(EDITION).strip() or EDITION
        theme, _, kind = where.partition(" / ")
        return theme.strip(), kind.strip()


@dataclass(frozen=True)
class Catalogue:
    """The entries to translate into `lang`; `passthrough` counts those already in `lang`, left out, and `ignored`
    holds those of them that someone gave a text anyway (qa reports them: the editions never show it)."""

    lang: str
    path: Path
    entries: tuple[Entry, ...]
    passthrough: int = 0
    ignored: tuple[Entry, ...] = ()

    def get(self, msgctxt: str) -> Entry | None:
        return next((e for e in self.entries if e.msgctxt == msgctxt), None)

    def only(self, ids: set[str]) -> Catalogue:
        """This catalogue with the entries of `ids` alone: what an edition of those units can print."""
        return replace(self, entries=tuple(e for e in self.entries if e.msgctxt in ids))

    def translations(self) -> dict[str, Translation]:
        """msgctxt (unit id) -> Translation(text, status, origin): what the localise stage reads."""
        return {e.msgctxt: Translation(e.msgstr, e.status, e.origin) for e in self.entries}


def refuse_strays(catalogue: Catalogue, units: Iterable[Unit]) -> None:
    """CatalogError at the first publishable entry whose msgctxt is no unit of `units` while a unit with its very
    source text has no entry: its id was damaged (edited by hand, a tool's slip), and that unit would print in the
    source language without a word. An entry the source merely dropped (its unit deleted) is left to `update`."""
    units = list(units)
    ids, entries = {u.id for u in units}, {e.msgctxt for e in catalogue.entries}
    missing = {u.text: u.id for u in units
               if u.translate and u.id not in entries and not same_language(u.lang, catalogue.lang)}
    for entry in catalogue.entries:
        if entry.status in PUBLISHABLE and entry.msgctxt not in ids and entry.msgid in missing:
            raise CatalogError(f"msgctxt {entry.msgctxt!r} is no unit of the source, and unit "
                               f"{missing[entry.msgid]!r}, of the same text, has no entry: it would print untranslated",
                               entry.origin, f"give the entry the unit's id, msgctxt \"{missing[entry.msgid]}\", or "
                               "run `manifesto update`")


@dataclass(frozen=True)
class Change:
    """An edit to one entry; None leaves that part alone.

    A new `msgstr` is a human translation: it clears fuzzy, machine provenance and any review unless
    `reviewed=True` comes with it. `reviewed=True` records a review of the (new) text today;
    `reviewed=False` withdraws it; `reviewer` names who reviewed. `notes` replaces the free translator
    comments. `machine` names the engine that produced `msgstr`: the entry becomes fuzzy with an `mt:`
    comment (status `machine`).
    """

    msgctxt: str
    msgstr: str | None = None
    notes: tuple[str, ...] | None = None
    reviewed: bool | None = None
    machine: str = ""
    reviewer: str = ""  # who reviewed, recorded after the hash of a new `reviewed:` comment


@dataclass(frozen=True)
class ApplyResult:
    path: Path
    changed: tuple[str, ...]  # msgctxt of every entry whose content changed
    written: bool


def path_for(lang: str, translations_dir: Path | str = TRANSLATIONS) -> Path:
    return Path(translations_dir) / f"{lang}.po"


def translations(lang: str, translations_dir: Path | str = TRANSLATIONS) -> dict[str, Translation]:
    """msgctxt (unit id) -> Translation(text, status) for `lang`; empty when the catalogue does not exist."""
    path = path_for(lang, translations_dir)
    return load(lang, translations_dir).translations() if path.exists() else {}


def load(lang: str, translations_dir: Path | str = TRANSLATIONS) -> Catalogue:
    """The catalogue of `lang`: its active entries to translate (obsolete ones, and those whose source language is
    `lang`, left out); CatalogError when malformed."""
    path = path_for(lang, translations_dir)
    if not path.exists():
        raise CatalogError(f"no catalogue for {lang!r}", Origin(str(path)),
                           f"run `manifesto update {lang}` (or `manifesto add-language {lang}`)")
    entries = [_entry(e, path) for e in _active(read_po(path, obsolete=False))]
    kept = tuple(e for e in entries if not passes_through(e, lang))
    ignored = tuple(e for e in entries if passes_through(e, lang) and e.msgstr.strip())
    return Catalogue(lang, path, kept, len(entries) - len(kept), ignored)


def passes_through(entry: Entry, lang: str) -> bool:
    """True for an entry already in `lang` (its `#. source language:`): the edition shows the source text."""
    return bool(entry.source_language) and same_language(entry.source_language, lang)


def read_po(path: Path, obsolete: bool = True) -> polib.POFile:
    """`po.read` plus this project's invariant: a msgctxt (a unit id) appears once among the active entries."""
    catalog = po.read(path, obsolete)
    seen: dict[str, int] = {}
    for entry in _active(catalog):
        if entry.msgctxt in seen:
            raise CatalogError(f"unit id {entry.msgctxt!r} appears twice (first at line {seen[entry.msgctxt]})",
                               Origin(str(path), entry.linenum or 0), "delete one of the two entries")
        seen[entry.msgctxt] = entry.linenum or 0
    return catalog


def _entry(e: polib.POEntry, path: Path) -> Entry:
    return Entry(
        msgctxt=e.msgctxt or "", msgid=e.msgid, msgstr=e.msgstr, status=status.status_of(e),
        origin=Origin(str(path), e.linenum or 0), previous_msgid=e.previous_msgid or "",
        translator_comments=unwrap(e.tcomment.splitlines(), len("# ")),
        extracted_comments=unwrap(e.comment.splitlines(), len("#. ")),
        occurrences=tuple(f"{p}:{n}" if n else p for p, n in e.occurrences),
    )


def _active(catalog: polib.POFile) -> list[polib.POEntry]:
    return [e for e in catalog if not e.obsolete]


def apply(lang: str, translations_dir: Path | str, changes: Iterable[Change], translator: str = "") -> ApplyResult:
    """Apply `changes` to the catalogue of `lang`, atomically; the file is untouched when nothing changed.

    When entries change, the header's PO-Revision-Date is dated and `translator` (if given) becomes its
    Last-Translator, the field Poedit and Weblate keep for the last person who changed the catalogue.

    Every change is checked before anything is written: an unknown msgctxt, or a review of an empty
    translation, raises CatalogError and leaves the file as it was.
    """
    path = path_for(lang, translations_dir)
    if not path.exists():
        raise CatalogError(f"no catalogue for {lang!r}", Origin(str(path)), f"run `manifesto update {lang}`")
    catalog = read_po(path)
    by_id = {e.msgctxt: e for e in _active(catalog)}
    changes = list(changes)
    for change in changes:
        _check_change(change, by_id, path)
    changed = tuple(c.msgctxt for c in changes
                    if status.edit(by_id[c.msgctxt], c.msgstr, c.notes, c.reviewed, c.machine, c.reviewer))
    if changed:
        catalog.metadata["PO-Revision-Date"] = po.now()
        if translator.strip():
            catalog.metadata["Last-Translator"] = " ".join(translator.split())
    written = bool(changed) and files.write_text(path, po.dumps(catalog))
    return ApplyResult(path, changed, written)


def _check_change(change: Change, by_id: dict[str, polib.POEntry], path: Path) -> None:
    entry = by_id.get(change.msgctxt)
    if entry is None:
        raise CatalogError(f"no entry {change.msgctxt!r} in the catalogue", Origin(str(path)),
                           "run `manifesto update` first, or check the unit id")
    text = entry.msgstr if change.msgstr is None else change.msgstr
    if change.reviewed and not text.strip():
        raise CatalogError(f"cannot mark {change.msgctxt!r} reviewed: it has no translation",
                           Origin(str(path), entry.linenum or 0), "write the translation first")
