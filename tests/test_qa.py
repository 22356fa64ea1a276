"""Translation checks: one triggering and one clean case per code, the glossary, the CLI's output and exit."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline import catalog, cli, qa, source
from pipeline.catalog import Catalogue, Entry, extract
from pipeline.errors import ConfigError, Origin
from pipeline.qa import glossary
from pipeline.qa.glossary import Glossary, Term
from tests.conftest import FIXTURES

NB, NNB = "\u00a0", "\u202f"
GLOSSARY = Glossary((Term({"en": (("local authorities", "local authority"),), "fr": (("collectivités locales",),)},
                          Origin("glossary.yaml")),))


def findings(msgid: str, msgstr: str, lang: str = "fr") -> list[tuple[str, str]]:
    entry = Entry("u.id", msgid, msgstr, "translated", Origin("fr.po", 7))
    return [(f.code, f.message) for f in qa.run(Catalogue(lang, Path("fr.po"), (entry,)), GLOSSARY)]


def codes(msgid: str, msgstr: str, lang: str = "fr") -> list[str]:
    return [code for code, _ in findings(msgid, msgstr, lang)]


CASES = [
    # code, source, bad translation, good translation
    ("Q101", "See [the report](https://efus.eu/a).", "Voir [le rapport](https://efus.eu/b).",
     "Voir [le rapport](https://efus.eu/a)."),
    ("Q102", "The [Partenariat]{lang=fr .name} works.", "Le Partenariat fonctionne.",
     "Le [Partenariat]{lang=fr .name} fonctionne."),
    ("Q103", "This is *very* important.", "C’est très important.", "C’est *très* important."),
    ("Q104", "Prevention matters.", "La prévention <script>alert(1)</script> compte.", "La prévention compte."),
    ("Q105", "Published by the {publisher}.", "Publié par l’éditeur.", "Publié par {publisher}."),
    ("Q201", "In 2023, 90% of venues joined.", "En 2022, 90 % des lieux ont adhéré.",
     "En 2023, 90\u202f% des lieux ont adhéré."),
    ("Q202", "Cities must act.", "Les villes doivent agir", "Les villes doivent agir."),
    ("Q302", "Local crime prevention partnerships matter.", "Local crime prevention partnerships matter.",
     "Les partenariats locaux de prévention comptent."),
    ("Q401", "Cities must act.", "Les villes villes doivent agir.", "Nous nous engageons à agir."),
    ("Q402", "Cities must act.", "Les villes  doivent agir.", "Les villes doivent agir."),
    ("Q501", "Why? Because: «we must».", "Pourquoi ? Parce que : « nous devons ».",
     f"Pourquoi{NNB}? Parce que{NB}: «{NNB}nous devons{NNB}»."),
    ("Q601", "Local authorities must act.", "Les autorités locales doivent agir.",
     "Les collectivités locales doivent agir."),
]


@pytest.mark.parametrize(("code", "msgid", "bad", "good"), CASES, ids=[c[0] for c in CASES])
def test_each_check_triggers_and_stays_quiet(code: str, msgid: str, bad: str, good: str) -> None:
    assert code in codes(msgid, bad)
    assert codes(msgid, good) == []


def test_messages_name_what_differs() -> None:
    assert findings("See [a](https://x.org/a) and <https://y.org>.", "Voir [a](https://x.org/b).") == [
        ("Q101", "link targets differ: source https://x.org/a, https://y.org, translation https://x.org/b")]
    assert findings("90% of 1,500 cities.", "90 % de 1 600 villes.")[0] == (
        "Q201", "numbers differ: source 1500, 90, translation 1600, 90")
    assert findings("A [B]{.name} C.", "A B C.") == [("Q102", "name(s) must be kept as is, in a .name span: B")]
    assert findings("Act now.", "Agir maintenant !") == [
        ("Q202", "ends with '.' in the source but '!' here"),
        ("Q501", "French typography: needs a no-break space before '!' (at 'r maintenant !')")]
    assert ("Q104", "raw code '\\\\textbf{' in the translation; write plain text and inline Markdown only") in findings(
        "Act now.", r"Agir \textbf{maintenant}.")


def test_untranslated_is_info_and_other_checks_skip_it() -> None:
    entry = Entry("u.id", "Text.", "", "untranslated", Origin("fr.po", 3))
    found = qa.run(Catalogue("fr", Path("fr.po"), (entry,)))
    assert [str(f) for f in found] == ["fr.po:3: Q301 info u.id: not translated yet"]


def test_french_typography_only_in_french_targets_and_not_in_urls_or_times() -> None:
    assert codes("Why? Now!", "Why? Now!", lang="en") == []
    assert codes("Meet at 10:30 on [site](https://a.org/x?y=1).",
                 "Rendez-vous à 10:30 sur [site](https://a.org/x?y=1).") == []
    assert codes("Really?!", f"Vraiment{NNB}?!") == []


def test_typography_and_doubled_words_follow_the_target_language() -> None:
    assert findings("Why? Now!", "Why ? Now!", lang="en") == [
        ("Q501", "English typography: needs no space before '?' (at 'Why ? No')")]
    assert findings("Say “yes”.", "Sag “ja”.", lang="de") == [
        ("Q501", "German typography: needs „ “ instead of “ ” (at 'Sag “ja”.')")]
    assert codes("He had had enough.", "He had had enough.", lang="en") == ["Q302"]
    assert findings("We commit.", "We we commit.", lang="en") == [("Q401", "doubled word 'We we'")]
    assert codes("You commit.", "Vous vous engagez.") == []
    assert findings("He had had enough.", "Il avait had had assez.") == [("Q401", "doubled word 'had had'")]


def test_short_identical_titles_and_names_are_not_unchanged() -> None:
    assert codes("Introduction", "Introduction") == []
    assert codes("[Ask for Angela]{.name}", "[Ask for Angela]{.name}") == []


def test_glossary_file(tmp_path: Path) -> None:
    terms = glossary.load(FIXTURES.parent.parent / "translations").terms
    assert any(t.forms["en"][0] == "urban security" and t.forms["fr"] == ("sécurité urbaine",) for t in terms)
    local = next(t for t in terms if t.forms["en"][0] == "local authorities")
    assert local.renderings["fr"] == (("collectivités locales", "collectivité locale"),
                                      ("autorités locales", "autorité locale"))
    assert glossary.load(tmp_path) == Glossary()


def test_cli_output_json_and_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(FIXTURES / "mini", tmp_path / "source")
    tdir = tmp_path / "translations"
    edition = source.load(tmp_path / "source")
    for lang in ("en", "fr"):
        extract.update(edition, lang, tdir)
    catalog.apply("fr", tdir, [catalog.Change("police.title", msgstr="Police"),
                               catalog.Change("nightlife.title", msgstr="<b>Nuit</b>")])
    args = ["--source", str(tmp_path / "source"), "qa", "--translations", str(tdir)]
    assert cli.main([*args, "fr"]) == 1
    out, err = capsys.readouterr()
    line = next(e for e in catalog.load("fr", tdir).entries if e.msgctxt == "nightlife.title").origin.line
    assert out.splitlines() == [f"{tdir / 'fr.po'}:{line}: Q104 error raw code '<b>' in the translation; "
                                "write plain text and inline Markdown only"]
    assert err.startswith("1 error, 0 warnings, ")
    assert cli.main([*args, "--format", "json", "--verbose", "en"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [(f["code"], f["severity"], f["subject"]) for f in found] == [
        ("Q301", "info", "police.rec.private-sector-quote")]


def test_text_kept_in_the_source_language_is_marked_not_flagged() -> None:
    msgid = "[Safer Drinking Scenes, City and Nightlife (2013)]{.link-unknown}"
    msgstr = "[Safer Drinking Scenes, City and Nightlife (2013)]{lang=en .link-unknown}"
    notes = ("t / r", "source language: en")
    entry = Entry("u.ref", msgid, msgstr, "translated", Origin("fr.po", 9), extracted_comments=notes)
    terms = glossary.load(FIXTURES.parent.parent / "translations")
    assert qa.run(Catalogue("fr", Path("fr.po"), (entry,)), terms) == []
    german = Entry("u.ref", msgid, msgstr.replace("lang=en", "lang=de"), "translated", Origin("fr.po", 9),
                   extracted_comments=("t / r", "source language: en"))
    assert [f.code for f in qa.run(Catalogue("fr", Path("fr.po"), (german,)))] == ["Q102"]
    assert codes("Act on these points", "Agir sur ces points.") == []  # the source's missing full stop is not ours


@pytest.mark.parametrize("raw", ["<img src=x onerror=alert(1)>", r"\input{/etc/passwd}", "`\\newpage`{=latex}",
                                 '#set page(fill: red)', '#box(width: 1cm)[x]', "```{=html}"])
def test_raw_code_in_any_output_language_is_an_error(raw: str) -> None:
    assert "Q104" in codes("Prevention matters.", f"La prévention {raw} compte.")


def test_source_code_kept_verbatim_is_not_raw() -> None:
    assert codes("Use the #set hashtag <3.", "Utilisez le mot-dièse #set <3.") == []


def test_a_qa_accept_comment_accepts_that_code_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    entry = Entry("u.id", "Over the past 40 years.", "Depuis une quarantaine d'années.", "translated",
                  Origin("fr.po", 7), translator_comments=("qa-accept: Q201 'une quarantaine' renders '40 or so'",))
    (found,) = qa.run(Catalogue("fr", Path("fr.po"), (entry,)))
    assert (found.code, found.accepted) == ("Q201", "'une quarantaine' renders '40 or so'")
    assert str(found).endswith("[accepted: 'une quarantaine' renders '40 or so']")
    assert qa.summary([found]) == "0 errors, 0 warnings, 0 infos; 1 accepted"
    other = Entry("u.id", "Over the past 40 years.", "Depuis des années", "translated", Origin("fr.po", 7),
                  translator_comments=("qa-accept: Q201 reason",))
    assert [(f.code, bool(f.accepted)) for f in qa.run(Catalogue("fr", Path("fr.po"), (other,)))] == [
        ("Q201", True), ("Q202", False)]


BAD = FIXTURES / "bad"
LINKS = "link only to http://, https:// or mailto: addresses, or to an #anchor in the document"
CHARS = ("delete it: control characters and bidirectional overrides are invisible and change what prints; "
         "for right-to-left text use the marks U+200E/U+200F")


def bad_catalogue(tmp_path: Path, name: str) -> Path:
    """A translations folder whose fr.po is the bad-input fixture `name`."""
    tdir = tmp_path / "translations"
    tdir.mkdir()
    shutil.copy(BAD / name, tdir / "fr.po")
    return tdir


def test_link_targets_other_than_http_https_mailto_are_errors_at_their_po_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tdir = bad_catalogue(tmp_path, "links-javascript.po")
    po = tdir / "fr.po"
    found = [str(f) for f in qa.check_catalogues(["fr"], tdir) if f.code == "Q106"]
    assert found == [f"{po}:{line}: Q106 error {ctxt}: link target {target!r} is not allowed: {why}; {LINKS}"
                     for line, ctxt, target, why in [
        (16, "edition.title", "javascript:alert(1)", "its scheme is 'javascript'"),
        (20, "police.title", "JaVaScRiPt:alert(document.domain)", "its scheme is 'javascript'"),
        (26, "police.intro.good-relations", "data:text/html;base64,PHNjcmlwdD4=", "its scheme is 'data'"),
        (33, "police.rec.train-officers", "vbscript:msgbox(1)", "its scheme is 'vbscript'"),
        (38, "police.rec.coordination", "file:///etc/passwd", "its scheme is 'file'"),
    ]]
    source = tmp_path / "source"
    shutil.copytree(FIXTURES / "mini", source)
    assert cli.main(["--source", str(source), "qa", "--translations", str(tdir), "fr"]) == 1
    assert f"{po}:16: Q106 error edition.title: link target 'javascript:alert(1)'" in capsys.readouterr().out


def test_control_and_bidi_characters_are_errors_at_their_po_line(tmp_path: Path) -> None:
    tdir = bad_catalogue(tmp_path, "control-characters.po")
    po = tdir / "fr.po"
    found = [str(f) for f in qa.check_catalogues(["fr"], tdir) if f.code == "Q107"]
    assert found == [f"{po}:{line}: Q107 error {ctxt}: forbidden character {chars} in the translation; {CHARS}"
                     for line, ctxt, chars in [
        (22, "police.title", "U+0007 (a control character)"),
        (26, "police.intro.good-relations", "U+202E (RIGHT-TO-LEFT OVERRIDE), U+202C (POP DIRECTIONAL FORMATTING)"),
        (32, "police.rec.train-officers", "U+000B (a control character)"),
    ]]


def test_a_raw_line_breaking_control_character_makes_the_catalogue_unreadable(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tdir = bad_catalogue(tmp_path, "control-raw-vtab.po")
    source = tmp_path / "source"
    shutil.copytree(FIXTURES / "mini", source)
    assert cli.main(["--source", str(source), "qa", "--translations", str(tdir), "fr"]) == 1
    assert capsys.readouterr().err == (f"catalog: {tdir / 'fr.po'}:16: forbidden character U+000B "
                                       f"(a control character) (hint: {CHARS})\n")


def test_safe_links_and_bidi_marks_pass() -> None:
    assert codes("See [a](https://efus.eu/a), <mailto:info@efus.eu>.",
                 "Voir [a](https://efus.eu/a), <mailto:info@efus.eu>.") == []
    assert codes("The name.", "Le nom \u200fעברית\u200e.") == []


def test_a_lost_percent_sign_is_a_number_finding() -> None:
    assert findings("90% of venues joined.", "90 des lieux ont adhéré.") == [
        ("Q201", "percent signs differ: 1 in the source, 0 here")]


def test_three_identical_words_are_unchanged_two_are_not() -> None:
    assert codes("Urban security matters.", "Urban security matters.") == ["Q302"]
    assert codes("Urban security.", "Urban security.") == []


def test_cli_strict_fails_on_warnings_but_never_on_accepted_ones(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(FIXTURES / "mini", tmp_path / "source")
    tdir = tmp_path / "translations"
    extract.update(source.load(tmp_path / "source"), "fr", tdir)
    catalog.apply("fr", tdir, [catalog.Change("police.rec.train-officers", msgstr="Former les policiers")])  # Q202
    args = ["--source", str(tmp_path / "source"), "qa", "fr", "--translations", str(tdir)]
    assert (cli.main(args), cli.main([*args, "--strict"])) == (0, 1)
    catalog.apply("fr", tdir, [catalog.Change("police.rec.train-officers", notes=("qa-accept: Q202 house style",))])
    assert cli.main([*args, "--strict"]) == 0
    catalog.apply("fr", tdir, [catalog.Change("police.rec.train-officers", msgstr="<b>Former</b> les policiers.",
                                              notes=("qa-accept: Q104 bold on purpose",))])
    assert cli.main(args) == 0  # an accepted error does not fail the run either
    assert capsys.readouterr().err.splitlines()[-1] == "0 errors, 0 warnings, 38 infos; 1 accepted"


def test_the_translation_glossary_is_read_by_the_hardened_loader(tmp_path: Path) -> None:
    (tmp_path / "glossary.yaml").write_text("terms:\n- &t {en: police, fr: police}\n- *t\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        glossary.load(tmp_path)
    assert (caught.value.origin.line, caught.value.message) == (2, "YAML anchor '&t' is not allowed")


@pytest.mark.parametrize(("lang", "msgid", "msgstr"), [
    ("de", "“It must be defined.”", "„Es muss festgelegt werden.“"),  # German closes with “
    ("de", "He said ‘yes.’", "Er sagte ‚ja.‘"),
    ("it", "“It must be defined.”", "«Occorre definirlo.»"),
    ("pt", "It must be defined (now).", "Deve ser definido (agora)."),
])
def test_end_punctuation_inside_each_language_s_closing_quote_is_found(lang: str, msgid: str, msgstr: str) -> None:
    assert "Q202" not in codes(msgid, msgstr, lang)
    assert "Q202" in codes(msgid, msgstr.replace(".", ""), lang)


def test_a_text_given_to_an_entry_in_the_catalogues_own_language_is_reported(tmp_path: Path) -> None:
    # Weblate or Poedit show the English units of en.po as untranslated; a text typed there never reaches an edition.
    shutil.copytree(FIXTURES / "mini", tmp_path / "source")
    tdir = tmp_path / "translations"
    extract.update(source.load(tmp_path / "source"), "en", tdir)
    assert [f.code for f in qa.run(catalog.load("en", tdir))] == ["Q301"]  # the French quotation, untranslated
    catalog.apply("en", tdir, [catalog.Change("police.title", msgstr="Policing")])
    cat = catalog.load("en", tdir)
    assert [e.msgctxt for e in cat.ignored] == ["police.title"]
    assert "police.title" not in catalog.translations("en", tdir)
    found = [(f.severity, f.subject, f.origin.line) for f in qa.run(cat) if f.code == "Q303"]
    assert found == [("warning", "police.title", cat.ignored[0].origin.line)]
    message = next(f for f in qa.run(cat) if f.code == "Q303").message
    assert message.startswith("police.title is already in en and passes through")
