"""The catalogues kept in step with the source: `extract` writes the template (manifesto.pot) of every
translatable unit, `update` merges it into a language's PO as GNU `msgmerge --previous` would
(kept, fuzzy, obsolete, restored, matching on the unit id), `add_language` declares a language and creates its
catalogue. Reading and editing translations is `catalog`'s."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

import polib

from pipeline import files, langtag, markup, source
from pipeline.catalog import SOURCE_LANGUAGE, Entry, passes_through, path_for, po, read_po
from pipeline.errors import CatalogError, Origin
from pipeline.model import Edition, Unit
from pipeline.project import TRANSLATIONS

POT_NAME = "manifesto.pot"


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
    suggested: tuple[str, ...] = ()  # new entries given a fuzzy suggestion from the translation memory

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
    old = read_po(path) if path.exists() else None
    # Every unit, as in the POT: what msgmerge, Poedit and Weblate make of the catalogue is what update writes.
    # Entries already in `lang` stay empty and are ignored (see `catalog.load`).
    wanted = [e for _, e in _units(edition, Path(translations_dir))]
    previous = {e.msgctxt: e for e in old} if old is not None else {}
    merged, log = [], {"added": [], "fuzzied": [], "restored": [], "suggested": []}
    for entry in wanted:
        merged.append(_merge(entry, previous.pop(entry.msgctxt, None), log))
    gone = [e for e in previous.values() if e.msgstr.strip()]
    memory = [e for e in (*merged, *gone) if e.msgstr.strip() and "fuzzy" not in e.flags]
    for entry in merged:
        if entry.msgctxt in log["added"] and not _passes_through(entry, lang) and _suggest(entry, memory):
            log["suggested"].append(entry.msgctxt)
    obsoleted = tuple(e.msgctxt for e in gone if not e.obsolete)
    for entry in gone:
        entry.obsolete = True
    catalog = po.new_catalog(_project(edition), lang, old, merged + gone)
    written = _save(catalog, old, path, write, _pot_date(Path(translations_dir)))
    return UpdateResult(lang, path, tuple(log["added"]), tuple(log["fuzzied"]), obsoleted,
                        tuple(log["restored"]), written, tuple(log["suggested"]))


#: How alike a source must be to an earlier one for its translation to be offered (difflib's ratio on the words);
#: GNU msgmerge offers fuzzy matches from about 0.6, which offers a translator too much to undo.
SUGGEST_RATIO = 0.75


def _suggest(entry: polib.POEntry, memory: list[polib.POEntry]) -> bool:
    """Give a new entry the translation of the most alike source in the same catalogue (a renamed unit's obsolete
    entry, a near-duplicate), as a fuzzy suggestion whose `#| msgctxt` and `#| msgid` say where it came from."""
    words = entry.msgid.split()
    best, score = None, SUGGEST_RATIO
    for candidate in memory:
        matcher = difflib.SequenceMatcher(None, words, candidate.msgid.split(), autojunk=False)
        if matcher.real_quick_ratio() >= score and matcher.quick_ratio() >= score and (r := matcher.ratio()) >= score:
            best, score = candidate, r
            if r == 1.0:
                break
    if best is None:
        return False
    entry.msgstr = best.msgstr
    entry.previous_msgctxt, entry.previous_msgid = best.msgctxt, best.msgid
    entry.flags = [*entry.flags, "fuzzy"]
    return True


def _passes_through(entry: polib.POEntry, lang: str) -> bool:
    """Whether the entry's source is already in `lang` (`catalog.passes_through`): it stays empty."""
    read = Entry(entry.msgctxt, entry.msgid, "", "", Origin(""), extracted_comments=tuple(entry.comment.splitlines()))
    return passes_through(read, lang)


def _merge(new: polib.POEntry, old: polib.POEntry | None, log: dict[str, list[str]]) -> polib.POEntry:
    """The new template entry carrying over the old translation, comments and state; fuzzy if the source changed."""
    if old is None:
        log["added"].append(new.msgctxt)
        return new
    if old.obsolete:
        log["restored"].append(new.msgctxt)
    new.msgstr, new.tcomment = old.msgstr, old.tcomment
    new.flags = [f for f in old.flags if not f.endswith("-format")]
    new.previous_msgid, new.previous_msgctxt = old.previous_msgid, old.previous_msgctxt
    if old.msgid != new.msgid and old.msgstr.strip():
        # Keep the oldest previous msgid, as msgmerge does: the translator compares against what was translated.
        # `msgmerge --previous` writes the previous msgctxt with it (`#| msgctxt`), and so does update.
        new.previous_msgid = old.previous_msgid or old.msgid
        new.previous_msgctxt = old.previous_msgctxt or old.msgctxt
        if "fuzzy" not in new.flags:
            new.flags.append("fuzzy")
            log["fuzzied"].append(new.msgctxt)
    return new


def _save(catalog: polib.POFile, old: polib.POFile | None, path: Path, write: bool, pot_date: str = "") -> bool:
    """Write atomically (or, with `write=False`, only compare); True when the file changes.

    A catalogue takes the template's POT-Creation-Date, as msgmerge does (`pot_date`); otherwise the old header's
    dates are kept when no entry changed, so there is no date-only churn."""
    if pot_date:
        catalog.metadata["POT-Creation-Date"] = pot_date
    elif old is None or _entries_text(old) != _entries_text(catalog):
        catalog.metadata["POT-Creation-Date"] = po.now()
    text = po.dumps(catalog)
    if not write:
        return not path.exists() or path.read_bytes() != text.encode("utf-8")
    return files.write_text(path, text)


def _pot_date(translations_dir: Path) -> str:
    """The POT-Creation-Date of `manifesto.pot`, which msgmerge copies into every catalogue ("" without a POT)."""
    pot = translations_dir / POT_NAME
    return po.read(pot).metadata.get("POT-Creation-Date", "") if pot.exists() else ""


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
        read_po(path_for(lang, translations_dir))  # a broken catalogue fails before edition.yaml changes
    if lang not in edition.languages:
        source.declare_language(root, lang)
        edition = source.load(root)
    return update(edition, lang, translations_dir)
