"""Assemble: localised model -> pandoc-Markdown, with language tags, French typography and safe inline text."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from pipeline import assemble, catalog, localise, source
from pipeline.assemble import Imprint, inline
from pipeline.errors import RenderError
from tests.conftest import FIXTURES, TEST_EPOCH

NBSP, NNBSP = "\u00a0", "\u202f"
IMPRINT = Imprint(TEST_EPOCH, "abc1234")
TRANSLATIONS = FIXTURES / "render" / "translations"


@pytest.fixture(scope="module")
def edition():
    return source.load(FIXTURES / "mini")


def localised(edition, lang: str) -> localise.LEdition:
    return localise.localise(edition, lang, catalog.translations(lang, TRANSLATIONS))


def test_inline_tags_text_in_another_language() -> None:
    assert inline("Hello", "en", "fr") == "[Hello]{lang=en}"
    assert inline("Bonjour", "fr", "fr") == "Bonjour"


def test_inline_neutralises_block_markup_and_unbalanced_brackets() -> None:
    assert inline("# not a heading\n\n- nor a list", "en", "en") == "\\# not a heading – nor a list"
    assert inline("a [broken link", "en", "en") == "a \\[broken link"
    assert inline("1. first", "en", "en") == "1\\. first"
    assert inline("2021) ended", "en", "en") == "2021\\) ended"
    assert inline("[x]: https://example.org", "en", "en") == "\\[x]: https://example.org"
    assert inline("Police {#top .x}", "en", "en") == "Police \\{#top .x\\}"
    assert inline("[Name]{.name}", "en", "en") == "[Name]{.name}"


@pytest.mark.parametrize("text", ["1. first", "29. November 2026", "2021) ended", "- nor a list", "# not a heading",
                                  "> not a quote", "+ nor this"])
def test_what_inline_escapes_reads_back_as_the_same_text(text: str) -> None:
    import pypandoc

    plain = pypandoc.convert_text(inline(text, "de", "de"), "plain", format="markdown", extra_args=["--wrap=none"])
    assert plain.strip() == text  # the words, no backslash, and no list, heading or quotation
    html = pypandoc.convert_text(inline(text, "de", "de"), "html", format="markdown")
    assert html.startswith("<p>")


def test_full_edition_in_french(edition) -> None:
    doc = assemble.full(localised(edition, "fr"), IMPRINT)
    assert (doc.lang, doc.name, doc.kind, doc.title) == ("fr", "manifesto", "full", "Mini manifeste")
    md = doc.markdown
    assert 'title: "Mini manifeste"' in md
    assert 'toc-title: "Sommaire"' in md
    assert "# [Police]{lang=en} {#police}" in md  # no translation: English, tagged
    assert "## Recommandations\n" in md
    assert f"De bonnes relations entre les citoyens et leur police sont décisives{NBSP}: elles comptent{NNBSP}!" in md
    assert "-   [Improve inter-knowledge between professionals:]{lang=en}" in md  # fuzzy falls back
    assert ":   25 novembre 2026" in md
    assert "abc1234" not in md and "passages in the source language" not in md  # no internals in the imprint


def test_full_edition_in_english_notes_the_french_original(edition) -> None:
    md = assemble.full(localised(edition, "en"), IMPRINT).markdown
    assert ('-   "The areas in which the private sector can cooperate must be very clearly defined."'
            f'^[Original text (French): [«{NBSP}Il faut très bien définir') in md
    assert ":   November 25, 2026" in md
    assert "[Livre Blanc (FFSU 2023)]{lang=fr .name .link-unknown}" in md


def test_handout_has_its_theme_and_the_footer(edition) -> None:
    doc = assemble.handout(localised(edition, "en"), "nightlife", IMPRINT)
    assert (doc.name, doc.kind, doc.title, doc.cover) == ("handouts/nightlife", "handout", "Nightlife", None)
    assert "# Introduction\n" in doc.markdown and "Police" not in doc.markdown
    assert doc.markdown.rstrip().endswith(
        "This brief is an extract from Mini manifesto (2025), published by the European Forum for Urban Security.\n:::")


def test_unknown_theme_is_a_clear_error(edition) -> None:
    with pytest.raises(RenderError) as caught:
        assemble.handout(localised(edition, "en"), "polce", IMPRINT)
    assert str(caught.value) == "no theme 'polce' in this edition (hint: known themes: police, nightlife)"


def test_missing_string_names_the_key_and_the_fix(edition) -> None:
    ledition = localised(edition, "en")
    strings = {k: v for k, v in ledition.strings.items() if k != "toc.title"}
    with pytest.raises(RenderError) as caught:
        assemble.full(replace(ledition, strings=strings), IMPRINT)
    assert str(caught.value) == ("source/edition.yaml: the templates need the edition string 'toc.title' "
                                 "(hint: add `toc.title: …` under `strings:` in edition.yaml)")


def test_broken_placeholder_in_a_translation_is_blamed_on_its_catalogue_entry(edition, tmp_path: Path) -> None:
    po = tmp_path / "fr.po"
    text = (TRANSLATIONS / "fr.po").read_text("utf-8")
    po.write_text(text + '\nmsgctxt "handout.footer"\nmsgid "x"\nmsgstr "Extrait de {titre}."\n', "utf-8")
    line = len(text.splitlines()) + 2
    with pytest.raises(RenderError) as caught:
        assemble.handout(localise.localise(edition, "fr", catalog.translations("fr", tmp_path)), "police", IMPRINT)
    assert str(caught.value) == (f"{po}:{line}: string 'handout.footer' has an unknown placeholder "
                                 "{titre} (hint: use only {title}, {publisher}, {year})")


def test_broken_placeholder_in_the_source_is_blamed_on_edition_yaml(edition) -> None:
    ledition = localised(edition, "en")
    bad = replace(ledition.strings["handout.footer"], text="An extract of {titre}.")
    with pytest.raises(RenderError) as caught:
        assemble.handout(replace(ledition, strings={**ledition.strings, "handout.footer": bad}), "police", IMPRINT)
    line = next(n for n, text in enumerate((FIXTURES / "mini" / "edition.yaml").read_text().splitlines(), start=1)
                if text.startswith("  handout.footer:"))
    assert str(caught.value) == (
        f"{FIXTURES / 'mini' / 'edition.yaml'}:{line}: string 'handout.footer' has an unknown placeholder "
        "{titre} (hint: use only {title}, {publisher}, {year})")


def test_a_translated_edition_not_wholly_reviewed_says_it_is_a_draft(edition) -> None:
    french = localised(edition, "fr")  # the fixture catalogue has translated, unreviewed entries
    assert french.draft and not localised(edition, "en").draft
    full = assemble.full(french, IMPRINT)
    # The fixture catalogue does not translate the string: it falls back to English, tagged as such.
    assert 'draft: "[Draft translation]{lang=en}"' in full.markdown
    assert full.running == "Mini manifeste · Draft translation"
    assert full.markdown.rstrip().endswith("*[Draft translation]{lang=en}.*")  # last in the imprint
    english = assemble.full(localised(edition, "en"), IMPRINT)
    assert "draft:" not in english.markdown and "revision" not in english.markdown.lower()


def test_placeholders_leave_spans_and_attribute_lookups_alone(edition) -> None:
    ledition = localised(edition, "en")
    footer = replace(ledition.strings["handout.footer"], text="[Efus]{lang=fr .name}: {title} {title.__class__}")
    doc = assemble.handout(replace(ledition, strings={**ledition.strings, "handout.footer": footer}), "police",
                           IMPRINT)
    assert "[Efus]{lang=fr .name}: Mini manifesto \\{title.__class__\\}\n:::" in doc.markdown


def test_regional_editions_use_their_locale_and_french_rules(edition) -> None:
    md = assemble.full(localised(edition, "pt-BR"), IMPRINT).markdown
    assert 'lang: "pt-BR"' in md and ":   25 de novembro de 2026" in md
    canadian = localised(edition, "fr-CA")
    md = assemble.full(canadian, IMPRINT).markdown
    assert ":   25 novembre 2026" in md
    assert f"[«{NBSP}Il faut très bien définir" in md  # a French unit in a fr-CA edition: French typography


def test_the_original_language_is_named_in_the_editions_language(edition) -> None:
    translated = {"police.rec.private-sector-quote": catalog.Translation("“Deve-se definir muito bem…”", "translated")}
    md = assemble.full(localise.localise(edition, "pt-BR", translated), IMPRINT).markdown
    assert f"“Deve-se definir muito bem…”^[[Original text]{{lang=en}} (francês): [«{NBSP}Il faut" in md


def test_an_edition_may_date_a_language_by_another_locale(edition) -> None:
    # A British-English publication: "25 November 2026", not the US "November 25, 2026" of plain `en`.
    british = replace(edition, locales=(("en", "en-GB"),))
    assert ":   25 November 2026" in assemble.full(localised(british, "en"), IMPRINT).markdown
    assert ":   25 novembre 2026" in assemble.full(localised(british, "fr"), IMPRINT).markdown


def test_locales_are_checked_when_the_source_is_read(mini_source: Path) -> None:
    path = mini_source / "edition.yaml"
    path.write_text(path.read_text().replace("source_language: en\n", "source_language: en\nlocales:\n"
                                             "  en: en-gb\n  de: de-CH\n"), encoding="utf-8")
    assert [str(p) for p in source.validate(mini_source)] == [
        f"{path}:8: locales: language code 'en-gb' is written 'en-GB' in BCP 47 (hint: write 'en-GB')",
        f"{path}:9: locales: 'de' is not one of the edition's languages (hint: use one of en, fr, or remove the "
        "entry)"]


def test_the_full_edition_carries_its_cover_texts_handouts_none(edition) -> None:
    ledition = localised(edition, "fr")
    assert assemble.full(ledition, IMPRINT).cover == assemble.Cover(
        "A network of European local and regional authorities for urban security", "Mini manifeste",
        "Fixture recommendations", "European Forum for Urban Security", "2025", "Draft translation")
    assert assemble.full(localised(edition, "en"), IMPRINT).cover.mark == ""  # the source's edition is no draft
    assert assemble.handout(ledition, "police", IMPRINT).cover is None


def test_brackets_closed_before_they_open_are_escaped() -> None:
    assert inline("see ]this[ here", "en", "en") == "see \\]this\\[ here"
    assert inline("see [this] here", "en", "en") == "see [this] here"


def test_the_colophon_prints_the_publishers_details_and_leaves_out_empty_ones(edition) -> None:
    details = (("address", "10 rue des Exemples, 75000 Paris"), ("website", "https://example.org"),
               ("copyright", "© {year} {publisher}"), ("licence", "CC BY-NC-ND 4.0"))
    french = assemble.full(localised(replace(edition, imprint=details), "fr"), IMPRINT).markdown
    colophon = french[french.index("{#colophon .colophon}"):]
    # The fixture's catalogue leaves the labels and the publisher's name untranslated, so they are tagged English.
    assert "[Address]{lang=en}\n:   10 rue des Exemples, 75000 Paris" in colophon
    assert "[Website]{lang=en}\n:   <https://example.org>" in colophon
    assert "[Licence]{lang=en}\n:   CC BY-NC-ND 4.0" in colophon
    assert "\n© 2025 European Forum for Urban Security\n" in colophon
    assert "Credits" not in colophon  # empty: left out, never a placeholder
    bare = assemble.full(localised(edition, "en"), IMPRINT).markdown
    assert not any(label in bare for label in ("Address", "Website", "Licence", "Credits", "©"))


def test_a_website_that_is_not_a_web_address_is_refused(mini_source: Path) -> None:
    path = mini_source / "edition.yaml"
    path.write_text(path.read_text().replace("languages:", "imprint:\n  website: javascript:alert(1)\nlanguages:"),
                    encoding="utf-8")
    (problem,) = source.validate(mini_source)
    assert str(problem).startswith(f"{path}:8: imprint: website 'javascript:alert(1)': ")


@pytest.mark.parametrize(("lang", "date"), [
    ("de", "25\\\\. November 2026"),  # German's "25. November" would open a numbered list at 25
    ("de-CH", "25\\\\. November 2026"),
    ("pt", "25 de novembro de 2026"),
    ("es", "25 de noviembre de 2026"),
])
def test_the_date_is_text_in_every_locale_never_a_list(edition, lang: str, date: str) -> None:
    md = assemble.full(localised(edition, lang), IMPRINT).markdown
    assert f'date: "{date}"' in md
    assert f":   {date.replace(chr(92) * 2, chr(92))}\n" in md  # the colophon's entry, escaped the same way


def test_each_format_is_told_the_locale_not_only_the_language(edition) -> None:
    english = assemble.full(replace(localised(edition, "en"), locale="en-GB"), IMPRINT)
    assert english.tag == "en-GB" and 'lang: "en-GB"' in english.markdown and english.lang == "en"
    assert assemble.full(localised(edition, "fr"), IMPRINT).tag == "fr"


def test_a_translation_reviewed_in_full_carries_no_draft_mark(edition) -> None:
    reviewed = {u.id: localise.Translation(f"[{u.text}]{{lang=en}}", "reviewed") for u in edition.walk()}
    french = localise.localise(edition, "fr", reviewed)
    assert not french.draft and french.done == 100
    for doc in (assemble.full(french, IMPRINT), assemble.handout(french, "police", IMPRINT)):
        assert "edition-notice" not in doc.markdown and "draft:" not in doc.markdown
        assert "description:" not in doc.markdown and doc.running.count("·") <= 1
    assert assemble.full(french, IMPRINT).cover.mark == ""
    preview = replace(french, preview=True)  # asked for below the threshold: marked even when reviewed
    assert assemble.mark(preview) == "Preview, incomplete translation"
