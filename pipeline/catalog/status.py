"""An entry's status, kept in standard PO features (the fuzzy flag, `mt:` and `reviewed:` comments): read, edited.

`pipeline.catalog`'s docstring says what each status means; `po` reads and writes the files that hold them.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum

import polib

from pipeline.catalog.po import MT_PREFIX, REVIEWED_PREFIX, today


def review_hash(msgctxt: str, msgid: str, msgstr: str) -> str:
    """The 12-hex fingerprint a `reviewed:` comment carries: the review is valid for exactly this text."""
    return hashlib.sha1(f"{msgctxt}\0{msgid}\0{msgstr}".encode()).hexdigest()[:12]


class Status(StrEnum):
    """The state of a catalogue entry, from least to most done (see `pipeline.catalog` for what each means)."""

    UNTRANSLATED = "untranslated"
    FUZZY = "fuzzy"
    MACHINE = "machine"
    TRANSLATED = "translated"
    REVIEWED = "reviewed"


def status_of(entry: polib.POEntry) -> Status:
    """The entry's status, from its msgstr, fuzzy flag and translator comments (see `pipeline.catalog`)."""
    if not entry.msgstr.strip():
        return Status.UNTRANSLATED
    comments = entry.tcomment.splitlines()
    if "fuzzy" in entry.flags:
        return Status.MACHINE if any(c.startswith(MT_PREFIX) for c in comments) else Status.FUZZY
    return Status.REVIEWED if _review(comments, entry.msgctxt or "", entry.msgid, entry.msgstr) else Status.TRANSLATED


def _review(comments, msgctxt: str, msgid: str, msgstr: str) -> list[str] | None:
    """The words of the valid `reviewed: <date> <hash12> [name]` comment: the one whose hash matches the text."""
    expected = review_hash(msgctxt, msgid, msgstr)
    for comment in comments:
        parts = comment.split()
        if parts[:1] == [REVIEWED_PREFIX] and len(parts) >= 3 and parts[2] == expected:
            return parts
    return None


def reviewer(comments, msgctxt: str, msgid: str, msgstr: str) -> str:
    """The name a valid review record carries after its hash ("" for none, or a record from before names)."""
    return " ".join((_review(comments, msgctxt, msgid, msgstr) or [])[3:])


def edit(entry: polib.POEntry, msgstr: str | None, notes: tuple[str, ...] | None, reviewed: bool | None,
         machine: str, reviewer: str = "") -> bool:
    """Edit a polib entry in place (see `catalog.Change` for the meaning); True when its content changed."""
    before = str(entry)
    comments = entry.tcomment.splitlines()
    if msgstr is not None and msgstr != entry.msgstr:
        entry.msgstr = msgstr
        _unfuzzy(entry)
        comments = [c for c in comments if not is_state(c)]
    if notes is not None:
        comments = [c for c in comments if is_state(c)] + list(notes)
    if reviewed is not None:
        comments = [c for c in comments if not c.startswith(REVIEWED_PREFIX)]
    if machine:
        entry.flags = [*[f for f in entry.flags if f != "fuzzy"], "fuzzy"]
        comments.append(f"{MT_PREFIX} {machine} {today()}")
    if reviewed:
        _unfuzzy(entry)
        comments = [c for c in comments if not c.startswith(MT_PREFIX)]
        digest = review_hash(entry.msgctxt or "", entry.msgid, entry.msgstr)
        comments.append(" ".join([REVIEWED_PREFIX, today(), digest, *reviewer.split()]))
    entry.tcomment = "\n".join(comments)
    return str(entry) != before


def _unfuzzy(entry: polib.POEntry) -> None:
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    entry.previous_msgid = None
    entry.previous_msgctxt = None


def is_state(comment: str) -> bool:
    """A translator comment that records the status (machine provenance, a review), not a note."""
    return comment.startswith((MT_PREFIX, REVIEWED_PREFIX))
