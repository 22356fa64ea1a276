"""Build: every edition from the mini source; incremental, reproducible, clear errors."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline import cli
from pipeline.build import BuildConfig, Clock, build
from pipeline.errors import ConfigError
from tests.conftest import FIXTURES, TEST_EPOCH

FULL = {f"{lang}/manifesto.{fmt}" for lang in ("en", "fr") for fmt in ("docx", "pdf", "epub")}


def relative(paths, out: Path) -> set[str]:
    return {str(p.relative_to(out)) for p in paths}


@pytest.fixture
def epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(TEST_EPOCH))


def test_builds_every_edition_and_handout(mini_build) -> None:
    config, result = mini_build
    handouts = {f"{lang}/handouts/{theme}.{fmt}" for lang in ("en", "fr") for theme in ("police", "nightlife")
                for fmt in ("docx", "pdf", "epub")}
    assert relative(result.built, config.out) == FULL | handouts
    assert result.summary().startswith("built 18 file(s), 0 up to date (en, fr) in ")


def test_second_build_does_nothing(mini_build, epoch) -> None:
    config, _ = mini_build
    again = build(config)
    assert again.built == ()
    assert again.summary().startswith("nothing to do, 18 up to date (en, fr) in ")


def test_editing_one_theme_rebuilds_its_handouts_and_the_full_editions(mini_build, tmp_path: Path, epoch) -> None:
    config, _ = mini_build
    shutil.copytree(config.source, tmp_path / "source")
    shutil.copytree(config.out, tmp_path / "output")
    theme = tmp_path / "source" / "themes" / "nightlife.yaml"
    theme.write_text(theme.read_text().replace("increasingly important", "ever more important"))
    copy = replace(config, source=tmp_path / "source", out=tmp_path / "output")
    result = build(copy)
    nightlife = {f"{lang}/handouts/nightlife.{fmt}" for lang in ("en", "fr") for fmt in ("docx", "pdf", "epub")}
    assert relative(result.built, copy.out) == FULL | nightlife
    assert result.unchanged == 6


def test_a_clean_build_is_byte_identical(mini_build, tmp_path: Path, epoch) -> None:
    config, _ = mini_build
    again = build(replace(config, out=tmp_path / "output", jobs=1))
    assert len(again.built) == 18
    for path in again.built:
        assert path.read_bytes() == (config.out / path.relative_to(tmp_path / "output")).read_bytes(), path


def test_one_theme_one_format(mini_build, tmp_path: Path, epoch) -> None:
    config, _ = mini_build
    result = build(replace(config, out=tmp_path, themes=("police",), formats=("pdf",)))
    assert relative(result.built, tmp_path) == {"en/handouts/police.pdf", "fr/handouts/police.pdf"}


def test_unknown_language_is_a_config_error(mini_build) -> None:
    config, _ = mini_build
    with pytest.raises(ConfigError) as caught:
        build(replace(config, langs=("de",)))
    assert str(caught.value) == ("no language 'de' "
                                 "(hint: choose from en, fr (declared under `languages:` in edition.yaml))")


def test_cli_reports_a_bad_format_in_one_line(mini_build, capsys: pytest.CaptureFixture[str]) -> None:
    config, _ = mini_build
    code = cli.main(["--source", str(config.source), "build", "--format", "pdf,odt", "--out", str(config.out),
                     "--translations", str(config.translations)])
    assert code == 1
    assert capsys.readouterr().err == "config: no format 'odt' (hint: choose from docx, pdf, epub (--format))\n"


def test_clock_outside_git_dates_by_the_newest_source_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    shutil.copytree(FIXTURES / "mini", tmp_path / "source")
    for path in (tmp_path / "source").rglob("*.yaml"):
        stamp = 1700000000 if path.name == "edition.yaml" else 1600000000
        os.utime(path, (stamp, stamp))
    clock = Clock.read(tmp_path / "source", tmp_path / "translations")
    assert (clock.revision, clock.head) == ("unknown", 1700000000)
    assert clock.imprint("fr", "police").epoch == 1700000000


def test_source_date_epoch_wins(epoch) -> None:
    clock = Clock.read(FIXTURES / "mini", FIXTURES / "render" / "translations")
    assert clock.imprint("fr").epoch == TEST_EPOCH
    assert clock.imprint("fr", "police").epoch == TEST_EPOCH


def test_config_defaults_match_the_cli() -> None:
    assert BuildConfig().formats == ("docx", "pdf", "epub")
    assert BuildConfig().jobs == 2


def test_a_failed_render_stops_the_build_and_is_retried_next_time(
        mini_build, tmp_path: Path, epoch, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline import typst_pdf
    from pipeline.errors import PipelineError, ToolError

    config, _ = mini_build
    copy = replace(config, out=tmp_path / "output", jobs=1, formats=("pdf",), langs=("en",))

    def broken(source: str, epoch: int) -> bytes:
        raise ToolError("typst compile (pdf)", 1, "error: out of memory")

    monkeypatch.setattr(typst_pdf, "pdf", broken)
    with pytest.raises(PipelineError) as caught:
        build(copy)
    assert (caught.value.category, str(caught.value)) == ("tool", f"{copy.out / 'en' / 'manifesto.pdf'}: typst compile "
                                                          "(pdf) failed (exit 1): error: out of memory")
    assert not list(copy.out.rglob("*.pdf")) and not list(copy.out.rglob("*.tmp*"))
    monkeypatch.undo()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(TEST_EPOCH))
    assert len(build(copy).built) == 3


def test_a_theme_removed_from_the_edition_loses_its_handouts(mini_build, tmp_path: Path, epoch) -> None:
    config, _ = mini_build
    shutil.copytree(config.source, tmp_path / "source")
    shutil.copytree(config.out, tmp_path / "output")
    edition = tmp_path / "source" / "edition.yaml"
    edition.write_text(edition.read_text().replace("themes: [police, nightlife]", "themes: [police]"))
    (tmp_path / "source" / "themes" / "nightlife.yaml").unlink()
    result = build(replace(config, source=tmp_path / "source", out=tmp_path / "output"))
    assert relative(result.built, tmp_path / "output") == FULL
    assert sorted(p.name for p in (tmp_path / "output" / "fr" / "handouts").iterdir()) == [
        "police.docx", "police.epub", "police.pdf"]
    assert "en/handouts/nightlife.pdf" not in (tmp_path / "output" / ".build-state.json").read_text()


@pytest.mark.parametrize(("name", "line", "message", "hint"), [
    ("links-javascript.po", 16, "Q106 edition.title: link target 'javascript:alert(1)' is not allowed: its scheme is "
     "'javascript'", "link only to http://, https:// or mailto: addresses, or to an #anchor in the document"),
    ("control-characters.po", 22, "Q107 police.title: forbidden character U+0007 (a control character) in the "
     "translation", "delete it: control characters and bidirectional overrides are invisible and change what "
     "prints; for right-to-left text use the marks U+200E/U+200F"),
])
def test_a_translation_with_an_unsafe_link_or_character_is_refused_before_anything_is_written(
        tmp_path: Path, epoch, capsys: pytest.CaptureFixture[str], name: str, line: int, message: str,
        hint: str) -> None:
    shutil.copytree(FIXTURES / "mini", tmp_path / "source")
    (tmp_path / "translations").mkdir()
    po = tmp_path / "translations" / "fr.po"
    shutil.copy(FIXTURES / "bad" / name, po)
    code = cli.main(["--source", str(tmp_path / "source"), "build", "--jobs", "1", "--out", str(tmp_path / "out"),
                     "--translations", str(tmp_path / "translations")])
    assert (code, capsys.readouterr().err) == (1, f"catalog: {po}:{line}: {message} (hint: {hint})\n")
    assert [p for p in (tmp_path / "out").rglob("*") if p.is_file() and not p.name.startswith(".build-state")] == []


def test_a_text_the_pdf_cannot_print_is_blamed_on_its_catalogue_entry(
        tmp_path: Path, epoch, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(FIXTURES / "mini", tmp_path / "source")
    (tmp_path / "translations").mkdir()
    po = tmp_path / "translations" / "fr.po"
    header = (FIXTURES / "bad" / "links-javascript.po").read_text("utf-8").split("\n\n")[0]
    po.write_text(f'{header}\n\nmsgctxt "police.title"\nmsgid "Police"\nmsgstr "Police \u4e16"\n', "utf-8")
    out = tmp_path / "out"
    code = cli.main(["--source", str(tmp_path / "source"), "build", "--lang", "fr", "--theme", "police", "--format",
                     "docx,pdf", "--jobs", "1", "--out", str(out), "--translations", str(tmp_path / "translations")])
    assert (code, capsys.readouterr().err) == (1, (
        f"tool: {po}:14: unit 'police.title': {out / 'fr' / 'handouts' / 'police.pdf'}: typst compile (pdf) failed "
        "(exit 1): PDF/UA-1 error: the text `\"\u4e16\"` could not be displayed with font `\"DejaVu Sans\"` "
        "(hint: change or remove what the tool quotes)\n"))
    assert not list((out / "fr").rglob("*.*"))  # nor the DOCX made before the PDF failed


def test_a_source_with_an_unsafe_link_is_refused_before_anything_is_written(
        tmp_path: Path, epoch, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(FIXTURES / "mini", tmp_path / "source")
    theme = tmp_path / "source" / "themes" / "nightlife.yaml"
    shutil.copy(FIXTURES / "bad" / "links-javascript.yaml", theme)
    code = cli.main(["--source", str(tmp_path / "source"), "build", "--jobs", "1", "--out", str(tmp_path / "out"),
                     "--translations", str(FIXTURES / "render" / "translations")])
    errors = capsys.readouterr().err.splitlines()
    assert code == 1 and len(errors) == 9
    assert errors[0] == (f"source: {theme}:11: unit 'nightlife.intro.inline': link target 'javascript:alert(1)' is "
                         "not allowed: its scheme is 'javascript' (hint: link only to http://, https:// or mailto: "
                         "addresses, or to an #anchor in the document)")
    assert not (tmp_path / "out").exists()
