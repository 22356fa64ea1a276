"""Assemble: localised model -> pandoc-Markdown, with language tags, French typography and safe inline text."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from pipeline import assemble, catalog, localise, source
from pipeline.assemble import Imprint, inline, typography
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


def test_french_typography_spaces_and_guillemets() -> None:
    text = typography("Pourquoi ? Voici : « oui » ; non!", "fr")
    assert text == f"Pourquoi{NNBSP}? Voici{NBSP}: «{NBSP}oui{NBSP}»{NNBSP}; non{NNBSP}!"


def test_french_typography_turns_quotation_marks_into_guillemets() -> None:
    assert typography('Il a dit "oui" puis “non”.', "fr") == f"Il a dit «{NBSP}oui{NBSP}» puis «{NBSP}non{NBSP}»."
    assert typography("« Il a dit “oui” »", "fr") == f"«{NBSP}Il a dit “oui”{NBSP}»"


def test_french_typography_is_idempotent_and_leaves_urls_and_english_alone() -> None:
    text = "Voir [le site](https://example.org/a?b=c:d) et [Really? Yes: ok]{lang=en} : fin"
    once = typography(text, "fr")
    assert once == typography(once, "fr")
    assert once == f"Voir [le site](https://example.org/a?b=c:d) et [Really? Yes: ok]{{lang=en}}{NBSP}: fin"


def test_french_typography_applies_to_french_spans_in_english_text() -> None:
    assert typography("He said [« oui ! »]{lang=fr}: fine", "en") == (
        f"He said [«{NBSP}oui{NNBSP}!{NBSP}»]{{lang=fr}}: fine")


def test_inline_tags_text_in_another_language() -> None:
    assert inline("Hello", "en", "fr") == "[Hello]{lang=en}"
    assert inline("Bonjour", "fr", "fr") == "Bonjour"


def test_inline_neutralises_block_markup_and_unbalanced_brackets() -> None:
    assert inline("# not a heading\n\n- nor a list", "en", "en") == "\\# not a heading - nor a list"
    assert inline("a [broken link", "en", "en") == "a \\[broken link"
    assert inline("1. first", "en", "en") == "\\1. first"
    assert inline("[x]: https://example.org", "en", "en") == "\\[x]: https://example.org"
    assert inline("Police {#top .x}", "en", "en") == "Police \\{#top .x\\}"
    assert inline("[Name]{.name}", "en", "en") == "[Name]{.name}"


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
    assert ":   `abc1234`" in md
    assert "[2 passages in the source language, 5 translated, 0 translated and reviewed, 27 not yet" in md


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


def test_broken_placeholder_in_a_translation_is_reported_where_it_is(edition) -> None:
    ledition = localised(edition, "fr")
    bad = replace(ledition.strings["colophon.status-sentence"], text="{traduits} traduits")
    with pytest.raises(RenderError) as caught:
        assemble.full(replace(ledition, strings={**ledition.strings, "colophon.status-sentence": bad}), IMPRINT)
    assert str(caught.value).startswith(f"{Path(FIXTURES / 'mini' / 'edition.yaml')}:")
    assert str(caught.value).endswith(
        ":22: string 'colophon.status-sentence' has an unknown placeholder {traduits} "
        "(hint: use only {source}, {translated}, {reviewed}, {fallback})")


def test_placeholders_leave_spans_and_attribute_lookups_alone(edition) -> None:
    ledition = localised(edition, "en")
    footer = replace(ledition.strings["handout.footer"], text="[Efus]{lang=fr .name}: {title} {title.__class__}")
    doc = assemble.handout(replace(ledition, strings={**ledition.strings, "handout.footer": footer}), "police",
                           IMPRINT)
    assert "[Efus]{lang=fr .name}: Mini manifesto \\{title.__class__\\}\n:::" in doc.markdown


def test_the_full_edition_carries_its_cover_texts_handouts_none(edition) -> None:
    ledition = localised(edition, "fr")
    assert assemble.full(ledition, IMPRINT).cover == assemble.Cover(
        "A network of European local and regional authorities for urban security", "Mini manifeste",
        "Fixture recommendations", "European Forum for Urban Security", "2025")
    assert assemble.handout(ledition, "police", IMPRINT).cover is None


def test_brackets_closed_before_they_open_are_escaped() -> None:
    assert inline("see ]this[ here", "en", "en") == "see \\]this\\[ here"
    assert inline("see [this] here", "en", "en") == "see [this] here"
