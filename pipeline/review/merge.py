"""Read an edited review DOCX back into a language's catalogue: new translations, comments and reviews.

Each row carries the fingerprint of what it held at export (source, translation, comment, status), so the
import is three-way: a cell the reviewer left alone changes nothing even if the catalogue moved on; an edit
lands only where the catalogue still holds what was exported; otherwise the row is a conflict, skipped.
Before anything is written, each incoming translation passes the build's guard and qa's error-level checks, and a
row with tracked changes nobody accepted is refused: a refused row is reported and skipped, the rest imported.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError
from lxml.etree import XMLSyntaxError

from pipeline import catalog, qa
from pipeline.catalog import Change, Entry
from pipeline.errors import Origin, ReviewError
from pipeline.project import TRANSLATIONS
from pipeline.review.cells import (
    COLUMNS,
    FORMAT,
    Fingerprint,
    cell_lines,
    cell_text,
    identity,
    notes_text,
    source_hash,
    text_hash,
)

_DAMAGED = "save it again from Word, or take it again from the mail or share it came from"
_RESERVED = (catalog.MT_PREFIX, catalog.REVIEWED_PREFIX)  # comment prefixes that carry state in the PO
#: Word's tracked changes (not yet accepted or rejected) in a row: inserted, deleted or moved text.
_TRACKED = "./w:tc//w:ins | ./w:tc//w:del | ./w:tc//w:moveFrom | ./w:tc//w:moveTo"


@dataclass(frozen=True)
class Conflict:
    id: str
    reason: str


@dataclass(frozen=True)
class Refusal:
    """A row not imported because what it brings would not pass the build or qa, or was never accepted."""

    id: str
    where: str  # "review.docx, table 2, row 5"
    reason: str


@dataclass(frozen=True)
class ImportResult:
    """What an import did to `path` (the PO): unit ids per kind of change, conflicts skipped, edits ignored."""

    path: Path
    changed: tuple[str, ...]  # new translations
    reviewed: tuple[str, ...]
    comments: tuple[str, ...]
    conflicts: tuple[Conflict, ...]
    ignored: tuple[str, ...]  # rows whose read-only id or source cell was edited; those edits are not imported
    written: bool
    refused: tuple[Refusal, ...] = ()


@dataclass(frozen=True)
class _Row:
    where: str  # "table 2, row 5" for messages
    id: str
    fingerprint: Fingerprint
    source: str
    translation: str
    status: str
    notes: tuple[str, ...]
    tracked: int = 0  # tracked insertions and deletions (w:ins, w:del, moves) left unaccepted in the row


def import_review(lang: str, path: Path | str, translations_dir: Path | str = TRANSLATIONS,
                  reviewer: str = "") -> ImportResult:
    """Apply the edits of the review file at `path` to `translations/<lang>.po`, atomically, all checked first.

    `reviewer` names who reviewed: it goes into each `reviewed:` record and the catalogue's Last-Translator."""
    path = Path(path)
    rows = _rows(_open(path, lang), path)
    cat = catalog.load(lang, translations_dir)
    _check_match(rows, cat, path, lang)
    plans = [(row, *_plan(row, cat.get(row.id), path)) for row in rows]
    wanted = [(row, change) for row, change, conflict in plans if change and not conflict]
    refused = _refusals(wanted, cat, path, translations_dir)
    changes = [replace(change, reviewer=reviewer) for row, change in wanted if row.id not in refused]
    result = catalog.apply(lang, translations_dir, changes, translator=reviewer)
    done = set(result.changed)

    def ids(test) -> tuple[str, ...]:
        return tuple(c.msgctxt for c in changes if c.msgctxt in done and test(c))

    return ImportResult(
        result.path, ids(lambda c: c.msgstr is not None), ids(lambda c: c.reviewed), ids(lambda c: c.notes is not None),
        tuple(conflict for _, _, conflict in plans if conflict),
        tuple(r.id for r in rows if _read_only_edited(r)), result.written, tuple(refused.values()))


def report(result: ImportResult) -> list[str]:
    """The import as a few lines for the terminal: counts, then each conflict and ignored edit."""
    counts = (f"{len(result.changed)} changed, {len(result.reviewed)} reviewed, {len(result.comments)} comments, "
              f"{len(result.conflicts)} conflicts")
    lines = [f"{result.path}: {counts}{'' if result.written else ' (unchanged)'}"]
    lines += [f"  conflict {c.id}: {c.reason}; skipped" for c in result.conflicts]
    lines += [f"  ignored {i}: its read-only id or source cell was edited" for i in result.ignored]
    lines += [f"  refused {r.id} ({r.where}): {r.reason}; not imported" for r in result.refused]
    return lines


def _refusals(wanted: list[tuple[_Row, Change]], cat: catalog.Catalogue, path: Path,
              translations_dir: Path | str) -> dict[str, Refusal]:
    """The rows that must not be imported, by id: unaccepted tracked changes, or a new translation that the build's
    guard (Q106, Q107) or one of qa's error-level checks refuses, checked as the catalogue would hold it."""
    refused = {row.id: Refusal(row.id, f"{path.name}, {row.where}", f"{row.tracked} tracked change(s) not accepted "
                               "(accept or reject them in Word: Review > Accept, then import again)")
               for row, _ in wanted if row.tracked}
    incoming = {c.msgctxt: c.msgstr for row, c in wanted if c.msgstr is not None and row.id not in refused}
    if not incoming:
        return refused
    where = {row.id: row.where for row, _ in wanted}
    candidate = replace(cat, entries=tuple(replace(e, msgstr=incoming[e.msgctxt], status=catalog.Status.TRANSLATED)
                                           for e in cat.entries if e.msgctxt in incoming))
    errors: dict[str, list[str]] = {}
    for finding in qa.run(candidate, qa.load_glossary(translations_dir)):
        if finding.severity == "error" and not finding.accepted:
            errors.setdefault(finding.subject, []).append(f"{finding.code} {finding.message}")
    refused.update({unit: Refusal(unit, f"{path.name}, {where[unit]}", "; ".join(found))
                    for unit, found in errors.items()})
    return refused


def _open(path: Path, lang: str) -> Document:
    """The review document at `path`, after checking it is a readable DOCX exported for `lang`."""
    _check_package(path, lang)
    try:
        doc = docx.Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, XMLSyntaxError, EOFError) as exc:
        raise ReviewError(f"the DOCX is damaged ({type(exc).__name__}: {exc})", Origin(str(path)), _DAMAGED) from exc
    found = identity(doc)
    if found is None:
        raise ReviewError("not a review file: it has no `manifesto-review` marker", Origin(str(path)),
                          f"export one with `manifesto review {lang}` and edit that")
    if found != (FORMAT, lang):
        raise ReviewError(f"this review file is for {found[1]!r} (format {found[0]}), not {lang!r}",
                          Origin(str(path)), f"run `manifesto import-review {found[1]} {path}`")
    return doc


def _check_package(path: Path, lang: str) -> None:
    """Tell a missing file, a non-ZIP (.doc, .pdf, text), a truncated ZIP and a non-Word ZIP (.odt, .xlsx) apart."""
    hint = f"give the .docx written by `manifesto review {lang}` (saved in Word format, not .doc, .odt or .pdf)"
    if not path.is_file():
        raise ReviewError("no such file", Origin(str(path)), hint)
    with path.open("rb") as f:
        if f.read(4) != b"PK\x03\x04":
            raise ReviewError("not a DOCX file (it is not a ZIP package)", Origin(str(path)), hint)
    if not zipfile.is_zipfile(path):  # starts like a ZIP but its central directory (at the end) is missing
        raise ReviewError("the DOCX is truncated: its ZIP directory is missing", Origin(str(path)), _DAMAGED)
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
    except zipfile.BadZipFile as exc:
        raise ReviewError(f"the DOCX is damaged ({exc})", Origin(str(path)), _DAMAGED) from exc
    if not {"[Content_Types].xml", "word/document.xml"} <= names:
        raise ReviewError("not a DOCX file (a ZIP package without a Word document: an .odt, .xlsx or other archive)",
                          Origin(str(path)), hint)


def _rows(doc: Document, path: Path) -> list[_Row]:
    rows, seen, remarks = [], set(), _word_comments(doc)
    for t, table in enumerate(doc.tables, 1):
        if len(table.columns) != len(COLUMNS):
            raise ReviewError(f"table {t} has {len(table.columns)} columns, expected {len(COLUMNS)} "
                              f"({', '.join(COLUMNS)})", Origin(str(path)), "do not add, merge or delete columns")
        for r, row in enumerate(table.rows[1:], 2):
            if not any(cell_text(c).strip() for c in row.cells):
                continue  # an empty row, as Word adds on a Tab in the last cell
            attached = tuple(remarks[i] for i in dict.fromkeys(row._tr.xpath(".//w:commentReference/@w:id"))
                             if i in remarks)
            read = replace(_row(f"table {t}, row {r}", list(row.cells), attached, path),
                           tracked=len(row._tr.xpath(_TRACKED)))
            if read.id in seen:
                raise ReviewError(f"{read.where}: unit {read.id!r} appears twice", Origin(str(path)),
                                  "delete the copied row")
            seen.add(read.id)
            rows.append(read)
    if not rows:
        raise ReviewError("the file has no review rows", Origin(str(path)),
                          "the review tables were deleted: export a fresh file and carry the edits over")
    return rows


def _word_comments(doc: Document) -> dict[str, str]:
    """Word comments (the margin balloons) by id, as one note line each: `Author: text`."""
    out = {}
    for comment in doc.comments:
        text = re.sub(r"[ \t]*\n[ \t]*", " ", comment.text).strip()  # one note line; no-break spaces kept
        if text:
            out[str(comment.comment_id)] = f"{comment.author}: {text}" if comment.author else text
    return out


def _row(where: str, cells: list, remarks: tuple[str, ...], path: Path) -> _Row:
    ident, source, translation, status, comment = cells
    lines = [line.strip() for line in cell_lines(ident) if line.strip()]
    prints = [fp for fp in map(Fingerprint.parse, lines) if fp]
    if not prints or not lines or Fingerprint.parse(lines[0]):
        raise ReviewError(f"{where}: the id cell lost its id or fingerprint", Origin(str(path)),
                          "the id column is read-only: undo the edit, or export a fresh file")
    state = cell_text(status).strip().lower()
    if state not in catalog.STATUSES:
        raise ReviewError(f"{where} ({lines[0]}): status {state!r} is not understood", Origin(str(path)),
                          f"write `reviewed`, or leave `{prints[0].status}`")
    notes = tuple(line.strip() for line in cell_lines(comment) if line.strip()) + remarks
    text = cell_text(translation)
    return _Row(where, lines[0], prints[0], cell_text(source), text if text.strip() else "", state, notes)


def _check_match(rows: list[_Row], cat: catalog.Catalogue, path: Path, lang: str) -> None:
    unknown = [r.id for r in rows if cat.get(r.id) is None]
    if unknown:
        shown = ", ".join(unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
        raise ReviewError(f"{len(unknown)} row(s) no longer match the catalogue {cat.path}: {shown}; nothing imported",
                          Origin(str(path)), f"the units were removed or renamed since the export: export a fresh "
                          f"file with `manifesto review {lang}` and carry the edits over")


def _plan(row: _Row, entry: Entry | None, path: Path) -> tuple[Change | None, Conflict | None]:
    """The change a row asks for, or the conflict that stops it; ReviewError when the row cannot be understood."""
    assert entry is not None  # _check_match ran
    fp = row.fingerprint
    msgstr = _three_way(row.translation, fp.translation, entry.msgstr)
    notes_now = notes_text(entry.notes)
    notes = _three_way("\n".join(row.notes), fp.notes, notes_now)
    reviewed = _review(row, entry, msgstr, path)
    if all(x is None for x in (msgstr, notes, reviewed)):
        return None, None
    if source_hash(entry.msgctxt, entry.msgid) != fp.source:
        return None, Conflict(row.id, "its source changed since the export")
    for value, now, exported, what in ((msgstr, entry.msgstr, fp.translation, "translation"),
                                       (notes, notes_now, fp.notes, "comment")):
        if value is not None and text_hash(now) != exported:
            return None, Conflict(row.id, f"its {what} was also changed in the catalogue since the export")
    if reviewed and msgstr is None and text_hash(entry.msgstr) != fp.translation:
        return None, Conflict(row.id, "its translation changed in the catalogue since the export, so the review "
                                      "would apply to a text the reviewer did not see")
    kept = None if notes is None else tuple(_safe(n) for n in notes.splitlines())
    return Change(row.id, msgstr=msgstr, notes=kept, reviewed=reviewed), None


def _three_way(cell: str, exported: str, current: str) -> str | None:
    """The cell's text when the reviewer changed it and it differs from the catalogue; else None."""
    return cell if text_hash(cell) != exported and cell != current else None


def _review(row: _Row, entry: Entry, msgstr: str | None, path: Path) -> bool | None:
    """True to record a review, False to withdraw one, None to leave the review state alone."""
    edited = row.status != row.fingerprint.status
    if row.status == "reviewed":
        if not (msgstr if msgstr is not None else entry.msgstr).strip():
            raise ReviewError(f"{row.where} ({row.id}): marked reviewed but has no translation", Origin(str(path)),
                              "write the translation, or set the status back")
        fresh = msgstr is not None or entry.status != "reviewed"
        return True if (edited or msgstr is not None) and fresh else None
    if not edited:
        return None
    if row.fingerprint.status == "reviewed":
        return False if entry.status == "reviewed" else None
    if row.status == "translated" and msgstr is not None:
        return None  # what a new translation becomes anyway
    raise ReviewError(f"{row.where} ({row.id}): status changed to {row.status!r}; only `reviewed` can be set",
                      Origin(str(path)), f"write `reviewed` to approve the translation, or leave "
                                         f"`{row.fingerprint.status}`")


def _read_only_edited(row: _Row) -> bool:
    return source_hash(row.id, row.source) != row.fingerprint.source


def _safe(note: str) -> str:
    # A reviewer's comment must not look like machine provenance or a review record to the catalogue.
    return f"note: {note}" if note.startswith(_RESERVED) else note
