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


def _one_entry(tmp_path: Path, msgctxt: str, msgstr: str) -> Path:
    path = tmp_path / "fr.po"
    path.write_text(HEADER + f'msgctxt "unit.0"\nmsgid "Zero"\nmsgstr "Zéro"\n\n'
                    f'msgctxt "{msgctxt}"\nmsgid "Text"\nmsgstr "{msgstr}"\n', encoding="utf-8")
    return path


@pytest.mark.parametrize("msgstr", [
    r"a\ab\x41\101\303\251c",  # bell, hex, octal, the UTF-8 bytes of é
    r"\7\1234\x4142 \x41g",  # octal takes at most three digits; hex every digit that follows, modulo 256
    r"tab\there \\a \"quoted\" \v\f\b",  # what polib decoded already; a backslash before a stays a backslash
])
def test_escapes_are_decoded_as_gettext_decodes_them(tmp_path: Path, msgstr: str) -> None:
    import subprocess

    import polib

    path = _one_entry(tmp_path, "unit.1", msgstr)
    subprocess.run(["msgfmt", "-o", str(tmp_path / "fr.mo"), str(path)], check=True, capture_output=True)
    compiled = {e.msgctxt: e.msgstr for e in polib.mofile(str(tmp_path / "fr.mo"))}  # gettext's own decoding
    assert po.read(path).find("Text", msgctxt="unit.1").msgstr == compiled["unit.1"]


def test_a_bell_written_as_an_escape_is_refused_by_the_guard_at_its_line(tmp_path: Path) -> None:
    from pipeline import catalog, qa

    _one_entry(tmp_path, "unit.1", r"Sonnerie \a ici")
    (found,) = qa.unsafe(catalog.load("fr", tmp_path))["unit.1"]
    assert (found.code, found.origin.line) == ("Q107", 12)
    assert "U+0007" in found.message


def test_escapes_that_are_not_utf8_are_an_error_at_their_line(tmp_path: Path) -> None:
    path = _one_entry(tmp_path, "unit.1", r"caf\351")
    with pytest.raises(CatalogError) as caught:
        po.read(path)
    assert str(caught.value).startswith(f"{path}:12: escapes that are not UTF-8")


@pytest.mark.parametrize("msgctxt", [r"unit.1\npolice", "unit.1 ", "Unit.1", r"unit\t1"])
def test_a_msgctxt_that_is_not_a_unit_id_is_an_error_at_its_line(tmp_path: Path, msgctxt: str) -> None:
    path = _one_entry(tmp_path, msgctxt, "Texte")
    with pytest.raises(CatalogError) as caught:
        po.read(path)
    assert str(caught.value).startswith(f"{path}:10: msgctxt ")
    assert "is not a unit id (hint: a msgctxt is the id of the unit it translates" in str(caught.value)


@pytest.mark.parametrize("field", ["msgstr", "msgid"])
def test_an_entry_larger_than_a_source_file_may_be_is_an_error_at_its_line(tmp_path: Path, field: str) -> None:
    from pipeline import safety

    path = tmp_path / "fr.po"
    big = "é" * (safety.MAX_BYTES // 2 + 1)  # fewer characters than the cap, more bytes
    text = {"msgid": big, "msgstr": "Texte"} if field == "msgid" else {"msgid": "Text", "msgstr": big}
    path.write_text(HEADER + f'msgctxt "unit.0"\nmsgid "Zero"\nmsgstr "Zéro"\n\n# a comment\n'
                    f'msgctxt "unit.1"\nmsgid "{text["msgid"]}"\nmsgstr "{text["msgstr"]}"\n', encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        po.read(path)
    assert str(caught.value).startswith(
        f"{path}:10: {field} of 'unit.1' too large ({safety.MAX_BYTES + 2:,} bytes; at most {safety.MAX_BYTES:,})")


def test_an_entry_just_under_the_cap_is_read(tmp_path: Path) -> None:
    from pipeline import safety

    path = _one_entry(tmp_path, "unit.1", "x" * safety.MAX_BYTES)
    assert len(po.read(path).find("Text", msgctxt="unit.1").msgstr) == safety.MAX_BYTES


def test_a_reader_gets_the_same_active_entries_without_the_obsolete_ones(tmp_path: Path) -> None:
    """Obsolete entries (with their comments, previous msgids and wrapped strings) are left out line for line: every
    active entry keeps its text, comments and line, before and after them. On the real catalogues too."""
    path = tmp_path / "fr.po"
    path.write_text(HEADER + '# a note\n#~ msgctxt "old.one"\n#~ msgid ""\n#~ "Old "\n#~ "text"\n#~ msgstr "Vieux"\n\n'
                    '# kept note\nmsgctxt "unit.1"\nmsgid "Text"\nmsgstr "Texte"\n\n#, fuzzy\n#~| msgid "Older"\n'
                    '#~ msgctxt "old.two"\n#~ msgid "Old"\n#~ msgstr "Vieux"\n', encoding="utf-8")
    shape = ("linenum", "msgctxt", "msgid", "msgstr", "tcomment", "flags")
    real = sorted(Path(__file__).parent.parent.glob("translations/*.po"))
    for each in [path, *real]:
        whole = [[getattr(e, a) for a in shape] for e in po.read(each) if not e.obsolete]
        assert [[getattr(e, a) for a in shape] for e in po.read(each, obsolete=False)] == whole
    assert [e.msgctxt for e in po.read(path, obsolete=False)] == ["unit.1"]
    assert po.read(path, obsolete=False)[0].tcomment == "kept note"


def test_a_bell_escape_on_a_later_line_of_a_msgstr_is_found_at_that_line(tmp_path: Path) -> None:
    from pipeline import catalog, qa

    path = tmp_path / "fr.po"
    path.write_text(HEADER + 'msgctxt "unit.1"\nmsgid "Text"\nmsgstr ""\n"Première ligne, "\n"puis \\a ici"\n',
                    encoding="utf-8")
    (found,) = qa.unsafe(catalog.load("fr", tmp_path))["unit.1"]
    assert (found.code, found.origin.line) == ("Q107", 10)
