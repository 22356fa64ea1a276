"""Build: every edition from the mini source; incremental, reproducible, clear errors."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest

from pipeline import cli, house
from pipeline.build import BuildConfig, build
from pipeline.build.dating import Clock
from pipeline.errors import ConfigError
from pipeline.project import Project
from tests.conftest import FIXTURES, ROOT, TEST_EPOCH, dead_pid

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
    assert relative(result.built, config.project.out) == FULL | handouts
    assert result.summary().startswith("built 18 file(s), 0 up to date (en, fr) in ")
    hidden = {p.name for p in config.project.out.glob(".*")} | {p.name for p in config.project.out.glob("*/**/.*")}
    assert hidden == {".build-state.json", ".cache"}  # the state, the render assets: no lock file, no temporary


def test_a_build_sweeps_a_killed_builds_debris_at_any_depth(mini_build, tmp_path: Path, epoch) -> None:
    config, _ = mini_build
    out = tmp_path / "output"
    shutil.copytree(config.project.out, out)
    deep = out / "preview" / "de" / "handouts" / f".police.pdf.{dead_pid()}-x1y2.tmp.pdf"
    deep.parent.mkdir(parents=True)
    deep.write_bytes(b"")
    build(replace(config, project=replace(config.project, out=out)))
    assert not deep.exists()


def test_second_build_does_nothing(mini_build, epoch) -> None:
    config, _ = mini_build
    again = build(config)
    assert again.built == ()
    assert again.summary().startswith("nothing to do, 18 up to date (en, fr) in ")


def test_editing_one_theme_rebuilds_its_handouts_and_the_full_editions(mini_build, tmp_path: Path, epoch) -> None:
    config, _ = mini_build
    shutil.copytree(config.project.source, tmp_path / "source")
    shutil.copytree(config.project.out, tmp_path / "output")
    theme = tmp_path / "source" / "themes" / "nightlife.yaml"
    theme.write_text(theme.read_text().replace("increasingly important", "ever more important"))
    copy = replace(config, project=Project(tmp_path / "source", config.project.translations, tmp_path / "output"))
    result = build(copy)
    nightlife = {f"{lang}/handouts/nightlife.{fmt}" for lang in ("en", "fr") for fmt in ("docx", "pdf", "epub")}
    assert relative(result.built, copy.project.out) == FULL | nightlife
    assert result.unchanged == 6


def test_a_clean_build_is_byte_identical(mini_build, tmp_path: Path, epoch) -> None:
    config, _ = mini_build
    again = build(replace(config, project=replace(config.project, out=tmp_path / "output"), jobs=1))
    assert len(again.built) == 18
    for path in again.built:
        assert path.read_bytes() == (config.project.out / path.relative_to(tmp_path / "output")).read_bytes(), path


def test_one_theme_one_format(mini_build, tmp_path: Path, epoch) -> None:
    config, _ = mini_build
    result = build(replace(config, project=replace(config.project, out=tmp_path), themes=("police",), formats=("pdf",)))
    assert relative(result.built, tmp_path) == {"en/handouts/police.pdf", "fr/handouts/police.pdf"}


def test_unknown_language_is_a_config_error(mini_build) -> None:
    config, _ = mini_build
    with pytest.raises(ConfigError) as caught:
        build(replace(config, langs=("de",)))
    assert str(caught.value) == ("no language 'de' "
                                 "(hint: choose from en, fr (declared under `languages:` in edition.yaml))")


def test_cli_reports_a_bad_format_in_one_line(mini_build, capsys: pytest.CaptureFixture[str]) -> None:
    config, _ = mini_build
    where = config.project
    code = cli.main(["--source", str(where.source), "build", "--format", "pdf,odt", "--out", str(where.out),
                     "--translations", str(where.translations)])
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
    from pipeline.errors import PipelineError, ToolError
    from pipeline.tools import typst_pdf

    config, _ = mini_build
    copy = replace(config, project=replace(config.project, out=tmp_path / "output"), jobs=1, formats=("pdf",),
                   langs=("en",))

    def broken(source: str, epoch: int) -> bytes:
        raise ToolError("typst compile (pdf)", 1, "error: out of memory")

    monkeypatch.setattr(typst_pdf, "pdf_and_theme_ends", broken)
    with pytest.raises(PipelineError) as caught:
        build(copy)
    pdf = copy.project.out / "en" / "manifesto.pdf"
    assert (caught.value.category, str(caught.value)) == (
        "tool", f"{pdf}: typst compile (pdf) failed (exit 1): error: out of memory")
    assert not list(copy.project.out.rglob("*.pdf")) and not list(copy.project.out.rglob("*.tmp*"))
    monkeypatch.undo()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(TEST_EPOCH))
    assert len(build(copy).built) == 3


def test_a_theme_removed_from_the_edition_loses_its_handouts(mini_build, tmp_path: Path, epoch) -> None:
    config, _ = mini_build
    shutil.copytree(config.project.source, tmp_path / "source")
    shutil.copytree(config.project.out, tmp_path / "output")
    edition = tmp_path / "source" / "edition.yaml"
    edition.write_text(edition.read_text().replace("themes: [police, nightlife]", "themes: [police]"))
    (tmp_path / "source" / "themes" / "nightlife.yaml").unlink()
    moved = Project(tmp_path / "source", config.project.translations, tmp_path / "output")
    result = build(replace(config, project=moved))
    assert relative(result.built, tmp_path / "output") == FULL
    assert sorted(p.name for p in (tmp_path / "output" / "fr" / "handouts").iterdir()) == [
        "police.docx", "police.epub", "police.pdf"]
    assert "en/handouts/nightlife.pdf" not in (tmp_path / "output" / ".build-state.json").read_text()


def _cli_build(source: Path, out: Path | str, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", "--source", str(source), "build", "--out", str(out),
                           "--translations", str(FIXTURES / "render" / "translations"), *extra],
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize(("out", "expected"), [
    ("README.md", "config: --out README.md is a file, not a folder (hint: give a folder for the editions "
                  "(default: output))"),
    ("/proc/nope/out", "file: /proc/nope: no such file or directory (hint: check the path: the file or a folder "
                       "on the way to it does not exist)"),
    ("/sys/kernel", "file: /sys/kernel: permission denied (hint: make it writable (or readable) for you, or "
                    "choose another --out folder)"),
])
def test_an_output_folder_that_cannot_be_written_is_one_line_before_any_work(out: str, expected: str) -> None:
    # /sys/kernel refuses new files even to root: the stand-in for a read-only output/ on any machine.
    result = _cli_build(FIXTURES / "mini", out)
    assert (result.returncode, result.stderr, result.stdout) == (1, expected + "\n", "")


def test_an_error_in_a_render_worker_reaches_the_user_as_one_line_with_its_file(mini_build, tmp_path: Path) -> None:
    config, _ = mini_build
    out = tmp_path / "output"
    blocker = out / "en" / "handouts" / "police.pdf"
    (blocker / "in-the-way").mkdir(parents=True)  # a folder where the PDF must go: os.replace fails in the worker
    result = _cli_build(config.project.source, out, "--jobs", "2", "--lang", "en", "--handouts-only")
    assert result.returncode == 1
    assert result.stderr == f"file: {blocker}: is a directory (hint: the path is a folder, not a file)\n"
    assert "Traceback" not in result.stderr


def test_a_build_sweeps_what_a_killed_build_left(mini_build, tmp_path: Path, epoch) -> None:
    config, _ = mini_build
    out = tmp_path / "output"
    shutil.copytree(config.project.out, out)
    debris = out / "en" / f".manifesto.pdf.{dead_pid()}-x1y2.tmp.pdf"
    debris.write_bytes(b"")
    build(replace(config, project=replace(config.project, out=out)))
    assert not debris.exists()
    assert not [p for p in out.rglob("*") if ".tmp" in p.name]


def test_published_files_are_world_readable(mini_build) -> None:
    config, result = mini_build
    modes = {oct(path.stat().st_mode & 0o044) for path in result.built}
    assert modes == {oct(0o044)}, "an edition is unreadable to other users"


@pytest.mark.slow
def test_killing_a_build_stops_its_workers_and_the_next_build_leaves_no_debris(tmp_path: Path) -> None:
    out = tmp_path / "output"
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "build", "--out", str(out), "--jobs", "2"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while not any(".tmp" in p.name for p in out.rglob("*")) and time.monotonic() < deadline:
        time.sleep(0.02)  # wait until the workers are writing
    assert proc.poll() is None, "the build ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    group_alive = True
    while group_alive and time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)
            time.sleep(0.1)
        except ProcessLookupError:
            group_alive = False
    assert not group_alive, "worker processes outlived the killed build"
    state = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    time.sleep(1)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == state, "something still writes outputs"
    result = subprocess.run([sys.executable, "-m", "pipeline", "build", "--out", str(out), "--lang", "en",
                             "--handouts-only", "--theme", "police"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert not [p for p in out.rglob("*") if ".tmp" in p.name]


REGIONAL = ("pt-BR", "sr-Latn", "fr-CA", "sr-Cyrl-RS")


@pytest.mark.slow
def test_regional_and_script_languages_end_to_end(tmp_path: Path, epoch) -> None:
    """add-language pt-BR (sr-Latn, fr-CA, sr-Cyrl-RS), then build, review and audit: every tag read back."""
    from pipeline import audit, catalog

    shutil.copytree(FIXTURES / "mini", tmp_path / "source")
    shutil.copytree(FIXTURES / "render" / "translations", tmp_path / "translations")
    common = ["--source", str(tmp_path / "source")]
    tdir = ["--translations", str(tmp_path / "translations")]
    for lang in REGIONAL:
        assert cli.main([*common, "add-language", lang, *tdir]) == 0
    catalog.apply("pt-BR", tmp_path / "translations", [catalog.Change("police.title", msgstr="Polícia")])
    out = tmp_path / "output"
    assert cli.main([*common, "build", "--theme", "police", "--out", str(out), *tdir]) == 0
    for lang in ("en", "fr", *REGIONAL):  # English and French build too
        assert {p.name for p in (out / lang / "handouts").iterdir()} == {f"police.{f}" for f in ("docx", "pdf", "epub")}
    for lang in REGIONAL:
        handout = out / lang / "handouts" / "police"
        assert docx_language(handout.with_suffix(".docx")) == lang
        assert epub_languages(handout.with_suffix(".epub")) == (lang, lang)
        assert pdf_language(handout.with_suffix(".pdf")) == {"sr-Latn": "sr", "sr-Cyrl-RS": "sr-RS"}.get(lang, lang)
    paragraphs = docx.Document(str(out / "pt-BR" / "handouts" / "police.docx")).paragraphs
    assert next(p.text for p in paragraphs if p.style.name == "Heading 1") == "Polícia"
    report = audit.audit(Project(tmp_path / "source", tmp_path / "translations", out), epubcheck=False)
    assert report.failures() == ()
    assert any(c.name == "French typography in French text" for c in report.checks if "/fr-CA/" in c.path)
    assert cli.main([*common, "review", "pt-BR", "sr-Latn", "--out", str(tmp_path / "review"), *tdir]) == 0
    for lang in ("pt-BR", "sr-Latn"):
        page = (tmp_path / "review" / f"{lang}.html").read_text(encoding="utf-8")
        assert re.findall(r'<td class="translation" lang="([^"]+)"', page)[:1] == [lang]
        review = docx.Document(str(tmp_path / "review" / f"{lang}.docx"))
        assert review.core_properties.language == lang
        style = review.styles["Review Translation"].element
        assert style.xpath("./w:rPr/w:lang/@w:val") == [lang]


def docx_language(path: Path) -> str:
    """The document's default language (Word keeps Chinese in w:eastAsia), checked against its properties."""
    with zipfile.ZipFile(path) as package:
        styles = package.read("word/styles.xml").decode()
    attrs = dict(re.findall(r'w:(\w+)="([^"]*)"', re.search(r"<w:rPrDefault>.*?<w:lang ([^>]*)>", styles, re.S)[1]))
    language = docx.Document(str(path)).core_properties.language
    assert attrs["eastAsia" if language.startswith("zh") else "val"] == language
    return language


def epub_languages(path: Path) -> tuple[str, str]:
    """(dc:language, the package's xml:lang) of an EPUB."""
    with zipfile.ZipFile(path) as package:
        opf = package.read("EPUB/content.opf").decode()
    return re.search(r"<dc:language>([^<]+)<", opf)[1], re.search(r'<package [^>]*xml:lang="([^"]+)"', opf)[1]


def pdf_language(path: Path) -> str:
    """The PDF catalogue's /Lang (Typst writes it uncompressed)."""
    found = re.search(rb"/Type\s*/Catalog[^>]*?/Lang\s*\(([^)]*)\)|/Lang\s*\(([^)]*)\)[^>]*?/Type\s*/Catalog",
                      path.read_bytes())
    return (found[1] or found[2]).decode()


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
        f"tool: {po}:14: unit 'police.title': {out / 'fr' / 'handouts' / 'police.pdf'} (the print layout its DOCX "
        "follows): typst compile (pdf) failed (exit 1): PDF/UA-1 error: the text `\"\u4e16\"` could not be displayed "
        "with font "
        f"`\"{house.load().type['sans']}\"` "
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


@pytest.fixture
def built_copy(mini_build, tmp_path: Path, epoch) -> BuildConfig:
    """A copy of the mini build (source, catalogues, outputs) that a test may edit; French DOCX only, up to date."""
    config, _ = mini_build
    for name, where in (("source", config.project.source), ("output", config.project.out),
                        ("translations", config.project.translations)):
        shutil.copytree(where, tmp_path / name)
    copy = replace(config, project=Project(tmp_path / "source", tmp_path / "translations", tmp_path / "output"),
                   langs=("fr",), formats=("docx",), jobs=1)
    assert build(copy).built == ()
    return copy


def test_a_msgstr_edit_rebuilds_the_editions_of_its_language(built_copy: BuildConfig, tmp_path: Path) -> None:
    import docx

    copy = built_copy  # up to date; its inputs recorded
    assert build(copy).summary().startswith("nothing to do, 3 up to date (fr) in ")
    fr = tmp_path / "translations" / "fr.po"
    fr.write_text(fr.read_text(encoding="utf-8").replace('msgstr "De bonnes relations', 'msgstr "Des liens solides'),
                  encoding="utf-8")
    result = build(copy)
    assert relative(result.built, copy.project.out) == {"fr/manifesto.docx", "fr/handouts/police.docx"}
    for name in ("manifesto.docx", "handouts/police.docx"):
        text = " ".join(p.text for p in docx.Document(str(copy.project.out / "fr" / name)).paragraphs)
        assert "Des liens solides entre les citoyens" in text, name
        assert "De bonnes relations" not in text, name


def test_a_theme_edit_after_a_no_op_build_rebuilds(built_copy: BuildConfig) -> None:
    assert build(built_copy).built == ()
    theme = built_copy.project.source / "themes" / "nightlife.yaml"
    theme.write_text(theme.read_text().replace("increasingly important", "ever more important"))
    built = build(built_copy).built
    assert relative(built, built_copy.project.out) == {"fr/manifesto.docx", "fr/handouts/nightlife.docx"}


def test_a_deleted_output_is_built_again(built_copy: BuildConfig) -> None:
    (built_copy.project.out / "fr" / "handouts" / "police.docx").unlink()
    assert relative(build(built_copy).built, built_copy.project.out) == {"fr/handouts/police.docx"}


def test_a_build_of_one_language_keeps_the_other_languages_outputs(built_copy: BuildConfig) -> None:
    theme = built_copy.project.source / "themes" / "nightlife.yaml"
    theme.write_text(theme.read_text().replace("increasingly important", "ever more important"))
    build(built_copy)
    assert sorted(p.name for p in (built_copy.project.out / "en").iterdir()) == [
        "handouts", "manifesto.docx", "manifesto.epub", "manifesto.pdf"]
    assert len(list((built_copy.project.out / "en" / "handouts").iterdir())) == 6


def test_the_summary_names_the_languages_of_this_build(built_copy: BuildConfig) -> None:
    english = replace(built_copy, langs=("en",))
    assert build(english).summary().startswith("nothing to do, 3 up to date (en) in ")
    assert build(built_copy).summary().startswith("nothing to do, 3 up to date (fr) in ")


def test_an_edition_is_dated_by_the_last_commit_of_the_content_it_prints(tmp_path: Path,
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
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "x.typ").write_text("// code\n")
    commit(1800000000, "templates")  # a code-only commit: no edition's date
    clock = Clock.read(tmp_path / "source", tmp_path / "translations")
    assert clock.head == 1800000000
    assert [clock.imprint(lang, theme).epoch for lang, theme in
            (("en", "police"), ("en", "nightlife"), ("fr", "nightlife"), ("en", ""), ("fr", ""))] == [
        1700000000, 1600000000, 1650000000, 1700000000, 1700000000]
    french.write_text(french.read_text() + "\n")
    commit(1750000000, "translations/fr.po")  # a translation's change dates the French editions only
    clock = Clock.read(tmp_path / "source", tmp_path / "translations")
    assert [clock.imprint(lang, "").epoch for lang in ("en", "fr")] == [1700000000, 1750000000]


def test_a_release_build_refuses_a_translation_not_wholly_reviewed(mini_build, tmp_path: Path, capsys) -> None:
    config, _ = mini_build
    common = ["--source", str(config.project.source), "build", "--release", "--out", str(tmp_path / "out"),
              "--translations", str(config.project.translations)]
    assert cli.main(common) == 1
    assert capsys.readouterr().err == (
        f"release: {config.project.translations}: not reviewed in full, so not for release: fr: 39 (edition 27, "
        "police 9, nightlife 3) (hint: review them (`manifesto review fr`), or build without --release)\n")
    assert not (tmp_path / "out").exists()  # refused before anything was written
    assert cli.main([*common, "--lang", "en", "--theme", "police", "--format", "docx"]) == 0  # the source's edition


def test_a_title_with_a_backslash_and_markup_is_text_in_every_format(tmp_path: Path, epoch) -> None:
    """No text is a regular-expression template or markup: `Police \\index & <b>` builds and reads back literally."""
    import polib

    shutil.copytree(FIXTURES / "mini", tmp_path / "source")
    shutil.copytree(FIXTURES / "render" / "translations", tmp_path / "translations")
    police = tmp_path / "source" / "themes" / "police.yaml"
    police.write_text(police.read_text().replace("title: Police\n", "title: 'Police \\index & <b>'\n", 1), "utf-8")
    edition = tmp_path / "source" / "edition.yaml"
    publisher = 'The "Urban" \\ Forum'
    edition.write_text(re.sub(r"(?m)^publisher: .*$", lambda _: f"publisher: '{publisher}'", edition.read_text()),
                       "utf-8")
    catalogue = polib.pofile(str(tmp_path / "translations" / "fr.po"))
    catalogue.append(polib.POEntry(msgctxt="police.title", msgid="Police \\index & <b>", msgstr="Polic\\e \\1 & <b>"))
    catalogue.save()
    project = Project(tmp_path / "source", tmp_path / "translations", tmp_path / "out")
    build(BuildConfig(project, themes=("police",), jobs=1))
    for lang, title in (("en", "Police \\index & <b>"), ("fr", "Polic\\e \\1 & <b>")):
        handout = project.out / lang / "handouts" / "police"
        with zipfile.ZipFile(handout.with_suffix(".docx")) as package:
            footer = b"".join(package.read(n) for n in package.namelist() if n.startswith("word/footer"))
        assert title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode() in footer
        assert next(p.text for p in docx.Document(str(handout.with_suffix(".docx"))).paragraphs
                    if p.style.name == "Heading 1") == title
        with zipfile.ZipFile(handout.with_suffix(".epub")) as package:
            page = package.read("EPUB/text/ch001.xhtml").decode()
        assert "<title>" + title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</title>" in page
        text = subprocess.run(["pdftotext", str(handout.with_suffix(".pdf")), "-"], capture_output=True,
                              text=True).stdout
        assert title in text
        info = subprocess.run(["pdfinfo", str(handout.with_suffix(".pdf"))], capture_output=True, text=True).stdout
        assert re.search(r"^Author: +(.*)$", info, re.M)[1] in (publisher, "Forum européen pour la sécurité urbaine")


def _tree(out: Path) -> dict[str, bytes]:
    """Every edition under `out` by its path, with its bytes (the build's own state and caches left out)."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.suffix in (".docx", ".pdf", ".epub")}


@pytest.mark.slow
def test_edit_rebuild_revert_rebuild_gives_the_first_build_s_bytes(mini_build, tmp_path: Path, epoch) -> None:
    """A history: a source edit and a catalogue edit, each rebuilt, then both reverted and rebuilt. The incremental
    build must end where a clean build of the same inputs is, byte for byte, and must not keep a stale file."""
    config, _ = mini_build
    shutil.copytree(config.project.source, tmp_path / "source")
    shutil.copytree(config.project.translations, tmp_path / "translations")
    project = Project(tmp_path / "source", tmp_path / "translations", tmp_path / "output")
    history = replace(config, project=project)
    build(history)
    first = _tree(project.out)
    theme, po_file = tmp_path / "source" / "themes" / "nightlife.yaml", tmp_path / "translations" / "fr.po"
    theme_text, po_text = theme.read_text(encoding="utf-8"), po_file.read_text(encoding="utf-8")
    theme.write_text(theme_text.replace("increasingly important", "ever more important"), encoding="utf-8")
    edited = build(history)
    assert edited.built and _tree(project.out) != first
    po_file.write_text(po_text.replace('msgstr "Sommaire"', 'msgstr "Table des matières"'), encoding="utf-8")
    assert "fr/manifesto.pdf" in relative(build(history).built, project.out)
    theme.write_text(theme_text, encoding="utf-8")
    po_file.write_text(po_text, encoding="utf-8")
    reverted = build(history)
    assert reverted.built  # what the edits changed is made again, not taken as up to date
    assert _tree(project.out) == first
    assert build(history).built == ()
