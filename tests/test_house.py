"""The house style: one file whose values every format takes, checked when it is read."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from pipeline import house, render
from pipeline.assemble import Document
from pipeline.errors import ConfigError
from pipeline.tools import pandoc
from tests.conftest import TEST_EPOCH

SAMPLE = ("---\ntitle: Échantillon\nsubtitle: Essai\npublisher: Efus\nyear: '2025'\ntoc-title: Sommaire\nlang: fr\n"
          "---\n\n# Police\n\nDu texte, et [un lien](https://efus.eu).\n")


@pytest.fixture
def house_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A copy of the house style that the test may edit, in force for this test only."""
    path = tmp_path / "house-style.toml"
    path.write_text(house.FILE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(house, "FILE", path)
    yield path


def _render_all(tmp_path: Path, name: str) -> dict[str, bytes]:
    doc = Document("fr", "sample", "full", "Échantillon", SAMPLE, TEST_EPOCH)
    paths = render.render(doc, ("docx", "pdf", "epub"), tmp_path / name, render.assets(tmp_path / name / ".cache"))
    parts = {}
    for path in paths:
        if path.suffix == ".pdf":
            parts["pdf"] = path.read_bytes()
            continue
        with zipfile.ZipFile(path) as package:
            wanted = "word/styles.xml" if path.suffix == ".docx" else next(
                n for n in package.namelist() if n.endswith(".css"))
            parts[path.suffix[1:]] = package.read(wanted)
    return parts


def test_changing_one_colour_changes_the_pdf_the_epub_and_the_docx(tmp_path: Path, house_file: Path) -> None:
    before = _render_all(tmp_path, "before")
    assert b"1B365D" in before["docx"] and b"#1b365d" in before["epub"]
    house_file.write_text(house_file.read_text().replace('brand = "#1b365d"', 'brand = "#8a1538"'))
    typst = pandoc.to_typst(pandoc.read(SAMPLE), render.TYPST / "full.typ", render.typst_variables("fr"))
    assert 'rgb("#8a1538")' in typst and "1b365d" not in typst
    after = _render_all(tmp_path, "after")
    assert b"8A1538" in after["docx"] and b"1B365D" not in after["docx"]
    assert b"#8a1538" in after["epub"] and b"#1b365d" not in after["epub"]
    assert after["pdf"] != before["pdf"]


def test_the_faces_are_the_house_faces_in_every_format(tmp_path: Path) -> None:
    parts = _render_all(tmp_path, "out")
    serif, sans = house.load().type["serif"], house.load().type["sans"]
    assert f'w:ascii="{serif}"'.encode() in parts["docx"] and f'w:ascii="{sans}"'.encode() in parts["docx"]
    assert b"Theme" not in re.sub(rb"<w:latentStyles.*?</w:latentStyles>", b"", parts["docx"], flags=re.S).replace(
        b"w:themeColor", b"")  # no theme font overrides a house face
    assert f'font-family: "{serif}"'.encode() in parts["epub"]
    assert f"url(\"../fonts/{house.load().faces()[0].file}\")".encode() in parts["epub"]


@pytest.mark.parametrize(("old", "new", "message"), [
    ('brand = "#1b365d"', 'brand = "navy"', "colour brand = 'navy' is not #rrggbb"),
    ('accent = "#0e7c7b"', "", "[colour] lacks accent"),
    ('serif = "Charis SIL"', 'serif = "Charis SIL', "malformed TOML"),
])
def test_a_broken_house_style_is_one_clear_error(house_file: Path, old: str, new: str, message: str) -> None:
    house_file.write_text(house_file.read_text().replace(old, new, 1))
    with pytest.raises(ConfigError) as caught:
        house.load()
    assert caught.value.message.startswith(message)
    assert caught.value.origin.path == str(house_file) and caught.value.origin.line > 0
