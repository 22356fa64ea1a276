"""The model's walks: every unit once, in reading order (titles before their units, children after)."""

from __future__ import annotations

import pytest

from pipeline import source
from tests.conftest import FIXTURES

POLICE = [
    "police.title", "police.intro.good-relations", "police.rec.train-officers", "police.rec.private-sector-quote",
    "police.rec.coordination", "police.rec.coordination.cooperation", "police.practice.belgian-partnerships.title",
    "police.practice.belgian-partnerships", "police.practice.ask-for-angela", "police.ref.manifesto-2017",
    "police.ref.livre-blanc",
]


@pytest.fixture(scope="module")
def mini():
    return source.load(FIXTURES / "mini")


def test_a_theme_walks_its_title_then_its_units_titles_first_children_after(mini) -> None:
    assert [u.id for u in mini.theme("police").walk()] == POLICE


def test_a_section_walks_only_its_units(mini) -> None:
    recommendations = mini.theme("police").section("recommendations")
    assert [u.id for u in recommendations.walk()] == POLICE[2:6]
    assert mini.theme("nightlife").section("practices") is None


def test_the_edition_walks_metadata_strings_then_themes(mini) -> None:
    ids = [u.id for u in mini.walk()]
    assert ids[:4] == ["edition.title", "edition.subtitle", "edition.publisher", "section.introduction"]
    assert ids[27:] == [*POLICE, "nightlife.title", "nightlife.intro.urban-life", "nightlife.ref.flash-report"]
    assert len(ids) == len(set(ids)) == 41


def test_lookups_name_what_is_known(mini) -> None:
    with pytest.raises(KeyError, match="no theme 'polce'; known themes: police, nightlife"):
        mini.theme("polce")
    with pytest.raises(KeyError, match="no edition string 'toc.titel' in edition.yaml"):
        mini.string("toc.titel")
