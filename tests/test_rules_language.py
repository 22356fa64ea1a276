"""The language rules (Gxxx) beyond their fixture cases (tests/test_rules.py): both directions, masking, length."""

from __future__ import annotations

from pipeline import check
from pipeline.rules import language

from .rulecases import build


def test_an_english_passage_in_a_french_unit_is_found() -> None:
    text = ("« Il faut très bien définir les domaines dans lesquels le secteur privé peut coopérer. » "
            "Local authorities should be recognised as crucial intermediaries between police and citizens.")
    edition = build({"quote": text}, "G301")
    report = check.check(edition, check.Config(select=("G301",)))
    assert [(f.subject, f.message) for f in report.findings] == [(
        "police.rec.private-sector-quote",
        'untagged English passage "Local authorities should be recognised as crucial intermedi…" in a unit in '
        "French; tag it […]{lang=en}",
    )]


def test_tagged_passages_and_names_are_masked() -> None:
    text = ("A Local Crime Prevention Partnership ([Partenariat Local de Prévention pour la sécurité des quartiers "
            "de la ville]{lang=fr .name}) is an agreement between citizens and local police.")
    report = check.check(build({"text": text}, "G301"), check.Config(select=("G",)))
    assert report.findings == ()


def test_short_passages_are_not_judged() -> None:
    assert language.foreign_passages([("Livre Blanc (FFSU 2023)", "en"), ("Introduction", "fr")], ("en", "fr")) \
        == [[], []]
