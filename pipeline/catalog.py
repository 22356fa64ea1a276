"""Translation catalogues: one gettext PO per language, read into statuses and edited without loss.

`translations/<lang>.po` holds one entry per translatable unit whose language differs from <lang>:
msgctxt = the unit's stable id, msgid = its text (inline pandoc-Markdown), `#:` its source file and
line, `#.` where it sits (theme / section), its source language and notes for translators.

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
from dataclasses import dataclass
from pathlib import Path

import polib

from . import files, langtag, markup, po, source
from .errors import CatalogError, Origin
from .langtag import same_language
from .model import Acceptance, Edition, Unit
from .po import ACCEPT_PREFIX as ACCEPT_PREFIX
from .po import MT_PREFIX as MT_PREFIX
from .po import QUERY_PREFIX as QUERY_PREFIX
from .po import REVIEWED_PREFIX as REVIEWED_PREFIX
from .po import Status as Status
from .po import review_hash as review_hash
from .po import status_of as status_of
from .po import unwrap as unwrap
from .project import TRANSLATIONS

STATUSES: tuple[Status, ...] = tuple(Status)
#: Publishable translation states; anything else (fuzzy, machine, empty) falls back to the source.
PUBLISHABLE = frozenset({Status.TRANSLATED, Status.REVIEWED})


@dataclass(frozen=True)
class Translation:
    """A catalogue's translation of one unit, by the unit's stable id: what the localise stage reads."""

    text: str
    status: Status
    origin: Origin | None = None  # the catalogue entry, so problems in a translation are blamed on it
POT_NAME = "manifesto.pot"
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
    def notes(self) -> tuple[str, ...]:
        """The translator comments that are not provenance (`mt:`) or review state (`reviewed:`): what a reviewer
        may edit, queries and acceptances included."""
        return tuple(c for c in self.translator_comments if not po.is_state(c))

    @property
    def queries(self) -> tuple[str, ...]:
        """The text of each `query:` comment: a doubt or a source problem the translator leaves for the publisher."""
        return tuple(c.removeprefix(QUERY_PREFIX).strip() for c in self.translator_comments
                     if c.startswith(QUERY_PREFIX) and c.removeprefix(QUERY_PREFIX).strip())

    @property
    def accepts(self) -> tuple[Acceptance, ...]:
        """The `qa-accept: CODE reason` comments, each with its whole reason (wrapped lines joined)."""
        found = (_ACCEPT.match(c) for c in self.translator_comments)
        return tuple(Acceptance(m[1], m[2].strip(), self.origin) for m in found if m)

    @property
    def remarks(self) -> tuple[str, ...]:
        """The free notes: neither state, nor query, nor acceptance."""
        return tuple(c for c in self.notes if not c.startswith((QUERY_PREFIX, ACCEPT_PREFIX)))

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
    lang: str
    path: Path
    entries: tuple[Entry, ...]

    def get(self, msgctxt: str) -> Entry | None:
        return next((e for e in self.entries if e.msgctxt == msgctxt), None)


@dataclass(frozen=True)
class Change:
    """An edit to one entry; None leaves that part alone.

    A new `msgstr` is a human translation: it clears fuzzy, machine provenance and any review unless
    `reviewed=True` comes with it. `reviewed=True` records a review of the (new) text today;
    `reviewed=False` withdraws it. `notes` replaces the free translator comments. `machine` names the
    engine that produced `msgstr`: the entry becomes fuzzy with an `mt:` comment (status `machine`).
    """

    msgctxt: str
    msgstr: str | None = None
    notes: tuple[str, ...] | None = None
    reviewed: bool | None = None
    machine: str = ""


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
    if not path.exists():
        return {}
    return {e.msgctxt: Translation(e.msgstr, e.status, e.origin) for e in load(lang, translations_dir).entries}


def load(lang: str, translations_dir: Path | str = TRANSLATIONS) -> Catalogue:
    """The catalogue of `lang` (its active entries, obsolete ones left out); CatalogError when malformed."""
    path = path_for(lang, translations_dir)
    if not path.exists():
        raise CatalogError(f"no catalogue for {lang!r}", Origin(str(path)),
                           f"run `manifesto update {lang}` (or `manifesto add-language {lang}`)")
    return Catalogue(lang, path, tuple(_entry(e, path) for e in _active(_read(path))))


def _read(path: Path) -> polib.POFile:
    """`po.read` plus this project's invariant: a msgctxt (a unit id) appears once among the active entries."""
    catalog = po.read(path)
    seen: dict[str, int] = {}
    for entry in _active(catalog):
        if entry.msgctxt in seen:
            raise CatalogError(f"unit id {entry.msgctxt!r} appears twice (first at line {seen[entry.msgctxt]})",
                               Origin(str(path), entry.linenum or 0), "delete one of the two entries")
        seen[entry.msgctxt] = entry.linenum or 0
    return catalog


def _entry(e: polib.POEntry, path: Path) -> Entry:
    return Entry(
        msgctxt=e.msgctxt or "", msgid=e.msgid, msgstr=e.msgstr, status=po.status_of(e),
        origin=Origin(str(path), e.linenum or 0), previous_msgid=e.previous_msgid or "",
        translator_comments=unwrap(e.tcomment.splitlines(), len("# ")),
        extracted_comments=unwrap(e.comment.splitlines(), len("#. ")),
        occurrences=tuple(f"{p}:{n}" if n else p for p, n in e.occurrences),
    )


def _active(catalog: polib.POFile) -> list[polib.POEntry]:
    return [e for e in catalog if not e.obsolete]


def apply(lang: str, translations_dir: Path | str, changes: Iterable[Change]) -> ApplyResult:
    """Apply `changes` to the catalogue of `lang`, atomically; the file is untouched when nothing changed.

    Every change is checked before anything is written: an unknown msgctxt, or a review of an empty
    translation, raises CatalogError and leaves the file as it was.
    """
    path = path_for(lang, translations_dir)
    if not path.exists():
        raise CatalogError(f"no catalogue for {lang!r}", Origin(str(path)), f"run `manifesto update {lang}`")
    catalog = _read(path)
    by_id = {e.msgctxt: e for e in _active(catalog)}
    changes = list(changes)
    for change in changes:
        _check_change(change, by_id, path)
    changed = tuple(c.msgctxt for c in changes if po.edit(by_id[c.msgctxt], c.msgstr, c.notes, c.reviewed, c.machine))
    if changed:
        catalog.metadata["PO-Revision-Date"] = po.now()
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


@dataclass(frozen=True)
class UpdateResult:
    """What `update` did to one catalogue (msgctxt lists), and whether the file was rewritten."""

    lang: str
    path: Path
    added: tuple[str, ...]
    fuzzied: tuple[str, ...]  # source text changed under an existing translation
    obsoleted: tuple[str, ...]
    restored: tuple[str, ...]
    written: bool


@dataclass(frozen=True)
class ExtractResult:
    path: Path
    entries: int
    written: bool


def extract(edition: Edition, translations_dir: Path | str = TRANSLATIONS, write: bool = True) -> ExtractResult:
    """Write `manifesto.pot`, the template of every translatable unit (the file Weblate and Poedit start from)."""
    path = Path(translations_dir) / POT_NAME
    entries = [e for _, e in _units(edition, Path(translations_dir))]
    old = po.read(path) if path.exists() else None
    catalog = po.new_catalog(_project(edition), "", old, entries)
    return ExtractResult(path, len(entries), _save(catalog, old, path, write))


def update(edition: Edition, lang: str, translations_dir: Path | str = TRANSLATIONS,
           write: bool = True) -> UpdateResult:
    """Merge the source into `translations/<lang>.po`, matching on msgctxt (the unit id) only.

    With `write=False` nothing is written and `written` tells whether the file would change (a CI check).
    """
    path = path_for(lang, translations_dir)
    if lang not in edition.languages:
        raise CatalogError(f"language {lang!r} is not declared in edition.yaml ({', '.join(edition.languages)})",
                           edition.origin, f"run `manifesto add-language {lang}` to add it")
    old = _read(path) if path.exists() else None
    wanted = [e for u, e in _units(edition, Path(translations_dir)) if not same_language(u.lang, lang)]
    previous = {e.msgctxt: e for e in old} if old is not None else {}
    merged, log = [], {"added": [], "fuzzied": [], "restored": []}
    for entry in wanted:
        merged.append(_merge(entry, previous.pop(entry.msgctxt, None), log))
    gone = [e for e in previous.values() if e.msgstr.strip()]
    obsoleted = tuple(e.msgctxt for e in gone if not e.obsolete)
    for entry in gone:
        entry.obsolete = True
    catalog = po.new_catalog(_project(edition), lang, old, merged + gone)
    written = _save(catalog, old, path, write)
    return UpdateResult(lang, path, tuple(log["added"]), tuple(log["fuzzied"]), obsoleted,
                        tuple(log["restored"]), written)


def _merge(new: polib.POEntry, old: polib.POEntry | None, log: dict[str, list[str]]) -> polib.POEntry:
    """The new template entry carrying over the old translation, comments and state; fuzzy if the source changed."""
    if old is None:
        log["added"].append(new.msgctxt)
        return new
    if old.obsolete:
        log["restored"].append(new.msgctxt)
    new.msgstr, new.tcomment = old.msgstr, old.tcomment
    new.flags = [f for f in old.flags if not f.endswith("-format")]
    new.previous_msgid = old.previous_msgid
    if old.msgid != new.msgid and old.msgstr.strip():
        # Keep the oldest previous msgid, as msgmerge does: the translator compares against what was translated.
        new.previous_msgid = old.previous_msgid or old.msgid
        if "fuzzy" not in new.flags:
            new.flags.append("fuzzy")
            log["fuzzied"].append(new.msgctxt)
    return new


def _save(catalog: polib.POFile, old: polib.POFile | None, path: Path, write: bool) -> bool:
    """Write atomically (or, with `write=False`, only compare); True when the file changes.

    The old header's dates are kept when no entry changed, so there is no date-only churn."""
    if old is None or _entries_text(old) != _entries_text(catalog):
        catalog.metadata["POT-Creation-Date"] = po.now()
    text = po.dumps(catalog)
    if not write:
        return not path.exists() or path.read_bytes() != text.encode("utf-8")
    return files.write_text(path, text)


def _entries_text(catalog: polib.POFile) -> str:
    return "\n".join(str(e) for e in catalog)


def _units(edition: Edition, translations_dir: Path) -> list[tuple[Unit, polib.POEntry]]:
    """Every translatable unit with its template entry, in reading order."""
    base = translations_dir.resolve().parent
    out = [(u, _template_entry(u, "edition", base)) for u in (edition.title, edition.subtitle, edition.publisher)]
    out += [(u, _template_entry(u, "edition strings", base)) for u in edition.strings]
    for theme in edition.themes:
        out.append((theme.title, _template_entry(theme.title, f"{theme.id} / title", base)))
        for section in theme.sections:
            out += [(u, _template_entry(u, f"{theme.id} / {section.kind}", base)) for u in section.walk()]
    return [(u, e) for u, e in out if u.translate]


def _template_entry(unit: Unit, where: str, base: Path) -> polib.POEntry:
    path = Path(unit.origin.path).resolve()
    shown = path.relative_to(base).as_posix() if path.is_relative_to(base) else unit.origin.path
    notes = [where, f"{SOURCE_LANGUAGE}{unit.lang}", *unit.note.splitlines()]
    notes += [f"name, keep as is: {s.text}" for s in markup.spans(unit.text) if "name" in s.classes]
    return polib.POEntry(msgctxt=unit.id, msgid=unit.text, msgstr="", comment="\n".join(notes),
                         occurrences=[(shown, str(unit.origin.line) if unit.origin.line else "")])


def _project(edition: Edition) -> str:
    return f"{edition.title.text} {edition.year}"


def add_language(root: Path | str, lang: str, translations_dir: Path | str = TRANSLATIONS) -> UpdateResult:
    """Declare `lang` in edition.yaml's `languages` (comments and layout kept) and create its catalogue.

    The tag is checked (LanguageError) and written in BCP 47's case: `pt-br` is declared as `pt-BR`.
    """
    lang = langtag.parse(lang).tag
    edition = source.load(root)
    if path_for(lang, translations_dir).exists():
        _read(path_for(lang, translations_dir))  # a broken catalogue fails before edition.yaml changes
    if lang not in edition.languages:
        source.declare_language(root, lang)
        edition = source.load(root)
    return update(edition, lang, translations_dir)
