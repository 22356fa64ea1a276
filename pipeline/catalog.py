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

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import polib

from . import po
from .errors import CatalogError, Origin
from .localise import Translation

STATUSES: tuple[str, ...] = ("untranslated", "fuzzy", "machine", "translated", "reviewed")
MT_PREFIX = "mt:"
REVIEWED_PREFIX = "reviewed:"
POT_NAME = "manifesto.pot"


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
    def notes(self) -> tuple[str, ...]:
        """The translator comments that are not provenance (`mt:`) or review state (`reviewed:`)."""
        return tuple(c for c in self.translator_comments if not _is_state(c))


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
    `reviewed=False` withdraws it. `notes` replaces the free translator comments.
    """

    msgctxt: str
    msgstr: str | None = None
    notes: tuple[str, ...] | None = None
    reviewed: bool | None = None


@dataclass(frozen=True)
class ApplyResult:
    path: Path
    changed: tuple[str, ...]  # msgctxt of every entry whose content changed
    written: bool


def path_for(lang: str, translations_dir: Path | str = "translations") -> Path:
    return Path(translations_dir) / f"{lang}.po"


def review_hash(msgctxt: str, msgid: str, msgstr: str) -> str:
    """The 12-hex fingerprint a `reviewed:` comment carries: the review is valid for exactly this text."""
    return hashlib.sha1(f"{msgctxt}\0{msgid}\0{msgstr}".encode()).hexdigest()[:12]


def status_of(entry: polib.POEntry) -> str:
    """The entry's status, from its msgstr, fuzzy flag and translator comments (see the module docstring)."""
    if not entry.msgstr.strip():
        return "untranslated"
    comments = entry.tcomment.splitlines()
    if "fuzzy" in entry.flags:
        return "machine" if any(c.startswith(MT_PREFIX) for c in comments) else "fuzzy"
    expected = review_hash(entry.msgctxt or "", entry.msgid, entry.msgstr)
    for comment in comments:
        parts = comment.split()
        if parts[:1] == [REVIEWED_PREFIX] and len(parts) == 3 and parts[2] == expected:
            return "reviewed"
    return "translated"


def translations(lang: str, translations_dir: Path | str = "translations") -> dict[str, Translation]:
    """msgctxt (unit id) -> Translation(text, status) for `lang`; empty when the catalogue does not exist."""
    path = path_for(lang, translations_dir)
    if not path.exists():
        return {}
    return {e.msgctxt: Translation(e.msgstr, e.status) for e in load(lang, translations_dir).entries}


def load(lang: str, translations_dir: Path | str = "translations") -> Catalogue:
    """The catalogue of `lang` (its active entries, obsolete ones left out); CatalogError when malformed."""
    path = path_for(lang, translations_dir)
    if not path.exists():
        raise CatalogError(f"no catalogue for {lang!r}", Origin(str(path)),
                           f"run `manifesto update {lang}` (or `manifesto add-language {lang}`)")
    return Catalogue(lang, path, tuple(_entry(e, path) for e in _active(po.read(path))))


def _entry(e: polib.POEntry, path: Path) -> Entry:
    return Entry(
        msgctxt=e.msgctxt or "", msgid=e.msgid, msgstr=e.msgstr, status=status_of(e),
        origin=Origin(str(path), e.linenum or 0), previous_msgid=e.previous_msgid or "",
        translator_comments=tuple(e.tcomment.splitlines()), extracted_comments=tuple(e.comment.splitlines()),
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
    catalog = po.read(path) if path.exists() else None
    if catalog is None:
        raise CatalogError(f"no catalogue for {lang!r}", Origin(str(path)), f"run `manifesto update {lang}`")
    by_id = {e.msgctxt: e for e in _active(catalog)}
    changes = list(changes)
    for change in changes:
        _check_change(change, by_id, path)
    changed = tuple(c.msgctxt for c in changes if _edit(by_id[c.msgctxt], c))
    if changed:
        catalog.metadata["PO-Revision-Date"] = po.now()
    written = bool(changed) and po.write(path, po.dumps(catalog))
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


def _edit(entry: polib.POEntry, change: Change) -> bool:
    """Apply one change to a polib entry in place; True when its content changed."""
    before = str(entry)
    comments = entry.tcomment.splitlines()
    if change.msgstr is not None and change.msgstr != entry.msgstr:
        entry.msgstr = change.msgstr
        _unfuzzy(entry)
        comments = [c for c in comments if not _is_state(c)]
    if change.notes is not None:
        comments = [c for c in comments if _is_state(c)] + list(change.notes)
    if change.reviewed is not None:
        comments = [c for c in comments if not c.startswith(REVIEWED_PREFIX)]
    if change.reviewed:
        _unfuzzy(entry)
        comments = [c for c in comments if not c.startswith(MT_PREFIX)]
        digest = review_hash(entry.msgctxt or "", entry.msgid, entry.msgstr)
        comments.append(f"{REVIEWED_PREFIX} {po.today()} {digest}")
    entry.tcomment = "\n".join(comments)
    return str(entry) != before


def _unfuzzy(entry: polib.POEntry) -> None:
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    entry.previous_msgid = None
    entry.previous_msgctxt = None


def _is_state(comment: str) -> bool:
    return comment.startswith((MT_PREFIX, REVIEWED_PREFIX))
