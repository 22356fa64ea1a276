"""Typography per language: the table's `apply`, `violations` and doubled words, and that they agree."""

from __future__ import annotations

import random

import pytest

from pipeline import typography
from pipeline.typography import WJ, apply, doubled, rules, violations

NBSP, NNBSP = "\u00a0", "\u202f"


def test_french_typography_spaces_and_guillemets() -> None:
    text = apply("Pourquoi ? Voici : « oui » ; non!", "fr")
    assert text == f"Pourquoi{NNBSP}? Voici{NBSP}: «{NBSP}oui{NBSP}»{NNBSP}; non{NNBSP}!"


def test_french_typography_turns_quotation_marks_into_guillemets() -> None:
    assert apply('Il a dit "oui" puis “non”.', "fr") == f"Il a dit «{NBSP}oui{NBSP}» puis «{NBSP}non{NBSP}»."
    assert apply("« Il a dit “oui” »", "fr") == f"«{NBSP}Il a dit “oui”{NBSP}»"  # quotes within quotes stay


def test_french_typography_is_idempotent_and_leaves_urls_and_english_alone() -> None:
    text = "Voir [le site](https://example.org/a?b=c:d) et [Really? Yes: ok]{lang=en} : fin"
    once = apply(text, "fr")
    assert once == apply(once, "fr")
    assert once == f"Voir [le site](https://example.org/a?b=c:d) et [Really? Yes: ok]{{lang=en}}{NBSP}: fin"


def test_french_typography_applies_to_french_spans_in_english_text() -> None:
    assert apply("He said [« oui ! »]{lang=fr}: fine", "en") == f"He said [«{NBSP}oui{NNBSP}!{NBSP}»]{{lang=fr}}: fine"


@pytest.mark.parametrize(("text", "expected"), [
    ('Tapez `"x": y; z?` ici', 'Tapez `"x": y; z?` ici'),
    ('Code ``a ` "b"`` et "c"', f'Code ``a ` "b"`` et «{NBSP}c{NBSP}»'),
    ('Voir [lien](https://a.org/x?a=1;b=2 "titre"){key="v;w"} !', f'Voir [lien](https://a.org/x?a=1;b=2 "titre")'
                                                                   f'{{key="v;w"}}{NNBSP}!'),
    ("Écrire à <mailto:info@efus.eu> ou <info@efus.eu>", "Écrire à <mailto:info@efus.eu> ou <info@efus.eu>"),
    ("Page https://x.org/a;b=1?c=d:e; fin!", f"Page https://x.org/a;b=1?c=d:e{NNBSP}; fin{NNBSP}!"),
    ('[Il dit "oui"]{lang=fr title="a: b"}', f'[Il dit «{NBSP}oui{NBSP}»]{{lang=fr title="a: b"}}'),
    ("À 10:30, Quoi?! et *vraiment*?", f"À 10:30, Quoi{NNBSP}?! et *vraiment*{NNBSP}?"),
    ("Exemple: fin , puis .", f"Exemple{NBSP}: fin, puis."),
])
def test_french_typography_leaves_code_urls_and_attributes_alone(text: str, expected: str) -> None:
    assert apply(text, "fr") == expected
    assert apply(expected, "fr") == expected
    assert violations(expected, "fr") == []


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("de", 'Er sagte "ja" und “nein” ; gut ?', "Er sagte „ja“ und „nein“; gut?"),
    ("de", "„Hallo“ und „Welt“ !", "„Hallo“ und „Welt“!"),  # a German closing “ opens nothing
    ("es", 'Dijo « sí » y "no" : bien', "Dijo «sí» y «no»: bien"),
    ("it", '“Sì” e "no" ; ecco !', "«Sì» e «no»; ecco!"),
    ("en-GB", "Hello ; world : yes ! “ok” and ‘fine’ .", "Hello; world: yes! “ok” and ‘fine’."),
    ("fr-CA", "Pourquoi ? « oui »", f"Pourquoi{NNBSP}? «{NBSP}oui{NBSP}»"),
    ("pt-BR", "Porquê ? “Sim” a 30 % [« oui »]{lang=fr}", f"Porquê? “Sim” a 30% [«{NBSP}oui{NBSP}»]{{lang=fr}}"),
    ("pt", 'Porquê ? “Sim” e "não", 30%', f"Porquê? «Sim» e «não», 30{NBSP}%"),
    ("pt-PT", "A equipa d'Efus: 12,5 %", f"A equipa d’Efus: 12,5{NBSP}%"),
    ("de", "Rund 30% der Städte, 30 % der Straßen", f"Rund 30{NBSP}% der Städte, 30{NBSP}% der Straßen"),
    ("de-CH", 'Die Straße: "gross" und 5%', f"Die Strasse: «gross» und 5{NBSP}%"),
    ("de-AT", "Die Straße", "Die Straße"),  # only Switzerland writes ss
    ("es", "¿Qué ocurre ? ¡Basta ! El 40% dijo \"sí\"", f"¿Qué ocurre? ¡Basta! El 40{NBSP}% dijo «sí»"),
    ("it", "L'autorità dell'Unione, il 25 % e un'azione", "L’autorità dell’Unione, il 25% e un’azione"),
    ("it", "[Children's]{lang=en .name} e l'idea", "[Children's]{lang=en .name} e l’idea"),  # a span keeps its own
])
def test_each_language_follows_its_table(lang: str, text: str, expected: str) -> None:
    assert apply(text, lang) == expected


def test_violations_say_where_and_what() -> None:
    found = violations("Quoi?! « oui » à 10:30 [ok ?]{lang=en}", "fr")
    assert [(v.start, v.lang, v.message, v.excerpt) for v in found] == [
        (4, "fr", "a no-break space before '?'", "Quoi?! «"),
        (7, "fr", "a no-break space after '«'", "Quoi?! « oui"),
        (12, "fr", "a no-break space before '»'", "Quoi?! « oui » à "),
        (26, "en", "no space before '?'", " à 10:30 [ok ?]{l"),
    ]
    (quotes,) = violations("Il dit “non” (ou “oui”).", "fr")[:1]
    assert (quotes.start, quotes.message, quotes.excerpt) == (7, "« » instead of “ ”", "Il dit “non” (o")


def test_straight_quotes_are_converted_only_when_they_all_pair_up() -> None:
    for text in ('Il dit "" "oui"', 'Il dit "oui" et "', 'Il dit "oui\net" non'):  # an odd one is D406's
        assert apply(text, "fr") == text and violations(text, "fr") == []
    assert apply('"a" et "b"', "de") == "„a“ et „b“"


def test_the_table_knows_each_language_by_its_base() -> None:
    assert rules("fr-BE") is rules("fr") and rules("en-GB").name == "English" and rules("fr").spaced
    assert typography.has_rules("de-AT") and typography.has_rules("pt-BR") and not rules("pt").spaced
    assert rules("de-AT") is rules("de") and rules("de-CH") is not rules("de") and rules("pt-PT") is rules("pt")
    assert [v.message for v in violations("Porquê ? « sim »", "pt")] == [
        "no space before '?'", "no space after '«'", "no space before '»'"]
    assert not typography.has_rules("ja") and violations("Porquê ? « sim »", "ja") == []


def test_doubled_words_except_those_the_language_allows() -> None:
    assert doubled("Nous nous engageons, the the", "fr") == ["the the"]
    assert doubled("He had had enough of the the", "en") == ["the the"]
    assert doubled("He had had [vous vous]{lang=fr} [nous nous]{lang=de}", "en-GB") == ["nous nous"]


#: Characters the rules read, and markup they must leave alone: random texts made of them.
_PIECES = [" ", " ", "a", "é", "10", ":", ";", "!", "?", ",", ".", "…", "«", "»", "“", "”", "„", '"', "'", "’",
           "(", ")", "*", NBSP, NNBSP, "\n", "[x ; y]{lang=en}", "[z : « w »]{lang=fr .name}", "`a ; b`",
           "<https://a.org/?q=1;r>", "https://b.org/x:y?z", "[l](https://c.org/a?b)", "{.name}", "..."]


@pytest.mark.parametrize("lang", ["en-GB", "fr", "de", "es", "it"])
def test_apply_is_idempotent_and_leaves_no_violation(lang: str) -> None:
    rng = random.Random(f"typography-{lang}")
    for _ in range(4000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 14)))
        once = apply(text, lang)
        assert apply(once, lang) == once, repr(text)
        assert violations(once, lang) == [], repr(text)
        assert bool(violations(text, lang)) <= (once != text), repr(text)  # what is reported, apply changes


@pytest.mark.parametrize(("lang", "text", "message"), [
    ("de-CH", "Die Straße", "ss instead of ß (Swiss German)"),
    ("it", "l'idea", "’ instead of a straight apostrophe"),
    ("de", "30% der", "a no-break space before '%'"),
    ("it", "30 % dei", "no space before '%'"),
    ("pt", "“Sim”", "« » instead of “ ”"),
])
def test_each_new_rule_is_reported_and_its_fix_passes(lang: str, text: str, message: str) -> None:
    assert [v.message for v in violations(text, lang)] == [message]
    assert violations(apply(text, lang), lang) == []


@pytest.mark.parametrize("lang", ["en", "fr", "de", "es", "it", "pt", "de-CH", "pt-BR"])
@pytest.mark.parametrize(("typed", "expected"), [
    ("Lisbon - community policing", "Lisbon – community policing"),
    ("[SURE]{.name} - a project", "[SURE]{.name} – a project"),
    ("the project (2020-2023) and 2021 - 2025", f"the project (2020–{WJ}2023) and 2021–{WJ}2025"),
    ("pages 6-17, 2021–2025", f"pages 6–{WJ}17, 2021–{WJ}2025"),  # a typed en dash gets its joiner too
    *((kept, kept) for kept in ("on 2021-12-07, ISBN 978-2-913181-57-1", "COVID-19, 1.5-2 and G-7")),
    ("see https://x.org/2021-2025 - now", "see https://x.org/2021-2025 – now"),  # an address is never touched
    ("a well-known - and - b", "a well-known – and – b"),
])
def test_dashes_and_ranges_in_every_language(lang: str, typed: str, expected: str) -> None:
    assert apply(typed, lang) == expected
    assert apply(expected, lang) == expected and violations(expected, lang) == []
    assert violations(expected.replace(WJ, ""), lang) == []  # the joiner is assemble's: typed without it is right


def test_each_dash_rule_names_what_it_needs() -> None:
    assert [v.message for v in violations("A - B, 2020-2023 and 2020 – 2023", "en")] == [
        "an en dash instead of a spaced hyphen", "an unspaced en dash in a range", "an unspaced en dash in a range"]
    assert violations("A - B 2020-2023", "ja") == []  # a language without a table is left as typed
