"""The importer: deterministic, faithful structure, valid output, clear errors on bad exports."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import source
from pipeline.errors import SourceError
from pipeline.source import export, importer

from .conftest import EXPORT


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("import") / "source"
    importer.run(EXPORT, out)
    return out


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_import_is_deterministic(imported: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    importer.run(EXPORT, again)
    assert tree(again) == tree(imported)


def test_imported_source_is_valid_and_has_the_18_themes_of_the_toc(imported: Path) -> None:
    assert source.validate(imported) == []
    edition = source.load(imported)
    assert [t.title.text for t in edition.themes][:4] == ["Police", "Justice", "Security continuum", "Mental Health"]
    assert len(edition.themes) == 18
    assert edition.themes[-1].id == "public-spaces"
    assert (edition.title.text, edition.publisher.text, edition.year) == (
        "Manifesto thematic recommendations", "European Forum for Urban Security", 2025)


def test_structure_bullets_sub_bullets_paragraphs_and_practice_names(imported: Path) -> None:
    edition = source.load(imported)
    police = edition.theme("police")
    assert police.section("introduction").layout == "paragraphs"
    assert len(police.section("recommendations").units) == 8
    nice = police.section("practices").units[1]
    assert nice.title.text == "Cities of Nice: involving citizens"
    assert nice.text.startswith("In Nice (France), citizens")
    mental = edition.theme("mental-health").section("recommendations")
    assert [len(u.children) for u in mental.units][:3] == [0, 2, 2]


def test_page_break_continuations_are_joined_and_logged(imported: Path) -> None:
    edition = source.load(imported)
    staff = edition.theme("police").section("recommendations").units[5]
    assert "(gender, ethnic background, languages spoken...)" in staff.text
    joins = [e for e in edition.errata if e.kind == "joined-lines"]
    assert (joins[0].first_line, joins[0].last_line) == (55, 59)
    toc = next(e for e in edition.errata if e.kind == "dropped-toc")
    assert (toc.first_line, toc.last_line) == (16, 38)


def test_debris_is_kept_for_the_curator(imported: Path) -> None:
    """The importer converts structure only: textual debris stays visible for `manifesto check`."""
    edition = source.load(imported)
    texts = [u.text for u in edition.walk()]
    assert "12" in texts
    assert any(t.endswith("convient de développer des référentiels de formation spécifiquement conçus pour les agents "
                          "de police locale, par exemple dans le cadre d'académies de police.") for t in texts)
    assert any("[Lisbon Community Policing model]{.link-unknown}" in t for t in texts)
    assert edition.theme("justice").sections[1].heading == "Recommendations:"


def test_refuses_to_overwrite_a_curated_source(imported: Path) -> None:
    with pytest.raises(SourceError, match="exists and is not empty") as err:
        importer.run(EXPORT, imported)
    assert "--force" in err.value.hint


def test_bad_exports(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="export file not found"):
        importer.run(tmp_path / "nope.txt", tmp_path / "out")
    bad = tmp_path / "bad.txt"
    bad.write_text("Just a note\n\nwith no table of contents\n", "utf-8")
    with pytest.raises(SourceError) as err:
        importer.run(bad, tmp_path / "out")
    assert str(err.value).startswith(f"{bad}:1: no line 'Table of contents' in the export")
    assert not (tmp_path / "out").exists()


def test_inline_markup_of_the_export() -> None:
    assert export._inline("See http://efus.eu/a and https://efus.eu/b, or <https://x.eu> and [r](https://y.eu).") \
        == "See <http://efus.eu/a> and <https://efus.eu/b>, or <https://x.eu> and [r](https://y.eu)."
    assert export._inline(r"[Manifesto \(2017\)](#) and [x](#)") == "[Manifesto (2017)]{.link-unknown} and " \
        "[x]{.link-unknown}"
