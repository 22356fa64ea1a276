"""Inline Markdown helpers: spans, links, the plain text a reader sees, and the masks the language checks use."""

from __future__ import annotations

import pytest

from pipeline import markup


@pytest.mark.parametrize(("attrs", "parsed"), [
    ("lang=fr .name", ("fr", ("name",))),
    ('lang="fr-BE" .name .link-unknown', ("fr-BE", ("name", "link-unknown"))),
    (".link-unknown", ("", ("link-unknown",))),
    ("", ("", ())),
])
def test_parse_attrs(attrs: str, parsed: tuple[str, tuple[str, ...]]) -> None:
    assert markup.parse_attrs(attrs) == parsed


def test_spans_in_order_with_escaped_brackets() -> None:
    text = r"See [Amicale du Nid \[93\]]{lang=fr .name} and [Manifesto 2017]{.link-unknown}."
    assert markup.spans(text) == [markup.Span(r"Amicale du Nid \[93\]", "fr", ("name",)),
                                  markup.Span("Manifesto 2017", "", ("link-unknown",))]


def test_links_gives_link_targets_then_autolinks() -> None:
    text = "<https://efus.eu/a> then [report](https://efus.eu/r_(2024)) and [x]{.link-unknown}"
    assert markup.links(text) == ["https://efus.eu/r_(2024)", "https://efus.eu/a"]


def test_plain_is_what_a_reader_sees() -> None:
    text = (r"**Strong** and *emphasis*, [a span]{lang=fr}, [a link](https://efus.eu), <https://efus.eu/x>, "
            r"an escaped \* star")
    assert markup.plain(text) == ("Strong and emphasis, a span, a link, https://efus.eu/x, an escaped * star")


def test_mask_spans_blanks_other_languages_names_and_autolinks() -> None:
    text = ("Keep [this]{lang=en}, drop [ceci]{lang=fr}, drop [Ask for Angela]{.name}, keep [a link](https://x.eu) "
            "and [lost]{.link-unknown}, drop <https://efus.eu>.")
    assert markup.mask_spans(text, keep="en") == "Keep this, drop  , drop  , keep a link and lost, drop  ."
    assert markup.mask_spans("[ceci]{lang=fr}", keep="fr") == "ceci"


def test_own_text_is_the_reader_s_text_in_that_language_only() -> None:
    text = "Le [Ask for Angela]{lang=en .name} et  [ce guide]{.link-unknown}\u00a0: *voir* [ici](https://x.eu)."
    assert markup.own_text(text, "fr") == "Le et ce guide : voir ici."
    assert markup.own_text("[Un toit]{lang=fr .name} pour elle", "fr") == " pour elle"


def test_folded_is_what_a_reader_sees_in_lower_case_ascii() -> None:
    assert markup.folded("**Sécurité** des [Villes]{lang=fr} — [Efus](https://efus.eu)") == "securite des villes  efus"
    assert markup.folded("Œuvre, Straße, Łódź, Ærø") == "oeuvre, strasse, lodz, aero"
