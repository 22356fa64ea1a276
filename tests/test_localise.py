"""Localise: the one rule deciding, per unit, pass-through, publishable translation or fallback."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import catalog, localise, source
from tests.conftest import FIXTURES

HEADER = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: {lang}\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

"""
UNIT = "police.rec.train-officers"
ENGLISH = "Train police officers in listening, communicating and mediating with citizens."
FRENCH = "Former les policiers à l'écoute, à la communication et à la médiation avec les citoyens."


def entry(status: str, msgctxt: str = UNIT, msgid: str = ENGLISH, msgstr: str = FRENCH) -> str:
    """One PO entry stored the way README "Translations" says each status is stored."""
    comments = {
        "untranslated": "", "fuzzy": "#, fuzzy\n", "machine": "# mt: libre 2025-01-02\n#, fuzzy\n",
        "translated": "",
        "reviewed": f"# reviewed: 2025-01-03 {catalog.review_hash(msgctxt, msgid, msgstr)}\n",
    }[status]
    text = "" if status == "untranslated" else msgstr
    return f'{comments}msgctxt "{msgctxt}"\nmsgid "{msgid}"\nmsgstr "{text}"\n'


def catalogue(tmp_path: Path, lang: str, *entries: str) -> Path:
    (tmp_path / f"{lang}.po").write_text(HEADER.format(lang=lang) + "\n".join(entries), encoding="utf-8")
    return tmp_path


def find(edition: localise.LEdition, unit_id: str) -> localise.LUnit:
    return next(u for u in edition.walk() if u.id == unit_id)


@pytest.fixture(scope="module")
def mini():
    return source.load(FIXTURES / "mini")


@pytest.mark.parametrize(("status", "published"), [
    ("untranslated", False), ("fuzzy", False), ("machine", False), ("translated", True), ("reviewed", True),
])
def test_only_translated_and_reviewed_entries_are_published(mini, tmp_path: Path, status: str,
                                                            published: bool) -> None:
    translations = catalog.translations("fr", catalogue(tmp_path, "fr", entry(status)))
    assert translations[UNIT].status == status  # the PO is read as the status under test
    unit = find(localise.localise(mini, "fr", translations), UNIT)
    if published:
        assert (unit.text, unit.lang, unit.status) == (FRENCH, "fr", status)
    else:
        assert (unit.text, unit.lang, unit.status) == (ENGLISH, "en", "fallback")
    assert (unit.original, unit.original_lang) == ("", "")  # translated from the source language: no note


def test_the_publishable_set_is_exactly_translated_and_reviewed() -> None:
    assert frozenset({"translated", "reviewed"}) == localise.PUBLISHABLE


def test_a_review_of_other_text_does_not_publish_a_fuzzy_entry(mini, tmp_path: Path) -> None:
    stale = f"#, fuzzy\n# reviewed: 2025-01-03 {catalog.review_hash(UNIT, ENGLISH, FRENCH)}\n" + entry("translated")
    unit = find(localise.localise(mini, "fr", catalog.translations("fr", catalogue(tmp_path, "fr", stale))), UNIT)
    assert unit.status == "fallback"


def test_a_blank_translation_falls_back(mini) -> None:
    edition = localise.localise(mini, "fr", {UNIT: localise.Translation("  ", "translated")})
    assert (find(edition, UNIT).text, find(edition, UNIT).status) == (ENGLISH, "fallback")


def test_a_unit_in_the_target_language_passes_through_whatever_the_catalogue_says(mini) -> None:
    quote = "police.rec.private-sector-quote"
    edition = localise.localise(mini, "fr", {quote: localise.Translation("Autre chose", "translated")})
    unit = find(edition, quote)
    assert (unit.text, unit.lang, unit.status) == (
        "« Il faut très bien définir les domaines dans lesquels le secteur privé peut coopérer. »", "fr", "source")


def test_a_regional_variant_counts_as_the_same_language(mini) -> None:
    unit = find(localise.localise(mini, "fr-BE", {}), "police.rec.private-sector-quote")
    assert (unit.lang, unit.status) == ("fr", "source")
    assert localise.same_language("fr-BE", "FR")
    assert not localise.same_language("fr", "en")


def test_a_never_translate_unit_passes_through(mini) -> None:
    livre = "police.ref.livre-blanc"
    unit = find(localise.localise(mini, "en", {livre: localise.Translation("White paper", "reviewed")}), livre)
    assert (unit.text, unit.status) == ("[Livre Blanc (FFSU 2023)]{lang=fr .name .link-unknown}", "source")


def test_a_french_unit_translated_into_english_keeps_its_original_for_the_note(mini) -> None:
    quote = "police.rec.private-sector-quote"
    unit = find(localise.localise(mini, "en", {quote: localise.Translation("The areas…", "translated")}), quote)
    assert (unit.text, unit.lang, unit.status) == ("The areas…", "en", "translated")
    assert unit.original == "« Il faut très bien définir les domaines dans lesquels le secteur privé peut coopérer. »"
    assert unit.original_lang == "fr"


def test_children_titles_and_section_names_are_localised(mini) -> None:
    translations = {
        "police.rec.coordination.cooperation": localise.Translation("Encourager la coopération.", "translated"),
        "police.practice.belgian-partnerships.title": localise.Translation("Police locale belge", "reviewed"),
        "section.recommendations": localise.Translation("Recommandations", "translated"),
    }
    edition = localise.localise(mini, "fr", translations)
    police = edition.themes[0]
    recommendations = police.sections[1]
    assert (recommendations.kind, recommendations.name.text) == ("recommendations", "Recommandations")
    child = recommendations.units[2].children[0]
    assert (child.text, child.status) == ("Encourager la coopération.", "translated")
    practice = police.sections[2].units[0]
    assert (practice.title.text, practice.title.status) == ("Police locale belge", "reviewed")


def test_counts_add_up_every_unit_shown(mini) -> None:
    edition = localise.localise(mini, "fr", {UNIT: localise.Translation(FRENCH, "reviewed")})
    # 41 units: 27 edition strings and metadata, 11 of police (a title, a child), 3 of nightlife; two are
    # French or never translated (source), the rest falls back.
    assert edition.counts() == {"fallback": 38, "reviewed": 1, "source": 2}
    assert len(list(edition.walk())) == 41
    assert edition.done == 7  # 3 of 41 units show French (2 written in it, 1 reviewed): 7%, rounded down
