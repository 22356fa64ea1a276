"""PO I/O: atomic writes that survive a failure part-way, and a catalogue that is not UTF-8 refused at its line."""

from __future__ import annotations

import errno
import resource
import signal
from contextlib import contextmanager
from pathlib import Path

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


def test_a_file_that_is_not_utf8_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "fr.po"
    path.write_bytes(HEADER.replace("UTF-8", "ISO-8859-1").encode() + b'msgid "a"\nmsgstr "\xe9"\n')
    with pytest.raises(CatalogError) as caught:
        po.read(path)
    assert str(caught.value) == (f"{path}:3: charset 'ISO-8859-1' declared; catalogues must be UTF-8 "
                                 "(hint: convert the file with `msgconv -t UTF-8` and check the result)")
