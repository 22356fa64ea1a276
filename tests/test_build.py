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
    assert (caught.value.category, str(caught.value)) == (
        "tool", "typst compile (pdf) failed (exit 1): error: out of memory")
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


def test_a_msgstr_edit_rebuilds_the_editions_of_its_language(mini_build, tmp_path: Path, epoch) -> None:
    import docx

    config, _ = mini_build
    for name, where in (("source", config.source), ("output", config.out), ("translations", config.translations)):
        shutil.copytree(where, tmp_path / name)
    copy = replace(config, source=tmp_path / "source", out=tmp_path / "output",
                   translations=tmp_path / "translations", langs=("fr",), formats=("docx",), jobs=1)
    assert build(copy).built == ()  # up to date; records this configuration's inputs
    assert build(copy).summary().startswith("nothing to do, 3 up to date (fr) in ")
    fr = tmp_path / "translations" / "fr.po"
    fr.write_text(fr.read_text(encoding="utf-8").replace('msgstr "De bonnes relations', 'msgstr "Des liens solides'),
                  encoding="utf-8")
    result = build(copy)
    assert relative(result.built, copy.out) == {"fr/manifesto.docx", "fr/handouts/police.docx"}
    for name in ("manifesto.docx", "handouts/police.docx"):
        text = " ".join(p.text for p in docx.Document(str(copy.out / "fr" / name)).paragraphs)
        assert "Des liens solides entre les citoyens" in text, name
        assert "De bonnes relations" not in text, name


@pytest.fixture
def built_copy(mini_build, tmp_path: Path, epoch) -> BuildConfig:
    """A copy of the mini build (source, catalogues, outputs) that a test may edit; French DOCX only, up to date."""
    config, _ = mini_build
    for name, where in (("source", config.source), ("output", config.out), ("translations", config.translations)):
        shutil.copytree(where, tmp_path / name)
    copy = replace(config, source=tmp_path / "source", out=tmp_path / "output",
                   translations=tmp_path / "translations", langs=("fr",), formats=("docx",), jobs=1)
    assert build(copy).built == ()
    return copy


def test_a_theme_edit_after_a_no_op_build_rebuilds(built_copy: BuildConfig) -> None:
    assert build(built_copy).built == ()
    theme = built_copy.source / "themes" / "nightlife.yaml"
    theme.write_text(theme.read_text().replace("increasingly important", "ever more important"))
    assert relative(build(built_copy).built, built_copy.out) == {"fr/manifesto.docx", "fr/handouts/nightlife.docx"}


def test_a_deleted_output_is_built_again(built_copy: BuildConfig) -> None:
    (built_copy.out / "fr" / "handouts" / "police.docx").unlink()
    assert relative(build(built_copy).built, built_copy.out) == {"fr/handouts/police.docx"}


def test_a_build_of_one_language_keeps_the_other_languages_outputs(built_copy: BuildConfig) -> None:
    theme = built_copy.source / "themes" / "nightlife.yaml"
    theme.write_text(theme.read_text().replace("increasingly important", "ever more important"))
    build(built_copy)
    assert sorted(p.name for p in (built_copy.out / "en").iterdir()) == [
        "handouts", "manifesto.docx", "manifesto.epub", "manifesto.pdf"]
    assert len(list((built_copy.out / "en" / "handouts").iterdir())) == 6


def test_the_summary_names_the_languages_of_this_build(built_copy: BuildConfig) -> None:
    english = replace(built_copy, langs=("en",))
    assert build(english).summary().startswith("nothing to do, 3 up to date (en) in ")
    assert build(built_copy).summary().startswith("nothing to do, 3 up to date (fr) in ")


def test_a_handout_is_dated_by_the_last_commit_of_what_it_uses(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    shutil.copytree(FIXTURES / "mini", tmp_path / "source")
    shutil.copytree(FIXTURES / "render" / "translations", tmp_path / "translations")

    def commit(stamp: int, *paths: str) -> None:
        env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
               "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_AUTHOR_DATE": f"@{stamp} +0000",
               "GIT_COMMITTER_DATE": f"@{stamp} +0000"}
        subprocess.run(["git", "-C", str(tmp_path), "add", *paths], check=True, env=env)
        subprocess.run(["git", "-C", str(tmp_path), "commit", "-q", "-m", str(stamp)], check=True, env=env)

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    commit(1600000000, "source", "translations")
    police = tmp_path / "source" / "themes" / "police.yaml"
    police.write_text(police.read_text() + "\n")
    commit(1700000000, "source/themes/police.yaml")
    french = tmp_path / "translations" / "fr.po"
    french.write_text(french.read_text() + "\n")
    commit(1650000000, "translations/fr.po")  # committed later, with an earlier date: the log order counts
    clock = Clock.read(tmp_path / "source", tmp_path / "translations")
    assert clock.head == 1700000000
    assert [clock.imprint(lang, theme).epoch for lang, theme in
            (("en", "police"), ("en", "nightlife"), ("fr", "nightlife"), ("en", ""))] == [
        1700000000, 1600000000, 1650000000, 1700000000]
