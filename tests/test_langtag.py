"""Language tags: BCP 47 parsed by Babel, in gettext's, Typst's and Word's forms; bad tags refused in one line."""

from __future__ import annotations

import re

import pytest
import yaml

from pipeline import langtag
from pipeline.errors import LanguageError, Origin
from tests.conftest import FIXTURES

BAD_TAGS = yaml.safe_load((FIXTURES / "bad" / "lang-tags.yaml").read_text(encoding="utf-8"))
#: The `Language:` values Poedit accepts as they are (src/language.cpp, after the GNU gettext manual).
POEDIT_CODE = re.compile(r"[a-z]{2,3}(_([A-Z]{2}|[0-9]{3}))?(@[a-z]+)?")


@pytest.mark.parametrize(("written", "tag", "gettext", "typst", "word", "english"), [
    ("pt-BR", "pt-BR", "pt_BR", ("pt", "BR"), "pt-BR", "Portuguese (Brazil)"),
    ("pt-br", "pt-BR", "pt_BR", ("pt", "BR"), "pt-BR", "Portuguese (Brazil)"),
    ("de-CH", "de-CH", "de_CH", ("de", "CH"), "de-CH", "German (Switzerland)"),
    ("fr-CA", "fr-CA", "fr_CA", ("fr", "CA"), "fr-CA", "French (Canada)"),
    ("sr-Latn", "sr-Latn", "sr@latin", ("sr", None), "sr-Latn", "Serbian (Latin)"),
    ("sr-latn-rs", "sr-Latn-RS", "sr_RS@latin", ("sr", "RS"), "sr-Latn-RS", "Serbian (Latin, Serbia)"),
    ("sr-Cyrl", "sr-Cyrl", "sr", ("sr", None), "sr-Cyrl", "Serbian (Cyrillic)"),
    ("uz-Cyrl", "uz-Cyrl", "uz@cyrillic", ("uz", None), "uz-Cyrl", "Uzbek (Cyrillic)"),
    ("zh-Hant-TW", "zh-Hant-TW", "zh_TW", ("zh", "TW"), "zh-Hant-TW", "Chinese (Traditional, Taiwan)"),
    ("zh-Hant", "zh-Hant", "zh_TW", ("zh", None), "zh-Hant", "Chinese (Traditional)"),
    ("es-419", "es-419", "es_419", ("es", None), "es-419", "Spanish (Latin America)"),
    ("ca-ES-valencia", "ca-ES-valencia", "ca_ES@valencia", ("ca", "ES"), "ca-ES-valencia",
     "Catalan (Spain, Valencian)"),
    ("fr", "fr", "fr", ("fr", None), "fr-FR", "French"),
])
def test_forms_of_a_tag(written: str, tag: str, gettext: str, typst: tuple, word: str, english: str) -> None:
    found = langtag.parse(written)
    assert (found.tag, found.gettext, found.typst, found.word, found.english_name) == (
        tag, gettext, typst, word, english)
    assert POEDIT_CODE.fullmatch(found.gettext)


def test_subtags_and_babel_locale() -> None:
    assert langtag.parse("zh-Hant-TW") == langtag.LangTag("zh", "Hant", "TW")
    assert str(langtag.parse("zh-hant-tw")) == "zh-Hant-TW"
    assert str(langtag.parse("pt-BR").locale) == "pt_BR"
    assert str(langtag.parse("sr-Latn").locale) == "sr_Latn"
    assert langtag.parse("sr-Latn").typst_tag == "sr" and langtag.parse("zh-Hant-TW").typst_tag == "zh-TW"


def test_language_name_in_another_language() -> None:
    assert langtag.parse("pt-BR").language_name("fr") == "portugais"
    assert langtag.parse("fr-CA").language_name("pt-BR") == "francês"
    assert langtag.parse("fr").language_name("en") == "French"


@pytest.mark.parametrize("case", BAD_TAGS, ids=[c["tag"] for c in BAD_TAGS])
def test_bad_tags_are_refused_with_one_line(case: dict[str, str]) -> None:
    with pytest.raises(LanguageError) as caught:
        langtag.parse(case["tag"], Origin("source/edition.yaml", 7))
    assert f"{caught.value.category}: {caught.value}" == case["error"].replace(
        "language: ", "language: source/edition.yaml:7: ", 1)
    assert not langtag.is_known(case["tag"]) and langtag.find(case["tag"]) is None


def test_primary_and_same_language() -> None:
    assert [langtag.primary(t) for t in ("fr-CA", "PT-br", "sr-Latn", "", "xx-!!")] == ["fr", "pt", "sr", "", "xx"]
    assert langtag.same_language("fr", "fr-BE") and langtag.same_language("zh-TW", "zh-Hant")
    assert not langtag.same_language("sr", "sr-Latn")  # the same language in another script is translated
    assert not langtag.same_language("pt-BR", "es")



@pytest.mark.parametrize(("tag", "script", "rtl"), [
    ("en-GB", "Latn", False), ("sr", "Cyrl", False), ("sr-Latn", "Latn", False), ("el", "Grek", False),
    ("ar", "Arab", True), ("he", "Hebr", True), ("fa-IR", "Arab", True), ("zh-Hant-TW", "Hant", False),
    ("az-Arab", "Arab", True), ("de-Cyrl", "Cyrl", False),  # de-Cyrl: no CLDR locale, judged by its language
])
def test_each_tag_knows_its_script_and_direction(tag: str, script: str, rtl: bool) -> None:
    found = langtag.parse(tag)
    assert (found.writing, found.right_to_left) == (script, rtl)
