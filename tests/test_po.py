"""PO I/O: atomic writes that survive a failure part-way, and statuses read from standard PO features."""

from __future__ import annotations

import errno
import resource
import signal
from contextlib import contextmanager
from pathlib import Path

import polib
import pytest

from pipeline.catalog import po
from pipeline.errors import CatalogError

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: fr\\n"\n\n'


def catalogue_text(count: int, word: str) -> str:
    entries = "".join(f'msgctxt "unit.{i}"\nmsgid "Text {i}"\nmsgstr "{word} {i}"\n\n' for i in range(count))
    return HEADER + entries


@pytest.fixture
def old(tmp_path: Path) -> Path:
    """A valid fr.po of 200 entries, mode 0644."""
    path = tmp_path / "fr.po"
    path.write_text(catalogue_text(200, "Ancien"), encoding="utf-8")
    path.chmod(0o644)
    return path


def assert_intact(path: Path, before: bytes) -> None:
    assert path.read_bytes() == before
    assert len(po.read(path)) == 200  # msgfmt and polib still accept it
    assert sorted(p.name for p in path.parent.iterdir()) == ["fr.po"]  # no temporary left behind


@contextmanager
def file_size_limit(limit: int):
    """Any write past `limit` bytes fails with EFBIG, however the file was opened (a disk that fills up)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, handler)


def test_a_disk_filling_up_mid_write_leaves_the_old_catalogue_whatever_the_write_path(old: Path) -> None:
    # Through the catalogue's own writer (catalog.apply -> files.write_text); pipeline/files.py has the
    # unit tests of the atomic write (modes, unchanged text, a write failing part-way).
    from pipeline import catalog

    before = old.read_bytes()
    with file_size_limit(len(before) // 2), pytest.raises(OSError) as caught:
        catalog.apply("fr", old.parent, [catalog.Change("unit.1", msgstr="Nouveau 1")])
    assert caught.value.errno == errno.EFBIG
    assert_intact(old, before)


# --- statuses ---------------------------------------------------------------------------------------------------------

def entry(msgstr: str = "Texte", flags: tuple[str, ...] = (), tcomment: str = "") -> polib.POEntry:
    return polib.POEntry(msgctxt="u.one", msgid="Text", msgstr=msgstr, flags=list(flags), tcomment=tcomment)


REVIEW = f"reviewed: 2025-01-03 {po.review_hash('u.one', 'Text', 'Texte')}"


@pytest.mark.parametrize(("made", "status"), [
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
def test_status_of(made: polib.POEntry, status: str) -> None:
    assert po.status_of(made) == status


def test_review_hash_is_sha1_of_context_id_and_translation() -> None:
    import hashlib

    assert po.review_hash("u.one", "Text", "Texte") == hashlib.sha1(b"u.one\0Text\0Texte").hexdigest()[:12]
    assert len({po.review_hash("a", "b", "c"), po.review_hash("a", "bc", ""), po.review_hash("ab", "c", "")}) == 3


def test_edit_a_machine_draft_then_review_it() -> None:
    made = entry("")
    assert po.edit(made, "Brouillon", None, None, "libre") is True
    assert (po.status_of(made), made.flags) == ("machine", ["fuzzy"])
    assert po.edit(made, "Texte", None, None, "") is True  # a correction clears the draft state
    assert (po.status_of(made), made.tcomment) == ("translated", "")
    assert po.edit(made, None, ("A note.",), True, "") is True
    assert po.status_of(made) == "reviewed"
    assert made.tcomment.splitlines()[0] == "A note."
    assert po.edit(made, None, None, None, "") is False


def test_a_file_that_is_not_utf8_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "fr.po"
    path.write_bytes(HEADER.replace("UTF-8", "ISO-8859-1").encode() + b'msgid "a"\nmsgstr "\xe9"\n')
    with pytest.raises(CatalogError) as caught:
        po.read(path)
    assert str(caught.value) == (f"{path}:3: charset 'ISO-8859-1' declared; catalogues must be UTF-8 "
                                 "(hint: convert the file with `msgconv -t UTF-8` and check the result)")
