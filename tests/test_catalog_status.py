"""Statuses read from standard PO features, and entries edited without losing them."""

from __future__ import annotations

import polib
import pytest

from pipeline.catalog import status


def entry(msgstr: str = "Texte", flags: tuple[str, ...] = (), tcomment: str = "") -> polib.POEntry:
    return polib.POEntry(msgctxt="u.one", msgid="Text", msgstr=msgstr, flags=list(flags), tcomment=tcomment)


REVIEW = f"reviewed: 2025-01-03 {status.review_hash('u.one', 'Text', 'Texte')}"


@pytest.mark.parametrize(("made", "expected"), [
    (entry(""), "untranslated"),
    (entry("   "), "untranslated"),
    (entry("", ("fuzzy",), "mt: libre 2025-01-02"), "untranslated"),
    (entry(flags=("fuzzy",)), "fuzzy"),
    (entry(flags=("fuzzy",), tcomment="A note.\nmt: libre 2025-01-02"), "machine"),
    (entry(tcomment="mt: libre 2025-01-02"), "translated"),  # fuzzy cleared: a corrected draft is published
    (entry(), "translated"),
    (entry(tcomment=f"A note for the reviewer.\n{REVIEW}"), "reviewed"),
    (entry(msgstr="Texte modifié", tcomment=REVIEW), "translated"),  # edited after the review
    (entry(flags=("fuzzy",), tcomment=REVIEW), "fuzzy"),
    (entry(tcomment=f"reviewed: {REVIEW.split()[2]}"), "translated"),  # no date: not a review record
])
def test_status_of(made: polib.POEntry, expected: str) -> None:
    assert status.status_of(made) == expected


def test_review_hash_is_sha1_of_context_id_and_translation() -> None:
    import hashlib

    assert status.review_hash("u.one", "Text", "Texte") == hashlib.sha1(b"u.one\0Text\0Texte").hexdigest()[:12]
    hashes = {status.review_hash("a", "b", "c"), status.review_hash("a", "bc", ""), status.review_hash("ab", "c", "")}
    assert len(hashes) == 3


def test_edit_a_machine_draft_then_review_it() -> None:
    made = entry("")
    assert status.edit(made, "Brouillon", None, None, "libre") is True
    assert (status.status_of(made), made.flags) == ("machine", ["fuzzy"])
    assert status.edit(made, "Texte", None, None, "") is True  # a correction clears the draft state
    assert (status.status_of(made), made.tcomment) == ("translated", "")
    assert status.edit(made, None, ("A note.",), True, "") is True
    assert status.status_of(made) == "reviewed"
    assert made.tcomment.splitlines()[0] == "A note."
    assert status.edit(made, None, None, None, "") is False
