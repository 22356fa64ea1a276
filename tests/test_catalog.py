"""Catalogues: statuses, extract/update round trips, atomic edits, malformed files, stats, add-language."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
import yaml

from pipeline import catalog, cli, qa, source, yamlsource
from pipeline.catalog import extract, po
from pipeline.errors import CatalogError, Origin, SourceError, SourceErrors
from pipeline.model import Unit
from tests.conftest import FIXTURES
from tests.test_langtag import BAD_TAGS

CATALOG = FIXTURES / "catalog"
QUOTE = "police.rec.private-sector-quote"
QUOTE_EN = "“The areas in which the private sector may cooperate must be very clearly defined.”"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder (source/ + translations/) with fresh catalogues, at a fixed SOURCE_DATE_EPOCH."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # 2025-01-01
    shutil.copytree(FIXTURES / "mini", tmp_path / "source")
    edition = source.load(tmp_path / "source")
    extract.extract(edition, tmp_path / "translations")
    for lang in edition.languages:
        extract.update(edition, lang, tmp_path / "translations")
    return tmp_path


def reload_update(project: Path, lang: str = "en") -> extract.UpdateResult:
    return extract.update(source.load(project / "source"), lang, project / "translations")


def edit_source(project: Path, old: str, new: str, name: str = "police") -> None:
    path = project / "source" / "themes" / f"{name}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def msgfmt(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["msgfmt", "-c", "--check-format", "-o", "/dev/null", str(path)],
                          capture_output=True, text=True, check=False)


def test_statuses_as_documented(tmp_path: Path) -> None:
    shutil.copy(CATALOG / "statuses.po", tmp_path / "en.po")
    found = {k: (v.text, v.status) for k, v in catalog.translations("en", tmp_path).items()}
    assert found == {
        "u.untranslated": ("", "untranslated"), "u.fuzzy": ("Fuzzy text", "fuzzy"),
        "u.machine": ("Machine text", "machine"), "u.translated": ("Translated text", "translated"),
        "u.stale-review": ("Reviewed then edited", "translated"),  # its review hash no longer matches
        "u.reviewed": ("Reviewed text", "reviewed"),
    }
    assert catalog.translations("de", tmp_path) == {}


def test_load_gives_entries_with_origin_and_history(tmp_path: Path) -> None:
    shutil.copy(CATALOG / "statuses.po", tmp_path / "en.po")
    cat = catalog.load("en", tmp_path)
    fuzzy = cat.get("u.fuzzy")
    assert fuzzy.origin.line == 22 and fuzzy.previous_msgid == "Ancien texte"
    assert fuzzy.occurrences == ("source/themes/police.yaml:15",)
    assert cat.get("u.untranslated").extracted_comments == ("police / recommendations",)
    assert cat.get("u.reviewed").notes == ("A note for the reviewer.",)
    assert cat.get("u.gone") is None  # obsolete entries are not active
    with pytest.raises(CatalogError, match=r"no catalogue for 'de' \(hint: run `manifesto update de`"):
        catalog.load("de", tmp_path)


@pytest.mark.parametrize(("name", "text", "message"), [
    ("unterminated", 'msgctxt "a"\nmsgid "x\nmsgstr "y"\n', "{p}:17: end-of-line within string"),  # the msgid
    ("duplicate", 'msgctxt "a"\nmsgid "x"\nmsgstr "y"\n\nmsgctxt "a"\nmsgid "x"\nmsgstr "z"\n',
     "{p}:21: duplicate message definition (first defined at line 18)"),
    ("charset", None, "{p}:12: charset 'ISO-8859-1' declared; catalogues must be UTF-8 (hint: convert the file with "
                      "`msgconv -t UTF-8` and check the result)"),
    ("bytes", 'msgctxt "a"\nmsgid "x"\nmsgstr "\udce9t\udce9"\n', "{p}:18: invalid multibyte sequence"),
    ("same id", 'msgctxt "a"\nmsgid "x"\nmsgstr "y"\n\nmsgctxt "a"\nmsgid "z"\nmsgstr "z"\n',
     "{p}:20: unit id 'a' appears twice (first at line 16) (hint: delete one of the two entries)"),
    ("format", '#, python-format\nmsgctxt "a"\nmsgid "%(n)s venues"\nmsgstr "lieux"\n',
     "{p}:19: a format specification for argument 'n' doesn't exist in 'msgstr'"),
])
def test_malformed_catalogues_are_rejected_with_path_and_line(tmp_path: Path, name: str, text: str | None,
                                                               message: str) -> None:
    header = (CATALOG / "statuses.po").read_text(encoding="utf-8").split("\n\n")[0] + "\n\n"
    path = tmp_path / "en.po"
    if text is None:
        body = header.replace("charset=UTF-8", "charset=ISO-8859-1") + 'msgctxt "a"\nmsgid "x"\nmsgstr "\u00e9"\n'
        path.write_bytes(body.encode("latin-1"))
    else:
        path.write_bytes((header + text).encode("utf-8", errors="surrogateescape"))
    before = path.read_bytes()
    with pytest.raises(CatalogError) as err:
        catalog.translations("en", tmp_path)
    assert str(err.value).startswith(message.format(p=path))
    assert path.read_bytes() == before  # never repaired


def test_extract_writes_a_clean_template(project: Path) -> None:
    pot = project / "translations" / "manifesto.pot"
    entries = {e.msgctxt: e for e in polib.pofile(str(pot))}
    angela = entries["police.practice.ask-for-angela"]
    assert angela.msgid == "[Ask for Angela]{.name}: 90% of partner venues display the logo."
    assert angela.flags == []  # no python-format on "90% of"
    assert angela.comment == "police / practices\nsource language: en\nname, keep as is: Ask for Angela"
    line = next(u for u in source.load(project / "source").walk() if u.id == angela.msgctxt).origin.line
    assert angela.occurrences == [("source/themes/police.yaml", str(line))]
    assert "police.ref.livre-blanc" not in entries  # never-translate
    assert entries["section.introduction"].comment.startswith("edition strings")
    for name in ("manifesto.pot", "en.po", "fr.po"):
        assert msgfmt(project / "translations" / name).stdout == ""
    for name in ("en.po", "fr.po"):
        assert msgfmt(project / "translations" / name).returncode == 0


def test_catalogues_hold_units_in_other_languages(project: Path) -> None:
    en, fr = catalog.load("en", project / "translations"), catalog.load("fr", project / "translations")
    assert [e.msgctxt for e in en.entries] == [QUOTE]
    assert QUOTE not in {e.msgctxt for e in fr.entries}
    assert {"edition.title", "section.references", "police.title", "police.rec.coordination.cooperation",
            "police.practice.belgian-partnerships.title"} <= {e.msgctxt for e in fr.entries}
    text = (project / "translations" / "fr.po").read_text(encoding="utf-8")
    assert '"Language: fr\\n"' in text and '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"' in text
    assert '"POT-Creation-Date: 2025-01-01 00:00+0000\\n"' in text
    assert text.startswith("# French translations of Mini manifesto 2025.\n")


def test_unchanged_update_is_byte_identical_without_date_churn(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {p: p.read_bytes() for p in (project / "translations").iterdir()}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # a year later: dates must not move
    edition = source.load(project / "source")
    assert extract.extract(edition, project / "translations").written is False
    assert [extract.update(edition, lang, project / "translations").written for lang in ("en", "fr")] == [False, False]
    assert {p: p.read_bytes() for p in files} == files


def test_update_round_trip_edit_reorder_delete_restore(project: Path) -> None:
    tdir = project / "translations"
    catalog.apply("en", tdir, [catalog.Change(QUOTE, msgstr=QUOTE_EN)])
    catalog.apply("fr", tdir, [catalog.Change("police.rec.train-officers", msgstr="Former les policiers.")])
    # Edit: the translation is kept, fuzzy, with the previous msgid.
    edit_source(project, "peut coopérer", "peut vraiment coopérer")
    result = reload_update(project)
    assert result.fuzzied == (QUOTE,) and result.written
    entry = catalog.load("en", tdir).get(QUOTE)
    assert (entry.status, entry.msgstr) == ("fuzzy", QUOTE_EN)
    assert entry.previous_msgid.endswith("secteur privé peut coopérer. »")
    assert msgfmt(tdir / "en.po").returncode == 0
    # Delete (the unit's id replaced by a new one): obsolete, translation kept as #~.
    edit_source(project, f"  - id: {QUOTE}\n", f"  - id: {QUOTE}-new\n")
    result = reload_update(project)
    assert result.obsoleted == (QUOTE,) and [e.msgctxt for e in catalog.load("en", tdir).entries] == [f"{QUOTE}-new"]
    assert "#~ msgctxt \"police.rec.private-sector-quote\"" in (tdir / "en.po").read_text(encoding="utf-8")
    assert reload_update(project).written is False
    # Restore: back with its translation and its history.
    edit_source(project, f"  - id: {QUOTE}-new\n", f"  - id: {QUOTE}\n")
    result = reload_update(project)
    assert result.restored == (QUOTE,)
    entry = catalog.load("en", tdir).get(QUOTE)
    assert (entry.status, entry.msgstr) == ("fuzzy", QUOTE_EN) and entry.previous_msgid.endswith("peut coopérer. »")
    # Reorder: order follows the source, nothing becomes fuzzy.
    text = (project / "source" / "themes" / "police.yaml").read_text(encoding="utf-8")
    train, coordination = text.index("  - id: police.rec.train-officers"), text.index("  - id: police.rec.coordination")
    moved = text[:train] + text[coordination:text.index("- kind: practices")] + text[train:coordination] + \
        text[text.index("- kind: practices"):]
    (project / "source" / "themes" / "police.yaml").write_text(moved, encoding="utf-8")
    result = reload_update(project, "fr")
    ids = [e.msgctxt for e in catalog.load("fr", tdir).entries]
    assert result.fuzzied == () and ids.index("police.rec.coordination") < ids.index("police.rec.train-officers")
    assert catalog.translations("fr", tdir)["police.rec.train-officers"].status == "translated"


def test_apply_records_review_and_detects_later_edits(project: Path) -> None:
    tdir = project / "translations"
    result = catalog.apply("en", tdir, [catalog.Change(QUOTE, msgstr=QUOTE_EN, reviewed=True, notes=("quoted",))])
    assert result.changed == (QUOTE,) and result.written
    text = (tdir / "en.po").read_text(encoding="utf-8")
    assert f"# quoted\n# reviewed: 2025-01-01 {catalog.review_hash(QUOTE, _msgid(tdir), QUOTE_EN)}\n" in text
    assert catalog.translations("en", tdir)[QUOTE].status == "reviewed"
    again = catalog.apply("en", tdir, [catalog.Change(QUOTE, msgstr=QUOTE_EN, reviewed=True, notes=("quoted",))])
    assert again == catalog.ApplyResult(tdir / "en.po", (), False) and (tdir / "en.po").read_text() == text
    # Someone edits the msgstr in Poedit: the review no longer applies.
    (tdir / "en.po").write_text(text.replace("very clearly", "clearly"), encoding="utf-8")
    assert catalog.translations("en", tdir)[QUOTE].status == "translated"


def test_apply_checks_everything_before_writing(project: Path) -> None:
    tdir = project / "translations"
    before = (tdir / "fr.po").read_bytes()
    with pytest.raises(CatalogError, match=r"no entry 'police.nope' in the catalogue"):
        catalog.apply("fr", tdir, [catalog.Change("police.title", msgstr="Police"), catalog.Change("police.nope")])
    with pytest.raises(CatalogError, match=r"fr.po:\d+: cannot mark 'police.title' reviewed: it has no translation"):
        catalog.apply("fr", tdir, [catalog.Change("police.title", reviewed=True)])
    assert (tdir / "fr.po").read_bytes() == before


def test_machine_change_is_fuzzy_with_provenance(project: Path) -> None:
    tdir = project / "translations"
    catalog.apply("fr", tdir, [catalog.Change("police.title", msgstr="Police", machine="libre")])
    entry = catalog.load("fr", tdir).get("police.title")
    assert entry.status == "machine" and entry.translator_comments == ("mt: libre 2025-01-01",)
    catalog.apply("fr", tdir, [catalog.Change("police.title", msgstr="La police")])  # a human takes over
    entry = catalog.load("fr", tdir).get("police.title")
    assert entry.status == "translated" and entry.translator_comments == ()


def test_written_like_gnu_gettext(project: Path) -> None:
    path = project / "translations" / "fr.po"
    catalog.apply("fr", project / "translations", [catalog.Change("police.intro.good-relations", msgstr="x " * 60)])
    wrapped = subprocess.run(["msgcat", "--width=79", str(path)], capture_output=True, text=True, check=True).stdout
    assert path.read_text(encoding="utf-8") == wrapped
    assert max(len(line) for line in wrapped.splitlines()) <= 79


def test_add_language_declares_it_and_creates_its_catalogue(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--source", str(project / "source"), "add-language", "de", "--translations", str(project / "translations")]
    assert cli.main(args) == 0
    assert "languages: [en, fr, de]\n" in (project / "source" / "edition.yaml").read_text(encoding="utf-8")
    de = catalog.load("de", project / "translations")
    assert {QUOTE, "police.title"} <= {e.msgctxt for e in de.entries}
    assert capsys.readouterr().out.startswith(f"{project / 'translations' / 'de.po'}: ")
    assert cli.main(args) == 0  # idempotent
    assert source.load(project / "source").languages == ("en", "fr", "de")
    assert cli.main([*args[:3], "xx-nonsense"]) == 1
    assert capsys.readouterr().err == (
        "language: unknown language code 'xx-nonsense': Babel (CLDR 49) has no locale for it "
        "(hint: use a language CLDR has data for, such as de, pt-BR, sr-Latn, zh-Hant-TW)\n")


@pytest.mark.parametrize(("written", "tag", "header", "team"), [
    ("pt-BR", "pt-BR", "pt_BR", "Portuguese (Brazil)"),
    ("pt-br", "pt-BR", "pt_BR", "Portuguese (Brazil)"),  # declared, and named, as BCP 47 writes it
    ("sr-Latn", "sr-Latn", "sr@latin", "Serbian (Latin)"),
    ("sr-Latn-RS", "sr-Latn-RS", "sr_RS@latin", "Serbian (Latin, Serbia)"),
    ("de-CH", "de-CH", "de_CH", "German (Switzerland)"),
])
def test_add_a_regional_or_script_language(project: Path, written: str, tag: str, header: str, team: str) -> None:
    result = extract.add_language(project / "source", written, project / "translations")
    assert result.path == project / "translations" / f"{tag}.po" and result.lang == tag
    assert source.load(project / "source").languages == ("en", "fr", tag)
    metadata = polib.pofile(str(result.path)).metadata
    assert (metadata["Language"], metadata["Language-Team"]) == (header, team)
    assert metadata["Plural-Forms"] == po.plural_forms(tag)
    assert result.path.read_text(encoding="utf-8").startswith(f"# {team} translations of Mini manifesto 2025.\n")
    assert catalog.load(tag, project / "translations").entries  # msgfmt -c accepts it


@pytest.mark.parametrize("case", BAD_TAGS, ids=[c["tag"] for c in BAD_TAGS])
def test_add_language_refuses_a_bad_tag_in_one_line(project: Path, case: dict[str, str],
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    edition = (project / "source" / "edition.yaml").read_bytes()
    before = sorted((project / "translations").iterdir())
    args = ["--source", str(project / "source"), "add-language", case["tag"],
            "--translations", str(project / "translations")]
    assert cli.main(args) == 1
    assert capsys.readouterr().err == case["error"] + "\n"
    assert (project / "source" / "edition.yaml").read_bytes() == edition
    assert sorted((project / "translations").iterdir()) == before


EDITION_BLOCK = """\
# Edition metadata.
title: T  # the cover's
languages:   # every edition, in this order
  - en  # the source
  # French since 2024
  - fr # reviewed
# The themes, in order.
themes: [b, a]
detect_languages: [de]
"""


@pytest.mark.parametrize(("text", "lang", "expected"), [
    (EDITION_BLOCK, "it", EDITION_BLOCK.replace("  - fr # reviewed\n", "  - fr # reviewed\n  - it\n")),
    ("title: T\nlanguages:\n- en\n- fr\nthemes: []\n", "it", "title: T\nlanguages:\n- en\n- fr\n- it\nthemes: []\n"),
    ("languages: [en,  # the source\n  fr]  # two\nthemes: [a]\n", "de",
     "languages: [en,  # the source\n  fr, de]  # two\nthemes: [a]\n"),
    ("languages: []\n", "de", "languages: [de]\n"),
    ("title: T\r\nlanguages:\r\n- en\r\n- fr", "no", 'title: T\r\nlanguages:\r\n- en\r\n- fr\r\n- "no"\r\n'),
])
def test_declaring_a_language_keeps_every_other_character(text: str, lang: str, expected: str) -> None:
    assert yamlsource.append_to_list(text, "languages", lang, "edition.yaml") == expected
    assert yaml.safe_load(expected)["languages"][-1] == lang  # `no` is Norwegian, not YAML 1.1's false


def test_add_language_keeps_the_comments_and_order_of_edition_yaml(project: Path) -> None:
    path = project / "source" / "edition.yaml"
    text = path.read_text(encoding="utf-8").replace("languages: [en, fr]", "languages: # in order\n- en\n- fr # ok")
    path.write_text("# Kept.\n" + text, encoding="utf-8")
    extract.add_language(project / "source", "de", project / "translations")
    assert path.read_text(encoding="utf-8") == "# Kept.\n" + text.replace("- fr # ok\n", "- fr # ok\n- de\n")
    assert source.load(project / "source").languages == ("en", "fr", "de")


def test_no_languages_list_is_one_clear_error() -> None:
    with pytest.raises(SourceError) as caught:
        yamlsource.append_to_list("title: T\nlanguages: en\n", "languages", "de", "source/edition.yaml")
    assert str(caught.value) == "source/edition.yaml: no `languages:` list found (hint: add `languages: [de]`)"


def test_cli_extract_update(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--source", str(project / "source")]
    tdir = ["--translations", str(project / "translations")]
    assert cli.main([*base, "extract", *tdir]) == 0
    assert cli.main([*base, "update", *tdir]) == 0
    out = capsys.readouterr().out.splitlines()
    en, fr = project / "translations" / "en.po", project / "translations" / "fr.po"
    assert out[0].endswith(" entries (unchanged)")
    assert out[1:] == [f"{en}: up to date (unchanged)", f"{fr}: up to date (unchanged)"]
    # --check (for CI) writes nothing and fails when a catalogue is out of date.
    assert cli.main([*base, "update", "--check", *tdir]) == 0
    edit_source(project, "peut coopérer", "peut vraiment coopérer")
    before = en.read_bytes()
    assert cli.main([*base, "update", "--check", *tdir]) == 1
    assert cli.main([*base, "extract", "--check", *tdir]) == 1
    assert en.read_bytes() == before
    out = capsys.readouterr().out.splitlines()
    # fr.po holds the French quotation too (empty, passing through), as the template does
    assert out[2:4] == [f"{en}: out of date; run `make catalogs`", f"{fr}: out of date; run `make catalogs`"]
    assert out[4].endswith("entries (out of date; run `make catalogs`)")


def _msgid(tdir: Path) -> str:
    return catalog.load("en", tdir).get(QUOTE).msgid


def test_update_refuses_an_undeclared_language(project: Path) -> None:
    expected = (r"edition.yaml:\d+: language 'de' is not declared in edition.yaml \(en, fr\) "
                r"\(hint: run `manifesto add-language de` to add it\)")
    with pytest.raises(CatalogError, match=expected):
        extract.update(source.load(project / "source"), "de", project / "translations")
    assert not (project / "translations" / "de.po").exists()


def test_the_project_catalogues_are_valid_and_en_is_complete() -> None:
    tdir = FIXTURES.parent.parent / "translations"
    for path in sorted(tdir.glob("*.po")):
        assert msgfmt(path).returncode == 0, msgfmt(path).stderr
    en = catalog.load("en", tdir)
    assert en.entries and {e.status for e in en.entries} <= {"translated", "reviewed"}
    errors = [str(f) for f in qa.check_catalogues(["en", "fr"], tdir) if f.severity == "error"]
    assert errors == []  # broken markup, placeholders or raw code would reach the editions


def test_the_project_catalogues_are_up_to_date_and_french_is_complete_and_clean() -> None:
    """The committed POT and POs match source/; fr.po is fully translated and QA-clean (accepted findings aside)."""
    root = FIXTURES.parent.parent
    edition = source.load(root / "source")
    assert extract.extract(edition, root / "translations", write=False).written is False
    for lang in edition.languages:
        assert extract.update(edition, lang, root / "translations", write=False).written is False
    fr = catalog.load("fr", root / "translations")
    assert {e.status for e in fr.entries} <= {"translated", "reviewed"}
    found = [f for f in qa.check_catalogues(["fr"], root / "translations") if not f.accepted]
    assert [str(f) for f in found] == []


def test_written_files_keep_ordinary_permissions(project: Path) -> None:
    path = project / "translations" / "fr.po"
    assert path.stat().st_mode & 0o644 == 0o644  # readable by others, like any checked-out file
    path.chmod(0o640)
    catalog.apply("fr", project / "translations", [catalog.Change("police.title", msgstr="Police")])
    assert path.stat().st_mode & 0o777 == 0o640


def test_review_and_machine_state_survive_msgmerge(project: Path) -> None:
    tdir = project / "translations"
    catalog.apply("en", tdir, [catalog.Change(QUOTE, msgstr=QUOTE_EN, reviewed=True)])
    catalog.apply("fr", tdir, [catalog.Change("police.title", msgstr="Police", machine="libre")])
    for lang in ("en", "fr"):  # what a translator's tool does with the template
        merged = tdir / "merged" / f"{lang}.po"
        merged.parent.mkdir(exist_ok=True)
        subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(merged), str(tdir / f"{lang}.po"),
                        str(tdir / "manifesto.pot")], check=True)
    assert catalog.translations("en", tdir / "merged")[QUOTE].status == "reviewed"
    assert catalog.translations("fr", tdir / "merged")["police.title"].status == "machine"


def test_new_catalogues_get_gnu_gettext_plural_forms_whatever_babel_says(monkeypatch) -> None:
    # Babel 2.19's CLDR data gives French three forms; Poedit, Weblate and msginit expect gettext's two.
    monkeypatch.setattr(po, "get_plural", lambda locale: pytest.fail(f"Babel consulted for {locale}"))
    assert po.plural_forms("fr") == "nplurals=2; plural=(n > 1);"
    assert po.plural_forms("de") == "nplurals=2; plural=(n != 1);"
    assert po.plural_forms("pt-BR") == "nplurals=2; plural=(n > 1);"


def test_a_language_gettext_does_not_know_gets_babels_plural_forms() -> None:
    assert po.plural_forms("ar").startswith("nplurals=6; plural=(n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2")


def test_two_source_edits_keep_the_text_that_was_translated_as_previous(project: Path) -> None:
    tdir = project / "translations"
    catalog.apply("en", tdir, [catalog.Change(QUOTE, msgstr=QUOTE_EN)])
    edit_source(project, "peut coopérer", "peut vraiment coopérer")
    assert reload_update(project).fuzzied == (QUOTE,)
    edit_source(project, "peut vraiment coopérer", "peut réellement coopérer")
    assert reload_update(project).fuzzied == ()  # already fuzzy
    entry = catalog.load("en", tdir).get(QUOTE)
    assert entry.msgid.endswith("peut réellement coopérer. »")
    assert entry.previous_msgid.endswith("le secteur privé peut coopérer. »")  # what the translator translated
    assert (entry.status, entry.msgstr) == ("fuzzy", QUOTE_EN)


def test_update_drops_format_flags_but_keeps_fuzzy(project: Path) -> None:
    tdir = project / "translations"
    catalog.apply("en", tdir, [catalog.Change(QUOTE, msgstr=QUOTE_EN)])
    text = (tdir / "en.po").read_text(encoding="utf-8")
    (tdir / "en.po").write_text(text.replace(f'msgctxt "{QUOTE}"', f'#, fuzzy, python-brace-format\nmsgctxt "{QUOTE}"'),
                                encoding="utf-8")
    reload_update(project)
    entry = next(e for e in polib.pofile(str(tdir / "en.po")) if e.msgctxt == QUOTE)
    assert entry.flags == ["fuzzy"]


def test_apply_dates_the_revision(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tdir = project / "translations"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    catalog.apply("fr", tdir, [catalog.Change("police.title", msgstr="Police")])
    header = polib.pofile(str(tdir / "fr.po")).metadata
    assert (header["PO-Revision-Date"], header["POT-Creation-Date"]) == ("2026-01-01 00:00+0000",
                                                                          "2025-01-01 00:00+0000")


def test_a_regional_catalogue_leaves_out_units_already_in_its_language(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")
    shutil.copytree(FIXTURES / "mini", tmp_path / "source")
    edition_file = tmp_path / "source" / "edition.yaml"
    edition_file.write_text(edition_file.read_text().replace("languages: [en, fr]", "languages: [en, fr-BE]"))
    edition = source.load(tmp_path / "source")
    result = extract.update(edition, "fr-BE", tmp_path / "translations")
    assert QUOTE in result.added and "police.rec.train-officers" in result.added  # the catalogue holds both
    ids = {e.msgctxt for e in catalog.load("fr-BE", tmp_path / "translations").entries}
    assert QUOTE not in ids and "police.rec.train-officers" in ids  # French passes through in Belgian French
    assert "police.ref.livre-blanc" not in result.added  # translate: false


def test_a_removed_untranslated_unit_leaves_no_obsolete_entry(project: Path) -> None:
    tdir = project / "translations"
    catalog.apply("fr", tdir, [catalog.Change("police.rec.train-officers", msgstr="Former les policiers.")])
    edit_source(project, "    children:\n    - id: police.rec.coordination.cooperation\n"
                "      text: Encourage cooperation between psychiatry, the police and municipal authorities.\n", "")
    edit_source(project, "  - id: police.rec.train-officers\n    text: Train police officers in listening, "
                "communicating and mediating with citizens.\n", "")
    result = reload_update(project, "fr")
    assert result.obsoleted == ("police.rec.train-officers",)  # translated: kept as #~ for when it comes back
    text = (tdir / "fr.po").read_text(encoding="utf-8")
    assert "police.rec.coordination.cooperation" not in text  # never translated: nothing to keep
    assert '#~ msgctxt "police.rec.train-officers"' in text


LONG_QUERY = ("query: the source says 'technology and artificial violence'; is 'technology and artificial "
              "intelligence' meant? The French follows the likelier reading.")
LONG_ACCEPT = ("qa-accept: Q601 'local crime prevention partnerships' is the Belgian scheme, officially "
               "« partenariats locaux de prévention »")


def test_queries_acceptances_and_whole_notes_survive_a_write(project: Path) -> None:
    """Long comments polib wraps on writing read back whole; queries and acceptances are parsed once, here."""
    notes = (LONG_QUERY, "A short note.", LONG_ACCEPT, "query:", "Another note, not a query: really.")
    catalog.apply("fr", project / "translations", [catalog.Change("police.title", msgstr="Police", notes=notes)])
    text = (project / "translations" / "fr.po").read_text(encoding="utf-8")
    assert f"\n# {LONG_QUERY}\n" in text and f"\n# {LONG_ACCEPT}\n" in text  # each comment on one line
    entry = catalog.load("fr", project / "translations").get("police.title")
    assert entry.notes == notes
    assert entry.queries == (LONG_QUERY.removeprefix("query: "),)
    assert [(a.code, a.reason) for a in entry.accepts] == [
        ("Q601", "'local crime prevention partnerships' is the Belgian scheme, officially « partenariats locaux "
                 "de prévention »")]
    assert entry.remarks == ("A short note.", "Another note, not a query: really.")
    assert entry.place == ("police", "title")


def test_unwrap_joins_only_what_polib_wrapped() -> None:
    assert catalog.unwrap(["a" * 72, "wordy rest"], 2) == ("a" * 72 + " wordy rest",)
    assert catalog.unwrap(["a" * 60, "short"], 2) == ("a" * 60, "short")  # 'short' fitted: a note of its own
    assert catalog.unwrap(["a" * 90, "wordy"], 2) == ("a" * 90, "wordy")  # too long to be a wrapped line
    assert catalog.unwrap(["x" * 68 + " well-", "known"], 2) == ("x" * 68 + " well-known",)
    assert catalog.unwrap(["a" * 75, "query: b"], 2) == ("a" * 75, "query: b")
    # A comment wrapped onto three lines or more (the fr.po query on 'Impulse Police-population relations').
    three = ["query: Is there an official French edition of 'Impulse Police-population",
             "relations' (Efus, 2016)? If so, what is its exact French title? The English", "title is kept for now."]
    assert catalog.unwrap(three, 2) == (" ".join(three),)


@pytest.mark.parametrize("lang", ["zh-Hant-TW", "ar", "ja"])
def test_add_language_refuses_a_script_the_editions_cannot_set_and_leaves_every_file_as_it_was(
        project: Path, lang: str) -> None:
    edition = (project / "source" / "edition.yaml").read_bytes()
    before = sorted(p.name for p in (project / "translations").iterdir())
    with pytest.raises(SourceErrors, match=f"languages: '{lang}' is written "):
        extract.add_language(project / "source", lang, project / "translations")
    assert (project / "source" / "edition.yaml").read_bytes() == edition
    assert sorted(p.name for p in (project / "translations").iterdir()) == before


def _msgmerge(po_file: Path, pot: Path, *options: str) -> None:
    subprocess.run(["msgmerge", "--quiet", "--update", "--backup=none", *options, str(po_file), str(pot)], check=True)


def test_every_catalogue_holds_the_whole_template_and_ignores_its_own_language(project: Path) -> None:
    tdir = project / "translations"
    pot = [e.msgctxt for e in polib.pofile(str(tdir / "manifesto.pot"))]
    for lang in ("en", "fr"):
        assert [e.msgctxt for e in polib.pofile(str(tdir / f"{lang}.po"))] == pot
    en = catalog.load("en", tdir)
    assert [e.msgctxt for e in en.entries] == [QUOTE] and en.passthrough == len(pot) - 1
    assert catalog.load("fr", tdir).passthrough == 1  # the French quotation


@pytest.mark.parametrize("options", [(), ("--previous",)])
def test_msgmerge_and_update_agree_both_ways(project: Path, options: tuple[str, ...]) -> None:
    """What a translator's tool makes of the template is what update writes, before and after a source edit.

    After an edit, only `msgmerge --previous` (Weblate's default) keeps the `#| msgid` that update keeps."""
    tdir = project / "translations"
    catalog.apply("en", tdir, [catalog.Change(QUOTE, msgstr=QUOTE_EN, reviewed=True)])
    catalog.apply("fr", tdir, [catalog.Change("police.rec.train-officers", msgstr="Former les policiers.")])
    for step in range(2 if options else 1):
        if step:  # a source edit, a new unit and a removed one; then the template, as `make catalogs` does
            edit_source(project, "listening, communicating", "listening, talking")
            edit_source(project, "  - id: police.rec.private-sector-quote\n",
                        "  - id: police.rec.new-unit\n    text: A new recommendation on lighting.\n"
                        "  - id: police.rec.private-sector-quote\n")
            extract.extract(source.load(project / "source"), tdir)
        for lang in ("en", "fr"):
            merged = project / "merged" / f"{lang}.po"  # a sibling of translations/: the same `#:` paths
            merged.parent.mkdir(exist_ok=True)
            shutil.copy(tdir / f"{lang}.po", merged)
            shutil.copy(tdir / "manifesto.pot", merged.parent)
            _msgmerge(merged, tdir / "manifesto.pot", *options)
            reload_update(project, lang)
            if step == 0:  # in step: msgmerge changes nothing
                assert merged.read_bytes() == (tdir / f"{lang}.po").read_bytes()
            # update after msgmerge changes nothing
            before = merged.read_text(encoding="utf-8")
            extract.update(source.load(project / "source"), lang, merged.parent)
            assert merged.read_text(encoding="utf-8") == before
            # msgmerge after update changes nothing
            before = (tdir / f"{lang}.po").read_bytes()
            _msgmerge(tdir / f"{lang}.po", tdir / "manifesto.pot", *options)
            assert (tdir / f"{lang}.po").read_bytes() == before
    assert catalog.translations("fr", tdir)["police.rec.train-officers"].status == ("fuzzy" if options else
                                                                                     "translated")


def test_msgmerge_changes_no_project_catalogue(tmp_path: Path) -> None:
    tdir = FIXTURES.parent.parent / "translations"
    langs = sorted(p.stem for p in tdir.glob("*.po"))
    assert langs == ["de", "en", "es", "fr", "it", "pt"]
    for lang in langs:
        merged = tmp_path / f"{lang}.po"
        shutil.copy(tdir / f"{lang}.po", merged)
        _msgmerge(merged, tdir / "manifesto.pot")
        assert merged.read_bytes() == (tdir / f"{lang}.po").read_bytes(), lang
        out = subprocess.run(["msgmerge", "--quiet", str(tdir / f"{lang}.po"), str(tdir / "manifesto.pot")],
                             capture_output=True, check=True).stdout
        assert out == merged.read_bytes(), lang


def _strays_catalogue(tmp_path: Path, msgctxt: str, status_comment: str = "") -> catalog.Catalogue:
    (tmp_path / "fr.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: fr\\n"\n\n'
        'msgctxt "police.rec.one"\nmsgid "Train officers."\nmsgstr "Former les agents."\n\n'
        f'{status_comment}msgctxt "{msgctxt}"\nmsgid "Listen to citizens."\nmsgstr "Écouter les habitants."\n',
        encoding="utf-8")
    return catalog.load("fr", tmp_path)


_UNITS = [Unit("police.rec.one", "Train officers.", "en", Origin("police.yaml", 3)),
          Unit("police.rec.two", "Listen to citizens.", "en", Origin("police.yaml", 5)),
          Unit("police.rec.quote", "Il faut écouter.", "fr", Origin("police.yaml", 7))]


def test_a_translation_whose_id_was_damaged_is_refused_at_its_line(tmp_path: Path) -> None:
    stray = _strays_catalogue(tmp_path, "police.rec.tow")
    with pytest.raises(CatalogError) as caught:
        catalog.refuse_strays(stray, _UNITS)
    assert str(caught.value) == (
        f"{tmp_path / 'fr.po'}:10: msgctxt 'police.rec.tow' is no unit of the source, and unit 'police.rec.two', of "
        "the same text, has no entry: it would print untranslated (hint: give the entry the unit's id, msgctxt "
        "\"police.rec.two\", or run `manifesto update`)")


def test_an_entry_of_a_deleted_unit_or_a_draft_is_not_refused(tmp_path: Path) -> None:
    catalog.refuse_strays(_strays_catalogue(tmp_path, "police.rec.two"), _UNITS)  # every id matches
    catalog.refuse_strays(_strays_catalogue(tmp_path, "police.rec.gone"), _UNITS[:1])  # its unit was deleted
    catalog.refuse_strays(_strays_catalogue(tmp_path, "police.rec.tow", "#, fuzzy\n"), _UNITS)  # never published


def test_only_keeps_the_entries_of_the_ids_asked_in_file_order(tmp_path: Path) -> None:
    whole = _strays_catalogue(tmp_path, "police.rec.two")
    assert [e.msgctxt for e in whole.only({"police.rec.two", "police.rec.one", "gone"}).entries] == [
        "police.rec.one", "police.rec.two"]
    assert whole.only({"police.rec.two"}).translations() == {"police.rec.two": whole.translations()["police.rec.two"]}
