"""What a review DOCX carries to be read back (review.docx writes it, review.merge reads it): the file's identity,
each row's fingerprint of what it held at export, and a cell's text as the reviewer left it (tracked changes
resolved)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.table import _Cell

from pipeline.review import Row

MARKER = "manifesto-review"
FORMAT = 1
COLUMNS = ("Id", "Source", "Translation", "Status", "Comment")
PREVIOUS = "Review Previous Source"  # paragraph style of the word diff under a fuzzy entry's source
_PREVIOUS_ID = PREVIOUS.replace(" ", "")
_FINGERPRINT = re.compile(r"^fp ([0-9a-f]{12}) ([0-9a-f]{8}) ([0-9a-f]{8}) ([a-z]+)$")
_RUN_TEXT = {qn("w:t"): "", qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n",
             qn("w:noBreakHyphen"): "\u2011", qn("w:softHyphen"): "\u00ad"}
_REMOVED = (qn("w:del"), qn("w:moveFrom"))
_IDENTITY = re.compile(rf"^{MARKER} (\d+) (\S+)")


@dataclass(frozen=True)
class Fingerprint:
    """What a row held at export: hashes of its source (with id), translation and comment, and its status."""

    source: str
    translation: str
    notes: str
    status: str

    def __str__(self) -> str:
        return f"fp {self.source} {self.translation} {self.notes} {self.status}"

    @classmethod
    def parse(cls, text: str) -> Fingerprint | None:
        found = _FINGERPRINT.match(text.strip())
        return cls(*found.groups()) if found else None


def fingerprint(row: Row) -> Fingerprint:
    return Fingerprint(source_hash(row.id, row.source), text_hash(row.translation),
                       text_hash(notes_text(row.notes)), row.status)


def source_hash(msgctxt: str, msgid: str) -> str:
    return hashlib.sha1(f"{msgctxt}\0{msgid}".encode()).hexdigest()[:12]


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:8]


def notes_text(notes: tuple[str, ...]) -> str:
    """Translator notes as the comment cell shows them: one line each, blank lines dropped."""
    return "\n".join(n.strip() for n in notes if n.strip())


def identity(doc: DocumentObject) -> tuple[int, str] | None:
    """(format, language) of a review file, from its core properties or its marker line; None if not one."""
    candidates = [doc.core_properties.identifier or ""] + [p.text for p in doc.paragraphs[:6]]
    for text in candidates:
        found = _IDENTITY.match(text.strip())
        if found:
            return int(found[1]), found[2]
    return None


def cell_text(cell: _Cell) -> str:
    """A cell's text as the reviewer left it: tracked insertions kept, deletions dropped, paragraphs as lines."""
    return "\n".join(cell_lines(cell)).strip("\n")


def cell_lines(cell: _Cell) -> list[str]:
    """The text of each paragraph of the cell, leaving out the what-changed note under a source."""
    return [_paragraph_text(p) for p in cell._tc.iterchildren(qn("w:p")) if p.style != _PREVIOUS_ID]


def _paragraph_text(p: BaseOxmlElement) -> str:
    out = []
    for el in p.iter(*_RUN_TEXT):
        if el.getparent().tag != qn("w:r") or any(a.tag in _REMOVED for a in el.iterancestors()):
            continue  # a tab stop in the paragraph's properties, or text a tracked change deleted
        out.append(el.text or "" if el.tag == qn("w:t") else _RUN_TEXT[el.tag])
    return "".join(out)
