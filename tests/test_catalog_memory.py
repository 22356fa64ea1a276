"""The translation memory of `manifesto update`: a new or renamed unit is offered the translation of the most alike
source the catalogue holds (obsolete entries included), fuzzy, with `#| msgctxt` and `#| msgid` saying whence."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from pipeline import catalog, cli
from pipeline.catalog import Change

from .test_catalog import edit_source, project, reload_update  # noqa: F401 (the fixture)

TRAIN = "police.rec.train-officers"
FRENCH = "Former les policiers à l'écoute, à la communication et à la médiation avec les citoyens."


def _entry(root: Path, msgctxt: str) -> polib.POEntry:
    return next(e for e in polib.pofile(str(root / "translations" / "fr.po")) if e.msgctxt == msgctxt
                and not e.obsolete)


@pytest.fixture
def translated(project: Path) -> Path:  # noqa: F811
    catalog.apply("fr", project / "translations", [Change(TRAIN, msgstr=FRENCH)])
    return project


def test_a_renamed_unit_is_offered_its_old_translation(translated: Path) -> None:
    edit_source(translated, f"id: {TRAIN}\n", "id: police.rec.train-police-officers\n")
    result = reload_update(translated, "fr")
    assert result.obsoleted == (TRAIN,) and result.suggested == ("police.rec.train-police-officers",)
    entry = _entry(translated, "police.rec.train-police-officers")
    assert (entry.msgstr, entry.flags, entry.previous_msgctxt) == (FRENCH, ["fuzzy"], TRAIN)
    assert entry.previous_msgid == entry.msgid  # the same text: only the id changed
    found = catalog.load("fr", translated / "translations").get("police.rec.train-police-officers")
    assert found.status == "fuzzy"  # a suggestion is never published before a translator confirms it


def test_a_near_duplicate_new_unit_is_offered_the_alike_translation(translated: Path) -> None:
    edit_source(translated, "  - id: police.rec.private-sector-quote\n",
                "  - id: police.rec.train-again\n    text: Train police officers in listening, communicating and "
                "mediating with residents.\n  - id: police.rec.private-sector-quote\n")
    result = reload_update(translated, "fr")
    assert result.suggested == ("police.rec.train-again",) and result.obsoleted == ()
    entry = _entry(translated, "police.rec.train-again")
    assert (entry.msgstr, entry.previous_msgctxt, "fuzzy" in entry.flags) == (FRENCH, TRAIN, True)
    assert entry.previous_msgid == "Train police officers in listening, communicating and mediating with citizens."
    assert _entry(translated, TRAIN).msgstr == FRENCH and "fuzzy" not in _entry(translated, TRAIN).flags


@pytest.mark.parametrize("text", [
    "Train firefighters for floods.",  # too unlike anything translated
    "Improve inter-knowledge between professionals:",  # alike only a fuzzy entry, which is not memory
])
def test_nothing_unalike_or_unconfirmed_is_offered(translated: Path, text: str) -> None:
    catalog.apply("fr", translated / "translations", [Change("police.rec.coordination", msgstr="Améliorer…",
                                                             machine="libre")])
    edit_source(translated, "  - id: police.rec.private-sector-quote\n",
                f"  - id: police.rec.new\n    text: '{text}'\n  - id: police.rec.private-sector-quote\n")
    assert reload_update(translated, "fr").suggested == ()
    entry = _entry(translated, "police.rec.new")
    assert (entry.msgstr, entry.flags) == ("", [])


def test_a_unit_in_the_catalogue_s_own_language_gets_no_suggestion(translated: Path) -> None:
    """The English catalogue leaves English units empty, however alike a translated one is."""
    catalog.apply("en", translated / "translations", [Change("police.rec.private-sector-quote",
                                                              msgstr="It must be very clearly defined.")])
    edit_source(translated, "  - id: police.rec.coordination\n",
                "  - id: police.rec.quote-again\n    lang: fr\n    text: « Il faut très bien définir les domaines "
                "dans lesquels le secteur privé peut coopérer. »\n  - id: police.rec.coordination\n")
    edit_source(translated, "  - id: police.rec.private-sector-quote\n", "  - id: police.rec.private-sector-quote\n")
    en = reload_update(translated, "en")
    assert en.suggested == ("police.rec.quote-again",)  # French into English: offered
    assert reload_update(translated, "fr").suggested == ()  # in French already: stays empty


def test_cli_update_says_what_it_suggested(translated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit_source(translated, f"id: {TRAIN}\n", "id: police.rec.train-police-officers\n")
    assert cli.main(["--source", str(translated / "source"), "update", "fr", "--translations",
                     str(translated / "translations")]) == 0
    assert capsys.readouterr().out == (f"{translated / 'translations' / 'fr.po'}: 1 new, 1 obsolete, "
                                       "1 suggested from the translation memory (fuzzy)\n")
