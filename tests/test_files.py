"""Atomic writes: the previous file survives any failure, new files are world-readable, killed writers' debris."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from pipeline import files
from pipeline.errors import FileError
from tests.conftest import dead_pid


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_new_file_is_world_readable_as_the_umask_allows(tmp_path: Path, umask_022) -> None:
    path = tmp_path / "out" / "manifesto.pdf"
    assert files.write_bytes(path, b"%PDF")
    assert (path.read_bytes(), oct(path.stat().st_mode & 0o777)) == (b"%PDF", "0o644")


def test_a_rewritten_file_keeps_its_mode(tmp_path: Path, umask_022) -> None:
    path = tmp_path / "fr.po"
    path.write_text("old")
    path.chmod(0o664)
    files.write_text(path, "new")
    assert (path.read_text(), oct(path.stat().st_mode & 0o777)) == ("new", "0o664")


def test_an_unchanged_file_is_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    files.write_text(path, "same")
    before = path.stat().st_mtime_ns, path.stat().st_ino
    assert files.write_text(path, "same") is False
    assert (path.stat().st_mtime_ns, path.stat().st_ino) == before


def test_a_write_failing_part_way_leaves_the_old_file_and_no_temporary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "fr.po"
    path.write_text("the whole old catalogue\n" * 100)
    real_open = open

    class HalfDisk:  # writes half, then the disk is full
        def __init__(self, name, mode):
            self.handle = real_open(name, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            self.handle.write(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files, "open", HalfDisk, raising=False)
    with pytest.raises(OSError):
        files.write_text(path, "the new catalogue\n" * 200)
    assert path.read_text() == "the whole old catalogue\n" * 100
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fr.po"]


def test_debris_is_what_a_dead_writer_left_and_sweep_removes_only_that(tmp_path: Path) -> None:
    gone = tmp_path / "en" / f".manifesto.pdf.{dead_pid()}-abc123.tmp.pdf"
    gone.parent.mkdir()
    gone.write_bytes(b"")
    live = tmp_path / "en" / f".manifesto.docx.{os.getpid()}-def456.tmp.docx"
    live.write_bytes(b"")  # a build still running (ours) is writing it: not debris
    other = tmp_path / "en" / ".notes.tmp"
    other.write_bytes(b"")  # not one of ours
    assert files.debris(tmp_path) == [gone]
    assert files.sweep(tmp_path) == [gone]
    assert not gone.exists() and live.exists() and other.exists()


def test_the_temporary_name_is_recognised_as_debris_once_its_writer_is_gone(tmp_path: Path) -> None:
    with files.atomic(tmp_path / "manifesto.pdf") as tmp:
        assert files.debris(tmp_path) == []  # its writer (this process) is alive
        assert tmp.name.startswith(f".manifesto.pdf.{os.getpid()}-") and tmp.name.endswith(".tmp.pdf")


@pytest.mark.parametrize("failing", ["write", "fsync"])
def test_a_full_disk_names_the_file_being_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  failing: str) -> None:
    """A write or fsync that fails names no file; the error must name the file the user asked for, not '?'."""
    path = tmp_path / "fr" / "manifesto.pdf"

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    if failing == "fsync":
        monkeypatch.setattr(os, "fsync", full)
    else:
        monkeypatch.setattr(files, "open", lambda *a: type("Full", (), {
            "__enter__": lambda s: s, "__exit__": lambda s, *e: None, "write": full, "flush": full})(), raising=False)
    with pytest.raises(OSError) as caught:
        files.write_bytes(path, b"%PDF")
    assert caught.value.filename == str(path) and caught.value.errno == errno.ENOSPC
    assert str(FileError.from_os(caught.value)) == (
        f"{path}: no space left on device (hint: the disk is full: free some space and run again (earlier files "
        "are intact))")
    assert list(path.parent.iterdir()) == []  # no temporary left behind


def test_debris_is_found_at_any_depth(tmp_path: Path) -> None:
    deep = tmp_path / "preview" / "de" / "handouts" / f".police.pdf.{dead_pid()}-abc.tmp.pdf"
    top = tmp_path / f".build-state.json.{dead_pid()}-def.tmp.json"
    for path in (deep, top):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")
    assert files.sweep(tmp_path) == sorted([deep, top])
    assert not deep.exists() and not top.exists()
